/**
 * Error-free transformations on doubles: they tell, at the cost of a few flops, how far the rounded result of an
 * operation is from the exact one, which is what inexact detection and directed rounding need.
 */

/** (a + b) - s exactly, where s = a + b rounded (Knuth's TwoSum; valid for any finite a, b, s). */
export function twoSumError(a: number, b: number, s: number): number {
  const bv = s - a;
  return a - (s - bv) + (b - bv);
}

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp)

/** a*b - p exactly, where p = a*b rounded (Dekker's TwoProduct). Exact when |a|,|b| <= 2^995 and the error does
 *  not underflow: callers keep |p| >= 2^-960. */
export function twoProductError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Sign of (a - q*b) computed exactly (q*b splits into p + e exactly; a - p is exact by Sterbenz as q ≈ a/b). */
export function residualSign(a: number, q: number, b: number): number {
  const p = q * b;
  const r = a - p - twoProductError(q, b, p);
  return r > 0 ? 1 : r < 0 ? -1 : 0;
}
