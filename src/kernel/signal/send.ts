/**
 * Generating signals (kernel/signal.c): synchronous ones the kernel raises for a faulting instruction
 * (force_sig_fault), and those sent by kill/tgkill/sigqueue/timers. A signal that would be ignored is discarded
 * at generation unless blocked; otherwise it becomes pending and a thread that may take it is woken from an
 * interruptible sleep.
 */
import { defaultAction, SIG, Signal } from '../../abi/signals.js';
import type { Kernel } from '../kernel.js';
import type { Process, Thread } from '../process.js';
import { sigBit } from './pending.js';

export { sigBit } from './pending.js';

export interface SigInfo {
  signo: number;
  code: number;
  /** si_addr for faults. */
  addr?: number;
  /** Sender's pid and uid (kill, sigqueue, SIGCHLD). */
  pid?: number;
  uid?: number;
  /** sigval of sigqueue / timers; status of SIGCHLD. */
  value?: number;
  status?: number;
  /** The full 128 bytes as given to rt_sigqueueinfo, when the sender supplied them. */
  raw?: Uint8Array;
}

/** SIGKILL and SIGSTOP can be neither blocked nor caught. */
export const UNBLOCKABLE = sigBit(Signal.SIGKILL) | sigBit(Signal.SIGSTOP);

/** sig_ignored: a signal nobody will see is dropped when sent, unless it is blocked (the handler may change). */
function ignoredAtGeneration(thread: Thread | undefined, process: Process, sig: number): boolean {
  if (thread && (thread.sigmask & sigBit(sig)) !== 0n) return false;
  const handler = process.actions[sig]!.handler;
  if (handler === SIG.IGN) return sig !== Signal.SIGKILL && sig !== Signal.SIGSTOP;
  return handler === SIG.DFL && defaultAction(sig) === 'ignore';
}

/**
 * force_sig_fault: a synchronous signal the thread cannot block or ignore. If it is blocked or ignored, the action
 * is reset to the default, as force_sig_info_to_task does, so that a faulting program still dies.
 */
export function forceSignal(kernel: Kernel, thread: Thread, info: SigInfo): void {
  const action = thread.process.actions[info.signo]!;
  const blocked = (thread.sigmask & sigBit(info.signo)) !== 0n;
  if (blocked || action.handler === SIG.IGN) {
    action.handler = SIG.DFL;
    thread.sigmask &= ~sigBit(info.signo);
  }
  thread.pending.add(info);
}

/** Makes a signal pending for one thread (tkill/tgkill, timers aimed at a thread). */
export function queueThreadSignal(kernel: Kernel, thread: Thread, info: SigInfo): void {
  if (ignoredAtGeneration(thread, thread.process, info.signo)) return;
  thread.pending.add(info);
  signalWake(kernel, thread, info.signo);
}

/** Makes a signal pending for a whole thread group (kill, sigqueue, SIGALRM): one thread that does not block it wakes. */
export function queueProcessSignal(kernel: Kernel, process: Process, info: SigInfo): void {
  const live = process.threads.filter((t) => t.state !== 'dead');
  const taker = live.find((t) => (t.sigmask & sigBit(info.signo)) === 0n);
  if (ignoredAtGeneration(taker ?? live[0], process, info.signo)) return;
  process.sharedPending.add(info);
  if (info.signo === Signal.SIGKILL) {
    for (const t of live) signalWake(kernel, t, info.signo);
  } else if (taker) {
    signalWake(kernel, taker, info.signo);
  }
}

/** signal_wake_up: interrupts an interruptible sleep if the thread may take the signal now. */
function signalWake(kernel: Kernel, thread: Thread, sig: number): void {
  if (sig !== Signal.SIGKILL && (thread.sigmask & sigBit(sig)) !== 0n) return;
  kernel.interruptThread(thread);
}
