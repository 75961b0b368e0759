/**
 * Sending signals: synchronous ones raised by the kernel for a faulting instruction (force_sig_fault) and
 * asynchronous ones from kill/tgkill. A signal becomes pending; returnToUser takes it from there.
 */
import { SIG } from '../../abi/signals.js';
import type { Kernel } from '../kernel.js';
import type { Process, Thread } from '../process.js';

export interface SigInfo {
  signo: number;
  code: number;
  /** si_addr for faults, or the sender's pid for kill. */
  addr?: number;
  pid?: number;
  uid?: number;
}

export const sigBit = (sig: number): bigint => 1n << BigInt(sig - 1);

/**
 * force_sig_fault: a synchronous signal the thread cannot block or ignore. If it is blocked or ignored, the action
 * is reset to the default, as Linux's force_sig_info_to_task does, so that a faulting program still dies.
 */
export function forceSignal(kernel: Kernel, thread: Thread, info: SigInfo): void {
  const action = thread.process.actions[info.signo]!;
  const blocked = (thread.sigmask & sigBit(info.signo)) !== 0n;
  if (blocked || action.handler === SIG.IGN) {
    action.handler = SIG.DFL;
    thread.sigmask &= ~sigBit(info.signo);
  }
  queueThreadSignal(kernel, thread, info);
}

/** Makes a signal pending for one thread (tkill/tgkill, faults). */
export function queueThreadSignal(_kernel: Kernel, thread: Thread, info: SigInfo): void {
  thread.pending |= sigBit(info.signo);
  thread.pendingInfo.set(info.signo, info);
}

/** Makes a signal pending for a whole thread group (kill). */
export function queueProcessSignal(kernel: Kernel, process: Process, info: SigInfo): void {
  const target = process.threads.find((t) => t.state !== 'dead' && (t.sigmask & sigBit(info.signo)) === 0n)
    ?? process.threads.find((t) => t.state !== 'dead');
  if (target) queueThreadSignal(kernel, target, info);
}
