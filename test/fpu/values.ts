/**
 * Deterministic operand values for the FPU tests: special values of each format and a fixed-seed PRNG for
 * random and structured (near-boundary) operands. Operands are 64-bit patterns; a binary32 or word operand is the
 * low 32 bits.
 */
import type { Fmt } from './ops.js';

/** mulberry32: small, fast, fixed-seed 32-bit PRNG. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.u32() < p * 4294967296;
  }
}

const S_SIGN = 0x80000000n;
const D_SIGN = 1n << 63n;

function signed(xs: bigint[], sign: bigint): bigint[] {
  return xs.flatMap((x) => [x, x | sign]);
}

/** binary32 specials (legacy NaNs: 0x7fc00000.. signal, 0x7f800001..0x7fbfffff are quiet). */
export const SPECIAL_S: readonly bigint[] = [
  ...signed(
    [
      0x00000000n, 0x00000001n, 0x00000002n, 0x00400000n, 0x007fffffn, 0x00800000n, 0x00800001n, 0x00ffffffn, 0x7f7fffffn,
      0x7f000000n, 0x3f800000n, 0x3f800001n, 0x3f7fffffn, 0x3fc00000n, 0x40000000n, 0x40400000n, 0x3f000000n, 0x40200000n,
      0x4f000000n, 0x4effffffn, 0x5f000000n, 0x5effffffn, 0x1f800000n, 0x5f800000n, 0x7f800000n, 0x34000000n, 0x33800000n,
    ],
    S_SIGN,
  ),
  0x7f800001n, 0x7fbfffffn, 0xffbfffffn, 0x7fc00000n, 0x7fffffffn, 0xffc00001n,
];

/** binary64 specials. */
export const SPECIAL_D: readonly bigint[] = [
  ...signed(
    [
      0x0000000000000000n, 0x0000000000000001n, 0x0008000000000000n, 0x000fffffffffffffn, 0x0010000000000000n,
      0x0010000000000001n, 0x001fffffffffffffn, 0x7fefffffffffffffn, 0x7fe0000000000000n, 0x3ff0000000000000n,
      0x3ff0000000000001n, 0x3fefffffffffffffn, 0x3ff8000000000000n, 0x4000000000000000n, 0x4008000000000000n,
      0x3fe0000000000000n, 0x4004000000000000n, 0x41e0000000000000n, 0x41dfffffffe00000n, 0x41dfffffffc00000n,
      0x41e0000000100000n, 0x43e0000000000000n, 0x43dfffffffffffffn, 0x47efffffe0000000n, 0x47efffffefffffffn,
      0x47efffff00000000n, 0x3810000000000000n, 0x380fffffffffffffn, 0x36a0000000000000n, 0x3690000000000000n,
      0x3690000000000001n, 0x47f0000000000000n, 0x2000000000000000n, 0x5ff0000000000000n, 0x7ff0000000000000n,
      0x3ca0000000000000n, 0x3c90000000000000n,
    ],
    D_SIGN,
  ),
  0x7ff0000000000001n, 0x7ff7ffffffffffffn, 0xfff7ffffffffffffn, 0x7ff8000000000000n, 0x7fffffffffffffffn, 0xfff8000000000001n,
];

export const SPECIAL_W: readonly bigint[] = [
  0n, 1n, 0xffffffffn, 0x7fffffffn, 0x80000000n, 0x01000001n, 0x00ffffffn, 0xff000001n, 0x7fffffc0n, 0x7fffff80n, 3n, 0x80000001n,
];

export const SPECIAL_L: readonly bigint[] = [
  0n, 1n, 0xffffffffffffffffn, 0x7fffffffffffffffn, 0x8000000000000000n, 0x0020000000000001n, 0x001fffffffffffffn,
  0x1000001000000001n, 0x1000001000000000n, 0x1000003000000000n, 0x0000000001000001n, 0xffffffffff000001n,
  0x7ffffffffffffe00n, 0x7ffffffffffffc00n, 0x8000000000000001n, 0x0000000100000000n, 0xefffffefffffffffn,
];

export function specials(f: Fmt): readonly bigint[] {
  return f === 'S' ? SPECIAL_S : f === 'D' ? SPECIAL_D : f === 'W' ? SPECIAL_W : SPECIAL_L;
}

/** Exponent field width, fraction width and bias of a float format. */
function layout(f: Fmt): { eb: number; fb: number; bias: number } {
  return f === 'S' ? { eb: 8, fb: 23, bias: 127 } : { eb: 11, fb: 52, bias: 1023 };
}

/** A float with a given sign, unbiased exponent (clamped to the finite range) and random fraction. */
export function floatWithExp(rng: Rng, f: Fmt, exp: number): bigint {
  const { eb, fb, bias } = layout(f);
  const biased = Math.max(0, Math.min((1 << eb) - 2, Math.trunc(exp) + bias));
  const frac = f === 'S' ? BigInt(rng.u32() & 0x7fffff) : rng.u64() & ((1n << 52n) - 1n);
  const sign = rng.chance(0.5) ? 1n : 0n;
  return (sign << BigInt(eb + fb)) | (BigInt(biased) << BigInt(fb)) | frac;
}

/** Unbiased exponent of a float pattern (subnormals/zero report 1-bias). */
export function expOf(f: Fmt, bits: bigint): number {
  const { eb, fb, bias } = layout(f);
  const biased = Number((bits >> BigInt(fb)) & BigInt((1 << eb) - 1));
  return Math.max(biased, 1) - bias;
}

/** Float pattern with only the low `k` fraction bits randomised (short significands give exact results). */
export function shortFloat(rng: Rng, f: Fmt, exp: number, k: number): bigint {
  const { fb } = layout(f);
  const x = floatWithExp(rng, f, exp);
  const keep = (1n << BigInt(fb)) - (1n << BigInt(fb - k));
  return x & ~((1n << BigInt(fb)) - 1n) | (x & keep);
}

export function randomOperand(rng: Rng, f: Fmt): bigint {
  switch (rng.int(6)) {
    case 0:
      return rng.u64();
    case 1:
      return rng.pick(specials(f));
    default:
      if (f === 'W') return BigInt(rng.u32() >>> rng.int(32)) * (rng.chance(0.5) ? 1n : -1n) & 0xffffffffn;
      if (f === 'L') return (rng.u64() >> BigInt(rng.int(64))) * (rng.chance(0.5) ? 1n : -1n) & 0xffffffffffffffffn;
      return floatWithExp(rng, f, rng.int(f === 'S' ? 300 : 2200) - (f === 'S' ? 150 : 1100));
  }
}
