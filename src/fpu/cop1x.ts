/**
 * COP1X (opcode 0x13) madd/msub/nmadd/nmsub.fmt: fd = ±(fs*ft ± fr). On MIPS32r2 these are unfused: the product
 * is rounded, then the sum (qemu 7.2 and Linux's cp1emu for non-MAC2008 CPUs), and the cause is the union of both
 * steps. nmadd/nmsub negate the result even when it is the default NaN (qemu: 0xffbfffff). The indexed loads and
 * stores of COP1X are the caller's.
 */
import { beginOp } from './context.js';
import { add64, mul64 } from './arith64.js';
import { add32, mul32 } from './arith32.js';
import { FpuOutcome } from './cop1.js';
import { DEFAULT_NAN_32, DEFAULT_NAN_64_HI } from './formats.js';
import { commit, nanResult32, nanResult64, writeDouble, writeSingle } from './results.js';
import type { FpuState } from './state.js';

export function executeMultiplyAdd(st: FpuState, insn: number): FpuOutcome {
  const op4 = (insn >>> 3) & 7; // 4 madd, 5 msub, 6 nmadd, 7 nmsub
  const fmt3 = insn & 7; // 0 S, 1 D (6 PS needs FR=1)
  if (op4 < 4 || fmt3 > 1) return FpuOutcome.Reserved;
  const subtract = (op4 & 1) !== 0;
  const negate = (op4 & 2) !== 0;
  const raw = st.raw;
  beginOp(st.fcsr);
  if (fmt3 === 0) {
    const fr = (insn >>> 21) & 31;
    const ft = (insn >>> 16) & 31;
    const fs = (insn >>> 11) & 31;
    const a = st.single[fs]!;
    const b = st.single[ft]!;
    const c = st.single[fr]!;
    const p = a !== a || b !== b ? nanResult32(a, b, raw[fs]!, raw[ft]!) : mul32(a, b);
    const r = p !== p || c !== c ? nanResult32(p, c, DEFAULT_NAN_32, raw[fr]!) : add32(p, subtract ? -c : c);
    if (commit(st)) return FpuOutcome.Exception;
    writeSingle(st, (insn >>> 6) & 31, negate ? -r : r, negate);
  } else {
    // FR=0: the low bit of a double register number is ignored (see cop1.ts).
    const fr = (insn >>> 21) & 30;
    const ft = (insn >>> 16) & 30;
    const fs = (insn >>> 11) & 30;
    const a = st.double[fs >> 1]!;
    const b = st.double[ft >> 1]!;
    const c = st.double[fr >> 1]!;
    const p = a !== a || b !== b ? nanResult64(a, b, raw[fs + 1]!, raw[ft + 1]!) : mul64(a, b);
    const r = p !== p || c !== c ? nanResult64(p, c, DEFAULT_NAN_64_HI, raw[fr + 1]!) : add64(p, subtract ? -c : c);
    if (commit(st)) return FpuOutcome.Exception;
    writeDouble(st, (insn >>> 6) & 30, negate ? -r : r, negate);
  }
  return FpuOutcome.Ok;
}
