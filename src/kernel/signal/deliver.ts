/**
 * Acting on pending signals on the way back to user space: do_signal and handle_signal of
 * arch/mips/kernel/signal.c, in Linux's order — (1) leave any delay-slot emulation frame, (2) fix up an
 * interrupted system call for restart, (3) rseq, (4) build the frame, (5) block the handler's mask.
 * Signals without a handler take their default action; a system call interrupted by nothing visible restarts.
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { NR } from '../../abi/syscalls.js';
import { defaultAction, SA, SI, SIG, Signal } from '../../abi/signals.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { setupFrame } from './frame.js';
import { forceSignal, sigBit, UNBLOCKABLE, type SigInfo } from './send.js';

const V0 = 2;
const A3 = 7;

/** get_signal's dequeue: the thread's own signals first, then the group's, lowest number first. */
function dequeue(thread: Thread): SigInfo | undefined {
  const allowed = ~thread.sigmask | UNBLOCKABLE;
  return thread.pending.take(allowed) ?? thread.process.sharedPending.take(allowed);
}

export function hasDeliverableSignal(thread: Thread): boolean {
  const allowed = ~thread.sigmask | UNBLOCKABLE;
  return ((thread.pending.set | thread.process.sharedPending.set) & allowed) !== 0n;
}

/** do_signal: deliver every deliverable signal (each handler's frame nests on the previous one). */
export function doSignal(kernel: Kernel, thread: Thread): void {
  for (;;) {
    const info = dequeue(thread);
    if (!info) break;
    const sig = info.signo;
    const process = thread.process;
    const action = process.actions[sig]!;
    const event = { kind: 'signal' as const, pid: process.pid, tid: thread.tid, signal: sig, code: info.code, address: info.addr };
    if (sig !== Signal.SIGKILL && action.handler !== SIG.DFL && action.handler !== SIG.IGN) {
      if (!handleSignal(kernel, thread, info)) return;
      continue;
    }
    const kind = defaultAction(sig);
    if (sig !== Signal.SIGKILL && (action.handler === SIG.IGN || kind === 'ignore' || kind === 'cont' || kind === 'stop')) {
      // Job-control stops need a parent waiting with WUNTRACED (the processes issue); until then they are ignored.
      if (kernel.tracer.wants('signal')) kernel.tracer.emit({ ...event, action: 'ignore' });
      continue;
    }
    if (kernel.tracer.wants('signal')) kernel.tracer.emit({ ...event, action: 'kill' });
    // No core file is written (RLIMIT_CORE is 0), so the wait status has no core-dump bit, as on Linux.
    kernel.exitGroup(process, sig);
    return;
  }
  restartWithoutHandler(thread);
  if (thread.savedSigmask !== undefined) {
    thread.sigmask = thread.savedSigmask;
    thread.savedSigmask = undefined;
  }
}

/** The tail of do_signal: a system call that returned a restart code, with no handler run, is re-issued. */
function restartWithoutHandler(thread: Thread): void {
  const r = thread.cpu.r;
  if (thread.restart.nr === 0) return;
  switch (r[V0]) {
    case KernelErrno.ERESTARTNOHAND:
    case KernelErrno.ERESTARTSYS:
    case KernelErrno.ERESTARTNOINTR:
      r[V0] = thread.restart.nr;
      r[A3] = thread.restart.a3;
      thread.cpu.pc = (thread.cpu.pc - 4) | 0;
      break;
    case KernelErrno.ERESTART_RESTARTBLOCK:
      r[V0] = NR.restart_syscall;
      r[A3] = thread.restart.a3;
      thread.cpu.pc = (thread.cpu.pc - 4) | 0;
      break;
  }
  thread.restart = { nr: 0, a3: 0 };
}

/** handle_signal. Returns false when the frame could not be built (the thread then gets SIGSEGV). */
function handleSignal(kernel: Kernel, thread: Thread, info: SigInfo): boolean {
  const process = thread.process;
  const action = process.actions[info.signo]!;
  const r = thread.cpu.r;
  if (thread.restart.nr !== 0) {
    const code = r[V0];
    const reissue = code === KernelErrno.ERESTARTNOINTR
      || (code === KernelErrno.ERESTARTSYS && (action.flags & SA.RESTART) !== 0);
    if (reissue) {
      r[A3] = thread.restart.a3;
      r[V0] = thread.restart.nr;
      thread.cpu.pc = (thread.cpu.pc - 4) | 0;
    } else if (code === KernelErrno.ERESTART_RESTARTBLOCK || code === KernelErrno.ERESTARTNOHAND
      || code === KernelErrno.ERESTARTSYS) {
      r[V0] = Errno.EINTR;
    }
    thread.restart = { nr: 0, a3: 0 };
  }
  const savedMask = thread.savedSigmask ?? thread.sigmask;
  const rt = (action.flags & SA.SIGINFO) !== 0;
  const frame = setupFrame(thread, {
    info, action: { ...action }, savedMask, rt, onstackFlag: SA.ONSTACK,
    trampoline: kernel.signalTrampoline(process, rt),
  }, rt ? NR.rt_sigreturn : NR.sigreturn);
  if (frame === undefined) {
    // force_sigsegv: the frame could not be written. Only a failing SIGSEGV frame resets the SIGSEGV handler
    // (else the next attempt would fail the same way); the new SIGSEGV is a kernel one (SI_KERNEL).
    if (info.signo === Signal.SIGSEGV) process.actions[Signal.SIGSEGV]!.handler = SIG.DFL;
    forceSignal(kernel, thread, { signo: Signal.SIGSEGV, code: SI.KERNEL, addr: 0 });
    return true;
  }
  if (kernel.tracer.wants('signal')) {
    kernel.tracer.emit({
      kind: 'signal', pid: process.pid, tid: thread.tid, signal: info.signo, action: 'deliver', code: info.code,
      address: info.addr, frame, handler: action.handler,
    });
  }
  // signal_setup_done: block the handler's mask (and the signal itself unless SA_NODEFER); SA_RESETHAND.
  let blocked = thread.sigmask | action.mask;
  if ((action.flags & SA.NODEFER) === 0) blocked |= sigBit(info.signo);
  thread.sigmask = blocked & ~UNBLOCKABLE;
  thread.savedSigmask = undefined;
  if ((action.flags & SA.RESETHAND) !== 0) action.handler = SIG.DFL; // the flags stay, as get_signal leaves them
  return true;
}
