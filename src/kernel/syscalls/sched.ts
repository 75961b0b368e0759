/**
 * Scheduling system calls (kernel/sched/core.c): yielding, CPU affinity, the current CPU, and policies and
 * priorities. The scheduler itself is src/kernel/sched/scheduler.ts.
 */
import { Errno } from '../../abi/errno.js';
import { RLIMIT, SCHED } from '../../abi/flags.js';
import { SchedParam } from '../../abi/layouts.js';
import { COST } from '../sched/cost-model.js';
import { isRealTimePolicy } from '../sched/entity.js';
import { MAX_CPUS } from '../sched/scheduler.js';
import type { Thread } from '../process.js';
import { type SyscallContext, s32, u32 } from './context.js';
import { StructReader, StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';
import { writeTimespec32, writeTimespec64 } from './time.js';

/** cpumask_size(): the mask of every CPU a machine here can have, in bytes. */
const CPUMASK_SIZE = MAX_CPUS / 8;
/** MAX_RT_PRIO - 1 and the lowest real-time priority. */
const RT_PRIORITY_MAX = 99;
const RT_PRIORITY_MIN = 1;
/** nice_to_rlimit(0): the RLIMIT_NICE that allows nice 0 (20 - nice). */
const NICE_RLIMIT_OF_NICE_0 = 20n;
/** RR_TIMESLICE: 100 ms. */
const RR_TIMESLICE_NS = 100_000_000n;

const isNormal = (policy: number): boolean => policy === SCHED.NORMAL || policy === SCHED.BATCH || policy === SCHED.IDLE;

/** find_process_by_pid: 0 is the caller; otherwise any thread by its id. */
function target(c: SyscallContext, pid: number): Thread | undefined {
  return pid === 0 ? c.thread : c.kernel.findThread(pid);
}

/**
 * sched_setscheduler/sched_setparam: validates the policy and priority (EINVAL) and the caller's right (EPERM).
 * sched_setparam (no policy) keeps the policy and the SCHED_RESET_ON_FORK flag; sched_setscheduler sets both.
 */
function setScheduler(c: SyscallContext, pid: number, policy: number | undefined, paramAddr: number): number {
  if (pid < 0 || paramAddr === 0) return -Errno.EINVAL;
  const priority = new StructReader(c.as.read(paramAddr, SchedParam.size)).i32(SchedParam.sched_priority);
  const t = target(c, pid);
  if (!t) return -Errno.ESRCH;
  const p = policy === undefined ? t.sched.policy : policy & ~SCHED.RESET_ON_FORK;
  const resetOnFork = policy === undefined ? t.sched.resetOnFork : (policy & SCHED.RESET_ON_FORK) !== 0;
  if (!isRealTimePolicy(p) && !isNormal(p)) return -Errno.EINVAL;
  if (isRealTimePolicy(p) ? priority < RT_PRIORITY_MIN || priority > RT_PRIORITY_MAX : priority !== 0) return -Errno.EINVAL;
  if (c.kernel.identity.uid !== 0 && !mayChangeUnprivileged(t, p, priority, resetOnFork)) return -Errno.EPERM;
  t.sched.policy = p;
  t.sched.rtPriority = isRealTimePolicy(p) ? priority : 0;
  t.sched.resetOnFork = resetOnFork;
  c.kernel.sched.priorityChanged(t);
  return 0;
}

/**
 * The checks __sched_setscheduler makes of a caller without CAP_SYS_NICE (every thread's nice value is 0 here):
 * a real-time policy needs RLIMIT_RTPRIO (to enter it at all, and to raise the priority above both the current one
 * and the limit); leaving SCHED_IDLE is can_nice(p, 0), i.e. RLIMIT_NICE >= 20; the reset-on-fork flag, once
 * set, cannot be cleared.
 */
function mayChangeUnprivileged(t: Thread, policy: number, priority: number, resetOnFork: boolean): boolean {
  const limit = (resource: number): bigint => t.process.rlimits[resource]?.[0] ?? 0n;
  const e = t.sched;
  if (isRealTimePolicy(policy)) {
    const rtprio = limit(RLIMIT.RTPRIO);
    if (policy !== e.policy && rtprio === 0n) return false;
    if (priority > e.rtPriority && BigInt(priority) > rtprio) return false;
  }
  if (e.policy === SCHED.IDLE && policy !== SCHED.IDLE && limit(RLIMIT.NICE) < NICE_RLIMIT_OF_NICE_0) return false;
  return !(e.resetOnFork && !resetOnFork);
}

export const SCHED_SYSCALLS: SyscallFamily = {
  // The caller goes behind the threads waiting for its CPU at the end of this turn (if any wait).
  sched_yield: (c) => {
    c.thread.sched.yielded = true;
    return 0;
  },
  sched_setaffinity: (c) => {
    const pid = s32(c, 0);
    // get_user_cpu_mask: a shorter mask is zero-extended, a longer one truncated.
    const length = Math.min(u32(c, 1), CPUMASK_SIZE);
    const bytes = length > 0 ? c.as.read(u32(c, 2), length) : new Uint8Array(0);
    let mask = 0;
    bytes.forEach((b, i) => { mask |= b << (8 * i); });
    const t = target(c, pid);
    if (!t) return -Errno.ESRCH;
    mask &= c.kernel.sched.allCpus;
    if (mask === 0) return -Errno.EINVAL; // no online CPU in the mask
    t.sched.affinity = mask;
    c.kernel.sched.affinityChanged(t);
    return 0;
  },
  sched_getaffinity: (c) => {
    const length = u32(c, 1);
    if (length * 8 < c.kernel.cpuCount || (length & 3) !== 0) return -Errno.EINVAL;
    const t = target(c, s32(c, 0));
    if (!t) return -Errno.ESRCH;
    c.as.write(u32(c, 2), new StructWriter(CPUMASK_SIZE).u32(0, t.sched.affinity & c.kernel.sched.allCpus).bytes);
    return Math.min(length, CPUMASK_SIZE);
  },
  getcpu: (c) => {
    if (u32(c, 0) !== 0) c.as.writeU32(u32(c, 0), c.kernel.sched.cpuOf(c.thread));
    if (u32(c, 1) !== 0) c.as.writeU32(u32(c, 1), 0); // one NUMA node
    return 0;
  },
  sched_get_priority_max: (c) => {
    const p = s32(c, 0);
    return isRealTimePolicy(p) ? RT_PRIORITY_MAX : isNormal(p) || p === SCHED.DEADLINE ? 0 : -Errno.EINVAL;
  },
  sched_get_priority_min: (c) => {
    const p = s32(c, 0);
    return isRealTimePolicy(p) ? RT_PRIORITY_MIN : isNormal(p) || p === SCHED.DEADLINE ? 0 : -Errno.EINVAL;
  },
  sched_getscheduler: (c) => {
    const pid = s32(c, 0);
    if (pid < 0) return -Errno.EINVAL;
    const t = target(c, pid);
    // The reset-on-fork flag reads back with the policy.
    return t ? t.sched.policy | (t.sched.resetOnFork ? SCHED.RESET_ON_FORK : 0) : -Errno.ESRCH;
  },
  sched_getparam: (c) => {
    const pid = s32(c, 0);
    if (pid < 0 || u32(c, 1) === 0) return -Errno.EINVAL;
    const t = target(c, pid);
    if (!t) return -Errno.ESRCH;
    c.as.write(u32(c, 1), new StructWriter(SchedParam.size).i32(SchedParam.sched_priority, t.sched.rtPriority).bytes);
    return 0;
  },
  sched_setscheduler: (c) => {
    const policy = s32(c, 1);
    if (policy < 0) return -Errno.EINVAL;
    return setScheduler(c, s32(c, 0), policy, u32(c, 2));
  },
  sched_setparam: (c) => setScheduler(c, s32(c, 0), undefined, u32(c, 1)),
  sched_rr_get_interval: (c) => rrInterval(c, false),
  sched_rr_get_interval_time64: (c) => rrInterval(c, true),
};

/** The time slice: none for FIFO, RR_TIMESLICE for RR, the scheduler's quantum in machine time otherwise. */
function rrInterval(c: SyscallContext, wide: boolean): number {
  const pid = s32(c, 0);
  if (pid < 0) return -Errno.EINVAL;
  const t = target(c, pid);
  if (!t) return -Errno.ESRCH;
  const ns = t.sched.policy === SCHED.FIFO ? 0n : t.sched.policy === SCHED.RR ? RR_TIMESLICE_NS
    : BigInt(c.kernel.sched.quantum * COST.INSTRUCTION_NS);
  return wide ? writeTimespec64(c, u32(c, 1), ns) : writeTimespec32(c, u32(c, 1), ns);
}
