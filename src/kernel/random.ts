/**
 * The kernel's source of randomness for layout and scheduling choices: seeded and reproducible with --seed,
 * the host's entropy otherwise. (Guest-visible randomness — getrandom, AT_RANDOM — comes from here too when seeded,
 * so that a seeded run is reproducible byte for byte.)
 */
export class KernelRandom {
  private state: bigint;

  constructor(private readonly seed: bigint | undefined, private readonly hostBytes: (buf: Uint8Array) => void) {
    this.state = seed !== undefined ? seed ^ 0x9e3779b97f4a7c15n : 0n;
  }

  get seeded(): boolean {
    return this.seed !== undefined;
  }

  /** Fills `buf` with random bytes (splitmix64 when seeded). */
  fill(buf: Uint8Array): void {
    if (this.seed === undefined) {
      this.hostBytes(buf);
      return;
    }
    for (let i = 0; i < buf.length; i += 8) {
      let v = this.next();
      for (let j = 0; j < 8 && i + j < buf.length; j++) {
        buf[i + j] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
  }

  /** A uniform integer in [0, bound). */
  below(bound: number): number {
    const b = new Uint8Array(4);
    this.fill(b);
    return ((b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0) % bound;
  }

  private next(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
    return z ^ (z >> 31n);
  }
}
