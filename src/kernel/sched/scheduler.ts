/**
 * The scheduler of the simulated SMP machine: N virtual CPUs on one host thread.
 *
 * Each CPU has a run queue and a clock (machine time, see cost-model.ts). The kernel asks for a turn, runs the
 * chosen thread for the turn's budget of instructions, charges the work to the CPU, and hands the thread back
 * (endTurn). The CPU that runs next is always the one whose clock is furthest behind, so CPUs advance together;
 * while more than one CPU has work, a turn is a short interleaving step (`interleave` instructions, jittered), so
 * threads on different CPUs really do run "at the same time" at a fine grain, as they would on hardware.
 *
 * Within a CPU: a thread keeps the CPU until it blocks, exits, yields, or uses up its time slice (`quantum`
 * instructions, jittered) while another thread of the same or a higher rank waits there; then it is preempted and
 * goes to the back of the queue. Real-time threads (SCHED_FIFO/RR) rank by priority above normal ones; FIFO
 * threads are not preempted by their equals.
 *
 * Placement (Linux's select_task_rq and idle balancing, simplified): a new or woken thread goes to its previous CPU
 * if that is idle, else to the first idle CPU it may use, else to its previous CPU, else to a least loaded allowed one;
 * a CPU left without work pulls a waiting thread from the busiest queue. A thread whose affinity no longer allows
 * its CPU moves at the end of its turn. Every random choice comes from SchedRandom, fixed by --seed.
 */
import type { Thread } from '../process.js';
import type { Tracer } from '../trace/tracer.js';
import { SCHED } from '../../abi/flags.js';
import { COST } from './cost-model.js';
import type { SchedRandom } from './sched-random.js';
import { VirtualCpu } from './vcpu.js';

export interface SchedulerConfig {
  cpus: number;
  /** Time slice, in instructions. */
  quantum: number;
  /** Instructions a CPU runs before another busy CPU gets its turn. */
  interleave: number;
}

/** Most CPUs a machine can have: an affinity mask is one 32-bit word. */
export const MAX_CPUS = 32;

/** Time slices and interleaving steps vary by this fraction either way. */
const JITTER = 0.25;

/**
 * Real-time throttling (sched_rt_period_us = 1 s, sched_rt_runtime_us = 0.95 s, Linux's defaults): in each period of
 * a CPU's machine time, its real-time threads may run 95% of it; then, until the period ends, they rank below
 * normal threads, which get the rest. (Linux dequeues the throttled threads and may idle the CPU instead when no
 * normal thread waits; here they run on in that case.)
 */
const RT_PERIOD_NS = 1_000_000_000;
const RT_RUNTIME_NS = 950_000_000;

export interface Turn {
  cpu: VirtualCpu;
  thread: Thread;
  /** Instructions the thread may run in this turn. */
  budget: number;
}

export class Scheduler {
  readonly cpus: VirtualCpu[];
  /** Machine time: the furthest any CPU's clock has reached (ns). */
  nowNs = 0;
  /** The CPU whose turn it is (between nextTurn and endTurn). */
  running: VirtualCpu | undefined;
  preemptions = 0;
  migrations = 0;
  switches = 0;

  constructor(private readonly config: SchedulerConfig, private readonly random: SchedRandom,
    private readonly tracer: Tracer) {
    this.cpus = Array.from({ length: config.cpus }, (_, i) => new VirtualCpu(i));
  }

  /** Every CPU: the affinity of a thread nobody restricted. */
  get allCpus(): number {
    return this.config.cpus >= MAX_CPUS ? -1 : (1 << this.config.cpus) - 1;
  }

  get quantum(): number {
    return this.config.quantum;
  }

  /** Puts a runnable thread (new, woken, or moved) on a CPU's queue. */
  place(thread: Thread, why: 'new' | 'wake' | 'move', wakeReason?: string): void {
    const e = thread.sched;
    const target = this.selectCpu(thread);
    const from = e.cpu;
    e.cpu = target.id;
    this.wakeIdle(target);
    target.queue.push(thread);
    this.checkPreempt(target, thread);
    if (why === 'wake' && this.tracer.wants('sched')) {
      this.tracer.emit({ kind: 'sched', action: 'wake', cpu: target.id, tid: thread.tid, ...(wakeReason ? { reason: wakeReason } : {}) });
    }
    if (from >= 0 && from !== target.id) this.noteMigration(thread, from, target.id);
  }

  /**
   * The next turn, or undefined when no CPU has anything to run. Idle CPUs first pull waiting threads from busy
   * ones; then the CPU furthest behind runs its current thread, or switches to the first of its queue.
   */
  nextTurn(): Turn | undefined {
    this.balanceIdle();
    let cpu: VirtualCpu | undefined;
    let others = false;
    for (const c of this.cpus) {
      if (!c.busy) continue;
      if (cpu === undefined) cpu = c;
      else {
        others = true;
        if (c.clockNs < cpu.clockNs) cpu = c;
      }
    }
    if (cpu === undefined) return undefined;
    let thread = cpu.current;
    if (thread === undefined || thread.state !== 'runnable') {
      cpu.current = undefined;
      thread = this.switchTo(cpu);
      if (thread === undefined) return this.nextTurn();
    }
    const step = others ? this.random.jitter(this.config.interleave, JITTER) : cpu.sliceLeft;
    this.running = cpu;
    return { cpu, thread, budget: Math.max(1, Math.min(cpu.sliceLeft, step)) };
  }

  /** Machine time passes on a CPU (instructions, kernel work). */
  charge(cpu: VirtualCpu, ns: number): void {
    cpu.clockNs += ns;
    if (cpu.clockNs > this.nowNs) this.nowNs = cpu.clockNs;
  }

  /** Nothing runs until `ns` (every CPU idle): machine time moves on. */
  idleUntil(ns: number): void {
    if (ns > this.nowNs) this.nowNs = ns;
  }

  /**
   * After the kernel handled the turn's exit: a thread that slept or died leaves the CPU; one that may no longer
   * run here moves; one that yielded or used up its slice goes behind the threads waiting here.
   */
  endTurn(cpu: VirtualCpu, thread: Thread, retired: number, pc: number): void {
    this.running = undefined;
    cpu.instructions += retired;
    cpu.sliceLeft -= retired;
    if (cpu.current !== thread) return; // it moved during the turn (sched_setaffinity on itself)
    const e = thread.sched;
    if (thread.state === 'dead') {
      this.leave(cpu);
      return;
    }
    if (thread.state === 'blocked') {
      this.leave(cpu);
      e.voluntarySwitches++;
      if (this.tracer.wants('sched')) {
        this.tracer.emit({ kind: 'sched', action: 'sleep', cpu: cpu.id, tid: thread.tid, reason: thread.wait?.reason ?? '?' });
      }
      return;
    }
    if (!e.allows(cpu.id)) {
      this.leave(cpu);
      this.place(thread, 'move');
      return;
    }
    const throttledNow = e.rank > 0 && this.chargeRealTime(cpu, retired);
    const yielded = e.yielded;
    e.yielded = false;
    if (!yielded && !throttledNow && cpu.sliceLeft > 0) return;
    const waiting = this.bestWaiting(cpu);
    const fifo = e.policy === SCHED.FIFO;
    const mine = this.rankOn(cpu, thread), theirs = waiting === undefined ? 0 : this.rankOn(cpu, waiting);
    if (waiting !== undefined && (theirs > mine || (theirs === mine && (yielded || !fifo)))) {
      cpu.current = undefined;
      cpu.queue.push(thread);
      if (yielded) e.voluntarySwitches++;
      else {
        e.involuntarySwitches++;
        this.preemptions++;
        this.charge(cpu, COST.EXCEPTION_NS);
        if (this.tracer.wants('sched')) this.tracer.emit({ kind: 'sched', action: 'preempt', cpu: cpu.id, tid: thread.tid, pc: pc >>> 0 });
      }
      return;
    }
    cpu.sliceLeft = this.slice();
  }

  /**
   * The current thread leaves the CPU. With nothing else to run the CPU switches to its idle task, so the next
   * thread to run there — even the same one, woken — is a context switch (idle to task), as in Linux.
   */
  private leave(cpu: VirtualCpu): void {
    cpu.current = undefined;
    if (!cpu.queue.some((t) => t.state === 'runnable')) cpu.lastTid = 0;
  }

  /**
   * sched_setaffinity: a thread that may no longer use its CPU moves now, unless it is the one running (it moves at
   * the end of its turn, as Linux migrates the caller on its way out of the system call).
   */
  affinityChanged(thread: Thread): void {
    const e = thread.sched;
    if (e.cpu < 0 || e.allows(e.cpu) || thread.state !== 'runnable') return;
    const cpu = this.cpus[e.cpu]!;
    if (cpu.current === thread) {
      if (cpu === this.running) return;
      cpu.current = undefined;
    } else {
      const i = cpu.queue.indexOf(thread);
      if (i < 0) return;
      cpu.queue.splice(i, 1);
    }
    this.place(thread, 'move');
  }

  /**
   * sched_setscheduler/sched_setparam changed a thread's rank (prio_changed_rt): the CPU it is on reschedules if it
   * now outranks the thread running there, or if it is that thread and a waiting one now outranks it.
   */
  priorityChanged(thread: Thread): void {
    const e = thread.sched;
    if (e.cpu < 0 || thread.state !== 'runnable') return;
    const cpu = this.cpus[e.cpu]!;
    if (cpu.current === thread) {
      const waiting = this.bestWaiting(cpu);
      if (waiting !== undefined && this.rankOn(cpu, waiting) > this.rankOn(cpu, thread)) cpu.sliceLeft = 0;
    } else if (cpu.queue.includes(thread)) {
      this.checkPreempt(cpu, thread);
    }
  }

  /**
   * check_preempt_curr: a thread that outranks the one running on its CPU (a woken or new real-time thread) takes
   * the CPU at once. The running thread's slice ends with its turn: this very turn when the waker runs there (it is
   * preempted on its way out of the system call), else after the one instruction its next turn runs (the delay of
   * the reschedule interrupt).
   */
  private checkPreempt(cpu: VirtualCpu, thread: Thread): void {
    const current = cpu.current;
    if (current !== undefined && current !== thread && this.rankOn(cpu, thread) > this.rankOn(cpu, current)) cpu.sliceLeft = 0;
  }

  /** The thread's CPU (getcpu, rdhwr $0, /proc): where it runs or waits, or CPU 0 before it first runs. */
  cpuOf(thread: Thread): number {
    return Math.max(0, thread.sched.cpu);
  }

  private slice(): number {
    return this.random.jitter(this.config.quantum, JITTER);
  }

  /** The CPU takes the best waiting thread (highest rank, then queue order): a context switch. */
  private switchTo(cpu: VirtualCpu): Thread | undefined {
    for (;;) {
      const next = this.bestWaiting(cpu);
      if (next === undefined) return undefined;
      cpu.queue.splice(cpu.queue.indexOf(next), 1);
      if (next.state !== 'runnable') continue; // died while it waited
      cpu.current = next;
      cpu.sliceLeft = this.slice();
      if (cpu.lastTid !== next.tid) {
        const from = cpu.lastTid;
        cpu.lastTid = next.tid;
        cpu.switches++;
        this.switches++;
        this.charge(cpu, COST.CONTEXT_SWITCH_NS);
        if (this.tracer.wants('sched')) this.tracer.emit({ kind: 'sched', action: 'switch', cpu: cpu.id, tid: next.tid, from });
      }
      return next;
    }
  }

  /** Real-time work on the CPU in its current period; true when it has just used up the period's runtime. */
  private chargeRealTime(cpu: VirtualCpu, retired: number): boolean {
    if (!this.inRtPeriod(cpu)) {
      cpu.rtPeriod = Math.floor(cpu.clockNs / RT_PERIOD_NS);
      cpu.rtUsedNs = 0;
    }
    const before = cpu.rtUsedNs;
    cpu.rtUsedNs += retired * COST.INSTRUCTION_NS;
    return before < RT_RUNTIME_NS && cpu.rtUsedNs >= RT_RUNTIME_NS;
  }

  /** The CPU's clock is still in the period its real-time work was counted for. */
  private inRtPeriod(cpu: VirtualCpu): boolean {
    return Math.floor(cpu.clockNs / RT_PERIOD_NS) === cpu.rtPeriod;
  }

  /** A thread's rank on its CPU: a real-time thread whose CPU is throttled ranks below the normal ones. */
  private rankOn(cpu: VirtualCpu, thread: Thread): number {
    const rank = thread.sched.rank;
    if (rank === 0) return 0;
    return cpu.rtUsedNs >= RT_RUNTIME_NS && this.inRtPeriod(cpu) ? -1 : rank;
  }

  private bestWaiting(cpu: VirtualCpu): Thread | undefined {
    let best: Thread | undefined;
    for (const t of cpu.queue) {
      if (t.state !== 'runnable') continue;
      if (best === undefined || this.rankOn(cpu, t) > this.rankOn(cpu, best)) best = t;
    }
    if (best === undefined) cpu.queue.length = 0; // only dead threads were left
    return best;
  }

  /** select_task_rq: previous CPU if idle, an idle allowed CPU, the previous CPU, the least loaded allowed CPU. */
  private selectCpu(thread: Thread): VirtualCpu {
    const e = thread.sched;
    const prev = e.cpu >= 0 ? this.cpus[e.cpu] : undefined;
    if (prev && e.allows(prev.id) && !prev.busy) return prev;
    const allowed = this.cpus.filter((c) => e.allows(c.id));
    // The first idle CPU, as find_idlest_cpu settles ties by CPU order: a lone program starts on CPU 0.
    const idle = allowed.find((c) => !c.busy);
    if (idle) return idle;
    if (prev && e.allows(prev.id)) return prev;
    const least = Math.min(...allowed.map((c) => c.load));
    const candidates = allowed.filter((c) => c.load === least);
    return candidates[this.random.below(candidates.length)]!;
  }

  /** An idle CPU that gets work catches up with machine time (it idled meanwhile). */
  private wakeIdle(cpu: VirtualCpu): void {
    if (cpu.busy || cpu.clockNs >= this.nowNs) return;
    cpu.idleNs += this.nowNs - cpu.clockNs;
    cpu.clockNs = this.nowNs;
  }

  /** Idle balancing: a CPU with nothing to do pulls the last waiting thread it may run from the busiest queue. */
  private balanceIdle(): void {
    for (const idle of this.cpus) {
      if (idle.busy) continue;
      let source: VirtualCpu | undefined;
      let victim: Thread | undefined;
      for (const c of this.cpus) {
        // Only from a CPU with more work than it can run at once (else the thread would just change queues).
        if (c === idle || c.queue.length === 0 || c.load < 2 || (source && c.queue.length <= source.queue.length)) continue;
        const t = [...c.queue].reverse().find((x) => x.state === 'runnable' && x.sched.allows(idle.id));
        if (t) {
          source = c;
          victim = t;
        }
      }
      if (!source || !victim) continue;
      source.queue.splice(source.queue.indexOf(victim), 1);
      this.wakeIdle(idle);
      idle.queue.push(victim);
      const from = victim.sched.cpu;
      victim.sched.cpu = idle.id;
      this.noteMigration(victim, from, idle.id);
    }
  }

  private noteMigration(thread: Thread, from: number, to: number): void {
    thread.sched.migrations++;
    this.migrations++;
    if (this.tracer.wants('sched')) this.tracer.emit({ kind: 'sched', action: 'migrate', cpu: to, tid: thread.tid, from });
  }
}
