/**
 * futex(2) and futex_time64: WAIT/WAKE and their BITSET forms, REQUEUE, CMP_REQUEUE and WAKE_OP, with the PRIVATE
 * and CLOCK_REALTIME flags, and the priority-inheritance operations LOCK_PI, LOCK_PI2, TRYLOCK_PI and UNLOCK_PI
 * (kernel/futex/). Waiters queue per futex key; a private futex is keyed by address space and address, a shared
 * one by its physical address, so processes sharing memory meet on the same word.
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { FUTEX } from '../../abi/flags.js';
import { KernelTimespec, Timespec } from '../../abi/layouts.js';
import { PAGE_MASK, PAGE_SHIFT } from '../../mm/physical.js';
import type { AddressSpace } from '../../mm/address-space.js';
import type { Thread } from '../process.js';
import type { Kernel } from '../kernel.js';
import type { WakeReason } from '../wait.js';
import { BLOCKED, wakeThread, type WaitOf } from '../wait.js';
import type { FutexState, FutexWaiter, PiState, PiWaiter } from '../futex-state.js';
import { type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { StructReader } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';


/**
 * get_futex_key: a FUTEX_PRIVATE_FLAG futex is keyed by (address space, address). Without the flag, MAP_SHARED
 * memory is keyed by where it lives, so processes sharing it meet; any other memory by (address space, address)
 * marked as a shared-style key (FUT_OFF_MMSHARED), which never matches a private key for the same word: a
 * private waiter is not woken by a shared wake, such as the kernel's own at thread exit (clear_child_tid,
 * robust lists) — which is why glibc waits on those words without the private flag.
 */
function futexKey(futexes: FutexState, as: AddressSpace, addr: number, isPrivate: boolean): string {
  as.read(addr, 4); // fault the page in (or EFAULT)
  if (!isPrivate && as.findVma(addr)?.shared) {
    const frame = as.readMap[addr >>> PAGE_SHIFT]!;
    return `s${frame + (addr & PAGE_MASK)}`;
  }
  return `${isPrivate ? 'p' : 'm'}${futexes.spaceId(as)}:${addr}`;
}

/** A futex wake from inside the kernel (clear_child_tid at thread exit, robust-list cleanup). */
export function futexWake(kernel: Kernel, as: AddressSpace, addr: number, count: number): number {
  try {
    return wakeKey(kernel, futexKey(kernel.futexes, as, addr, false), count);
  } catch {
    return 0;
  }
}

/** Wakes up to `count` waiters of `key` whose bitset intersects `bitset`; returns how many. */
function wake(c: SyscallContext, key: string, count: number, bitset: number = FUTEX.BITSET_MATCH_ANY): number {
  return wakeKey(c.kernel, key, count, bitset);
}

function wakeKey(kernel: Kernel, key: string, count: number, bitset: number = FUTEX.BITSET_MATCH_ANY): number {
  const q = kernel.futexes.queues.get(key);
  if (!q) return 0;
  let woken = 0;
  for (const w of [...q]) {
    if (woken >= count) break;
    // A task that died while queued (exit_group, a fatal signal) is no longer on any futex queue.
    if (w.thread.state === 'dead') { dequeue(kernel.futexes, w); continue; }
    if ((w.bitset & bitset) === 0) continue;
    dequeue(kernel.futexes, w);
    w.woken = true;
    wakeThread(w.thread);
    woken++;
  }
  return woken;
}

function dequeue(futexes: FutexState, w: FutexWaiter): void {
  const q = futexes.queues.get(w.key);
  if (!q) return;
  const i = q.indexOf(w);
  if (i >= 0) q.splice(i, 1);
  if (q.length === 0) futexes.queues.delete(w.key);
}

function readTimeout(c: SyscallContext, addr: number, wide: boolean): bigint | number {
  const r = new StructReader(c.as.read(addr, wide ? KernelTimespec.size : Timespec.size));
  const sec = wide ? r.i64(KernelTimespec.tv_sec) : BigInt(r.i32(Timespec.tv_sec));
  const nsec = BigInt(r.i32(wide ? KernelTimespec.tv_nsec : Timespec.tv_nsec));
  if (sec < 0n || nsec < 0n || nsec >= 1_000_000_000n) return -Errno.EINVAL;
  return sec * 1_000_000_000n + nsec;
}

function wait(c: SyscallContext, addr: number, expected: number, timeoutAddr: number, bitset: number, op: number, flags: number, wide: boolean): SyscallResult {
  if ((addr & 3) !== 0) return -Errno.EINVAL;
  if (bitset === 0) return -Errno.EINVAL;
  const key = futexKey(c.kernel.futexes, c.as, addr, (flags & FUTEX.PRIVATE_FLAG) !== 0);
  if ((c.as.readU32(addr) | 0) !== (expected | 0)) return -Errno.EAGAIN;
  let deadlineNs: bigint | undefined;
  if (timeoutAddr !== 0) {
    const t = readTimeout(c, timeoutAddr, wide);
    if (typeof t === 'number') return t;
    const clock = c.kernel.time;
    // FUTEX_WAIT takes a relative timeout; WAIT_BITSET an absolute one on the chosen clock.
    if (op === FUTEX.WAIT) deadlineNs = clock.monotonicNs() + t;
    else if ((flags & FUTEX.CLOCK_REALTIME) !== 0) deadlineNs = clock.monotonicNs() + (t - clock.realtimeNs());
    else deadlineNs = t;
  }
  const waiter: FutexWaiter = { thread: c.thread, bitset, key, woken: false };
  const queues = c.kernel.futexes.queues;
  const q = queues.get(key) ?? [];
  q.push(waiter);
  queues.set(key, q);
  c.kernel.blockThread(c.thread, {
    kind: 'futex',
    waiter,
    reason: `futex_wait(0x${addr.toString(16)})`,
    ...(deadlineNs !== undefined ? { deadlineNs } : {}),
  });
  return BLOCKED;
}

/** The end of a FUTEX_WAIT sleep: 0 if a wake took the waiter off its queue, else the timeout or the signal. */
export function completeFutexWait(kernel: Kernel, _thread: Thread, wait: WaitOf<'futex'>, reason: WakeReason): number {
  const waiter = wait.waiter;
  dequeue(kernel.futexes, waiter);
  if (waiter.woken) return 0;
  if (reason === 'timeout') return -Errno.ETIMEDOUT;
  // Interrupted: restartable with SA_RESTART (futex_wait's -ERESTARTSYS; with a timeout Linux restarts
  // through the restart block with the same absolute deadline — re-issuing with the relative time is close).
  return -KernelErrno.ERESTARTSYS;
}

/** FUTEX_WAKE_OP's operation on the second word, then the comparison that decides the second wake. */
function wakeOp(c: SyscallContext, addr2: number, encoded: number): boolean {
  const op = (encoded >>> 28) & 7;
  const cmp = (encoded >>> 24) & 15;
  let oparg = (encoded << 8) >> 20;
  const cmparg = (encoded << 20) >> 20;
  if ((encoded >>> 31) & 1) oparg = 1 << (oparg & 31); // FUTEX_OP_OPARG_SHIFT
  const old = c.as.readU32(addr2) | 0;
  const next = [oparg, old + oparg, old | oparg, old & ~oparg, old ^ oparg][op] ?? old;
  c.as.writeU32(addr2, next);
  switch (cmp) {
    case FUTEX.OP_CMP_EQ: return old === cmparg;
    case FUTEX.OP_CMP_NE: return old !== cmparg;
    case FUTEX.OP_CMP_LT: return old < cmparg;
    case FUTEX.OP_CMP_LE: return old <= cmparg;
    case FUTEX.OP_CMP_GT: return old > cmparg;
    case FUTEX.OP_CMP_GE: return old >= cmparg;
    default: return false;
  }
}

function requeue(c: SyscallContext, from: string, to: string, wakeCount: number, requeueCount: number): number {
  const woken = wake(c, from, wakeCount);
  const queues = c.kernel.futexes.queues;
  const q = queues.get(from) ?? [];
  const moving = q.slice(0, Math.max(0, requeueCount));
  for (const w of moving) {
    dequeue(c.kernel.futexes, w);
    w.key = to;
    const target = queues.get(to) ?? [];
    target.push(w);
    queues.set(to, target);
  }
  return woken + moving.length;
}

// ---------------------------------------------------------------------- priority-inheritance futexes

function dropPiWaiter(futexes: FutexState, w: PiWaiter): void {
  const q = w.state.waiters;
  const i = q.indexOf(w);
  if (i >= 0) q.splice(i, 1);
  if (q.length === 0 && futexes.piStates.get(w.state.key) === w.state) futexes.piStates.delete(w.state.key);
}

/** The first waiter still alive (a task killed while it slept is no longer queued). */
function topPiWaiter(state: PiState): PiWaiter | undefined {
  while (state.waiters.length > 0) {
    const w = state.waiters[0]!;
    if (w.thread.state !== 'dead') return w;
    state.waiters.shift();
  }
  return undefined;
}

/** Makes `w` the owner in the kernel's books and ends its sleep: its LOCK_PI returns 0. */
function handOver(kernel: Kernel, state: PiState, w: PiWaiter): void {
  const i = state.waiters.indexOf(w);
  if (i >= 0) state.waiters.splice(i, 1);
  state.owner = w.thread;
  w.granted = true;
  const piStates = kernel.futexes.piStates;
  if (state.waiters.length === 0 && piStates.get(state.key) === state) piStates.delete(state.key);
  wakeThread(w.thread);
}

/**
 * FUTEX_LOCK_PI / LOCK_PI2 / TRYLOCK_PI (futex_lock_pi): user space failed its 0 -> TID compare-and-swap. A word
 * with no owner TID is taken (keeping FUTEX_OWNER_DIED, so a robust mutex's next owner learns of the death);
 * our own TID is EDEADLK; otherwise FUTEX_WAITERS is set so the owner's unlock comes to the kernel, and the caller
 * sleeps until the lock is handed to it, its absolute timeout passes (ETIMEDOUT) or a signal arrives (the call is
 * restarted: ERESTARTNOINTR). An owner TID that names no live task is ESRCH.
 */
function lockPi(c: SyscallContext, addr: number, raw: number, op: number, wide: boolean): SyscallResult {
  const trylock = op === FUTEX.TRYLOCK_PI;
  let deadlineNs: bigint | undefined;
  const timeoutAddr = u32(c, 3);
  if (!trylock && timeoutAddr !== 0) {
    const t = readTimeout(c, timeoutAddr, wide);
    if (typeof t === 'number') return t;
    // Absolute: LOCK_PI on CLOCK_REALTIME; LOCK_PI2 on CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME.
    const clock = c.kernel.time;
    const realtime = op === FUTEX.LOCK_PI || (raw & FUTEX.CLOCK_REALTIME) !== 0;
    deadlineNs = realtime ? clock.monotonicNs() + (t - clock.realtimeNs()) : t;
  }
  if ((addr & 3) !== 0) return -Errno.EINVAL;
  const key = futexKey(c.kernel.futexes, c.as, addr, (raw & FUTEX.PRIVATE_FLAG) !== 0);
  const piStates = c.kernel.futexes.piStates;
  const tid = c.thread.tid;
  const uval = c.as.readU32(addr);
  if ((uval & FUTEX.TID_MASK) === tid) return -Errno.EDEADLK;
  let state = piStates.get(key);
  if (state && !topPiWaiter(state)) {
    piStates.delete(key);
    state = undefined;
  }
  if (!state) {
    if ((uval & FUTEX.TID_MASK) === 0) {
      // Nobody owns it and nobody waits: take it, preserving the owner-died bit.
      c.as.writeU32(addr, ((uval & FUTEX.OWNER_DIED) | tid) >>> 0);
      return 0;
    }
    // First waiter: FUTEX_WAITERS goes into the word before looking for the owner (it stays if that fails).
    c.as.writeU32(addr, (uval | FUTEX.WAITERS) >>> 0);
    const owner = c.kernel.findThread(uval & FUTEX.TID_MASK);
    if (!owner) return -Errno.ESRCH;
    state = { key, as: c.as, addr, owner, waiters: [] };
  }
  if (trylock) return -Errno.EAGAIN; // EWOULDBLOCK
  piStates.set(key, state);
  const waiter: PiWaiter = { thread: c.thread, state, granted: false };
  state.waiters.push(waiter);
  c.kernel.blockThread(c.thread, {
    kind: 'futexLockPi',
    waiter,
    reason: `futex_lock_pi(0x${addr.toString(16)})`,
    ...(deadlineNs !== undefined ? { deadlineNs } : {}),
  });
  return BLOCKED;
}

/** The end of a LOCK_PI sleep: 0 once the lock was handed over, else the timeout, or a restart after a signal. */
export function completeLockPi(kernel: Kernel, _thread: Thread, wait: WaitOf<'futexLockPi'>, reason: WakeReason): number {
  const waiter = wait.waiter;
  if (waiter.granted) return 0;
  dropPiWaiter(kernel.futexes, waiter);
  return reason === 'timeout' ? -Errno.ETIMEDOUT : -KernelErrno.ERESTARTNOINTR;
}

/**
 * FUTEX_UNLOCK_PI (futex_unlock_pi): only the owner may unlock (EPERM). With a waiter, the lock goes straight to
 * it: the word becomes its TID with FUTEX_WAITERS ("kept enabled while there is PI state around"), the owner-died
 * bit cleared; with none, the word becomes 0.
 */
function unlockPi(c: SyscallContext, addr: number, raw: number): SyscallResult {
  const uval = c.as.readU32(addr);
  if ((uval & FUTEX.TID_MASK) !== c.thread.tid) return -Errno.EPERM;
  if ((addr & 3) !== 0) return -Errno.EINVAL;
  const key = futexKey(c.kernel.futexes, c.as, addr, (raw & FUTEX.PRIVATE_FLAG) !== 0);
  const piStates = c.kernel.futexes.piStates;
  const state = piStates.get(key);
  const next = state ? topPiWaiter(state) : undefined;
  if (state && next) {
    if (state.owner !== c.thread) return -Errno.EINVAL; // the word and the kernel's state disagree
    c.as.writeU32(addr, (next.thread.tid | FUTEX.WAITERS) >>> 0);
    handOver(c.kernel, state, next);
    return 0;
  }
  if (state) piStates.delete(key);
  c.as.writeU32(addr, 0);
  return 0;
}

/**
 * exit_pi_state_list: PI locks the kernel knows `thread` owns (those with waiters) pass to their first waiter,
 * whose word then carries FUTEX_OWNER_DIED (fixup_pi_state_owner, the previous owner being gone). Runs after the
 * robust list has been walked.
 */
export function exitPiStates(kernel: Kernel, thread: Thread): void {
  const piStates = kernel.futexes.piStates;
  for (const state of [...piStates.values()]) {
    if (state.owner !== thread) continue;
    state.owner = undefined;
    const next = topPiWaiter(state);
    if (!next) {
      piStates.delete(state.key);
      continue;
    }
    try {
      state.as.writeU32(state.addr, (next.thread.tid | FUTEX.WAITERS | FUTEX.OWNER_DIED) >>> 0);
    } catch {
      // The word is gone (unmapped): the waiter still gets the lock, as it gets the rt_mutex on Linux.
    }
    handOver(kernel, state, next);
  }
}

/** FUTEX_WAKE on a word that has PI waiters is an error (futex_wake: a pi_state on the queue gives EINVAL). */
function hasPiWaiters(futexes: FutexState, key: string): boolean {
  const state = futexes.piStates.get(key);
  return state !== undefined && topPiWaiter(state) !== undefined;
}

const futex = (wide: boolean) => (c: SyscallContext): SyscallResult => {
  const addr = u32(c, 0);
  const raw = u32(c, 1);
  const op = raw & FUTEX.CMD_MASK;
  const isPrivate = (raw & FUTEX.PRIVATE_FLAG) !== 0;
  const val = s32(c, 2);
  const keyOf = (word: number): string => futexKey(c.kernel.futexes, c.as, word, isPrivate);
  if ((raw & FUTEX.CLOCK_REALTIME) !== 0 && op !== FUTEX.WAIT_BITSET && op !== FUTEX.WAIT_REQUEUE_PI && op !== FUTEX.LOCK_PI2) {
    return -Errno.ENOSYS;
  }
  switch (op) {
    case FUTEX.WAIT: return wait(c, addr, val, u32(c, 3), FUTEX.BITSET_MATCH_ANY, op, raw, wide);
    case FUTEX.WAIT_BITSET: return wait(c, addr, val, u32(c, 3), u32(c, 5), op, raw, wide);
    case FUTEX.WAKE: {
      const key = keyOf(addr);
      if (hasPiWaiters(c.kernel.futexes, key)) return -Errno.EINVAL;
      return wake(c, key, Math.max(0, val));
    }
    case FUTEX.LOCK_PI:
    case FUTEX.LOCK_PI2:
    case FUTEX.TRYLOCK_PI:
      return lockPi(c, addr, raw, op, wide);
    case FUTEX.UNLOCK_PI:
      return unlockPi(c, addr, raw);
    case FUTEX.WAKE_BITSET:
      if (u32(c, 5) === 0) return -Errno.EINVAL;
      return wake(c, keyOf(addr), Math.max(0, val), u32(c, 5));
    case FUTEX.REQUEUE:
      return requeue(c, keyOf(addr), keyOf(u32(c, 4)), val, s32(c, 3));
    case FUTEX.CMP_REQUEUE:
      if ((c.as.readU32(addr) | 0) !== s32(c, 5)) return -Errno.EAGAIN;
      return requeue(c, keyOf(addr), keyOf(u32(c, 4)), val, s32(c, 3));
    case FUTEX.WAKE_OP: {
      const addr2 = u32(c, 4);
      const second = wakeOp(c, addr2, u32(c, 5));
      let n = wake(c, keyOf(addr), Math.max(0, val));
      if (second) n += wake(c, keyOf(addr2), Math.max(0, s32(c, 3)));
      return n;
    }
    default:
      return -Errno.ENOSYS;
  }
};

export const FUTEX_SYSCALLS: SyscallFamily = { futex: futex(false), futex_time64: futex(true) };
