/**
 * The test's own model of the vDSO data page: Linux's struct vdso_data written with the offsets of reference
 * §4.4 (typed in here, not taken from src/abi), and the time Linux's vDSO computes from it, in BigInt:
 *   ns = (((counter - cycle_last) & mask) * mult + basetime.nsec) >> shift   (mod 2^64)
 *   tv_sec = basetime.sec + ns / 1e9, tv_nsec = ns % 1e9                   (high-resolution and raw clocks)
 *   tv_sec, tv_nsec = basetime.sec, basetime.nsec                           (coarse clocks)
 * Only Trapgate's own fields (coarse resolution, syscall map) come from VdsoData: nothing else defines them.
 */
import { VdsoData } from '../../../src/abi/layouts.js';

const VD = { seq: 0, clock_mode: 4, cycle_last: 8, mask: 16, mult: 24, shift: 28, basetime: 32, tz_minuteswest: 224, tz_dsttime: 228, hrtimer_res: 232 };
const VDSO_DATA_SIZE = 240;
const CS_RAW = 1;

export const CLOCK = {
  REALTIME: 0, MONOTONIC: 1, PROCESS_CPUTIME_ID: 2, THREAD_CPUTIME_ID: 3, MONOTONIC_RAW: 4, REALTIME_COARSE: 5,
  MONOTONIC_COARSE: 6, BOOTTIME: 7, REALTIME_ALARM: 8, BOOTTIME_ALARM: 9, SGI_CYCLE: 10, TAI: 11,
} as const;
export const HRES_CLOCKS = [CLOCK.REALTIME, CLOCK.MONOTONIC, CLOCK.BOOTTIME, CLOCK.TAI];
export const COARSE_CLOCKS = [CLOCK.REALTIME_COARSE, CLOCK.MONOTONIC_COARSE];
export const RAW_CLOCKS = [CLOCK.MONOTONIC_RAW];
export const VDSO_CLOCKS = [...HRES_CLOCKS, ...COARSE_CLOCKS, ...RAW_CLOCKS];
/** Clock ids the vDSO must hand to the system call (CPU-time clocks, alarms, SGI, out of range, negative). */
export const OTHER_CLOCKS = [2, 3, 8, 9, 10, 12, 15, 16, 99, -1, -6, 0x7fffffff];

export interface Clocksource {
  cycleLast: bigint;
  mask: bigint;
  mult: number;
  shift: number;
}

export interface Stamp {
  sec: bigint;
  nsec: bigint;
}

export interface ClockPage {
  seq: number;
  clockMode: number;
  hres: Clocksource;
  raw: Clocksource;
  /** basetime of data[CS_HRES_COARSE] by clock id. */
  stamps: Map<number, Stamp>;
  /** data[CS_RAW].basetime[MONOTONIC_RAW]. */
  rawStamp: Stamp;
  tz: readonly [number, number];
  hrtimerRes: number;
  coarseRes: number;
}

export const NS = 1_000_000_000n;
const U64 = (1n << 64n) - 1n;

export function clonePage(p: ClockPage): ClockPage {
  return { ...p, hres: { ...p.hres }, raw: { ...p.raw }, stamps: new Map([...p.stamps].map(([c, s]) => [c, { ...s }])), rawStamp: { ...p.rawStamp } };
}

/** Writes the fields that change with time (everything but seq) into `page`. */
export function writeTimeFields(page: Uint8Array, p: ClockPage): void {
  const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
  const source = (base: number, s: Clocksource) => {
    v.setInt32(base + VD.clock_mode, p.clockMode, true);
    v.setBigUint64(base + VD.cycle_last, s.cycleLast, true);
    v.setBigUint64(base + VD.mask, s.mask, true);
    v.setUint32(base + VD.mult, s.mult, true);
    v.setUint32(base + VD.shift, s.shift, true);
  };
  const stamp = (base: number, clock: number, s: Stamp) => {
    v.setBigUint64(base + VD.basetime + clock * 16, BigInt.asUintN(64, s.sec), true);
    v.setBigUint64(base + VD.basetime + clock * 16 + 8, BigInt.asUintN(64, s.nsec), true);
  };
  source(0, p.hres);
  source(VDSO_DATA_SIZE * CS_RAW, p.raw);
  for (const [clock, s] of p.stamps) stamp(0, clock, s);
  stamp(VDSO_DATA_SIZE * CS_RAW, CLOCK.MONOTONIC_RAW, p.rawStamp);
  v.setInt32(VD.tz_minuteswest, p.tz[0], true);
  v.setInt32(VD.tz_dsttime, p.tz[1], true);
  v.setUint32(VD.hrtimer_res, p.hrtimerRes, true);
  v.setUint32(VdsoData.coarse_res, p.coarseRes, true);
}

export function setSeq(page: Uint8Array, seq: number): void {
  const v = new DataView(page.buffer, page.byteOffset, page.byteLength);
  v.setUint32(VD.seq, seq >>> 0, true);
  v.setUint32(VDSO_DATA_SIZE * CS_RAW + VD.seq, seq >>> 0, true);
}

export function pageBytes(p: ClockPage): Uint8Array {
  const page = new Uint8Array(4096);
  writeTimeFields(page, p);
  setSeq(page, p.seq);
  return page;
}

/** What Linux's vDSO returns for `clock` at `counter` (undefined: it makes the system call). */
export function expectedTime(p: ClockPage, clock: number, counter: number): Stamp | undefined {
  if (COARSE_CLOCKS.includes(clock as 5)) return { ...p.stamps.get(clock)! };
  const raw = clock === CLOCK.MONOTONIC_RAW;
  if (!raw && !HRES_CLOCKS.includes(clock as 0)) return undefined;
  if (p.clockMode !== 1) return undefined;
  const s = raw ? p.raw : p.hres;
  const base = raw ? p.rawStamp : p.stamps.get(clock)!;
  const delta = (BigInt(counter >>> 0) - s.cycleLast) & s.mask & U64;
  const ns = ((delta * BigInt(s.mult) + base.nsec) & U64) >> BigInt(s.shift);
  return { sec: (base.sec + ns / NS) & U64, nsec: ns % NS };
}
