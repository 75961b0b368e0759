/**
 * The kernel's timekeeping writer of the vDSO data page (update_vsyscall at every tick, HZ = 250).
 *
 * On SMP hardware the writer runs on another CPU while a guest reads, so a reader can see a half-written page;
 * the seqlock's retry is what makes that safe. To reproduce the race, an update here is not atomic: it is a
 * sequence of steps (seq odd, the clocksource fields and seconds, the nanoseconds, seq even), and the run loop lets
 * a few guest instructions run between consecutive steps. A reader that ignored the seqlock would see torn times.
 */
import { CLOCK } from '../../abi/flags.js';
import type { PhysicalMemory } from '../../mm/physical.js';
import { PAGE_SIZE } from '../../mm/physical.js';
import { vdsoWriteBegin, vdsoWriteEnd, vdsoWriteTimeFields, type VdsoTimeUpdate, type VdsoTimestamp } from '../vdso/data-page.js';
import { VDSO_CLOCKMODE } from '../../abi/flags.js';
import { VdsoData } from '../../abi/layouts.js';
import { CLOCK_MULT, CLOCK_SHIFT, TICK_NS, type Timekeeper } from './timekeeper.js';

const NS = 1_000_000_000n;
const MASK32 = 0xffffffffn;

const HRES_CLOCKS = [CLOCK.REALTIME, CLOCK.MONOTONIC, CLOCK.BOOTTIME, CLOCK.TAI];

export class VvarWriter {
  /** Index of the next step of an update in progress, or -1 when idle. */
  private step = -1;
  private pendingTick = 0n;
  private pending: VdsoTimeUpdate | undefined;
  private nextUpdateNs = 0n;
  /** Updates completed (for traces and tests). */
  updates = 0;
  /** Steps taken while a guest thread was inside a vDSO function: real reader-writer races. */
  races = 0;
  /** Tick count of the last completed update: what the coarse clocks say (the kernel's and the vDSO's alike). */
  lastTick = 0n;

  constructor(
    private readonly mem: PhysicalMemory,
    private readonly frame: number,
    private readonly time: Timekeeper,
    private readonly userCounter: boolean,
    /** Guest instructions between two steps of an update. */
    private readonly gap: () => number,
  ) {}

  private page(): Uint8Array {
    return this.mem.u8.subarray(this.frame, this.frame + PAGE_SIZE);
  }

  /** The whole update at once (at boot, before any guest runs). */
  publishNow(): void {
    this.pendingTick = this.time.ticks();
    const u = this.snapshot();
    const page = this.page();
    vdsoWriteBegin(page);
    vdsoWriteTimeFields(page, u);
    vdsoWriteEnd(page);
    this.updates++;
    this.lastTick = this.pendingTick;
    this.nextUpdateNs = this.time.monotonicNs() + TICK_NS;
  }

  get inProgress(): boolean {
    return this.step >= 0;
  }

  /** Starts an update when a tick has passed since the last one (its first step happens at once). */
  startIfDue(): void {
    if (this.step < 0 && this.time.monotonicNs() >= this.nextUpdateNs) {
      this.pendingTick = this.time.ticks();
      this.pending = this.snapshot();
      this.step = 0;
      this.advance();
    }
  }

  /** Guest instructions to run before the next step of the update in progress. */
  stepBudget(): number {
    return Math.max(1, this.gap());
  }

  /** Performs the next step of the update in progress; `readerPc` is where the guest just stopped. */
  advance(readerPc?: number, insideVdso?: (pc: number) => boolean): void {
    if (this.step < 0) return;
    if (this.step > 0 && readerPc !== undefined && insideVdso?.(readerPc)) this.races++;
    const page = this.page();
    const u = this.pending!;
    switch (this.step) {
      case 0:
        vdsoWriteBegin(page);
        break;
      case 1:
        // First half: clocksource and seconds, with the old nanoseconds still in place.
        vdsoWriteTimeFields(page, { ...u, basetime: new Map([...u.basetime].map(([c, t]) => [c, { ...t, nsec: this.oldNsec(c, t) }])) });
        break;
      case 2:
        vdsoWriteTimeFields(page, u);
        break;
      default:
        vdsoWriteEnd(page);
        this.step = -1;
        this.pending = undefined;
        this.updates++;
        this.lastTick = this.pendingTick;
        this.nextUpdateNs = this.time.monotonicNs() + TICK_NS;
        return;
    }
    this.step++;
  }

  /** The nanoseconds currently in the page for a clock (what a torn read would pair with new seconds). */
  private oldNsec(clock: number, fallback: VdsoTimestamp): bigint {
    const v = new DataView(this.mem.u8.buffer, this.frame, PAGE_SIZE);
    const at = VdsoData.cs_hres_coarse + VdsoData.basetime + clock * VdsoData.timestamp_size + VdsoData.timestamp_nsec;
    return at + 8 <= VdsoData.cs_raw ? v.getBigUint64(at, true) : fallback.nsec;
  }

  /** update_vsyscall's values for the current tick. */
  private snapshot(): VdsoTimeUpdate {
    const ticks = this.pendingTick;
    const mono = this.time.monotonicNs(ticks);
    const real = this.time.realtimeNs(ticks);
    const shifted = (ns: bigint): VdsoTimestamp => ({ sec: ns / NS, nsec: (ns % NS) << BigInt(CLOCK_SHIFT) });
    const plain = (ns: bigint): VdsoTimestamp => ({ sec: ns / NS, nsec: ns % NS });
    const source = { cycleLast: ticks & MASK32, mask: MASK32, mult: CLOCK_MULT, shift: CLOCK_SHIFT };
    const basetime = new Map<number, VdsoTimestamp>();
    for (const c of HRES_CLOCKS) basetime.set(c, shifted(c === CLOCK.REALTIME || c === CLOCK.TAI ? real : mono));
    basetime.set(CLOCK.REALTIME_COARSE, plain(real));
    basetime.set(CLOCK.MONOTONIC_COARSE, plain(mono));
    return {
      clockMode: this.userCounter ? VDSO_CLOCKMODE.R4K : VDSO_CLOCKMODE.NONE,
      hres: source, raw: source, basetime, rawBasetime: shifted(mono), hrtimerRes: 1,
    };
  }
}
