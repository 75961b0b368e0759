/**
 * The scheduler's own random source: quick enough to be drawn at every turn (xoshiro128**, 32-bit arithmetic), and
 * seeded from the kernel's random source once, so that `--seed` fixes every scheduling decision while an unseeded
 * run varies like a real machine. It is separate from the stream that feeds the guest (getrandom, AT_RANDOM), so
 * that scheduling does not shift the numbers a guest sees.
 */
export class SchedRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seedWords`: four 32-bit words, not all zero (xoshiro's only bad state). */
  constructor(seedWords: Uint32Array) {
    this.a = seedWords[0]! | 0;
    this.b = seedWords[1]! | 0;
    this.c = seedWords[2]! | 0;
    this.d = seedWords[3]! | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform integer in [0, bound). */
  below(bound: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * bound);
  }

  /** `n` scaled by a factor drawn uniformly from [1 - spread, 1 + spread], at least 1. */
  jitter(n: number, spread: number): number {
    const f = 1 - spread + (2 * spread * this.next()) / 0x1_0000_0000;
    return Math.max(1, Math.round(n * f));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
