/**
 * What the scheduler keeps per thread (Linux's task_struct scheduling fields): where it may run and where it ran,
 * its policy and priority, and its switch counts.
 */
import { SCHED } from '../../abi/flags.js';

/** SCHED_FIFO and SCHED_RR: the policies whose threads rank by priority above the normal ones. */
export const isRealTimePolicy = (policy: number): boolean => policy === SCHED.FIFO || policy === SCHED.RR;

export class SchedEntity {
  /** The CPU the thread is queued on or runs on; -1 until it is first placed. */
  cpu = -1;
  /** Policy and static priority (sched_setscheduler): SCHED_NORMAL/BATCH/IDLE have priority 0, FIFO/RR 1..99. */
  policy: number = SCHED.NORMAL;
  rtPriority = 0;
  /** SCHED_RESET_ON_FORK: a child does not inherit a real-time policy (nor this flag); see inherit(). */
  resetOnFork = false;
  /** sched_yield: give the CPU to the next queued thread at the end of this turn. */
  yielded = false;
  /** Context switches away from the thread because it slept (voluntary) or was preempted (involuntary). */
  voluntarySwitches = 0;
  involuntarySwitches = 0;
  migrations = 0;

  /** @param affinity CPUs the thread may run on (sched_setaffinity), bit n for CPU n. */
  constructor(public affinity: number) {}

  /**
   * The attributes a new thread inherits from the one that cloned it (counts start at zero). sched_fork: with
   * SCHED_RESET_ON_FORK a real-time parent's child starts as SCHED_NORMAL, and the child never has the flag.
   */
  inherit(): SchedEntity {
    const e = new SchedEntity(this.affinity);
    if (this.resetOnFork && this.rank > 0) return e;
    e.policy = this.policy;
    e.rtPriority = this.rtPriority;
    return e;
  }

  allows(cpu: number): boolean {
    return ((this.affinity >>> cpu) & 1) !== 0;
  }

  /** Real-time threads run before normal ones; a higher priority first. */
  get rank(): number {
    return isRealTimePolicy(this.policy) ? this.rtPriority : 0;
  }
}
