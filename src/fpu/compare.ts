/**
 * c.cond.fmt and the condition codes it sets (read back by movf/movt.fmt here, and by bc1f/bc1t in the CPU).
 */
import { beginOp, fx } from './context.js';
import { fpConditionBit, X_INVALID } from './fcsr.js';
import { commit } from './results.js';
import type { FpuState } from './state.js';

/**
 * Compares a and b (non-NaN-screened values of one format) under condition `cond` (function & 15: bit 0 true if
 * unordered, bit 1 if equal, bit 2 if less, bit 3 signal Invalid on a quiet NaN too) and sets condition code `cc`.
 * Returns true if Invalid traps (then the condition code is not written).
 */
export function compare(st: FpuState, a: number, b: number, aSignals: boolean, bSignals: boolean, cond: number, cc: number, minNormal: number): boolean {
  beginOp(st.fcsr);
  let c: boolean;
  if (a !== a || b !== b) {
    if ((cond & 8) !== 0 || aSignals || bSignals) fx.flags |= X_INVALID;
    c = (cond & 1) !== 0;
  } else {
    if (fx.flush) {
      // Linux ieee754{sp,dp}_cmp flushes subnormal operands, then clears the cause: no exception from the flush.
      if (a !== 0 && a < minNormal && a > -minNormal) a = 0;
      if (b !== 0 && b < minNormal && b > -minNormal) b = 0;
    }
    c = ((cond & 4) !== 0 && a < b) || ((cond & 2) !== 0 && a === b);
  }
  if (commit(st)) return true;
  const bit = fpConditionBit(cc);
  st.fcsr = (c ? st.fcsr | bit : st.fcsr & ~bit) >>> 0;
  return false;
}

/** Whether movf.fmt/movt.fmt (function 17, ft field = cc << 2 | tf) moves: movt when the code is set, movf when clear. */
export function conditionalMoveTaken(fcsr: number, insn: number): boolean {
  const set = (fcsr & fpConditionBit((insn >>> 18) & 7)) !== 0;
  return set === (((insn >>> 16) & 1) === 1);
}
