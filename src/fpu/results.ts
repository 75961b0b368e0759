/**
 * The end of every arithmetic instruction: NaN operands turned into the default NaN, the Cause/Flags update with
 * its trap decision, and writing results back (a NaN result is written as the legacy default NaN's bits, since a JS
 * NaN carries no reliable payload).
 */
import { fx } from './context.js';
import { CAUSE_MASK, CAUSE_SHIFT, ENABLES_SHIFT, FLAGS_SHIFT, X_INVALID, X_UNIMPLEMENTED } from './fcsr.js';
import { flush64 } from './arith64.js';
import { flush32 } from './arith32.js';
import { DEFAULT_NAN_32, DEFAULT_NAN_64_HI, DEFAULT_NAN_64_LO, isSignalingNaN32, isSignalingNaN64 } from './formats.js';
import type { FpuState } from './state.js';

/**
 * Publishes fx.flags as the new Cause. If it intersects Enables (or holds Unimplemented) the operation traps:
 * returns true and leaves Flags alone (qemu update_fcr31; the MIPS manual: flags are set only for untrapped
 * exceptions). Otherwise Cause is ORed into Flags.
 */
export function commit(st: FpuState): boolean {
  const cause = fx.flags;
  const fcsr = (st.fcsr & ~CAUSE_MASK) | (cause << CAUSE_SHIFT);
  if ((cause & (((fcsr >>> ENABLES_SHIFT) & 0x1f) | X_UNIMPLEMENTED)) !== 0) {
    st.fcsr = fcsr >>> 0;
    return true;
  }
  st.fcsr = (fcsr | ((cause & 0x1f) << FLAGS_SHIFT)) >>> 0;
  return false;
}

/**
 * Result of an operation with a NaN operand: the default NaN, plus Invalid if any operand signals (legacy
 * encoding, read from the raw high word / word). With FS, Linux flushes the operands before looking at NaNs, so
 * a subnormal partner still raises Inexact.
 */
export function nanResult64(a: number, b: number, ahi: number, bhi: number): number {
  if (fx.flush) {
    flush64(a);
    flush64(b);
  }
  if (isSignalingNaN64(ahi) || isSignalingNaN64(bhi)) fx.flags |= X_INVALID;
  return NaN;
}
export function nanResult32(a: number, b: number, abits: number, bbits: number): number {
  if (fx.flush) {
    flush32(a);
    flush32(b);
  }
  if (isSignalingNaN32(abits) || isSignalingNaN32(bbits)) fx.flags |= X_INVALID;
  return NaN;
}

/** Writes a double result to the pair fd/fd+1 (fd even); `negative` sets the sign of a NaN result. */
export function writeDouble(st: FpuState, fd: number, r: number, negative = false): void {
  if (r !== r) {
    st.raw[fd] = DEFAULT_NAN_64_LO;
    st.raw[fd + 1] = negative ? DEFAULT_NAN_64_HI | 0x80000000 : DEFAULT_NAN_64_HI;
  } else {
    st.double[fd >> 1] = r;
  }
}
export function writeSingle(st: FpuState, fd: number, r: number, negative = false): void {
  if (r !== r) st.raw[fd] = negative ? DEFAULT_NAN_32 | 0x80000000 : DEFAULT_NAN_32;
  else st.single[fd] = r;
}
