/**
 * Process groups and sessions (kernel/sys.c): setpgid, getpgid, getpgrp, setsid, getsid; plus prctl's everyday
 * options, getrusage and times.
 */
import { Errno } from '../../abi/errno.js';
import { PR, RUSAGE } from '../../abi/flags.js';
import { Rusage, Tms } from '../../abi/layouts.js';
import type { Process, Thread } from '../process.js';
import { type SyscallContext, s32, u32 } from './context.js';
import { StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';

/** The process a pid names, 0 meaning the caller. */
function target(c: SyscallContext, pid: number): Process | undefined {
  if (pid === 0) return c.process;
  const p = c.kernel.processes.get(pid);
  return p && p.alive ? p : undefined;
}

function setpgid(c: SyscallContext) {
  const pid = s32(c, 0);
  let pgid = s32(c, 1);
  if (pgid < 0) return -Errno.EINVAL;
  const p = target(c, pid);
  // Only the caller itself or one of its children may be moved.
  if (!p || (p !== c.process && p.ppid !== c.process.pid)) return -Errno.ESRCH;
  if (p.sid !== c.process.sid) return -Errno.EPERM;
  if (p.pid === p.sid) return -Errno.EPERM; // a session leader stays where it is
  if (pgid === 0) pgid = p.pid;
  if (pgid !== p.pid) {
    const group = [...c.kernel.processes.values()].some((q) => q.alive && q.pgid === pgid && q.sid === c.process.sid);
    if (!group) return -Errno.EPERM;
  }
  p.pgid = pgid;
  return 0;
}

function setsid(c: SyscallContext) {
  const p = c.process;
  // A process-group leader may not start a session (its group would straddle two sessions).
  const leads = [...c.kernel.processes.values()].some((q) => q.alive && q !== p && q.pgid === p.pid);
  if (p.pgid === p.pid && leads) return -Errno.EPERM;
  if (p.sid === p.pid) return -Errno.EPERM;
  p.sid = p.pid;
  p.pgid = p.pid;
  return p.sid;
}

/** The process name prctl(PR_SET_NAME) keeps: 15 bytes and a NUL (TASK_COMM_LEN). */
const TASK_COMM_LEN = 16;

function prctl(c: SyscallContext) {
  const option = s32(c, 0);
  const arg = u32(c, 1);
  const t = c.thread;
  switch (option) {
    case PR.SET_NAME: {
      const name = c.as.readCString(arg, TASK_COMM_LEN - 1) ?? c.as.read(arg, TASK_COMM_LEN - 1);
      t.comm = new TextDecoder().decode(name);
      return 0;
    }
    case PR.GET_NAME:
      c.as.write(arg, new StructWriter(TASK_COMM_LEN).str(0, t.comm ?? c.process.exePath.split('/').pop() ?? '', TASK_COMM_LEN).bytes);
      return 0;
    case PR.SET_PDEATHSIG:
      if (arg > 128) return -Errno.EINVAL;
      c.process.deathSignal = arg;
      return 0;
    case PR.GET_PDEATHSIG:
      c.as.writeU32(arg, c.process.deathSignal);
      return 0;
    case PR.GET_DUMPABLE:
      return c.process.dumpable;
    case PR.SET_DUMPABLE:
      if (arg > 1) return -Errno.EINVAL;
      c.process.dumpable = arg;
      return 0;
    default:
      return -Errno.EINVAL;
  }
}

/** CPU time, derived from retired instructions at a nominal 100 MHz; the guest spends no time in the kernel. */
function cpuMicros(processes: Process[]): number {
  return processes.reduce((n, p) => n + p.threads.reduce((m, t) => m + t.retired, 0), 0) / 100;
}

function getrusage(c: SyscallContext) {
  const who = s32(c, 0);
  let us: number;
  // Context switches: the thread's own (RUSAGE_THREAD) or its process's threads' (RUSAGE_SELF).
  let threads: readonly Thread[] = [];
  if (who === RUSAGE.SELF) {
    us = cpuMicros([c.process]);
    threads = c.process.threads;
  } else if (who === RUSAGE.THREAD) {
    us = c.thread.retired / 100;
    threads = [c.thread];
  } else if (who === RUSAGE.CHILDREN) us = c.process.childrenCpuMicros;
  else return -Errno.EINVAL;
  const w = new StructWriter(Rusage.size).i32(Rusage.ru_utime, Math.floor(us / 1e6)).i32(Rusage.ru_utime + 4, Math.floor(us % 1e6))
    .i32(Rusage.ru_nvcsw, threads.reduce((n, t) => n + t.sched.voluntarySwitches, 0))
    .i32(Rusage.ru_nivcsw, threads.reduce((n, t) => n + t.sched.involuntarySwitches, 0));
  c.as.write(u32(c, 1), w.bytes);
  return 0;
}

/** times(): clock ticks (USER_HZ = 100) of user time; returns ticks since boot. */
function times(c: SyscallContext) {
  const ticks = (us: number) => Math.floor(us / 10000);
  if (u32(c, 0) !== 0) {
    c.as.write(u32(c, 0), new StructWriter(Tms.size).u32(Tms.tms_utime, ticks(cpuMicros([c.process])))
      .u32(Tms.tms_cutime, ticks(c.process.childrenCpuMicros)).bytes);
  }
  return Number(c.kernel.time.monotonicNs() / 10_000_000n) | 0;
}

export const GROUP_SYSCALLS: SyscallFamily = {
  setpgid,
  getpgid: (c) => target(c, s32(c, 0))?.pgid ?? -Errno.ESRCH,
  getpgrp: (c) => c.process.pgid,
  setsid,
  getsid: (c) => target(c, s32(c, 0))?.sid ?? -Errno.ESRCH,
  prctl,
  getrusage,
  times,
};
