/**
 * Virtual time (`--clock virtual`): the guest's clocks are the machine time of the simulated CPUs — the work they
 * did priced by the cost model (src/kernel/sched/cost-model.ts) — instead of the host's, so runs are repeatable
 * and comparisons of mechanisms are meaningful. When every CPU idles, time jumps to the next deadline instead of
 * waiting for it.
 */
import type { HostClock } from '../../host/host.js';

/** Monotonic time at boot, as on the host clock (node-host.ts starts its monotonic clock at 1 s). */
const BOOT_NS = 1_000_000_000n;
/** 2026-01-01T00:00:00Z: where a virtual machine's realtime clock starts. */
const EPOCH_NS = 1_767_225_600n * 1_000_000_000n;

/** What the virtual clock needs from the machine (the kernel and its scheduler). */
export interface MachineTime {
  /** Machine time (ns) of a reading the guest sees, `inRun` instructions into the current turn. */
  read(inRun: number): number;
  /** Machine time for the kernel's bookkeeping: not a reading the guest sees. */
  peek(): number;
  /** The guest learned that machine time has reached `ns` (a deadline of its passed). */
  observe(ns: number): void;
  /** Every CPU idles until `ns`: machine time jumps there. */
  idleUntil(ns: number): void;
}

export class VirtualClock implements HostClock {
  /** Instructions the running CPU retired in its turn so far (set while `rdhwr $2` reads the counter). */
  private inRun = 0;

  constructor(private readonly machine: MachineTime) {}

  monotonicNs(): bigint {
    return BOOT_NS + BigInt(Math.floor(this.machine.read(this.inRun)));
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

  /** Monotonic time for the kernel's bookkeeping (due timers, deadlines): looking does not move anyone's clock. */
  peek(): bigint {
    return BOOT_NS + BigInt(Math.floor(this.machine.peek()));
  }

  /** A deadline at monotonic time `ns` passed and the guest will know: no later reading may be earlier. */
  observe(ns: bigint): void {
    this.machine.observe(Number(ns - BOOT_NS));
  }

  /** Sleeping needs no waiting: the machine is idle until then, so time simply moves on. */
  sleepNs(ns: bigint): void {
    if (ns > 0n) this.machine.idleUntil(this.machine.read(0) + Number(ns));
  }
}
