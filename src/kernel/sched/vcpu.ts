/**
 * A virtual CPU of the simulated SMP machine: its run queue, the thread it is running, and its clock.
 */
import type { Thread } from '../process.js';

export class VirtualCpu {
  /** The thread this CPU runs (it stays current between turns until it blocks, exits, yields or is preempted). */
  current: Thread | undefined;
  /** Runnable threads waiting for this CPU, in the order they will run (within a priority). */
  readonly queue: Thread[] = [];
  /** Machine time this CPU has reached, in ns: the work it did and the time it idled (see cost-model.ts). */
  clockNs = 0;
  /** Instructions left in the current thread's time slice. */
  sliceLeft = 0;
  /** The thread that ran here last (a switch to another one costs a context switch). */
  lastTid = 0;
  /** Real-time throttling: the period (machine time / period length) and the real-time work done in it (ns). */
  rtPeriod = 0;
  rtUsedNs = 0;
  /** Statistics: instructions retired here, machine time spent idle, context switches. */
  instructions = 0;
  idleNs = 0;
  switches = 0;

  constructor(readonly id: number) {}

  /** Threads on this CPU: the running one and the queued ones. */
  get load(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  get busy(): boolean {
    return this.current !== undefined || this.queue.length > 0;
  }
}
