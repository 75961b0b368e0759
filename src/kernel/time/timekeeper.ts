/**
 * Timekeeping: every clock the kernel serves comes from CP0 Count, the counter the vDSO reads with `rdhwr $2`,
 * so that a system call and the vDSO agree to the nanosecond at any instant. Count runs at half a nominal 100 MHz
 * pipeline clock (50 MHz, 20 ns per tick) and wraps at 32 bits, like a MIPS32r2 core's; the kernel keeps its own
 * 64-bit tick count so that wrapping never shows.
 */
import type { HostClock } from '../../host/host.js';

/** One timer tick at HZ = 250 (Debian's MIPS kernels): how often timekeeping updates, the coarse clocks' step. */
export const TICK_NS = 4_000_000n;
/** Nanoseconds per Count tick. */
export const NS_PER_TICK = 20n;
/** The vDSO's fixed-point conversion: ns = ticks * MULT >> SHIFT (exact: MULT = 20 << SHIFT). */
export const CLOCK_SHIFT = 24;
export const CLOCK_MULT = Number(NS_PER_TICK) << CLOCK_SHIFT;

export class Timekeeper {
  /** realtime - monotonic, fixed at boot (nothing sets the clock). */
  private readonly realOffsetNs: bigint;

  constructor(private readonly host: HostClock) {
    this.realOffsetNs = host.realtimeNs() - host.monotonicNs();
  }

  /** Ticks since boot (not wrapped). */
  ticks(): bigint {
    return this.host.monotonicNs() / NS_PER_TICK;
  }

  /** CP0 Count as the CPU shows it: the low 32 bits of the tick count (at `monotonicNs`, if given). */
  counter(monotonicNs?: bigint): number {
    const ticks = monotonicNs === undefined ? this.ticks() : monotonicNs / NS_PER_TICK;
    return Number(ticks & 0xffffffffn);
  }

  monotonicNs(ticks = this.ticks()): bigint {
    return ticks * NS_PER_TICK;
  }

  realtimeNs(ticks = this.ticks()): bigint {
    return this.monotonicNs(ticks) + this.realOffsetNs;
  }

  /** How long the host may sleep to reach a monotonic deadline. */
  sleepUntil(deadlineNs: bigint): void {
    const now = this.monotonicNs();
    if (deadlineNs > now) this.host.sleepNs(deadlineNs - now);
  }
}
