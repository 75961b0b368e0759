/**
 * Virtual time (`--clock virtual`): time is derived from the work the machine does, not from the host, so runs
 * are repeatable and comparisons of mechanisms are meaningful. The cost model:
 *
 *   - each retired guest instruction:            NS_PER_INSTRUCTION (10 ns, a 100 MHz in-order core)
 *   - each exception entry and return to user:   EXCEPTION_NS
 *   - each system call, on top of that:          SYSCALL_NS
 *   - each page fault the kernel resolves:       PAGE_FAULT_NS
 *   - each FPU instruction the kernel emulates:  FPU_EMULATION_NS
 *   - each context switch:                       CONTEXT_SWITCH_NS
 *
 * When every thread sleeps, time jumps to the earliest deadline instead of waiting for it.
 */
import type { HostClock } from '../../host/host.js';

export const COSTS = {
  NS_PER_INSTRUCTION: 10n,
  EXCEPTION_NS: 200n,
  SYSCALL_NS: 300n,
  PAGE_FAULT_NS: 1_000n,
  FPU_EMULATION_NS: 500n,
  CONTEXT_SWITCH_NS: 2_000n,
} as const;

/** 2026-01-01T00:00:00Z: where a virtual machine's realtime clock starts. */
const EPOCH_NS = 1_767_225_600n * 1_000_000_000n;

export class VirtualClock implements HostClock {
  private nowNs = 1_000_000_000n; // boot at 1 s, like the host clock's monotonic origin

  realtimeNs(): bigint {
    return EPOCH_NS + this.nowNs;
  }

  monotonicNs(): bigint {
    return this.nowNs;
  }

  /** Sleeping needs no waiting: the machine is idle until then, so time simply moves on. */
  sleepNs(ns: bigint): void {
    if (ns > 0n) this.nowNs += ns;
  }

  /** Charges work to the clock. */
  advance(ns: bigint): void {
    this.nowNs += ns;
  }
}
