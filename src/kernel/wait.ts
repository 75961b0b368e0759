/**
 * Sleeping in the kernel: a system call that must wait parks its thread with a Wait, and the thread runs again
 * when something wakes it (futex wake, data in a pipe) or its deadline passes. What the call does at that moment
 * (the code after schedule() in a Linux system call) is not kept with the thread as a function: a Wait is a
 * tagged record of plain data and references to kernel objects, and `wait-handlers.ts` holds the one table of
 * what each kind does when its sleep ends. So copying a thread's records copies everything it is waiting for.
 *
 * The same holds for restart_syscall's continuation (RestartBlock) and for the vfork parent (Process.vforkParent).
 */
import type { OpenFile } from './fs/file.js';
import type { Thread } from './process.js';
import type { FutexWaiter, PiWaiter } from './futex-state.js';

export type WakeReason = 'event' | 'timeout' | 'signal';

/** What every sleep has, whatever its kind. */
interface WaitCommon {
  /** What the thread waits for, for traces and deadlock reports. */
  reason: string;
  /** Absolute deadline on the monotonic clock, in nanoseconds. */
  deadlineNs?: bigint;
  /** False for the few sleeps a signal must not interrupt (TASK_UNINTERRUPTIBLE). */
  interruptible?: boolean;
}

/** How poll and select write the time left back into the user's timeout (enum poll_time_type). */
export type TimeFormat = 'timeval' | 'timespec32' | 'timespec64';

/** One entry of poll's array, as the kernel copied it in; revents is the last pass's answer. */
export interface PollEntry {
  fd: number;
  events: number;
  revents: number;
}

/**
 * One poll/select-family call, everything needed to enter it again (after a wake-up that found nothing, and
 * through restart_syscall): its arguments, its absolute end (0n: do not wait, undefined: forever), and how it ends.
 */
export interface PollCall {
  family: 'poll' | 'select';
  /** poll: the pollfd array. */
  ufds: number;
  /** poll: the number of entries; select: n (signed, checked and clamped when the sets are read). */
  nfds: number;
  /** select: n and the three fd_set addresses (0 for a set not given). */
  addrs: [number, number, number];
  end: bigint | undefined;
  /**
   * 'restartBlock': poll, continued by restart_syscall after a signal (do_restart_poll); 'timeLeft': the others,
   * which write the time left to `userTimeout` in `format` and restore `mask`'s predecessor (poll_select_finish).
   */
  ending: 'restartBlock' | 'timeLeft';
  userTimeout: number;
  format: TimeFormat;
  /** ppoll/pselect6's temporary signal mask, installed on every entry; undefined for none. */
  mask: bigint | undefined;
}

/** What one pass over the descriptors looks at, and its results. */
export type PollScan =
  | { family: 'poll'; entries: PollEntry[] }
  | {
    family: 'select';
    /** The descriptors named in any set, in order. */
    wanted: number[];
    /** The sets as read from the user, and the pass's result sets: in, out, exceptions. */
    sets: [Uint32Array, Uint32Array, Uint32Array];
    results: [Uint32Array, Uint32Array, Uint32Array];
  };

/** Every kind of sleep, by name; `waitHandlers` in wait-handlers.ts has one entry for each. */
export const WAIT_KINDS = [
  'futex', 'futexLockPi', 'pollFiles', 'fileIo', 'childExit', 'vfork', 'signalSuspend', 'sigtimedwait', 'nanosleep',
] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];

export type Wait = WaitCommon & (
  /** FUTEX_WAIT(_BITSET): `waiter` is on the kernel's futex queue until woken, timed out or interrupted. */
  | { kind: 'futex'; waiter: FutexWaiter }
  /** FUTEX_LOCK_PI(2): `waiter` is in the PI state's queue until the lock is handed to it. */
  | { kind: 'futexLockPi'; waiter: PiWaiter }
  /** poll/select family: the call, its last pass, and the watches it registered on files (withdrawn at the end). */
  | { kind: 'pollFiles'; call: PollCall; scan: PollScan; watching: FileWaiter[] }
  /** A read or write that would block (a pipe, the host's stdin): re-issued when woken. */
  | { kind: 'fileIo' }
  /** wait4/waitid for a child's change of state: re-issued when woken. */
  | { kind: 'childExit' }
  /** A vfork parent until the child execs or exits; the call then returns the child's TID. */
  | { kind: 'vfork'; childTid: number }
  /** sigsuspend and pause: only a signal ends them. */
  | { kind: 'signalSuspend' }
  /** rt_sigtimedwait: `set` is unblocked while asleep; the mask before is `realBlocked`. */
  | { kind: 'sigtimedwait'; set: bigint; infoAddr: number; realBlocked: bigint }
  /**
   * nanosleep and clock_nanosleep until `deadlineNs` (in WaitCommon). Interrupted, an absolute sleep is re-issued;
   * a relative one writes the time left to `remAddr` and continues through restart_syscall.
   */
  | { kind: 'nanosleep'; absolute: boolean; remAddr: number; wide: boolean }
);

/** The record of one kind of wait. */
export type WaitOf<K extends WaitKind> = Extract<Wait, { kind: K }>;

/** Every kind of restart_syscall continuation; `restartHandlers` in wait-handlers.ts has one entry for each. */
export const RESTART_KINDS = ['poll', 'nanosleep'] as const;
export type RestartKind = (typeof RESTART_KINDS)[number];

/** What restart_syscall continues after an ERESTART_RESTARTBLOCK interruption (Linux's restart_block). */
export type RestartBlock =
  /** poll until the same end (do_restart_poll); also any poll-family call whose wake-up found nothing. */
  | { kind: 'poll'; call: PollCall }
  /** The rest of a relative nanosleep, until the same deadline. */
  | { kind: 'nanosleep'; deadlineNs: bigint; remAddr: number; wide: boolean };

export type RestartOf<K extends RestartKind> = Extract<RestartBlock, { kind: K }>;

/**
 * A watch a sleeper put on a file whose readiness can change (a pipe, the host's stdin), kept by the file until it
 * fires (once) or is withdrawn. 'wakeThread' wakes the thread (a blocked read or write); 'pollRescan' makes the
 * poll or select pass again in the waker and wakes the thread only if it now finds something, else watches again.
 */
export interface FileWaiter {
  kind: 'wakeThread' | 'pollRescan';
  thread: Thread;
  file: OpenFile;
}

/** The system call a sleeping thread is in, to finish it when the sleep ends (trace and restart bookkeeping). */
export interface SyscallInFlight {
  nr: number;
  /** a3 at entry, kept for syscall restart. */
  a3: number;
  /** The arguments as strace shows them, when tracing. */
  shown: string[] | undefined;
}

/** Makes a sleeping thread runnable; its system call completes before it next runs (Kernel.wakeThread). */
export function wakeThread(thread: Thread): void {
  if (thread.state === 'blocked' && thread.wakeReason === undefined) thread.wakeReason = 'event';
}

/** Returned by a system call handler that parked its thread (thread.wait is set). */
export const BLOCKED = Symbol('blocked');
