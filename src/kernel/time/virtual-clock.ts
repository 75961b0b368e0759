/**
 * Virtual time (`--clock virtual`): the guest's clocks are the machine time of the simulated CPUs — the work they
 * did priced by the cost model (src/kernel/sched/cost-model.ts) — instead of the host's, so runs are repeatable
 * and comparisons of mechanisms are meaningful. When every CPU idles, time jumps to the next deadline instead of
 * waiting for it.
 */
import type { HostClock } from '../../host/host.js';
import { COST } from '../sched/cost-model.js';
import type { Scheduler } from '../sched/scheduler.js';

/** Monotonic time at boot, as on the host clock (node-host.ts starts its monotonic clock at 1 s). */
const BOOT_NS = 1_000_000_000n;
/** 2026-01-01T00:00:00Z: where a virtual machine's realtime clock starts. */
const EPOCH_NS = 1_767_225_600n * 1_000_000_000n;

export class VirtualClock implements HostClock {
  /** Instructions the running CPU retired in its turn so far (set while `rdhwr $2` reads the counter). */
  private inRun = 0;
  /** The latest machine time a reading gave (virtual time never goes back, whichever CPU reads it). */
  private lastNs = 0;

  constructor(private readonly sched: Scheduler) {}

  /**
   * Machine time of a reading the guest sees: on the CPU whose turn it is (plus the instructions it retired in the
   * turn so far, charged only when the turn ends), or the furthest any CPU got between turns; never less than a
   * time already read.
   */
  private read(): number {
    const cpu = this.sched.running;
    const t = cpu ? cpu.clockNs + this.inRun * COST.INSTRUCTION_NS : this.sched.nowNs;
    if (t > this.lastNs) this.lastNs = t;
    return this.lastNs;
  }

  monotonicNs(): bigint {
    return BOOT_NS + BigInt(Math.floor(this.read()));
  }

  realtimeNs(): bigint {
    return EPOCH_NS + this.monotonicNs();
  }

  /**
   * The monotonic time `retiredInRun` instructions into the current turn: what the CPU's counter shows at that
   * instruction, although the turn's instructions are charged only when it ends.
   */
  during(retiredInRun: number): bigint {
    this.inRun = retiredInRun;
    try {
      return this.monotonicNs();
    } finally {
      this.inRun = 0;
    }
  }

  /**
   * Monotonic time for the kernel's bookkeeping between turns (due timers, deadlines): the furthest any CPU got.
   * Looking is not a reading: a CPU that is behind must not see its clock jump because the kernel looked.
   */
  peek(): bigint {
    return BOOT_NS + BigInt(Math.floor(Math.max(this.lastNs, this.sched.nowNs)));
  }

  /** A deadline at monotonic time `ns` passed and the guest will know: no later reading may be earlier. */
  observe(ns: bigint): void {
    const t = Number(ns - BOOT_NS);
    if (t > this.lastNs) this.lastNs = t;
  }

  /** Sleeping needs no waiting: the machine is idle until then, so time simply moves on. */
  sleepNs(ns: bigint): void {
    if (ns > 0n) this.sched.idleUntil(this.read() + Number(ns));
  }
}
