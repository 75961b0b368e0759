/**
 * The kernel's side of the vDSO data page ([vvar]): what it writes and in which order (layout: VdsoData in
 * src/abi/layouts.ts; reader: vdso.S).
 *
 * Time follows Linux's timekeeping → vDSO contract (update_vsyscall, reference §4.4):
 *  - data[CS_HRES_COARSE] serves REALTIME, MONOTONIC, BOOTTIME, TAI (high resolution) and the two coarse clocks;
 *    data[CS_RAW] serves MONOTONIC_RAW with its own cycle_last/mask/mult/shift and basetime[MONOTONIC_RAW].
 *  - Counter ticks become nanoseconds as ns = ((counter - cycle_last) & mask) * mult >> shift. The high-resolution
 *    basetime[clock] = {sec, nsec << shift}: the clock's value at cycle_last, whole seconds apart, with the
 *    nanoseconds kept shifted so that no precision is lost between updates. The coarse basetimes hold plain
 *    nanoseconds (< 1e9): the time at the last tick.
 *  - The writer runs the seqlock: seq of BOTH copies odd (begin), the fields, then seq even again (end); a reader
 *    that saw seq odd or changed reads again. In Trapgate a guest never runs while the kernel writes, but a guest
 *    preempted inside its read section resumes after the update, which is what the retry is for.
 *
 * The syscall map is Trapgate's own field (from the ppc64 vDSO, reference §4.6).
 */
import { VdsoData } from '../../abi/layouts.js';
import { CLOCK } from '../../abi/flags.js';
import { O32_SYSCALL_BASE, SYSCALLS } from '../../abi/syscalls.js';

/** One clock-source base: how counter ticks turn into nanoseconds since basetime. */
export interface VdsoClocksource {
  readonly cycleLast: bigint;
  readonly mask: bigint;
  readonly mult: number;
  readonly shift: number;
}

export interface VdsoTimestamp {
  readonly sec: bigint;
  /** Shifted left by the clocksource's shift for the high-resolution clocks; plain ns for the coarse ones. */
  readonly nsec: bigint;
}

/** Everything update_vsyscall writes under the seqlock. */
export interface VdsoTimeUpdate {
  readonly clockMode: number;
  readonly hres: VdsoClocksource;
  readonly raw: VdsoClocksource;
  /** basetime of data[CS_HRES_COARSE], by clock id; clocks not listed are left as they are. */
  readonly basetime: ReadonlyMap<number, VdsoTimestamp>;
  /** data[CS_RAW].basetime[MONOTONIC_RAW]. */
  readonly rawBasetime: VdsoTimestamp;
  /** The high-resolution clocks' resolution in ns (hrtimer_res; 1 with high-resolution timers). */
  readonly hrtimerRes: number;
}

const BASES = [VdsoData.cs_hres_coarse, VdsoData.cs_raw] as const;

function view(page: Uint8Array): DataView {
  return new DataView(page.buffer, page.byteOffset, page.byteLength);
}

/** vdso_write_begin: seq of both copies becomes odd. */
export function vdsoWriteBegin(page: Uint8Array): void {
  const v = view(page);
  for (const base of BASES) v.setUint32(base + VdsoData.seq, (v.getUint32(base + VdsoData.seq, true) + 1) >>> 0, true);
}

/** vdso_write_end: seq of both copies becomes even again. */
export function vdsoWriteEnd(page: Uint8Array): void {
  vdsoWriteBegin(page);
}

/** The fields of an update, without the seqlock (call between vdsoWriteBegin and vdsoWriteEnd). */
export function vdsoWriteTimeFields(page: Uint8Array, u: VdsoTimeUpdate): void {
  const v = view(page);
  const source = (base: number, s: VdsoClocksource): void => {
    v.setInt32(base + VdsoData.clock_mode, u.clockMode, true);
    v.setBigUint64(base + VdsoData.cycle_last, s.cycleLast, true);
    v.setBigUint64(base + VdsoData.mask, s.mask, true);
    v.setUint32(base + VdsoData.mult, s.mult, true);
    v.setUint32(base + VdsoData.shift, s.shift, true);
  };
  const stamp = (base: number, clock: number, t: VdsoTimestamp): void => {
    const at = base + VdsoData.basetime + clock * VdsoData.timestamp_size;
    v.setBigUint64(at + VdsoData.timestamp_sec, BigInt.asUintN(64, t.sec), true);
    v.setBigUint64(at + VdsoData.timestamp_nsec, BigInt.asUintN(64, t.nsec), true);
  };
  source(VdsoData.cs_hres_coarse, u.hres);
  source(VdsoData.cs_raw, u.raw);
  for (const [clock, t] of u.basetime) stamp(VdsoData.cs_hres_coarse, clock, t);
  stamp(VdsoData.cs_raw, CLOCK.MONOTONIC_RAW, u.rawBasetime);
  v.setUint32(VdsoData.cs_hres_coarse + VdsoData.hrtimer_res, u.hrtimerRes, true);
}

/** A whole update under the seqlock. */
export function publishVdsoTime(page: Uint8Array, u: VdsoTimeUpdate): void {
  vdsoWriteBegin(page);
  vdsoWriteTimeFields(page, u);
  vdsoWriteEnd(page);
}

/** update_vsyscall_tz: the time zone of settimeofday, read by gettimeofday outside the seqlock. */
export function writeVdsoTimezone(page: Uint8Array, minuteswest: number, dsttime: number): void {
  const v = view(page);
  v.setInt32(VdsoData.cs_hres_coarse + VdsoData.tz_minuteswest, minuteswest, true);
  v.setInt32(VdsoData.cs_hres_coarse + VdsoData.tz_dsttime, dsttime, true);
}

/** Trapgate's field: the coarse clocks' resolution in ns (one tick), answered by clock_getres. */
export function writeVdsoCoarseResolution(page: Uint8Array, ns: number): void {
  view(page).setUint32(VdsoData.coarse_res, ns, true);
}

/** How many o32 syscall numbers the map describes: the whole table (like ppc64's __NR_syscalls). */
export const SYSCALL_MAP_COUNT = SYSCALLS[SYSCALLS.length - 1]!.nr - O32_SYSCALL_BASE + 1;

/**
 * Trapgate's field: the map of implemented system calls, bit 0x80000000 >> (N & 31) of word N >> 5 for
 * syscall 4000 + N, and the count of numbers it covers. `numbers` are o32 numbers (4000 + N).
 */
export function writeSyscallMap(page: Uint8Array, numbers: Iterable<number>): void {
  if (SYSCALL_MAP_COUNT > VdsoData.syscall_map_words * 32) throw new Error('the syscall table outgrew the vDSO syscall map');
  const v = view(page);
  const words = new Uint32Array(VdsoData.syscall_map_words);
  for (const nr of numbers) {
    const n = nr - O32_SYSCALL_BASE;
    if (!Number.isInteger(n) || n < 0 || n >= SYSCALL_MAP_COUNT) throw new RangeError(`${nr} is not an o32 system call number`);
    words[n >>> 5] |= 0x80000000 >>> (n & 31);
  }
  v.setUint32(VdsoData.syscall_count, SYSCALL_MAP_COUNT, true);
  words.forEach((w, i) => v.setUint32(VdsoData.syscall_map + i * 4, w, true));
}
