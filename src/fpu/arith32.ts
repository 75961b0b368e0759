/**
 * binary32 add/mul/div/sqrt with MIPS semantics, computed in binary64. Operands are non-NaN binary32 values; a NaN
 * return means "invalid operation, write the default NaN". Exceptions accumulate in fx.flags.
 *
 * The binary64 result d is RN of the exact value x, and an error-free transformation gives sign(x - d). For these
 * five operations binary64 has more than 2*24+2 bits, so rounding d to binary32 in RN gives RN(x) (double rounding
 * is innocuous: x cannot sit so close to a binary32 midpoint that d lands on it), and the sign of x - d settles the
 * directed modes.
 */
import { fx } from './context.js';
import { RN, RZ, RU, RD, X_DIVZERO, X_INEXACT, X_INVALID } from './fcsr.js';
import { roundFromDouble } from './exact.js';
import { residualSign, twoSumError } from './eft.js';
import { MAX_32, MIN_NORMAL_32, nextDown32, nextUp32, SINGLE } from './formats.js';

/** Linux math-emu FLUSHSP: with FS=1 a subnormal operand becomes a zero of its sign and raises Inexact. */
export function flush32(x: number): number {
  if (x !== 0 && x < MIN_NORMAL_32 && x > -MIN_NORMAL_32) {
    fx.flags |= X_INEXACT;
    return x < 0 ? -0 : 0;
  }
  return x;
}

/**
 * Rounds to binary32 the exact value x represented by d = RN64(x) and es = sign(x - d). In RN this relies on the
 * innocuous double rounding above; conversions from 64-bit integers use roundSingleFromDouble instead.
 */
export function roundSingle(d: number, es: number): number {
  const f = Math.fround(d);
  const m = f < 0 ? -f : f;
  if (m > MIN_NORMAL_32 && m < MAX_32) {
    if (f === d && es === 0) return f;
    fx.flags |= X_INEXACT;
    if (fx.rm === RN) return f;
    // x lies between f and its neighbour on the side of d (or of es when d is f itself).
    const dir = f !== d ? (d > f ? 1 : -1) : es;
    switch (fx.rm) {
      case RU:
        return dir > 0 ? nextUp32(f) : f;
      case RD:
        return dir < 0 ? nextDown32(f) : f;
      case RZ:
        if (f > 0) return dir < 0 ? nextDown32(f) : f;
        return dir > 0 ? nextUp32(f) : f;
    }
    return f;
  }
  if (es === 0 && f === d && (m !== 0 ? m >= MIN_NORMAL_32 : true)) return f; // exact zero, infinity, MIN or MAX
  return roundSingleFromDouble(d, es);
}

/** Exact, general version of roundSingle (any d, es, including d at a binary32 midpoint): the BigInt path. */
export function roundSingleFromDouble(d: number, es: number): number {
  if (d - d !== 0) return d; // infinity from an infinite operand
  if (d === 0 && es === 0) return d;
  return roundFromDouble(d, es, SINGLE);
}

export function add32(a: number, b: number): number {
  if (fx.flush) {
    a = flush32(a);
    b = flush32(b);
  }
  const s = a + b; // binary32 operands: no overflow in binary64
  if (s !== s) {
    fx.flags |= X_INVALID;
    return NaN;
  }
  if (s === 0) return fx.rm === RD ? -(-a + -b) : s;
  if (a === 0 || b === 0) return s; // exact, and no tiny-result checks (as in add64)
  return roundSingle(s, s - s !== 0 ? 0 : twoSumError(a, b, s));
}

export function mul32(a: number, b: number): number {
  if (fx.flush) {
    a = flush32(a);
    b = flush32(b);
  }
  const p = a * b; // exact: 24 x 24 bits, exponents well inside binary64
  if (p !== p) {
    fx.flags |= X_INVALID;
    return NaN;
  }
  return roundSingle(p, 0);
}

export function div32(a: number, b: number): number {
  if (fx.flush) {
    a = flush32(a);
    b = flush32(b);
  }
  if (b === 0) {
    if (a === 0) {
      fx.flags |= X_INVALID;
      return NaN;
    }
    if (a - a === 0) fx.flags |= X_DIVZERO;
    return a / b;
  }
  const q = a / b;
  if (q !== q) {
    fx.flags |= X_INVALID;
    return NaN;
  }
  if (a === 0 || a - a !== 0 || b - b !== 0) return q;
  return roundSingle(q, b > 0 ? residualSign(a, q, b) : -residualSign(a, q, b));
}

export function sqrt32(a: number): number {
  if (fx.flush) a = flush32(a);
  if (a < 0) {
    fx.flags |= X_INVALID;
    return NaN;
  }
  if (a === 0 || a === Infinity) return a;
  const s = Math.sqrt(a);
  return roundSingle(s, residualSign(a, s, s));
}

/** abs.s / neg.s with ABS2008 = 0: see absOrNeg64. */
export function absOrNeg32(x: number, neg: boolean): number {
  const rm = fx.rm;
  fx.rm = RD;
  const r = add32(0, neg ? -x : Math.abs(x));
  fx.rm = rm;
  return r;
}
