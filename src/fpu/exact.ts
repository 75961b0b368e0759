/**
 * The slow, exact path: values as BigInt significands, rounded once to binary32/binary64 with every MIPS rule
 * (rounding mode, overflow, tininess after rounding, FS flushing). The fast paths in rounding.ts and arith.ts fall
 * back here for everything near the edges of the format: subnormal or tiny results, overflow, huge or tiny operands
 * where the error-free transformations would themselves overflow or underflow.
 */
import { fx } from './context.js';
import { RN, RZ, RU, X_INEXACT, X_OVERFLOW, X_UNDERFLOW } from './fcsr.js';
import { decode64, DOUBLE, pow2, type FloatFormat } from './formats.js';

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Whether mant / 2^shift (plus `sticky`) is not an integer: roundShift's result is then inexact. */
function shiftLosesBits(mant: bigint, shift: number, sticky: boolean): boolean {
  return shift > 0 && (sticky || (mant & ((1n << BigInt(shift)) - 1n)) !== 0n);
}

/** mant / 2^shift rounded to an integer in fx.rm; `sticky` says the true value is a little above mant (below 2^-2
 *  of one unit of the result, which callers guarantee by supplying at least two bits more than they keep). */
function roundShift(neg: boolean, mant: bigint, shift: number, sticky: boolean): bigint {
  if (shift <= 0) {
    if (sticky) throw new Error('fpu/exact: sticky bits without guard bits');
    return mant << BigInt(-shift);
  }
  const s = BigInt(shift);
  const q = mant >> s;
  const rem = mant - (q << s);
  if (rem === 0n && !sticky) return q;
  switch (fx.rm) {
    case RN: {
      const half = 1n << (s - 1n);
      return rem > half || (rem === half && (sticky || (q & 1n) === 1n)) ? q + 1n : q;
    }
    case RZ:
      return q;
    case RU:
      return neg ? q : q + 1n;
    default:
      return neg ? q + 1n : q;
  }
}

/** Result of an overflow in the current rounding mode (IEEE 754 §7.4). */
function overflowed(neg: boolean, fmt: FloatFormat): number {
  fx.flags |= X_OVERFLOW | X_INEXACT;
  switch (fx.rm) {
    case RN:
      return neg ? -Infinity : Infinity;
    case RZ:
      return neg ? -fmt.max : fmt.max;
    case RU:
      return neg ? -fmt.max : Infinity;
    default:
      return neg ? -Infinity : fmt.max;
  }
}

/**
 * FS=1 replacement of a tiny result, as Linux math-emu (ieee754sp_format/ieee754dp_format) and the MIPS
 * architecture's flush table do it: zero toward the rounding direction, or the smallest normal when rounding away
 * from zero, always with Underflow and Inexact. (qemu 7.2 instead returns a signed zero and raises nothing.)
 */
function flushed(neg: boolean, fmt: FloatFormat): number {
  fx.flags |= X_UNDERFLOW | X_INEXACT;
  switch (fx.rm) {
    case RU:
      return neg ? -0 : fmt.minNormal;
    case 3: // RD
      return neg ? -fmt.minNormal : 0;
    default:
      return neg ? -0 : 0;
  }
}

/**
 * Rounds ±(mant·2^exp + sticky) to `fmt`. mant > 0. Tininess is detected after rounding (as qemu's softfloat for
 * MIPS and Linux math-emu do); Underflow is raised for a tiny result that is inexact, or for any tiny result when
 * the Underflow exception is enabled (IEEE 754-1985 §7.4, Linux math-emu; qemu 7.2 omits the latter).
 */
export function roundExact(neg: boolean, mant: bigint, exp: number, sticky: boolean, fmt: FloatFormat): number {
  const e = exp + bitLength(mant) - 1; // 2^e <= |x| < 2^(e+1)
  if (e < fmt.emin && fx.flush) return flushed(neg, fmt); // Linux checks tininess BEFORE rounding for FS
  const lsb = Math.max(e, fmt.emin) - (fmt.p - 1);
  const q = roundShift(neg, mant, lsb - exp, sticky);
  const inexact = shiftLosesBits(mant, lsb - exp, sticky);
  if (q !== 0n && lsb + bitLength(q) - 1 > fmt.emax) return overflowed(neg, fmt);
  if (e < fmt.emin) {
    // Would the value still be below 2^emin if rounded to full precision with an unbounded exponent?
    const full = roundShift(neg, mant, e - (fmt.p - 1) - exp, sticky);
    const tinyAfter = bitLength(full) > fmt.p ? e + 1 < fmt.emin : true;
    if (tinyAfter && (inexact || fx.underflowTraps)) fx.flags |= X_UNDERFLOW;
  }
  if (inexact) fx.flags |= X_INEXACT;
  const magnitude = Number(q) * pow2(lsb);
  return neg ? -magnitude : magnitude;
}

/**
 * Rounds the exact value that a double approximation `d` stands for: d = RN(x) and es = sign(x - d) (0: x = d).
 * Valid for a target coarser than binary64 (binary32): no rounding boundary of the target lies strictly between x
 * and d, so x can be replaced by d ± a quarter ulp of d.
 */
export function roundFromDouble(d: number, es: number, fmt: FloatFormat): number {
  const v = decode64(d);
  let mant = v.mant << 2n;
  if (es !== 0 && es > 0 !== d > 0) mant -= 1n;
  return roundExact(v.neg, mant, v.exp - 2, es !== 0, fmt);
}

/** Exact a + b rounded to binary64; a, b finite. */
export function addExact64(a: number, b: number): number {
  if (a === 0 && b === 0) return fx.rm === 3 ? -(-a + -b) : a + b;
  if (a === 0 || b === 0) return a + b; // exact
  const x = decode64(a);
  const y = decode64(b);
  const exp = Math.min(x.exp, y.exp);
  const sx = x.mant << BigInt(x.exp - exp);
  const sy = y.mant << BigInt(y.exp - exp);
  const sum = (x.neg ? -sx : sx) + (y.neg ? -sy : sy);
  if (sum === 0n) return fx.rm === 3 ? -0 : 0; // exact cancellation: +0, but -0 when rounding down
  return sum < 0n ? roundExact(true, -sum, exp, false, DOUBLE) : roundExact(false, sum, exp, false, DOUBLE);
}

/** Exact a * b rounded to binary64; a, b finite and nonzero. */
export function mulExact64(a: number, b: number): number {
  const x = decode64(a);
  const y = decode64(b);
  return roundExact(x.neg !== y.neg, x.mant * y.mant, x.exp + y.exp, false, DOUBLE);
}

/** a / b rounded to binary64; a, b finite and nonzero. The quotient keeps p+2 bits at least, the rest is sticky. */
export function divExact64(a: number, b: number): number {
  const x = decode64(a);
  const y = decode64(b);
  const k = Math.max(0, DOUBLE.p + 3 + bitLength(y.mant) - bitLength(x.mant));
  const num = x.mant << BigInt(k);
  const q = num / y.mant;
  return roundExact(x.neg !== y.neg, q, x.exp - k - y.exp, q * y.mant !== num, DOUBLE);
}

function isqrt(n: bigint): bigint {
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** sqrt(a) rounded to binary64; a finite and > 0. */
export function sqrtExact64(a: number): number {
  const v = decode64(a);
  let mant = v.mant;
  let exp = v.exp;
  if (exp & 1) {
    mant <<= 1n;
    exp -= 1;
  }
  const k = Math.max(0, DOUBLE.p + 3 - (bitLength(mant) >> 1));
  const m2 = mant << BigInt(2 * k);
  const root = isqrt(m2);
  return roundExact(false, root, (exp - 2 * k) / 2, root * root !== m2, DOUBLE);
}
