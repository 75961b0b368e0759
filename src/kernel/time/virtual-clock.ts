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

export class VirtualClock implements HostClock {
  /** Instructions the running CPU retired in its turn so far (set while `rdhwr $2` reads the counter). */
  private inRun = 0;

  /**
   * @param machineNs machine time so far, given the instructions retired in the current turn (the kernel's)
   * @param idleUntil makes machine time jump to a later point (every CPU idle)
   */
  constructor(private readonly machineNs: (inRun: number) => number, private readonly idleUntil: (ns: number) => void) {}

  monotonicNs(): bigint {
    return BOOT_NS + BigInt(Math.floor(this.machineNs(this.inRun)));
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

  realtimeNs(): bigint {
    return EPOCH_NS + this.monotonicNs();
  }

  /** Sleeping needs no waiting: the machine is idle until then, so time simply moves on. */
  sleepNs(ns: bigint): void {
    if (ns > 0n) this.idleUntil(this.machineNs(0) + Number(ns));
  }
}
