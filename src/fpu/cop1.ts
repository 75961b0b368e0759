/**
 * Executes MIPS32r2 COP1 computational instructions and COP1X multiply-add instructions on an FpuState (FR=0).
 *
 * Semantics (facts: shared/reference/linux-mips-abi.md §5; qemu-mipsel 7.2 target/mips; Linux arch/mips/math-emu):
 * - Every arithmetic instruction (including compares and conversions) rewrites the Cause field. If Cause intersects
 *   Enables (or holds Unimplemented), the destination and the Flags are left alone and Exception is returned;
 *   otherwise Cause is ORed into Flags and the result is written.
 * - Legacy NaNs: quiet bit clear = quiet. Any NaN result is the default NaN (qemu: default-NaN mode for pre-2008
 *   MIPS); a signalling operand raises Invalid. nmadd/nmsub negate their result even when it is that NaN (qemu).
 * - madd/msub/nmadd/nmsub are unfused (product rounded, then sum rounded; flags of both steps), as on r2.
 * - recip = 1/x and rsqrt = 1/sqrt(x), each step correctly rounded, as qemu does.
 * - abs/neg are arithmetic in legacy mode (ABS2008 = 0): computed as 0 - x / 0 + x rounding down, like Linux's
 *   ieee754{sp,dp}_{abs,neg}, so a signalling NaN raises Invalid and FS flushes a subnormal. (qemu 7.2 only flips
 *   the sign bit and leaves FCSR untouched.)
 * - mov/movf/movt/movz/movn copy bits and leave FCSR untouched.
 * - FS=1 (Linux math-emu, not qemu 7.2): a subnormal operand is read as a zero of its sign and raises Inexact
 *   (compares flush silently); a result tiny before rounding becomes ±0 or ±smallest normal per the rounding mode,
 *   with Underflow and Inexact.
 * - Underflow enabled: an exact tiny result also raises Underflow (IEEE 754, Linux math-emu; qemu 7.2 does not).
 * - FR=0: a double operand in an odd register names the even/odd pair below it (Linux cp1emu DIFROMREG ignores the
 *   low bit; the architecture calls it UNPREDICTABLE). The .l formats, recip.d and rsqrt.d are accepted with FR=0,
 *   as Linux's emulator does on r2 CPUs. (qemu with FR=0 raises Reserved Instruction for both: check_cp1_registers,
 *   check_cp1_64bitmode.)
 * - Reserved: an unknown function or format, the paired-single format (needs FR=1), cvt.s.s / cvt.d.d, and
 *   c.cond.fmt with bit 6 set (the MIPS-3D cabs form; qemu's 24Kf has no MIPS-3D either).
 */
import { beginOp, fx } from './context.js';
import { causeIsTrapping, FCSR_READONLY_MASK, RD, RN, RU, RZ } from './fcsr.js';
import { absOrNeg64, add64, div64, flush64, mul64, sqrt64 } from './arith64.js';
import { absOrNeg32, add32, div32, flush32, mul32, roundSingle, sqrt32 } from './arith32.js';
import { compare, conditionalMoveTaken } from './compare.js';
import { longOut, longToDouble64, longToSingle, toLong, toWord } from './convert.js';
import { executeMultiplyAdd } from './cop1x.js';
import { isSignalingNaN32, isSignalingNaN64, MIN_NORMAL_32, MIN_NORMAL_64 } from './formats.js';
import { commit, nanResult32, nanResult64, writeDouble, writeSingle } from './results.js';
import type { FpuState } from './state.js';

export { fpConditionBit } from './fcsr.js';

export const enum FpuOutcome {
  Ok = 0,
  Exception = 1,
  Reserved = 2,
}

const FMT_S = 16;
const FMT_D = 17;
const FMT_W = 20;
const FMT_L = 21;

/**
 * ctc1 $31: read-only bits (22:18) keep their value; returns true if an enabled cause is now pending (the caller
 * raises the FP exception). Unimplemented counts as always enabled, as in qemu's helper_ctc1 and the hardware;
 * Linux's emulator checks only the five IEEE enables here.
 */
export function writeFcsr(st: FpuState, value: number): boolean {
  st.fcsr = ((value & ~FCSR_READONLY_MASK) | (st.fcsr & FCSR_READONLY_MASK)) >>> 0;
  return causeIsTrapping(st.fcsr);
}

/** Rounding mode of round/trunc/ceil/floor (functions 8..15: .l then .w) — low two bits: round, trunc, ceil, floor. */
const FIXED_RM = [RN, RZ, RU, RD];

function opDouble(st: FpuState, insn: number, gpr: number): FpuOutcome {
  const func = insn & 63;
  // FR=0: the low bit of a double register number is ignored.
  const ft = (insn >>> 16) & 30;
  const fs = (insn >>> 11) & 30;
  const fd = (insn >>> 6) & 30;
  const raw = st.raw;

  switch (func) {
    case 6: // mov.d
    case 17: // movf.d / movt.d
    case 18: // movz.d
    case 19: // movn.d
      if (func === 6 || (func === 17 ? conditionalMoveTaken(st.fcsr, insn) : (gpr === 0) === (func === 18))) {
        raw[fd] = raw[fs]!;
        raw[fd + 1] = raw[fs + 1]!;
      }
      return FpuOutcome.Ok;
  }

  const dbl = st.double;
  const a = dbl[fs >> 1]!;
  if (func >= 48) {
    if ((insn & 0x40) !== 0) return FpuOutcome.Reserved; // cabs.cond (MIPS-3D)
    const b = dbl[ft >> 1]!;
    const trapped = compare(st, a, b, isSignalingNaN64(raw[fs + 1]!), isSignalingNaN64(raw[ft + 1]!), func & 15, (insn >>> 8) & 7, MIN_NORMAL_64);
    return trapped ? FpuOutcome.Exception : FpuOutcome.Ok;
  }

  beginOp(st.fcsr);
  let r: number;
  switch (func) {
    case 0: // add.d
    case 1: // sub.d
    case 2: // mul.d
    case 3: {
      // div.d
      const b = dbl[ft >> 1]!;
      if (a !== a || b !== b) r = nanResult64(a, b, raw[fs + 1]!, raw[ft + 1]!);
      else if (func === 0) r = add64(a, b);
      else if (func === 1) r = add64(a, -b);
      else if (func === 2) r = mul64(a, b);
      else r = div64(a, b);
      break;
    }
    case 4: // sqrt.d
      r = a !== a ? nanResult64(a, 0, raw[fs + 1]!, 0) : sqrt64(a);
      break;
    case 5: // abs.d
    case 7: // neg.d
      r = a !== a ? nanResult64(a, 0, raw[fs + 1]!, 0) : absOrNeg64(a, func === 7);
      break;
    case 21: // recip.d
      r = a !== a ? nanResult64(a, 0, raw[fs + 1]!, 0) : div64(1, a);
      break;
    case 22: {
      // rsqrt.d
      if (a !== a) r = nanResult64(a, 0, raw[fs + 1]!, 0);
      else {
        const s = sqrt64(a);
        r = s !== s ? s : div64(1, s);
      }
      break;
    }
    case 32: {
      // cvt.s.d
      if (a !== a) r = nanResult64(a, 0, raw[fs + 1]!, 0);
      else r = roundSingle(fx.flush ? flush64(a) : a, 0);
      if (commit(st)) return FpuOutcome.Exception;
      writeSingle(st, (insn >>> 6) & 31, r);
      return FpuOutcome.Ok;
    }
    case 8: case 9: case 10: case 11: // round/trunc/ceil/floor.l.d
    case 37: // cvt.l.d
      toLong(fx.flush ? flush64(a) : a, func === 37 ? fx.rm : FIXED_RM[func & 3]!);
      if (commit(st)) return FpuOutcome.Exception;
      raw[fd] = longOut.lo;
      raw[fd + 1] = longOut.hi;
      return FpuOutcome.Ok;
    case 12: case 13: case 14: case 15: // round/trunc/ceil/floor.w.d
    case 36: {
      // cvt.w.d
      const w = toWord(fx.flush ? flush64(a) : a, func === 36 ? fx.rm : FIXED_RM[func & 3]!);
      if (commit(st)) return FpuOutcome.Exception;
      raw[(insn >>> 6) & 31] = w;
      return FpuOutcome.Ok;
    }
    default:
      return FpuOutcome.Reserved;
  }
  if (commit(st)) return FpuOutcome.Exception;
  writeDouble(st, fd, r);
  return FpuOutcome.Ok;
}

function opSingle(st: FpuState, insn: number, gpr: number): FpuOutcome {
  const func = insn & 63;
  const ft = (insn >>> 16) & 31;
  const fs = (insn >>> 11) & 31;
  const fd = (insn >>> 6) & 31;
  const raw = st.raw;

  switch (func) {
    case 6: // mov.s
    case 17: // movf.s / movt.s
    case 18: // movz.s
    case 19: // movn.s
      if (func === 6 || (func === 17 ? conditionalMoveTaken(st.fcsr, insn) : (gpr === 0) === (func === 18))) raw[fd] = raw[fs]!;
      return FpuOutcome.Ok;
  }

  const sgl = st.single;
  const a = sgl[fs]!;
  if (func >= 48) {
    if ((insn & 0x40) !== 0) return FpuOutcome.Reserved; // cabs.cond (MIPS-3D)
    const trapped = compare(st, a, sgl[ft]!, isSignalingNaN32(raw[fs]!), isSignalingNaN32(raw[ft]!), func & 15, (insn >>> 8) & 7, MIN_NORMAL_32);
    return trapped ? FpuOutcome.Exception : FpuOutcome.Ok;
  }

  beginOp(st.fcsr);
  let r: number;
  switch (func) {
    case 0: // add.s
    case 1: // sub.s
    case 2: // mul.s
    case 3: {
      // div.s
      const b = sgl[ft]!;
      if (a !== a || b !== b) r = nanResult32(a, b, raw[fs]!, raw[ft]!);
      else if (func === 0) r = add32(a, b);
      else if (func === 1) r = add32(a, -b);
      else if (func === 2) r = mul32(a, b);
      else r = div32(a, b);
      break;
    }
    case 4: // sqrt.s
      r = a !== a ? nanResult32(a, 0, raw[fs]!, 0) : sqrt32(a);
      break;
    case 5: // abs.s
    case 7: // neg.s
      r = a !== a ? nanResult32(a, 0, raw[fs]!, 0) : absOrNeg32(a, func === 7);
      break;
    case 21: // recip.s
      r = a !== a ? nanResult32(a, 0, raw[fs]!, 0) : div32(1, a);
      break;
    case 22: {
      // rsqrt.s
      if (a !== a) r = nanResult32(a, 0, raw[fs]!, 0);
      else {
        const s = sqrt32(a);
        r = s !== s ? s : div32(1, s);
      }
      break;
    }
    case 33: {
      // cvt.d.s: exact
      if (a !== a) r = nanResult32(a, 0, raw[fs]!, 0);
      else r = fx.flush ? flush32(a) : a;
      if (commit(st)) return FpuOutcome.Exception;
      writeDouble(st, fd & 30, r);
      return FpuOutcome.Ok;
    }
    case 8: case 9: case 10: case 11: // round/trunc/ceil/floor.l.s
    case 37: // cvt.l.s
      toLong(fx.flush ? flush32(a) : a, func === 37 ? fx.rm : FIXED_RM[func & 3]!);
      if (commit(st)) return FpuOutcome.Exception;
      raw[fd & 30] = longOut.lo;
      raw[(fd & 30) + 1] = longOut.hi;
      return FpuOutcome.Ok;
    case 12: case 13: case 14: case 15: // round/trunc/ceil/floor.w.s
    case 36: {
      // cvt.w.s
      const w = toWord(fx.flush ? flush32(a) : a, func === 36 ? fx.rm : FIXED_RM[func & 3]!);
      if (commit(st)) return FpuOutcome.Exception;
      raw[fd] = w;
      return FpuOutcome.Ok;
    }
    default:
      return FpuOutcome.Reserved;
  }
  if (commit(st)) return FpuOutcome.Exception;
  writeSingle(st, fd, r);
  return FpuOutcome.Ok;
}

/** fmt W or L: only cvt.s and cvt.d exist. */
function opFixed(st: FpuState, insn: number, fmt: number): FpuOutcome {
  const func = insn & 63;
  if (func !== 32 && func !== 33) return FpuOutcome.Reserved;
  const fs = (insn >>> 11) & 31;
  const fd = (insn >>> 6) & 31;
  const raw = st.raw;
  beginOp(st.fcsr);
  let r: number;
  if (fmt === FMT_W) {
    const w = raw[fs]!;
    r = func === 32 ? roundSingle(w, 0) : w; // an int32 is exact in binary64
  } else {
    const lo = raw[fs & 30]!;
    const hi = raw[(fs & 30) + 1]!;
    r = func === 32 ? longToSingle(hi, lo) : longToDouble64(hi, lo);
  }
  if (commit(st)) return FpuOutcome.Exception;
  if (func === 32) st.single[fd] = r;
  else st.double[fd >> 1] = r;
  return FpuOutcome.Ok;
}

/** Executes one COP1 (opcode 0x11) computational instruction or one COP1X (opcode 0x13) madd/msub/nmadd/nmsub
 *  instruction; `gpr` is the value of GPR rt for movz.fmt/movn.fmt. See the header for the semantics. */
export function executeCop1(st: FpuState, insn: number, gpr: number): FpuOutcome {
  const opcode = insn >>> 26;
  if (opcode === 0x13) return executeMultiplyAdd(st, insn);
  if (opcode !== 0x11) return FpuOutcome.Reserved;
  const fmt = (insn >>> 21) & 31;
  if (fmt === FMT_D) return opDouble(st, insn, gpr);
  if (fmt === FMT_S) return opSingle(st, insn, gpr);
  if (fmt === FMT_W || fmt === FMT_L) return opFixed(st, insn, fmt);
  return FpuOutcome.Reserved;
}
