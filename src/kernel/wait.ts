/**
 * Sleeping in the kernel: a system call that must wait parks its thread with a Wait, and the thread runs again
 * when something wakes it (futex wake, data in a pipe) or its deadline passes. `complete` computes the system
 * call's result at that moment, as the code after schedule() does in a Linux system call.
 */
export interface Wait {
  /** What the thread waits for, for traces and deadlock reports. */
  reason: string;
  /** Absolute deadline on the monotonic clock, in nanoseconds. */
  deadlineNs?: bigint;
  /** False for the few sleeps a signal must not interrupt (TASK_UNINTERRUPTIBLE). */
  interruptible?: boolean;
  /** The system call's result once the sleep ends: woken by its event, by its deadline, or by a signal. */
  complete(reason: WakeReason): number;
}

export type WakeReason = 'event' | 'timeout' | 'signal';

/** Returned by a system call handler that parked its thread (thread.wait is set). */
export const BLOCKED = Symbol('blocked');
