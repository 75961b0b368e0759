/**
 * Conversions: between binary32 and binary64, from 32/64-bit integers, and to 32/64-bit integers
 * (cvt/round/trunc/ceil/floor .w/.l). Exceptions accumulate in fx.flags.
 *
 * Float -> integer follows MIPS r2 legacy (qemu helper_float_cvt_w_d & co., Linux ieee754dp_tint): NaN, infinity
 * and values whose rounded integer is out of range give Invalid only (no Inexact) and the result 2^31-1 / 2^63-1
 * whatever the sign; in-range values raise Inexact when not already integral.
 */
import { fx } from './context.js';
import { RN, RZ, RU, X_INEXACT, X_INVALID } from './fcsr.js';
import { directed64 } from './arith64.js';
import { roundSingle, roundSingleFromDouble } from './arith32.js';
import { twoSumError } from './eft.js';

const TWO32 = 4294967296;
const TWO63 = 9223372036854775808;

/** Integer nearest to x in rounding mode `rm` (x finite). Exact: every step is an exact double operation. */
function roundToIntegral(x: number, rm: number): number {
  switch (rm) {
    case RN: {
      const fl = Math.floor(x);
      const diff = x - fl; // exact: x and fl are within one unit (or x is already an integer)
      if (diff < 0.5) return fl;
      if (diff > 0.5) return fl + 1;
      return fl % 2 === 0 ? fl : fl + 1;
    }
    case RZ:
      return Math.trunc(x);
    case RU:
      return Math.ceil(x);
    default:
      return Math.floor(x);
  }
}

/** The value a MIPS r2 legacy FPU writes for an invalid float -> word conversion. */
export const INVALID_WORD = 0x7fffffff;

/** x (any binary32/binary64 value, already FS-flushed by the caller) to int32 in mode rm. */
export function toWord(x: number, rm: number): number {
  if (x !== x || x - x !== 0) {
    fx.flags |= X_INVALID;
    return INVALID_WORD;
  }
  const r = roundToIntegral(x, rm);
  if (r < -2147483648 || r > 2147483647) {
    fx.flags |= X_INVALID;
    return INVALID_WORD;
  }
  if (r !== x) fx.flags |= X_INEXACT;
  return r | 0;
}

/** Result words of toLong. */
export const longOut = { hi: 0, lo: 0 };

/** x to int64 in mode rm, into longOut; invalid gives 2^63-1. */
export function toLong(x: number, rm: number): void {
  if (x === x && x - x === 0) {
    const r = roundToIntegral(x, rm);
    if (r >= -TWO63 && r < TWO63) {
      if (r !== x) fx.flags |= X_INEXACT;
      const hi = Math.floor(r / TWO32); // exact: division by a power of two
      longOut.hi = hi | 0;
      longOut.lo = (r - hi * TWO32) | 0; // exact: an integer in [0, 2^32)
      return;
    }
  }
  fx.flags |= X_INVALID;
  longOut.hi = 0x7fffffff;
  longOut.lo = -1;
}

/** Value of the int64 with words hi:lo, as RN double: the sum of its two exact halves. */
function longToDouble(hi: number, lo: number): number {
  return hi * TWO32 + (lo >>> 0);
}

/** The sign of that rounding's error (exact value minus `d`, 0 when exact); recomputes the halves, which is free. */
function longError(hi: number, lo: number, d: number): number {
  return twoSumError(hi * TWO32, lo >>> 0, d);
}

export function longToDouble64(hi: number, lo: number): number {
  const d = longToDouble(hi, lo);
  const error = longError(hi, lo, d);
  if (error === 0) return d;
  fx.flags |= X_INEXACT;
  return fx.rm === RN ? d : directed64(d, error); // |d| <= 2^63: far from the format's edges
}

/** int64 -> binary32. Rounding through binary64 is NOT innocuous here (64 > 2*24+2 bits), so an inexact binary64
 *  intermediate goes to the exact path, which takes the side of the error into account. */
export function longToSingle(hi: number, lo: number): number {
  const d = longToDouble(hi, lo);
  const error = longError(hi, lo, d);
  return error === 0 ? roundSingle(d, 0) : roundSingleFromDouble(d, error > 0 ? 1 : -1);
}
