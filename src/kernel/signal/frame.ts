/**
 * Signal frames on the user stack, byte for byte as arch/mips/kernel/signal.c builds them (reference §3.2-§3.3):
 * `sigframe` for handlers without SA_SIGINFO, `rt_sigframe` with it. Only the fields Linux writes are written;
 * the rest of the frame keeps whatever the stack held, as on Linux. sigreturn reads the frame back from $sp.
 */
import { RtSigframe, Sigcontext, Sigframe, Siginfo, StackT, Ucontext } from '../../abi/layouts.js';
import { MINSIGSTKSZ, SIGSET_SIZE, SS, USED } from '../../abi/signals.js';
import { HI, LO } from '../../cpu/state.js';
import { GuestFault } from '../../mm/address-space.js';
import { StructReader, StructWriter } from '../syscalls/guest-struct.js';
import type { SigAction, Thread } from '../process.js';
import type { SigInfo } from './send.js';
import { UNBLOCKABLE } from './send.js';

const SP = 29;
/** ALMASK of the o32 ABI (asm/asm.h): frames are 8-byte aligned. */
const ALMASK = ~7;
/** get_sigframe leaves this much below $sp ("FPU emulator may have its own trampoline active just above"). */
const SIGFRAME_RED_ZONE = 32;
/** `li v0, N; syscall` — the words of a signal-return trampoline (and what libgcc's unwinder matches). */
export const trampolineWords = (nr: number): [number, number] => [0x24020000 | nr, 0x0000000c];

/** on_sig_stack: the alternate stack grows down from sp + size; an auto-disarming one never counts as in use. */
export function onSigStack(t: Thread, sp: number): boolean {
  const a = t.altStack;
  if ((a.flags & SS.AUTODISARM) !== 0) return false;
  return sp > a.sp && sp - a.sp <= a.size;
}

/** sas_ss_flags: what sigaltstack and uc_stack report for the alternate stack, seen from `sp`. */
export function altStackFlags(t: Thread, sp: number): number {
  if (t.altStack.size === 0) return SS.DISABLE;
  return onSigStack(t, sp) ? SS.ONSTACK : 0;
}

/**
 * get_sigframe: where the frame goes, or undefined when it would overflow the alternate stack (then the thread
 * gets SIGSEGV).
 */
function frameAddress(t: Thread, action: SigAction, size: number, onstackFlag: number): number | undefined {
  let sp = t.cpu.r[SP]! >>> 0;
  if (onSigStack(t, sp) && !onSigStack(t, sp - size)) return undefined;
  sp -= SIGFRAME_RED_ZONE;
  if ((action.flags & onstackFlag) !== 0 && altStackFlags(t, sp) === 0) sp = t.altStack.sp + t.altStack.size;
  return ((sp - size) & ALMASK) >>> 0;
}

/** setup_sigcontext: what Linux stores of the interrupted context (registers zero-extended into 64-bit slots). */
function writeSigcontext(t: Thread, at: number): void {
  const st = t.cpu;
  const w = new StructWriter(Sigcontext.size);
  const as = t.process.as;
  // Writes go field group by field group so untouched bytes of the frame keep the stack's old contents.
  w.u64(0, st.pc >>> 0);
  as.write(at + Sigcontext.sc_pc, w.bytes.subarray(0, 8));
  const regs = new StructWriter(32 * 8);
  for (let i = 1; i < 32; i++) regs.u64(i * 8, st.r[i]! >>> 0);
  as.write(at + Sigcontext.sc_regs, regs.bytes);
  const hilo = new StructWriter(16).u64(0, st.r[HI]! >>> 0).u64(8, st.r[LO]! >>> 0);
  as.write(at + Sigcontext.sc_mdhi, hilo.bytes);
  const usedMath = st.cu1 ? USED.FP : 0;
  as.writeU32(at + Sigcontext.sc_used_math, usedMath);
  if (usedMath) {
    // FR=0 (TIF_32BIT_FPREGS): only the even slots, each holding the even/odd pair as one 64-bit value.
    const fr = st.fpu.raw;
    for (let i = 0; i < 32; i += 2) {
      as.write(at + Sigcontext.sc_fpregs + i * 8, new StructWriter(8).u32(0, fr[i]!).u32(4, fr[i + 1]!).bytes);
    }
    as.writeU32(at + Sigcontext.sc_fpc_csr, st.fpu.fcsr);
  }
}

function writeSigset(t: Thread, at: number, set: bigint): void {
  t.process.as.write(at, new StructWriter(SIGSET_SIZE).u64(0, set & 0xffffffffffffffffn).u64(8, set >> 64n).bytes);
}

/** copy_siginfo_to_user: the whole 128 bytes, zero beyond the fields of the signal's kind. */
export function encodeSiginfo(info: SigInfo): Uint8Array {
  if (info.raw) {
    const copy = info.raw.slice();
    new DataView(copy.buffer).setInt32(Siginfo.si_signo, info.signo, true);
    return copy;
  }
  const w = new StructWriter(Siginfo.size).i32(Siginfo.si_signo, info.signo).i32(Siginfo.si_code, info.code);
  if (info.addr !== undefined) w.u32(Siginfo.si_addr, info.addr);
  if (info.pid !== undefined) w.i32(Siginfo.si_pid, info.pid).u32(Siginfo.si_uid, info.uid ?? 0);
  if (info.value !== undefined) w.u32(Siginfo.si_value, info.value);
  if (info.status !== undefined) w.i32(Siginfo.si_status, info.status);
  return w.bytes;
}

export interface FrameRequest {
  info: SigInfo;
  action: SigAction;
  /** The mask to restore on sigreturn (the blocked set, or sigsuspend's saved one). */
  savedMask: bigint;
  /** Where the handler returns: the vDSO trampoline, or undefined to write one into the frame (historical). */
  trampoline: number | undefined;
  rt: boolean;
  onstackFlag: number;
}

/** setup_frame / setup_rt_frame. Returns the frame address, or undefined if it could not be written. */
export function setupFrame(t: Thread, req: FrameRequest, sigreturnNr: number): number | undefined {
  const size = req.rt ? RtSigframe.size : Sigframe.size;
  const frame = frameAddress(t, req.action, size, req.onstackFlag);
  if (frame === undefined) return undefined;
  const as = t.process.as;
  const st = t.cpu;
  let returnTo = req.trampoline;
  try {
    if (returnTo === undefined) {
      // The pre-vDSO design: the trampoline lives in the frame's pad words, so the stack must be executable.
      const [li, sys] = trampolineWords(sigreturnNr);
      returnTo = frame + (req.rt ? RtSigframe.rs_pad : Sigframe.sf_pad);
      as.write(returnTo, new StructWriter(8).u32(0, li).u32(4, sys).bytes);
    }
    if (req.rt) {
      as.write(frame + RtSigframe.rs_info, encodeSiginfo(req.info));
      const uc = frame + RtSigframe.rs_uc;
      const stack = new StructWriter(8 + StackT.size)
        .u32(Ucontext.uc_flags, 0).u32(Ucontext.uc_link, 0)
        .u32(8 + StackT.ss_sp, t.altStack.sp).u32(8 + StackT.ss_size, t.altStack.size)
        .u32(8 + StackT.ss_flags, t.altStack.flags); // __save_altstack: the flags as sigaltstack stored them
      as.write(uc, stack.bytes);
      if ((t.altStack.flags & SS.AUTODISARM) !== 0) t.altStack = { sp: 0, size: 0, flags: SS.DISABLE };
      writeSigcontext(t, uc + Ucontext.uc_mcontext);
      writeSigset(t, uc + Ucontext.uc_sigmask, req.savedMask);
    } else {
      writeSigcontext(t, frame + Sigframe.sf_sc);
      writeSigset(t, frame + Sigframe.sf_mask, req.savedMask);
    }
  } catch (e) {
    if (e instanceof GuestFault) return undefined;
    throw e;
  }
  // Handler entry: a0 = signal, a1 = &info (rt) or 0, a2 = &ucontext or &sigcontext, sp = frame,
  // ra = trampoline, t9 = EPC = handler.
  st.r[4] = req.info.signo;
  st.r[5] = req.rt ? frame + RtSigframe.rs_info : 0;
  st.r[6] = req.rt ? frame + RtSigframe.rs_uc : frame + Sigframe.sf_sc;
  st.r[SP] = frame;
  st.r[31] = returnTo;
  st.r[25] = req.action.handler;
  st.pc = req.action.handler;
  return frame;
}

export interface RestoreResult {
  /** A pending enabled FP exception found in the restored FCSR: SIGFPE follows (fpcsr_pending). */
  fpePending: boolean;
}

/**
 * sys_sigreturn / sys_rt_sigreturn: the frame is at $sp; restore the mask, every register, HI/LO, the FPU state
 * if it was saved, and (rt) the alternate stack. Returns undefined for a bad frame (the caller sends SIGSEGV).
 */
export function restoreFrame(t: Thread, rt: boolean): RestoreResult | undefined {
  const frame = t.cpu.r[SP]! >>> 0;
  const as = t.process.as;
  const sc = rt ? frame + RtSigframe.rs_uc + Ucontext.uc_mcontext : frame + Sigframe.sf_sc;
  const maskAt = rt ? frame + RtSigframe.rs_uc + Ucontext.uc_sigmask : frame + Sigframe.sf_mask;
  let r: StructReader;
  let mask: bigint;
  let stack: StructReader | undefined;
  try {
    r = new StructReader(as.read(sc, Sigcontext.size));
    const m = new StructReader(as.read(maskAt, SIGSET_SIZE));
    mask = m.u64(0) | (m.u64(8) << 64n);
    if (rt) stack = new StructReader(as.read(frame + RtSigframe.rs_uc + Ucontext.uc_stack, StackT.size));
  } catch (e) {
    if (e instanceof GuestFault) return undefined;
    throw e;
  }
  t.sigmask = mask & ~UNBLOCKABLE;
  const st = t.cpu;
  st.pc = r.u32(Sigcontext.sc_pc);
  st.r[HI] = r.u32(Sigcontext.sc_mdhi);
  st.r[LO] = r.u32(Sigcontext.sc_mdlo);
  for (let i = 1; i < 32; i++) st.r[i] = r.u32(Sigcontext.sc_regs + i * 8);
  let fpePending = false;
  const usedMath = r.u32(Sigcontext.sc_used_math);
  if ((usedMath & USED.FP) !== 0) {
    for (let i = 0; i < 32; i += 2) {
      st.fpu.raw[i] = r.i32(Sigcontext.sc_fpregs + i * 8);
      st.fpu.raw[i + 1] = r.i32(Sigcontext.sc_fpregs + i * 8 + 4);
    }
    let csr = r.u32(Sigcontext.sc_fpc_csr);
    // fpcsr_pending: enabled (or unimplemented) cause bits would trap at once; clear them and raise SIGFPE.
    const enabledCause = (csr & 0x0003f000) & (((csr & 0x00000f80) << 5) | 0x00020000);
    if (enabledCause !== 0) {
      csr &= ~enabledCause;
      fpePending = true;
    }
    st.fpu.fcsr = csr >>> 0;
    st.cu1 = true;
  } else {
    st.cu1 = false; // lose_fpu + clear used_math: the next FP instruction starts a fresh (all-ones) FPU context
  }
  if (stack) {
    // restore_altstack: like sigaltstack(uc_stack, NULL); errors are ignored here as do_sigaltstack's are only
    // possible for a stack in use, which this one no longer is.
    const flags = stack.u32(StackT.ss_flags);
    const size = stack.u32(StackT.ss_size);
    if ((flags & ~SS.AUTODISARM) === SS.DISABLE) t.altStack = { sp: 0, size: 0, flags };
    else if (size >= MINSIGSTKSZ && !onSigStack(t, st.r[SP]! >>> 0)) {
      t.altStack = { sp: stack.u32(StackT.ss_sp), size, flags };
    }
  }
  return { fpePending };
}

