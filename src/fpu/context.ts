import { FS_BIT, RM_MASK, X_UNDERFLOW, ENABLES_SHIFT } from './fcsr.js';

/**
 * What one FP operation reads from FCSR and what it reports back. A single module-level object, so the arithmetic
 * functions take plain numbers, return plain numbers, and allocate nothing on the hot path.
 */
export const fx = {
  /** rounding mode (RN/RZ/RU/RD) the operation uses */
  rm: 0,
  /** FCSR.FS: flush subnormal operands and tiny results (Linux math-emu semantics, see rounding.ts/exact.ts) */
  flush: false,
  /** Underflow enabled: IEEE 754 then signals underflow on every tiny result, exact or not */
  underflowTraps: false,
  /** X_* exceptions raised so far by the operation (becomes the FCSR Cause field) */
  flags: 0,
};

/** Prepares fx for one instruction under the given FCSR. */
export function beginOp(fcsr: number): void {
  fx.rm = fcsr & RM_MASK;
  fx.flush = (fcsr & FS_BIT) !== 0;
  fx.underflowTraps = (fcsr & (X_UNDERFLOW << ENABLES_SHIFT)) !== 0;
  fx.flags = 0;
}
