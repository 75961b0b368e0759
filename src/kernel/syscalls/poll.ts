/**
 * Waiting for file readiness (fs/select.c): poll, ppoll (time32) and ppoll_time64, select through _newselect (old
 * timeval), pselect6 and pselect6_time64.
 *
 * Every call is one loop, as do_poll/do_select are: a pass asks each file's poll() (OpenFile) what it is ready for;
 * if something is, or the timeout is zero or over, the call ends; if a signal is pending it ends with
 * -ERESTARTNOHAND; otherwise the thread sleeps (BLOCKED) until a watched file changes so that a pass would find
 * something (the check runs in the waker, so the sleeper is not woken for changes it does not care about), the
 * timeout passes, or a signal arrives, and then makes one last pass. Timeouts are absolute ends on the monotonic
 * clock (poll_select_set_timeout), 0n meaning "do not wait" and undefined "wait forever".
 *
 * After a signal: poll returns -ERESTART_RESTARTBLOCK and restart_syscall continues it with the time left
 * (do_restart_poll); select, pselect and ppoll return -ERESTARTNOHAND after writing the time left into the user's
 * timeout (poll_select_finish), so a re-issued call waits only for the rest. With a handler each is EINTR.
 * pselect/ppoll's mask is installed for the call and restored on return (restore_saved_sigmask_unless), except
 * when interrupted: then signal delivery restores it (TIF_RESTORE_SIGMASK), after a handler saw it in force.
 *
 * A wake whose event another thread took away before this one ran (two readers of one pipe) cannot sleep again in
 * place; the call then continues through restart_syscall, with the same end time and mask (strace shows a
 * restart_syscall there).
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { POLL, RLIMIT } from '../../abi/flags.js';
import { KernelTimespec, Pollfd, Timespec, Timeval } from '../../abi/layouts.js';
import { SIGSET_SIZE } from '../../abi/signals.js';
import { GuestFault } from '../../mm/address-space.js';
import type { FdTable } from '../fs/fd-table.js';
import type { OpenFile } from '../fs/file.js';
import { PathFile } from '../fs/path-file.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { hasDeliverableSignal } from '../signal/deliver.js';
import { UNBLOCKABLE } from '../signal/send.js';
import {
  BLOCKED, wakeThread, type FileWaiter, type PollCall, type PollEntry, type PollScan, type RestartOf, type TimeFormat,
  type WaitOf, type WakeReason,
} from '../wait.js';
import { type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { StructReader, StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';
import { readSigset } from './signals.js';

const NS = 1_000_000_000n;

/**
 * select's event classes (fs/select.c POLLIN_SET, POLLOUT_SET, POLLEX_SET), in the guest's bit values. POLLNVAL is
 * in all three since commit 68514dacf271 ("select: Fix indefinitely sleeping task in poll_schedule_timeout()",
 * 5.17, backported to the stable kernels from 4.19): a descriptor without a file (an O_PATH one, or one closed
 * after the EBADF check) counts as ready in every set it was asked in.
 */
const POLLIN_SET = POLL.RDNORM | POLL.RDBAND | POLL.IN | POLL.HUP | POLL.ERR | POLL.NVAL;
const POLLOUT_SET = POLL.WRBAND | POLL.WRNORM | POLL.OUT | POLL.ERR | POLL.NVAL;
const POLLEX_SET = POLL.PRI | POLL.NVAL;

/** A user copy that may fault: undefined instead of the GuestFault. */
function userAccess<T>(copy: () => T): T | undefined {
  try {
    return copy();
  } catch (e) {
    if (e instanceof GuestFault) return undefined;
    throw e;
  }
}

/** fdget as poll and select use it: no file for a descriptor that is not open or is an O_PATH one (FMODE_PATH). */
function pollable(fds: FdTable, fd: number): OpenFile | undefined {
  const f = fds.get(fd);
  return f instanceof PathFile ? undefined : f;
}

/**
 * poll_select_set_timeout: the absolute end of a relative timeout; EINVAL unless seconds >= 0 and 0 <= nanoseconds
 * < 1e9 (timespec64_valid). A zero timeout gives 0n: "just check, do not wait".
 */
function endTime(c: SyscallContext, sec: bigint, nsec: bigint): bigint | number {
  if (sec < 0n || nsec < 0n || nsec >= NS) return -Errno.EINVAL;
  if (sec === 0n && nsec === 0n) return 0n;
  return c.kernel.time.monotonicNs() + sec * NS + nsec;
}

/**
 * Reads a timespec argument: get_old_timespec32 for the time32 calls; get_timespec64 for the time64 ones, which on
 * a 32-bit kernel keeps only the low word of tv_nsec. Undefined on a fault.
 */
function readTimespec(c: SyscallContext, addr: number, wide: boolean): { sec: bigint; nsec: bigint } | undefined {
  const raw = userAccess(() => c.as.read(addr, wide ? KernelTimespec.size : Timespec.size));
  if (!raw) return undefined;
  const r = new StructReader(raw);
  return wide
    ? { sec: r.i64(KernelTimespec.tv_sec), nsec: BigInt(r.i32(KernelTimespec.tv_nsec)) }
    : { sec: BigInt(r.i32(Timespec.tv_sec)), nsec: BigInt(r.i32(Timespec.tv_nsec)) };
}

/** set_user_sigmask's checks: no mask (undefined), EINVAL for a size other than the kernel's sigset_t, EFAULT. */
function readUserSigmask(c: SyscallContext, addr: number, size: number): bigint | undefined | number {
  if (addr === 0) return undefined;
  if (size !== SIGSET_SIZE) return -Errno.EINVAL;
  const mask = userAccess(() => readSigset(c, addr));
  return mask === undefined ? -Errno.EFAULT : mask;
}

/** set_user_sigmask: the call's mask is in force until it returns; the old one is kept to be restored. */
function installSigmask(thread: Thread, mask: bigint): void {
  thread.savedSigmask = thread.sigmask;
  thread.sigmask = mask & ~UNBLOCKABLE;
}

/**
 * poll_select_finish: restores the mask unless the call was interrupted (signal delivery restores it then), and
 * writes the time left into the user's timeout — not for a zero timeout; if that write faults, an interrupted call
 * becomes EINTR, since re-issuing it would wait the whole timeout again.
 */
function pollSelectFinish(c: SyscallContext, end: bigint | undefined, userTimeout: number, format: TimeFormat,
  maskInstalled: boolean, ret: number): number {
  const t = c.thread;
  if (maskInstalled && ret !== -KernelErrno.ERESTARTNOHAND && t.savedSigmask !== undefined) {
    t.sigmask = t.savedSigmask;
    t.savedSigmask = undefined;
  }
  if (userTimeout === 0 || end === undefined || end === 0n) return ret;
  let left = end - c.kernel.time.monotonicNs();
  if (left < 0n) left = 0n;
  const sec = left / NS;
  const nsec = left % NS;
  let bytes: Uint8Array;
  if (format === 'timeval') {
    bytes = new StructWriter(Timeval.size).i32(Timeval.tv_sec, Number(BigInt.asIntN(32, sec)))
      .i32(Timeval.tv_usec, Number(nsec / 1000n)).bytes;
  } else if (format === 'timespec32') {
    bytes = new StructWriter(Timespec.size).i32(Timespec.tv_sec, Number(BigInt.asIntN(32, sec)))
      .i32(Timespec.tv_nsec, Number(nsec)).bytes;
  } else {
    bytes = new StructWriter(KernelTimespec.size).i64(KernelTimespec.tv_sec, sec).i64(KernelTimespec.tv_nsec, nsec).bytes;
  }
  const written = userAccess(() => { c.as.write(userTimeout, bytes); return true; });
  if (!written && ret === -KernelErrno.ERESTARTNOHAND) return -Errno.EINTR;
  return ret;
}

/**
 * Enters a call (again, after a wake-up that found nothing or through restart_syscall): installs its mask, copies
 * its descriptors in, and makes a pass, sleeping if nothing is ready.
 */
function enterPoll(c: SyscallContext, call: PollCall): SyscallResult {
  if (call.mask !== undefined) installSigmask(c.thread, call.mask);
  const scan = call.family === 'poll' ? readPollfds(c, call) : readFdSets(c, call);
  if (typeof scan === 'number') return endCall(c, call, scan);
  return waitForEvents(c, call, scan);
}

/**
 * How a call ends with `ret`: poll continues through restart_syscall after a signal without a handler; the others
 * go through poll_select_finish.
 */
function endCall(c: SyscallContext, call: PollCall, ret: number): number {
  if (call.ending === 'timeLeft') {
    return pollSelectFinish(c, call.end, call.userTimeout, call.format, call.mask !== undefined, ret);
  }
  if (ret !== -KernelErrno.ERESTARTNOHAND) return ret;
  c.thread.restartBlock = { kind: 'poll', call };
  return -KernelErrno.ERESTART_RESTARTBLOCK;
}

/** A pass, and the call's result if it ends now: something is ready, a signal is pending, or time is up. */
function settle(c: SyscallContext, call: PollCall, scan: PollScan, timedOut: boolean): number | undefined {
  let count = scanReady(c.process.fds, scan);
  if (count === 0 && hasDeliverableSignal(c.thread)) count = -KernelErrno.ERESTARTNOHAND;
  return count !== 0 || timedOut ? finishScan(c, call, scan, count) : undefined;
}

function waitForEvents(c: SyscallContext, call: PollCall, scan: PollScan): SyscallResult {
  const thread = c.thread;
  const end = call.end;
  const expired = end !== undefined && (end === 0n || end <= c.kernel.time.monotonicNs());
  const now = settle(c, call, scan, expired);
  if (now !== undefined) return now;
  const watching: FileWaiter[] = [];
  for (const file of new Set(watchedFiles(c.process.fds, scan))) {
    if (!file.whenReady) continue;
    const waiter: FileWaiter = { kind: 'pollRescan', thread, file };
    watching.push(waiter);
    file.whenReady(waiter);
  }
  c.kernel.blockThread(thread, {
    kind: 'pollFiles', call, scan, watching, reason: call.family, ...(end !== undefined ? { deadlineNs: end } : {}),
  });
  return BLOCKED;
}

/**
 * A watched file changed while the call sleeps: the pass runs in the waker, so the sleeper is woken only if it
 * now finds something; otherwise it watches the file again.
 */
export function rescanPoll(waiter: FileWaiter): void {
  const thread = waiter.thread;
  const wait = thread.wait;
  if (thread.state !== 'blocked' || wait?.kind !== 'pollFiles') return;
  if (scanReady(thread.process.fds, wait.scan) > 0) wakeThread(thread);
  else waiter.file.whenReady!(waiter);
}

/**
 * The end of the sleep: the watches are withdrawn and a last pass decides. A wake whose event another thread took
 * away before this one ran cannot sleep again in place: the call continues through restart_syscall.
 */
export function completePoll(kernel: Kernel, thread: Thread, wait: WaitOf<'pollFiles'>, why: WakeReason): number {
  for (const waiter of wait.watching) waiter.file.unwatch?.(waiter);
  const c: SyscallContext = { kernel, thread, process: thread.process, as: thread.process.as, args: new Int32Array(8) };
  const result = settle(c, wait.call, wait.scan, why === 'timeout');
  if (result !== undefined) return result;
  thread.restartBlock = { kind: 'poll', call: wait.call };
  return -KernelErrno.ERESTART_RESTARTBLOCK;
}

/** restart_syscall after an interrupted poll, or a wake-up that found nothing: the same call, until the same end. */
export function restartPoll(c: SyscallContext, block: RestartOf<'poll'>): SyscallResult {
  return enterPoll(c, block.call);
}

/** One pass over the descriptors, keeping its results in the scan: how many events are ready. */
function scanReady(fds: FdTable, scan: PollScan): number {
  let count = 0;
  if (scan.family === 'poll') {
    for (const e of scan.entries) {
      e.revents = pollOne(fds, e);
      if (e.revents !== 0) count++;
    }
    return count;
  }
  const [ins, outs, exs] = scan.sets;
  const results = scan.results;
  for (const r of results) r.fill(0);
  for (const fd of scan.wanted) {
    const w = fd >>> 5;
    const bit = 1 << (fd & 31);
    const f = pollable(fds, fd);
    const mask = f ? f.poll() : POLL.NVAL;
    if ((mask & POLLIN_SET) !== 0 && (ins[w]! & bit) !== 0) { results[0][w]! |= bit; count++; }
    if ((mask & POLLOUT_SET) !== 0 && (outs[w]! & bit) !== 0) { results[1][w]! |= bit; count++; }
    if ((mask & POLLEX_SET) !== 0 && (exs[w]! & bit) !== 0) { results[2][w]! |= bit; count++; }
  }
  return count;
}

/** The files a sleeper watches (those whose readiness can change implement whenReady). */
function watchedFiles(fds: FdTable, scan: PollScan): OpenFile[] {
  const descriptors = scan.family === 'poll' ? scan.entries.map((e) => e.fd) : scan.wanted;
  const watched: OpenFile[] = [];
  for (const fd of descriptors) {
    const f = fd >= 0 ? pollable(fds, fd) : undefined;
    if (f) watched.push(f);
  }
  return watched;
}

/** Copies the last pass's results out and gives the call's result; `count` may be -ERESTARTNOHAND. */
function finishScan(c: SyscallContext, call: PollCall, scan: PollScan, count: number): number {
  if (scan.family === 'poll') {
    const written = userAccess(() => {
      scan.entries.forEach((e, i) => c.as.write(call.ufds + i * Pollfd.size + Pollfd.revents, new StructWriter(2).u16(0, e.revents).bytes));
      return true;
    });
    return endCall(c, call, written ? count : -Errno.EFAULT);
  }
  if (count < 0) return endCall(c, call, count);
  const written = userAccess(() => {
    call.addrs.forEach((addr, i) => {
      const words = scan.results[i]!.length;
      if (addr === 0 || words === 0) return;
      const out = new StructWriter(words * 4);
      scan.results[i]!.forEach((word, j) => out.u32(j * 4, word));
      c.as.write(addr, out.bytes);
    });
    return true;
  });
  return endCall(c, call, written ? count : -Errno.EFAULT);
}

// ---------------------------------------------------------------------- poll and ppoll

/**
 * do_pollfd: a negative fd is skipped (revents 0); a descriptor with no file is POLLNVAL; otherwise the file's
 * events filtered by the requested ones (a 16-bit field) plus POLLERR and POLLHUP, which are always reported.
 */
function pollOne(fds: FdTable, e: PollEntry): number {
  if (e.fd < 0) return 0;
  const f = pollable(fds, e.fd);
  if (!f) return POLL.NVAL;
  return f.poll() & (e.events | POLL.ERR | POLL.HUP) & 0xffff;
}

/**
 * do_sys_poll: EINVAL for more entries than RLIMIT_NOFILE, EFAULT for an unreadable array; the result is the number
 * of entries with a non-zero revents, and every entry's revents is written back, even when the call is interrupted.
 */
function readPollfds(c: SyscallContext, call: PollCall): PollScan | number {
  const { ufds, nfds } = call;
  if (BigInt(nfds) > c.process.rlimits[RLIMIT.NOFILE]![0]) return -Errno.EINVAL;
  const raw = nfds === 0 ? new Uint8Array(0) : userAccess(() => c.as.read(ufds, nfds * Pollfd.size));
  if (!raw) return -Errno.EFAULT;
  const r = new StructReader(raw);
  const entries: PollEntry[] = [];
  for (let i = 0; i < nfds; i++) {
    const at = i * Pollfd.size;
    entries.push({ fd: r.i32(at + Pollfd.fd), events: r.u32(at + Pollfd.events) & 0xffff, revents: 0 });
  }
  return { family: 'poll', entries };
}

/** poll's calls have no fd_set addresses. */
const NO_FDSETS: [number, number, number] = [0, 0, 0];

/** poll(fds, nfds, timeout in ms): a negative timeout waits forever; restart_syscall continues it after a signal. */
function poll(c: SyscallContext): SyscallResult {
  const ms = s32(c, 2);
  let end: bigint | undefined;
  if (ms >= 0) end = endTime(c, BigInt(Math.trunc(ms / 1000)), BigInt(ms % 1000) * 1_000_000n) as bigint;
  return enterPoll(c, {
    family: 'poll', ufds: u32(c, 0), nfds: u32(c, 1), addrs: [...NO_FDSETS], end,
    ending: 'restartBlock', userTimeout: 0, format: 'timespec32', mask: undefined,
  });
}

/** ppoll(fds, nfds, timeout, sigmask, sigsetsize): NULL timeout waits forever; the time left is written back. */
const ppoll = (wide: boolean) => (c: SyscallContext): SyscallResult =>
  withTimeoutAndMask(c, u32(c, 2), wide, u32(c, 3), u32(c, 4), { family: 'poll', ufds: u32(c, 0), nfds: u32(c, 1), addrs: [...NO_FDSETS] });

/**
 * What ppoll and pselect6 share, in Linux's order: the timeout (tsp NULL waits forever) is read, then the temporary
 * signal mask; the call proper runs with the mask installed, and again on each wake-up.
 */
function withTimeoutAndMask(c: SyscallContext, tsp: number, wide: boolean, setAddr: number, setSize: number,
  what: Pick<PollCall, 'family' | 'ufds' | 'nfds' | 'addrs'>): SyscallResult {
  let end: bigint | undefined;
  if (tsp !== 0) {
    const ts = readTimespec(c, tsp, wide);
    if (!ts) return -Errno.EFAULT;
    const e = endTime(c, ts.sec, ts.nsec);
    if (typeof e === 'number') return e;
    end = e;
  }
  const mask = readUserSigmask(c, setAddr, setSize);
  if (typeof mask === 'number') return mask;
  return enterPoll(c, { ...what, end, ending: 'timeLeft', userTimeout: tsp, format: wide ? 'timespec64' : 'timespec32', mask });
}

// ---------------------------------------------------------------------- select and pselect6

const BITS = 32;

/**
 * The size of the descriptor table (fdt->max_fds), to which select clamps nfds: NR_OPEN_DEFAULT (BITS_PER_LONG =
 * 32) slots until a descriptor beyond them is needed, then alloc_fdtable's multiples of 1024 / sizeof(pointer) =
 * 256, rounded to a power of two. Linux's table never shrinks; this one is sized by the descriptors open now.
 */
function maxFds(c: SyscallContext): number {
  const open = c.process.fds.openDescriptors();
  const highest = open.length > 0 ? open[open.length - 1]! : -1;
  if (highest < BITS) return BITS;
  let pages = 1;
  while (pages < Math.floor(highest / 256) + 1) pages *= 2;
  return 256 * pages;
}

/**
 * core_sys_select: EINVAL for a negative n, which is then clamped to the table's size; the three sets are read as
 * whole 32-bit words (EFAULT), any set bit naming a closed descriptor is EBADF (max_select_fd); each ready event
 * counts once per set; the result sets are written back as whole words — bits at n and above cleared — unless the
 * call ends in an error or is interrupted with nothing ready.
 */
function readFdSets(c: SyscallContext, call: PollCall): PollScan | number {
  const nfds = call.nfds;
  if (nfds < 0) return -Errno.EINVAL;
  const n = Math.min(nfds, maxFds(c));
  const words = Math.ceil(n / BITS);
  const sets: Uint32Array[] = [];
  for (const addr of call.addrs) {
    if (addr === 0 || words === 0) {
      sets.push(new Uint32Array(words));
      continue;
    }
    const raw = userAccess(() => c.as.read(addr, words * 4));
    if (!raw) return -Errno.EFAULT;
    const r = new StructReader(raw);
    sets.push(Uint32Array.from({ length: words }, (_, i) => r.u32(i * 4)));
  }
  const [ins, outs, exs] = sets as [Uint32Array, Uint32Array, Uint32Array];
  const wanted: number[] = [];
  for (let fd = 0; fd < n; fd++) {
    const w = fd >>> 5;
    const bit = 1 << (fd & 31);
    if (((ins[w]! | outs[w]! | exs[w]!) & bit) === 0) continue;
    if (!c.process.fds.get(fd)) return -Errno.EBADF;
    wanted.push(fd);
  }
  return {
    family: 'select', wanted, sets: [ins, outs, exs],
    results: [new Uint32Array(words), new Uint32Array(words), new Uint32Array(words)],
  };
}

/** select through _newselect: the old timeval timeout (tv_usec may exceed a second), with the time left written back. */
function newselect(c: SyscallContext): SyscallResult {
  const n = s32(c, 0);
  const addrs: [number, number, number] = [u32(c, 1), u32(c, 2), u32(c, 3)];
  const tvp = u32(c, 4);
  let end: bigint | undefined;
  if (tvp !== 0) {
    const raw = userAccess(() => c.as.read(tvp, Timeval.size));
    if (!raw) return -Errno.EFAULT;
    const r = new StructReader(raw);
    const usec = r.i32(Timeval.tv_usec);
    // C's truncating division and remainder, as kern_select normalises the microseconds.
    const e = endTime(c, BigInt(r.i32(Timeval.tv_sec)) + BigInt(Math.trunc(usec / 1_000_000)), BigInt(usec % 1_000_000) * 1000n);
    if (typeof e === 'number') return e;
    end = e;
  }
  return enterPoll(c, { family: 'select', ufds: 0, nfds: n, addrs, end, ending: 'timeLeft', userTimeout: tvp, format: 'timeval', mask: undefined });
}

/**
 * pselect6(n, in, out, ex, timeout, argpack): the sixth argument points to { const sigset_t *set; size_t size }
 * (get_sigset_argpack), read before the timeout; a NULL set leaves the mask alone.
 */
const pselect6 = (wide: boolean) => (c: SyscallContext): SyscallResult => {
  const n = s32(c, 0);
  const addrs: [number, number, number] = [u32(c, 1), u32(c, 2), u32(c, 3)];
  const tsp = u32(c, 4);
  const pack = u32(c, 5);
  let setAddr = 0;
  let setSize = 0;
  if (pack !== 0) {
    const raw = userAccess(() => c.as.read(pack, 8));
    if (!raw) return -Errno.EFAULT;
    const r = new StructReader(raw);
    setAddr = r.u32(0);
    setSize = r.u32(4);
  }
  return withTimeoutAndMask(c, tsp, wide, setAddr, setSize, { family: 'select', ufds: 0, nfds: n, addrs });
};

export const POLL_SYSCALLS: SyscallFamily = {
  poll,
  ppoll: ppoll(false),
  ppoll_time64: ppoll(true),
  _newselect: newselect,
  pselect6: pselect6(false),
  pselect6_time64: pselect6(true),
};
