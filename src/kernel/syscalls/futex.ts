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
import { BLOCKED } from '../wait.js';
import { type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { StructReader } from './guest-struct.js';
import { registerSyscalls } from './registry.js';

interface Waiter {
  thread: Thread;
  bitset: number;
  key: string;
  woken: boolean;
}

const queues = new Map<string, Waiter[]>();
const spaceIds = new WeakMap<AddressSpace, number>();
let nextSpaceId = 1;

/**
 * get_futex_key: a futex in memory no other address space shares is keyed by (address space, address), whatever
 * the PRIVATE flag says; only MAP_SHARED memory is keyed by where it lives, so processes sharing it meet.
 */
export function futexKey(as: AddressSpace, addr: number, isPrivate: boolean): string {
  as.read(addr, 4); // fault the page in (or EFAULT)
  if (!isPrivate && as.findVma(addr)?.shared) {
    const frame = as.readMap[addr >>> PAGE_SHIFT]!;
    return `s${frame + (addr & PAGE_MASK)}`;
  }
  let id = spaceIds.get(as);
  if (id === undefined) { id = nextSpaceId++; spaceIds.set(as, id); }
  return `p${id}:${addr}`;
}

/** A futex wake from inside the kernel (clear_child_tid at thread exit, robust-list cleanup). */
export function futexWake(kernel: Kernel, as: AddressSpace, addr: number, count: number): number {
  try {
    return wakeKey(kernel, futexKey(as, addr, false), count);
  } catch {
    return 0;
  }
}

/** Wakes up to `count` waiters of `key` whose bitset intersects `bitset`; returns how many. */
function wake(c: SyscallContext, key: string, count: number, bitset: number = FUTEX.BITSET_MATCH_ANY): number {
  return wakeKey(c.kernel, key, count, bitset);
}

function wakeKey(kernel: Kernel, key: string, count: number, bitset: number = FUTEX.BITSET_MATCH_ANY): number {
  const q = queues.get(key);
  if (!q) return 0;
  let woken = 0;
  for (const w of [...q]) {
    if (woken >= count) break;
    // A task that died while queued (exit_group, a fatal signal) is no longer on any futex queue.
    if (w.thread.state === 'dead') { dequeue(w); continue; }
    if ((w.bitset & bitset) === 0) continue;
    dequeue(w);
    w.woken = true;
    kernel.wakeThread(w.thread);
    woken++;
  }
  return woken;
}

function dequeue(w: Waiter): void {
  const q = queues.get(w.key);
  if (!q) return;
  const i = q.indexOf(w);
  if (i >= 0) q.splice(i, 1);
  if (q.length === 0) queues.delete(w.key);
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
  const key = futexKey(c.as, addr, (flags & FUTEX.PRIVATE_FLAG) !== 0);
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
  const waiter: Waiter = { thread: c.thread, bitset, key, woken: false };
  const q = queues.get(key) ?? [];
  q.push(waiter);
  queues.set(key, q);
  c.kernel.blockThread(c.thread, {
    reason: `futex_wait(0x${addr.toString(16)})`,
    ...(deadlineNs !== undefined ? { deadlineNs } : {}),
    complete: (reason) => {
      dequeue(waiter);
      if (waiter.woken) return 0;
      if (reason === 'timeout') return -Errno.ETIMEDOUT;
      // Interrupted: restartable with SA_RESTART (futex_wait's -ERESTARTSYS; with a timeout Linux restarts
      // through the restart block with the same absolute deadline — re-issuing with the relative time is close).
      return -KernelErrno.ERESTARTSYS;
    },
  });
  return BLOCKED;
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
  const q = queues.get(from) ?? [];
  const moving = q.slice(0, Math.max(0, requeueCount));
  for (const w of moving) {
    dequeue(w);
    w.key = to;
    const target = queues.get(to) ?? [];
    target.push(w);
    queues.set(to, target);
  }
  return woken + moving.length;
}

const futex = (wide: boolean) => (c: SyscallContext): SyscallResult => {
  const addr = u32(c, 0);
  const raw = u32(c, 1);
  const op = raw & FUTEX.CMD_MASK;
  const isPrivate = (raw & FUTEX.PRIVATE_FLAG) !== 0;
  const val = s32(c, 2);
  if ((raw & FUTEX.CLOCK_REALTIME) !== 0 && op !== FUTEX.WAIT_BITSET && op !== FUTEX.WAIT_REQUEUE_PI && op !== FUTEX.LOCK_PI2) {
    return -Errno.ENOSYS;
  }
  switch (op) {
    case FUTEX.WAIT: return wait(c, addr, val, u32(c, 3), FUTEX.BITSET_MATCH_ANY, op, raw, wide);
    case FUTEX.WAIT_BITSET: return wait(c, addr, val, u32(c, 3), u32(c, 5), op, raw, wide);
    case FUTEX.WAKE: return wake(c, futexKey(c.as, addr, isPrivate), Math.max(0, val));
    case FUTEX.WAKE_BITSET:
      if (u32(c, 5) === 0) return -Errno.EINVAL;
      return wake(c, futexKey(c.as, addr, isPrivate), Math.max(0, val), u32(c, 5));
    case FUTEX.REQUEUE:
      return requeue(c, futexKey(c.as, addr, isPrivate), futexKey(c.as, u32(c, 4), isPrivate), val, s32(c, 3));
    case FUTEX.CMP_REQUEUE:
      if ((c.as.readU32(addr) | 0) !== s32(c, 5)) return -Errno.EAGAIN;
      return requeue(c, futexKey(c.as, addr, isPrivate), futexKey(c.as, u32(c, 4), isPrivate), val, s32(c, 3));
    case FUTEX.WAKE_OP: {
      const addr2 = u32(c, 4);
      const second = wakeOp(c, addr2, u32(c, 5));
      let n = wake(c, futexKey(c.as, addr, isPrivate), Math.max(0, val));
      if (second) n += wake(c, futexKey(c.as, addr2, isPrivate), Math.max(0, s32(c, 3)));
      return n;
    }
    default:
      return -Errno.ENOSYS;
  }
};

registerSyscalls({ futex: futex(false), futex_time64: futex(true) });
