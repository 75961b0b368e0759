/**
 * Bit-level facts about binary32 and binary64: limits, the legacy MIPS NaN encoding, neighbouring values.
 * Values travel through the FPU as JS numbers (a binary32 value is a number that Math.fround leaves unchanged);
 * only NaN-ness must be read from the raw bits, because a JS NaN carries no reliable payload.
 */

const f64 = new Float64Array(1);
const w64 = new Int32Array(f64.buffer); // [0] = low word, [1] = high word (little-endian host, checked in state.ts)
const f32 = new Float32Array(1);
const w32 = new Int32Array(f32.buffer);

export const MIN_NORMAL_32 = 2 ** -126;
export const MAX_32 = (2 - 2 ** -23) * 2 ** 127;
export const MIN_NORMAL_64 = 2 ** -1022;
export const MAX_64 = Number.MAX_VALUE;

/** Legacy encoding: the most significant fraction bit SET marks a signalling NaN (the reverse of IEEE 754-2008). */
export function isSignalingNaN32(bits: number): boolean {
  return (bits & 0x7fc00000) === 0x7fc00000;
}
/** Takes the high word of the double. */
export function isSignalingNaN64(hi: number): boolean {
  return (hi & 0x7ff80000) === 0x7ff80000;
}

/** Default NaN of legacy MIPS: quiet, sign clear, every fraction bit but the top one set. */
export const DEFAULT_NAN_32 = 0x7fbfffff;
export const DEFAULT_NAN_64_HI = 0x7ff7ffff;
export const DEFAULT_NAN_64_LO = -1;

/** Specification of a binary interchange format for the exact rounding code. */
export interface FloatFormat {
  /** significand precision in bits, hidden bit included */
  readonly p: number;
  readonly emin: number;
  readonly emax: number;
  readonly minNormal: number;
  readonly max: number;
}
export const SINGLE: FloatFormat = { p: 24, emin: -126, emax: 127, minNormal: MIN_NORMAL_32, max: MAX_32 };
export const DOUBLE: FloatFormat = { p: 53, emin: -1022, emax: 1023, minNormal: MIN_NORMAL_64, max: MAX_64 };

/** Next double above x (x finite). */
export function nextUp64(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  let lo = w64[0]! >>> 0;
  let hi = w64[1]!;
  if (x > 0) {
    lo += 1;
    if (lo === 0x100000000) {
      lo = 0;
      hi += 1;
    }
  } else if (lo === 0) {
    lo = 0xffffffff;
    hi -= 1;
  } else {
    lo -= 1;
  }
  w64[0] = lo | 0;
  w64[1] = hi | 0;
  return f64[0]!;
}
export function nextDown64(x: number): number {
  return -nextUp64(-x);
}

/** Next binary32 value above x (x a finite binary32 value). */
export function nextUp32(x: number): number {
  if (x === 0) return 2 ** -149;
  f32[0] = x;
  w32[0] = x > 0 ? w32[0]! + 1 : w32[0]! - 1;
  return f32[0]!;
}
export function nextDown32(x: number): number {
  return -nextUp32(-x);
}

/** Exact 2^n for -1074 <= n <= 1023, built from bits (no reliance on Math.pow being exact). */
export function pow2(n: number): number {
  if (n >= -1022) {
    w64[0] = 0;
    w64[1] = (n + 1023) << 20;
  } else {
    const k = n + 1074; // bit position in the subnormal fraction
    w64[0] = k < 32 ? 1 << k : 0;
    w64[1] = k < 32 ? 0 : 1 << (k - 32);
  }
  return f64[0]!;
}

/** Double with the given high and low words. */
export function fromWords64(hi: number, lo: number): number {
  w64[0] = lo;
  w64[1] = hi;
  return f64[0]!;
}

/** A finite nonzero double split exactly: |x| = mant * 2^exp. */
export interface Decoded {
  neg: boolean;
  mant: bigint;
  exp: number;
}
export function decode64(x: number): Decoded {
  f64[0] = x;
  const hi = w64[1]!;
  const lo = w64[0]! >>> 0;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return biased === 0
    ? { neg: hi < 0, mant: frac, exp: -1074 }
    : { neg: hi < 0, mant: frac | (1n << 52n), exp: biased - 1075 };
}

export function isSubnormal(x: number, minNormal: number): boolean {
  return x !== 0 && x < minNormal && x > -minNormal;
}
