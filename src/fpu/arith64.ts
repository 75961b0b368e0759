/**
 * binary64 add/mul/div/sqrt with MIPS semantics. Operands are non-NaN doubles (the caller screens NaNs from the raw
 * bits); a NaN return value means "invalid operation, write the default NaN". Exceptions accumulate in fx.flags.
 *
 * Fast path: the host's correctly rounded RN operation plus an error-free transformation giving the sign of the
 * rounding error, from which inexactness and the directed-mode result follow. Anything near the edges of the
 * format goes to the exact BigInt path (exact.ts).
 */
import { fx } from './context.js';
import { RN, RZ, RU, RD, X_DIVZERO, X_INEXACT, X_INVALID } from './fcsr.js';
import { addExact64, divExact64, mulExact64, sqrtExact64 } from './exact.js';
import { residualSign, twoProductError, twoSumError } from './eft.js';
import { MAX_64, MIN_NORMAL_64, nextDown64, nextUp64 } from './formats.js';

/** Below this magnitude the error terms of TwoProduct may underflow: use the exact path. */
const SAFE_LOW = 2 ** -960;
/** Above this magnitude Veltkamp splitting may overflow. */
const SAFE_HIGH = 2 ** 995;
/** Above this magnitude the partial products of TwoProduct may overflow. */
const SAFE_PRODUCT = 2 ** 1020;

/** Linux math-emu FLUSHDP: with FS=1 a subnormal operand becomes a zero of its sign and raises Inexact. */
export function flush64(x: number): number {
  if (x !== 0 && x < MIN_NORMAL_64 && x > -MIN_NORMAL_64) {
    fx.flags |= X_INEXACT;
    return x < 0 ? -0 : 0;
  }
  return x;
}

/** Moves the RN result s one step toward the exact value s + err in directed modes (MIN_NORMAL < |s| < MAX). */
export function directed64(s: number, err: number): number {
  switch (fx.rm) {
    case RU:
      return err > 0 ? nextUp64(s) : s;
    case RD:
      return err < 0 ? nextDown64(s) : s;
    case RZ:
      if (s > 0) return err < 0 ? nextDown64(s) : s;
      return err > 0 ? nextUp64(s) : s;
    default:
      return s;
  }
}

/** Finishes a normal-range result s whose exact value is s + (something of sign `err`). */
function finish(s: number, err: number): number {
  if (err === 0) return s;
  fx.flags |= X_INEXACT;
  return fx.rm === RN ? s : directed64(s, err);
}

export function add64(a: number, b: number): number {
  if (fx.flush) {
    a = flush64(a);
    b = flush64(b);
  }
  const s = a + b;
  if (s - s !== 0) {
    if (s !== s) {
      fx.flags |= X_INVALID; // inf - inf
      return NaN;
    }
    if (a - a !== 0 || b - b !== 0) return s; // an infinite operand: exact
    return addExact64(a, b); // overflow
  }
  if (s === 0) return fx.rm === RD ? -(-a + -b) : s; // a zero sum is exact; only its sign depends on the mode
  // A zero operand gives the other one back unchanged, without the tiny-result checks (Linux ieee754dp_add returns
  // it directly, so even an enabled Underflow is not signalled for 0 + subnormal).
  if (a === 0 || b === 0) return s;
  const m = s < 0 ? -s : s;
  if (m <= MIN_NORMAL_64 || m >= MAX_64) return addExact64(a, b);
  return finish(s, twoSumError(a, b, s));
}

export function mul64(a: number, b: number): number {
  if (fx.flush) {
    a = flush64(a);
    b = flush64(b);
  }
  const p = a * b;
  if (p - p !== 0) {
    if (p !== p) {
      fx.flags |= X_INVALID; // 0 * inf
      return NaN;
    }
    if (a - a !== 0 || b - b !== 0) return p;
    return mulExact64(a, b);
  }
  if (p === 0) return a === 0 || b === 0 ? p : mulExact64(a, b);
  const m = p < 0 ? -p : p;
  if (m < SAFE_LOW || m > SAFE_PRODUCT || a > SAFE_HIGH || a < -SAFE_HIGH || b > SAFE_HIGH || b < -SAFE_HIGH) {
    return mulExact64(a, b);
  }
  return finish(p, twoProductError(a, b, p));
}

export function div64(a: number, b: number): number {
  if (fx.flush) {
    a = flush64(a);
    b = flush64(b);
  }
  if (b === 0) {
    if (a === 0) {
      fx.flags |= X_INVALID; // 0 / 0
      return NaN;
    }
    if (a - a === 0) fx.flags |= X_DIVZERO; // finite / 0; inf / 0 is an exact infinity
    return a / b;
  }
  const q = a / b;
  if (q !== q) {
    fx.flags |= X_INVALID; // inf / inf
    return NaN;
  }
  if (a === 0 || a - a !== 0 || b - b !== 0) return q; // exact zero or infinity
  if (q - q !== 0) return divExact64(a, b); // overflow
  const m = q < 0 ? -q : q;
  const ma = a < 0 ? -a : a;
  // q*b ≈ a must neither overflow nor lose its error term to underflow, and q, b must split safely.
  if (m <= MIN_NORMAL_64 || m > SAFE_HIGH || ma < SAFE_LOW || ma > SAFE_HIGH || b > SAFE_HIGH || b < -SAFE_HIGH) {
    return divExact64(a, b);
  }
  const r = residualSign(a, q, b); // sign of a - q*b; the quotient error has that sign times sign(b)
  return finish(q, b > 0 ? r : -r);
}

export function sqrt64(a: number): number {
  if (fx.flush) a = flush64(a);
  if (a < 0) {
    fx.flags |= X_INVALID;
    return NaN;
  }
  if (a === 0 || a === Infinity) return a; // sqrt(-0) = -0
  if (a < SAFE_LOW || a > SAFE_HIGH) return sqrtExact64(a); // keep s*s clear of underflow and overflow
  const s = Math.sqrt(a);
  return finish(s, residualSign(a, s, s));
}

/**
 * abs.d / neg.d with ABS2008 = 0 are arithmetic (Linux ieee754dp_abs/neg): 0 + |x| or 0 - x rounding down, which
 * gives the right zero signs and lets FS flush a subnormal. Cannot round or overflow otherwise.
 */
export function absOrNeg64(x: number, neg: boolean): number {
  const rm = fx.rm;
  fx.rm = RD;
  const r = add64(0, neg ? -x : Math.abs(x));
  fx.rm = rm;
  return r;
}
