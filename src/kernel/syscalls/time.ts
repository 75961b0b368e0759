/**
 * Clocks and sleeps: clock_gettime(64), clock_getres(_time64), gettimeofday, time, nanosleep, clock_nanosleep.
 * Time-32 variants fail with EOVERFLOW past 2038 as Linux's put_old_timespec32 users do.
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { CLOCK, TIMER } from '../../abi/flags.js';
import { KernelTimespec, Timespec, Timeval, Timezone } from '../../abi/layouts.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { BLOCKED, type RestartOf, type WaitOf, type WakeReason } from '../wait.js';
import { TICK_NS } from '../time/timekeeper.js';
import { StructReader, StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';

const NS = 1_000_000_000n;
/** CPU-time clocks count retired instructions at a nominal 100 MHz (10 ns each). */
const NS_PER_INSTRUCTION = 10n;

/** The value of a clock in nanoseconds, or undefined for an invalid clock id. */
export function readClock(kernel: Kernel, thread: Thread, clock: number): bigint | undefined {
  const c = kernel.time;
  switch (clock) {
    case CLOCK.REALTIME:
    case CLOCK.REALTIME_ALARM:
    case CLOCK.TAI:
      return c.realtimeNs();
    case CLOCK.REALTIME_COARSE:
      return c.realtimeNs(kernel.coarseTick());
    case CLOCK.MONOTONIC:
    case CLOCK.MONOTONIC_RAW:
    case CLOCK.BOOTTIME:
    case CLOCK.BOOTTIME_ALARM:
      return c.monotonicNs();
    case CLOCK.MONOTONIC_COARSE:
      return c.monotonicNs(kernel.coarseTick());
    case CLOCK.PROCESS_CPUTIME_ID:
      return BigInt(thread.process.threads.reduce((n, t) => n + t.retired, 0)) * NS_PER_INSTRUCTION;
    case CLOCK.THREAD_CPUTIME_ID:
      return BigInt(thread.retired) * NS_PER_INSTRUCTION;
    default:
      return undefined;
  }
}

function clockResolution(clock: number): bigint | undefined {
  if (clock === CLOCK.REALTIME_COARSE || clock === CLOCK.MONOTONIC_COARSE) return TICK_NS;
  return clock >= 0 && clock <= CLOCK.TAI && clock !== CLOCK.SGI_CYCLE && clock !== 10 ? 1n : undefined;
}

export function writeTimespec32(c: Pick<SyscallContext, 'as'>, addr: number, ns: bigint): number {
  const sec = ns / NS;
  if (sec > 0x7fffffffn) return -Errno.EOVERFLOW;
  c.as.write(addr, new StructWriter(Timespec.size).i32(Timespec.tv_sec, Number(sec)).i32(Timespec.tv_nsec, Number(ns % NS)).bytes);
  return 0;
}

export function writeTimespec64(c: Pick<SyscallContext, 'as'>, addr: number, ns: bigint): number {
  c.as.write(addr, new StructWriter(KernelTimespec.size).i64(KernelTimespec.tv_sec, ns / NS).i64(KernelTimespec.tv_nsec, ns % NS).bytes);
  return 0;
}

/** Reads a timespec and validates it like timespec64_valid: nanoseconds in [0, 1e9), seconds >= 0. */
function readTimespec(c: SyscallContext, addr: number, wide: boolean): bigint | number {
  const r = new StructReader(c.as.read(addr, wide ? KernelTimespec.size : Timespec.size));
  const sec = wide ? r.i64(KernelTimespec.tv_sec) : BigInt(r.i32(Timespec.tv_sec));
  // A 32-bit process's 64-bit tv_nsec has its upper half ignored (get_timespec64 in compat mode).
  const nsec = wide ? BigInt(r.i32(KernelTimespec.tv_nsec)) : BigInt(r.i32(Timespec.tv_nsec));
  if (sec < 0n || nsec < 0n || nsec >= NS) return -Errno.EINVAL;
  return sec * NS + nsec;
}

const gettime = (wide: boolean) => (c: SyscallContext) => {
  const ns = readClock(c.kernel, c.thread, s32(c, 0));
  if (ns === undefined) return -Errno.EINVAL;
  return wide ? writeTimespec64(c, u32(c, 1), ns) : writeTimespec32(c, u32(c, 1), ns);
};

const getres = (wide: boolean) => (c: SyscallContext) => {
  const res = clockResolution(s32(c, 0));
  if (res === undefined) return -Errno.EINVAL;
  if (u32(c, 1) === 0) return 0;
  return wide ? writeTimespec64(c, u32(c, 1), res) : writeTimespec32(c, u32(c, 1), res);
};

function gettimeofday(c: SyscallContext) {
  const tv = u32(c, 0);
  const tz = u32(c, 1);
  if (tv !== 0) {
    const ns = c.kernel.time.realtimeNs();
    c.as.write(tv, new StructWriter(Timeval.size).i32(Timeval.tv_sec, Number(ns / NS)).i32(Timeval.tv_usec, Number((ns % NS) / 1000n)).bytes);
  }
  if (tz !== 0) c.as.write(tz, new StructWriter(Timezone.size).bytes);
  return 0;
}

function time(c: SyscallContext) {
  const sec = Number(c.kernel.time.realtimeNs() / NS);
  if (u32(c, 0) !== 0) c.as.writeU32(u32(c, 0), sec);
  return sec;
}

/**
 * Sleeping until `deadlineNs` (monotonic ns): the thread is parked, the host is not. A signal interrupts the
 * sleep: an absolute sleep is then re-issued, a relative one reports the time left and continues through
 * restart_syscall (hrtimer_nanosleep's restart handling, completeNanosleep).
 */
function sleepUntil(c: SyscallContext, deadlineNs: bigint, absolute: boolean, remAddr: number, wide: boolean): SyscallResult {
  c.kernel.blockThread(c.thread, { kind: 'nanosleep', reason: 'nanosleep', deadlineNs, absolute, remAddr, wide });
  return BLOCKED;
}

/** The end of a nanosleep: 0 at the deadline; interrupted, a restart (ERESTARTNOHAND, or the restart block). */
export function completeNanosleep(kernel: Kernel, thread: Thread, wait: WaitOf<'nanosleep'>, reason: WakeReason): number {
  if (reason !== 'signal') return 0;
  const deadlineNs = wait.deadlineNs!;
  // Read for both kinds: under virtual time a reading can hold later ones back, so it is part of the run.
  let left = deadlineNs - kernel.time.monotonicNs();
  if (left < 0n) left = 0n;
  if (wait.absolute) return -KernelErrno.ERESTARTNOHAND;
  if (wait.remAddr !== 0) (wait.wide ? writeTimespec64 : writeTimespec32)({ as: thread.process.as }, wait.remAddr, left);
  thread.restartBlock = { kind: 'nanosleep', deadlineNs, remAddr: wait.remAddr, wide: wait.wide };
  return -KernelErrno.ERESTART_RESTARTBLOCK;
}

/** restart_syscall after an interrupted relative sleep: the rest of it, until the same deadline. */
export function restartNanosleep(c: SyscallContext, block: RestartOf<'nanosleep'>): SyscallResult {
  if (c.kernel.time.monotonicNs() >= block.deadlineNs) return 0;
  return sleepUntil(c, block.deadlineNs, false, block.remAddr, block.wide);
}

const nanosleep = (wide: boolean) => (c: SyscallContext): SyscallResult => {
  const req = readTimespec(c, u32(c, 0), wide);
  if (typeof req === 'number') return req;
  const deadline = c.kernel.time.monotonicNs() + req;
  return sleepUntil(c, deadline, false, u32(c, 1), wide);
};

const clockNanosleep = (wide: boolean) => (c: SyscallContext): SyscallResult => {
  const clock = s32(c, 0);
  const flags = u32(c, 1);
  if (clock === CLOCK.THREAD_CPUTIME_ID) return -Errno.EINVAL;
  const now = readClock(c.kernel, c.thread, clock);
  if (now === undefined || clock === CLOCK.MONOTONIC_RAW || clock === CLOCK.REALTIME_COARSE || clock === CLOCK.MONOTONIC_COARSE) {
    return -Errno.EINVAL;
  }
  const req = readTimespec(c, u32(c, 2), wide);
  if (typeof req === 'number') return req;
  if (clock === CLOCK.PROCESS_CPUTIME_ID) return 0; // only this process's own progress could advance it
  const absolute = (flags & TIMER.ABSTIME) !== 0;
  const mono = c.kernel.time.monotonicNs();
  const deadline = mono + (absolute ? req - now : req);
  // An absolute sleep is simply re-issued after a signal without a handler (-ERESTARTNOHAND).
  return sleepUntil(c, deadline, absolute, absolute ? 0 : u32(c, 3), wide);
};

export const TIME_SYSCALLS: SyscallFamily = {
  clock_gettime: gettime(false),
  clock_gettime64: gettime(true),
  clock_getres: getres(false),
  clock_getres_time64: getres(true),
  gettimeofday,
  time,
  nanosleep: nanosleep(false),
  clock_nanosleep: clockNanosleep(false),
  clock_nanosleep_time64: clockNanosleep(true),
};
