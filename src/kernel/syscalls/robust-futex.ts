/**
 * Robust futexes at task exit (kernel/futex/core.c: futex_exit_release → exit_robust_list, handle_futex_death,
 * then exit_pi_state_list), and get_robust_list(2).
 *
 * A thread registers the head of a list of the locks it holds (set_robust_list; glibc does it for every thread).
 * Each entry is a `struct robust_list` embedded in a lock; the lock's futex word lies `futex_offset` bytes from
 * the entry; bit 0 of a `next` pointer says the entry it points to is a PI futex. When the thread ends (exit,
 * exit_group, a fatal signal, execve), the kernel walks the list — at most ROBUST_LIST_LIMIT entries, so a
 * circular list cannot hang it — and every futex word whose owner TID is the dying thread becomes
 * `(word & FUTEX_WAITERS) | FUTEX_OWNER_DIED`, with one waiter woken if there were waiters (not for PI futexes:
 * their waiters get the lock from exit_pi_state_list instead). `list_op_pending`, the lock being taken or
 * released when the thread died, is handled last, and a non-PI pending word with no owner at all only gets its
 * waiter woken (the owner may have released it and died before the wake).
 */
import { Errno } from '../../abi/errno.js';
import { FUTEX, ROBUST_LIST_LIMIT } from '../../abi/flags.js';
import { RobustListHead } from '../../abi/layouts.js';
import type { AddressSpace } from '../../mm/address-space.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { exitPiStates, futexWake } from './futex.js';
import type { SyscallFamily } from './registry.js';

/** Reads a user word, or undefined where the kernel's get_user would fault. */
function fetch(as: AddressSpace, addr: number): number | undefined {
  try {
    return as.readU32(addr >>> 0);
  } catch {
    return undefined;
  }
}

/** handle_futex_death for one futex word of the dying thread `tid`. */
function futexDeath(kernel: Kernel, as: AddressSpace, addr: number, tid: number, pi: boolean, pendingOp: boolean): void {
  const uaddr = addr >>> 0;
  if ((uaddr & 3) !== 0) return;
  const uval = fetch(as, uaddr);
  if (uval === undefined) return;
  const owner = uval & FUTEX.TID_MASK;
  if (pendingOp && !pi && owner === 0) {
    // Released (or never taken) but its waiter may not have been woken yet: wake one, leave the word alone.
    futexWake(kernel, as, uaddr, 1);
    return;
  }
  if (owner !== tid) return;
  try {
    as.writeU32(uaddr, ((uval & FUTEX.WAITERS) | FUTEX.OWNER_DIED) >>> 0);
  } catch {
    return; // not writable: nothing can be done for this word
  }
  if (!pi && (uval & FUTEX.WAITERS) !== 0) futexWake(kernel, as, uaddr, 1);
}

/**
 * futex_cleanup for a thread that is ending: walks its robust list, then passes the PI locks it owned to their
 * waiters. Call it before the thread's clear_child_tid is written and before its memory goes. The list is
 * forgotten afterwards (a second call does nothing), as Linux clears tsk->robust_list.
 */
export function exitRobustList(kernel: Kernel, thread: Thread): void {
  const head = thread.robustList >>> 0;
  thread.robustList = 0;
  thread.robustListLength = 0;
  const as = thread.process.as;
  if (head !== 0) walkRobustList(kernel, as, head, thread.tid);
  exitPiStates(kernel, thread);
}

function walkRobustList(kernel: Kernel, as: AddressSpace, head: number, tid: number): void {
  const first = fetch(as, head + RobustListHead.list);
  if (first === undefined) return;
  const offsetWord = fetch(as, head + RobustListHead.futex_offset);
  if (offsetWord === undefined) return;
  const pendingWord = fetch(as, head + RobustListHead.list_op_pending);
  if (pendingWord === undefined) return;
  const futexOffset = offsetWord | 0; // a signed long
  const pending = (pendingWord & ~1) >>> 0;
  const pendingPi = (pendingWord & 1) !== 0;
  let entry = (first & ~1) >>> 0;
  let pi = (first & 1) !== 0;
  let limit = ROBUST_LIST_LIMIT;
  while (entry !== head) {
    // The next pointer is read before the lock is released, since the entry may go with it.
    const next = fetch(as, entry);
    if (entry !== pending) futexDeath(kernel, as, entry + futexOffset, tid, pi, false);
    if (next === undefined) return;
    entry = (next & ~1) >>> 0;
    pi = (next & 1) !== 0;
    if (--limit === 0) break;
  }
  if (pending !== 0) futexDeath(kernel, as, pending + futexOffset, tid, pendingPi, true);
}

/**
 * get_robust_list(pid, head_ptr, len_ptr): the head registered by the calling thread (pid 0) or by the task with
 * that TID (ESRCH if there is none). Every task here runs as the same user, so ptrace_may_access(READ) allows
 * it. The length written is sizeof(struct robust_list_head), then the head pointer.
 */
function getRobustList(c: SyscallContext): SyscallResult {
  const pid = s32(c, 0);
  const target = pid === 0 ? c.thread : c.kernel.findThread(pid);
  if (!target) return -Errno.ESRCH;
  c.as.writeU32(u32(c, 2), RobustListHead.size);
  c.as.writeU32(u32(c, 1), target.robustList);
  return 0;
}

export const ROBUST_FUTEX_SYSCALLS: SyscallFamily = { get_robust_list: getRobustList };
