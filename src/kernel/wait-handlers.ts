/**
 * What happens when a sleep ends, a restart_syscall continues, or a watched file changes: one table per kind of
 * record (wait.ts), each entry the code of the system call family the record belongs to. The records hold only
 * data; this file is the only place that turns them back into behaviour.
 */
import { KernelErrno } from '../abi/errno.js';
import type { Kernel } from './kernel.js';
import type { Thread } from './process.js';
import type { SyscallContext, SyscallResult } from './syscalls/context.js';
import { completeFutexWait, completeLockPi } from './syscalls/futex.js';
import { completePoll, rescanPoll, restartPoll } from './syscalls/poll.js';
import { completeSignalSuspend, completeSigtimedwait } from './syscalls/signals.js';
import { completeNanosleep, restartNanosleep } from './syscalls/time.js';
import {
  wakeThread, type FileWaiter, type RestartBlock, type RestartKind, type RestartOf, type Wait, type WaitKind, type WaitOf,
  type WakeReason,
} from './wait.js';

/** Computes a sleeping call's result at the moment its sleep ends (the code after schedule() in the call). */
type WaitHandler<K extends WaitKind> = (kernel: Kernel, thread: Thread, wait: WaitOf<K>, reason: WakeReason) => number;

/**
 * A call that is re-issued when woken (a blocked read or write, wait4 for a child): ERESTARTNOINTR, as after a
 * spurious wake-up the kernel loops; interrupted by a signal, ERESTARTSYS (EINTR for a handler, re-issued with
 * SA_RESTART; pipe_read/pipe_write's wait_event_interruptible, do_wait).
 */
function reissue(_kernel: Kernel, _thread: Thread, _wait: Wait, reason: WakeReason): number {
  return reason === 'signal' ? -KernelErrno.ERESTARTSYS : -KernelErrno.ERESTARTNOINTR;
}

export const waitHandlers: { readonly [K in WaitKind]: WaitHandler<K> } = {
  futex: completeFutexWait,
  futexLockPi: completeLockPi,
  pollFiles: completePoll,
  fileIo: reissue,
  childExit: reissue,
  /** The child exec'd or exited: the parent's vfork returns the child's TID. */
  vfork: (_kernel, _thread, wait) => wait.childTid,
  signalSuspend: completeSignalSuspend,
  sigtimedwait: completeSigtimedwait,
  nanosleep: completeNanosleep,
};

/** The result of `thread`'s system call now that its sleep `wait` ended for `reason`. */
export function completeWait(kernel: Kernel, thread: Thread, wait: Wait, reason: WakeReason): number {
  return (waitHandlers[wait.kind] as WaitHandler<WaitKind>)(kernel, thread, wait as never, reason);
}

type RestartHandler<K extends RestartKind> = (c: SyscallContext, block: RestartOf<K>) => SyscallResult;

export const restartHandlers: { readonly [K in RestartKind]: RestartHandler<K> } = {
  poll: restartPoll,
  nanosleep: restartNanosleep,
};

/** restart_syscall: continues the call an ERESTART_RESTARTBLOCK interruption left behind. */
export function continueRestartBlock(c: SyscallContext, block: RestartBlock): SyscallResult {
  return (restartHandlers[block.kind] as RestartHandler<RestartKind>)(c, block as never);
}

export const fileWaiterHandlers: { readonly [K in FileWaiter['kind']]: (waiter: FileWaiter) => void } = {
  wakeThread: (waiter) => wakeThread(waiter.thread),
  pollRescan: rescanPoll,
};

/** A file a sleeper watches may have become ready (called once per registration, by the file). */
export function fileReady(waiter: FileWaiter): void {
  fileWaiterHandlers[waiter.kind](waiter);
}
