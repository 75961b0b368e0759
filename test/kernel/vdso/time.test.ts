/**
 * The vDSO's time functions, run instruction by instruction in Trapgate's CPU against a data page the test writes,
 * compared with Linux's formula computed here in BigInt (clock-page.ts): every vDSO clock, time32 and time64,
 * counter wrap, masks, shifts 0..36, many seconds of delta, 64-bit seconds; gettimeofday with and without tv/tz;
 * clock_getres; and the system call for every clock the vDSO must not answer (clock_mode NONE included).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { CLOCK, clonePage, COARSE_CLOCKS, expectedTime, HRES_CLOCKS, OTHER_CLOCKS, pageBytes, RAW_CLOCKS, VDSO_CLOCKS, type ClockPage } from './clock-page.js';
import { REG, SCRATCH, STACK_TOP, VdsoMachine, type Outcome } from './harness.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';

const image = buildVdsoImage(readVdsoSource());
const fn = (name: string): number => {
  const at = image.symbols.get(name);
  assert.ok(at !== undefined, `${name} is exported`);
  return at;
};
/** o32 numbers from Linux's syscall_o32.tbl (reference §4.4's fallback list). */
const NR = { gettimeofday: 4078, clock_gettime: 4263, clock_getres: 4264, clock_gettime64: 4403, clock_getres_time64: 4406 };
const EINVAL = 22;
const OUT = 0x100; // where in the scratch page the function writes
const FILL = 0xee;

const BASE_PAGE: ClockPage = {
  seq: 42,
  clockMode: 1,
  // A 100 MHz counter: 10 ns per tick, as mult / 2^shift.
  hres: { cycleLast: 0xfffff000n, mask: 0xffffffffn, mult: 10 << 24, shift: 24 },
  raw: { cycleLast: 0xffff0000n, mask: 0xffffffffn, mult: (10 << 24) + 11, shift: 24 },
  stamps: new Map([
    [CLOCK.REALTIME, { sec: 1_700_000_000n, nsec: 999_999_000n << 24n }],
    [CLOCK.MONOTONIC, { sec: 86_400n, nsec: 500_000_000n << 24n }],
    [CLOCK.BOOTTIME, { sec: 86_500n, nsec: (1n << 24n) + 12345n }],
    [CLOCK.TAI, { sec: 1_700_000_037n, nsec: 999_999_000n << 24n }],
    [CLOCK.REALTIME_COARSE, { sec: 1_700_000_000n, nsec: 996_000_000n }],
    [CLOCK.MONOTONIC_COARSE, { sec: 86_400n, nsec: 496_000_000n }],
  ]),
  rawStamp: { sec: 86_390n, nsec: 123_456_789n << 24n },
  tz: [-60, 1],
  hrtimerRes: 1,
  coarseRes: 4_000_000,
};
const COUNTER = 0x00012345; // past a wrap of the 32-bit counter: cycle_last is just below 2^32

function variant(change: (p: ClockPage) => void): ClockPage {
  const p = clonePage(BASE_PAGE);
  change(p);
  return p;
}

/** The high-resolution clocks re-expressed for another mult/shift: their basetime nsec is kept shifted by it. */
function reshift(p: ClockPage, mult: number, shift: number): void {
  const old = BigInt(p.hres.shift);
  p.hres = { ...p.hres, mult, shift };
  for (const clock of HRES_CLOCKS) {
    const t = p.stamps.get(clock)!;
    p.stamps.set(clock, { sec: t.sec, nsec: (t.nsec >> old) << BigInt(shift) });
  }
}

/** Pages that exercise the arithmetic: each changes one thing from BASE_PAGE. */
const SCENARIOS: Record<string, { page: ClockPage; counter: number }> = {
  'counter wrapped past cycle_last': { page: BASE_PAGE, counter: COUNTER },
  'counter at cycle_last': { page: BASE_PAGE, counter: 0xfffff000 },
  'seconds beyond 32 bits': { page: variant((p) => { p.stamps.set(CLOCK.REALTIME, { sec: 0x1_8000_0001n, nsec: 5n << 24n }); p.stamps.set(CLOCK.REALTIME_COARSE, { sec: 0x2_0000_0003n, nsec: 7n }); }), counter: COUNTER },
  'a second carries into the seconds\' high word': { page: variant((p) => { p.stamps.set(CLOCK.TAI, { sec: 0x1_ffff_ffffn, nsec: 999_999_000n << 24n }); }), counter: COUNTER },
  '64-bit mask, borrow between the words': { page: variant((p) => { reshift(p, 1, 32); p.hres = { ...p.hres, mask: (1n << 64n) - 1n, cycleLast: 0x1_0000_1000n }; }), counter: 0x800 },
  'shift 0': { page: variant((p) => { reshift(p, 10, 0); p.stamps.set(CLOCK.MONOTONIC, { sec: 5n, nsec: 999_999_990n }); }), counter: COUNTER },
  'shift 31': { page: variant((p) => { reshift(p, 3, 31); p.stamps.set(CLOCK.MONOTONIC, { sec: 5n, nsec: 0x7fff_ffff_ffffn }); }), counter: 0x7fffffff },
  'shift 32': { page: variant((p) => { reshift(p, 0x80000000, 32); p.stamps.set(CLOCK.REALTIME, { sec: 9n, nsec: 999_999_999n << 32n }); }), counter: COUNTER },
  'shift 36 (raw)': { page: variant((p) => { p.raw = { ...p.raw, mult: 0xffffffff, shift: 36 }; p.rawStamp = { sec: 1n, nsec: 0xfff_ffff_ffff_ffffn }; }), counter: 0xffffffff },
  '43 seconds of ticks': { page: variant((p) => { p.hres = { ...p.hres, cycleLast: BigInt(COUNTER + 1) }; }), counter: COUNTER },
  '24-bit counter mask': { page: variant((p) => { p.hres = { ...p.hres, mask: 0xffffffn, cycleLast: 0xabfffff0n }; }), counter: 0x12000005 },
  'cycle_last above 32 bits': { page: variant((p) => { p.hres = { ...p.hres, cycleLast: 0x5_0001_0000n }; }), counter: 0x00020000 },
  'nsec sum carries into the high word': { page: variant((p) => { reshift(p, 0xffffffff, 30); p.stamps.set(CLOCK.BOOTTIME, { sec: 0n, nsec: 0xffff_ffffn }); }), counter: 0xfffff001 },
};

function machine(page: ClockPage, counter: number): VdsoMachine {
  const m = new VdsoMachine(image.bytes);
  m.writeData(pageBytes(page));
  m.counter = counter;
  return m;
}

function prepareOut(m: VdsoMachine): void {
  m.writeScratch(OUT, new Uint8Array(64).fill(FILL));
}

/** The scratch bytes after a call: `written` bytes at OUT, and whether everything around them is untouched. */
function output(m: VdsoMachine, written: number): { view: DataView; untouched: boolean } {
  const all = m.scratch(OUT, 64);
  let untouched = true;
  for (let i = written; i < 64; i++) if (all.getUint8(i) !== FILL) untouched = false;
  return { view: new DataView(all.buffer, all.byteOffset, written), untouched };
}

function returned(o: Outcome, what = ''): number {
  assert.equal(o.kind, 'returned', `${what} returned (${JSON.stringify(o)})`);
  return (o as { v0: number }).v0;
}

/** s0..s7, gp, sp, s8 must survive (o32 callee-saved), and nothing may be written on the stack. */
function callWithAbiCheck(m: VdsoMachine, offset: number, args: number[]) {
  m.enter(offset, args);
  const saved = [16, 17, 18, 19, 20, 21, 22, 23, 28, 29, 30].map((r) => [r, m.st.r[r]!] as const);
  const stack = m.as.read(STACK_TOP - 4096, 4096);
  const outcome = m.run(100_000);
  for (const [r, v] of saved) assert.equal(m.st.r[r], v, `$${r} is preserved`);
  assert.deepEqual(m.as.read(STACK_TOP - 4096, 4096), stack, 'the stack is not touched (no frame)');
  return outcome;
}

test('clock_gettime64 and clock_gettime give Linux\'s time for every vDSO clock', () => {
  let checked = 0;
  for (const [name, { page, counter }] of Object.entries(SCENARIOS)) {
    const m = machine(page, counter);
    for (const clock of VDSO_CLOCKS) {
      const want = expectedTime(page, clock, counter)!;
      prepareOut(m);
      assert.equal(returned(callWithAbiCheck(m, fn('__vdso_clock_gettime64'), [clock, SCRATCH + OUT]), `${name}: clock_gettime64(${clock})`), 0);
      const t64 = output(m, 16);
      assert.ok(t64.untouched, `${name}, clock ${clock}: only the timespec is written`);
      assert.deepEqual([t64.view.getBigUint64(0, true), t64.view.getBigUint64(8, true)], [want.sec, want.nsec], `${name}: clock_gettime64(${clock})`);

      prepareOut(m);
      assert.equal(returned(callWithAbiCheck(m, fn('__vdso_clock_gettime'), [clock, SCRATCH + OUT]), `${name}: clock_gettime(${clock})`), 0);
      const t32 = output(m, 8);
      assert.ok(t32.untouched, `${name}, clock ${clock}: only the old_timespec32 is written`);
      // Linux's time32 entry stores the low 32 bits of the seconds (no EOVERFLOW).
      assert.deepEqual([t32.view.getUint32(0, true), t32.view.getUint32(4, true)], [Number(want.sec & 0xffffffffn), Number(want.nsec)], `${name}: clock_gettime(${clock})`);
      checked++;
    }
  }
  assert.equal(checked, Object.keys(SCENARIOS).length * 7);
});

test('the scenarios really reach the paths they are named after', () => {
  // Guards the test data itself: normalisation over many seconds, a wrapped counter, a nanosecond carry.
  const many = expectedTime(SCENARIOS['43 seconds of ticks']!.page, CLOCK.REALTIME, SCENARIOS['43 seconds of ticks']!.counter)!;
  assert.equal(many.sec - 1_700_000_000n, 43n);
  assert.equal(expectedTime(BASE_PAGE, CLOCK.MONOTONIC, COUNTER)!.sec, 86_400n);
  assert.equal(expectedTime(BASE_PAGE, CLOCK.REALTIME, COUNTER)!.sec, 1_700_000_001n, 'crosses a second');
  assert.ok(expectedTime(SCENARIOS['seconds beyond 32 bits']!.page, CLOCK.REALTIME, COUNTER)!.sec > 0xffffffffn);
  assert.equal(expectedTime(SCENARIOS['a second carries into the seconds\' high word']!.page, CLOCK.TAI, COUNTER)!.sec, 0x2_0000_0000n);
  const wide = SCENARIOS['64-bit mask, borrow between the words']!;
  assert.equal(expectedTime(wide.page, CLOCK.BOOTTIME, wide.counter)!.sec, 86_504n, 'a delta of 2^64 - 2^32 - 2048 ticks at 2^-32 ns each');
});

test('every other clock id goes to the system call, whose errors come back as -errno', () => {
  const m = machine(BASE_PAGE, COUNTER);
  for (const [entry, nr] of [['__vdso_clock_gettime64', NR.clock_gettime64], ['__vdso_clock_gettime', NR.clock_gettime]] as const) {
    for (const clock of OTHER_CLOCKS) {
      prepareOut(m);
      const failing = m.call(fn(entry), [clock, SCRATCH + OUT], { kernel: () => ({ errno: EINVAL }) });
      assert.deepEqual(failing.syscalls, [{ nr, args: [clock >>> 0, SCRATCH + OUT, failing.syscalls[0]!.args[2]!, failing.syscalls[0]!.args[3]!] }], `${entry}(${clock}) calls ${nr} with the caller's arguments`);
      assert.equal(returned(failing.outcome), -EINVAL);
      assert.ok(output(m, 0).untouched, 'the vDSO itself writes nothing');
      const fine = m.call(fn(entry), [clock, SCRATCH + OUT], { kernel: () => ({ value: 0 }) });
      assert.equal(returned(fine.outcome), 0);
    }
  }
});

test('clock_mode NONE (or a counter the vDSO cannot read) sends the high-resolution and raw clocks to the system call; coarse still comes from the page', () => {
  for (const mode of [0, 2]) {
    const page = variant((p) => { p.clockMode = mode; });
    const m = machine(page, COUNTER);
    for (const clock of [...HRES_CLOCKS, ...RAW_CLOCKS]) {
      for (const [entry, nr] of [['__vdso_clock_gettime64', NR.clock_gettime64], ['__vdso_clock_gettime', NR.clock_gettime]] as const) {
        const r = m.call(fn(entry), [clock, SCRATCH + OUT], { kernel: () => ({ value: 0 }) });
        assert.deepEqual(r.syscalls.map((s) => [s.nr, s.args[0]]), [[nr, clock]], `mode ${mode}: ${entry}(${clock})`);
        assert.equal(returned(r.outcome), 0);
      }
    }
    // Linux's do_coarse does not look at clock_mode.
    for (const clock of COARSE_CLOCKS) {
      prepareOut(m);
      const r = m.call(fn('__vdso_clock_gettime64'), [clock, SCRATCH + OUT]);
      assert.equal(returned(r.outcome), 0);
      assert.deepEqual(r.syscalls, []);
      const want = page.stamps.get(clock)!;
      assert.deepEqual([output(m, 16).view.getBigUint64(0, true), output(m, 16).view.getBigUint64(8, true)], [want.sec, want.nsec]);
    }
    const gtod = m.call(fn('__vdso_gettimeofday'), [SCRATCH + OUT, SCRATCH + OUT + 32], { kernel: () => ({ errno: EINVAL }) });
    assert.deepEqual(gtod.syscalls.map((s) => [s.nr, s.args[0], s.args[1]]), [[NR.gettimeofday, SCRATCH + OUT, SCRATCH + OUT + 32]]);
    assert.equal(returned(gtod.outcome), -EINVAL);
    prepareOut(m);
    const tzOnly = m.call(fn('__vdso_gettimeofday'), [0, SCRATCH + OUT]);
    assert.deepEqual(tzOnly.syscalls, [], 'no tv: the time zone alone needs no counter');
    assert.equal(returned(tzOnly.outcome), 0);
    assert.deepEqual([output(m, 8).view.getInt32(0, true), output(m, 8).view.getInt32(4, true)], [-60, 1]);
  }
});

test('gettimeofday: seconds, nsec / 1000 exactly, and the time zone, each pointer optional', () => {
  const nsecs = [0n, 1n, 999n, 1000n, 1001n, 1999n, 123_456_789n, 999_999n, 1_000_000n, 999_999_000n, 999_999_999n, 500_000_499n];
  let seed = 12345;
  for (let i = 0; i < 300; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    nsecs.push(BigInt(seed % 1_000_000_000));
  }
  for (const nsec of nsecs) {
    const page = variant((p) => { p.stamps.set(CLOCK.REALTIME, { sec: 1_234_567_890n, nsec: nsec << 24n }); });
    const m = machine(page, Number(page.hres.cycleLast)); // no ticks since the update: ns is exactly nsec
    prepareOut(m);
    assert.equal(returned(m.call(fn('__vdso_gettimeofday'), [SCRATCH + OUT, 0]).outcome), 0);
    const tv = output(m, 8);
    assert.ok(tv.untouched);
    assert.deepEqual([tv.view.getUint32(0, true), tv.view.getUint32(4, true)], [1_234_567_890, Number(nsec / 1000n)], `nsec ${nsec}`);
  }

  const m = machine(BASE_PAGE, COUNTER);
  const want = expectedTime(BASE_PAGE, CLOCK.REALTIME, COUNTER)!;
  prepareOut(m);
  assert.equal(returned(callWithAbiCheck(m, fn('__vdso_gettimeofday'), [SCRATCH + OUT, SCRATCH + OUT + 8])), 0);
  const both = output(m, 16);
  assert.ok(both.untouched);
  assert.deepEqual([both.view.getUint32(0, true), both.view.getUint32(4, true), both.view.getInt32(8, true), both.view.getInt32(12, true)],
    [Number(want.sec & 0xffffffffn), Number(want.nsec / 1000n), -60, 1]);
  prepareOut(m);
  assert.equal(returned(m.call(fn('__vdso_gettimeofday'), [0, 0]).outcome), 0);
  assert.ok(output(m, 0).untouched, 'both NULL: nothing written, success');
});

test('clock_getres: hrtimer_res for high-resolution and raw clocks, the coarse resolution for coarse ones, res optional', () => {
  for (const mode of [1, 0]) {
    const page = variant((p) => { p.clockMode = mode; p.hrtimerRes = 7; });
    const m = machine(page, COUNTER);
    for (const clock of VDSO_CLOCKS) {
      const ns = COARSE_CLOCKS.includes(clock as 5) ? 4_000_000 : 7;
      prepareOut(m);
      assert.equal(returned(callWithAbiCheck(m, fn('__vdso_clock_getres_time64'), [clock, SCRATCH + OUT])), 0);
      const r64 = output(m, 16);
      assert.ok(r64.untouched);
      assert.deepEqual([r64.view.getBigUint64(0, true), r64.view.getBigUint64(8, true)], [0n, BigInt(ns)], `mode ${mode}: clock_getres_time64(${clock})`);
      prepareOut(m);
      assert.equal(returned(callWithAbiCheck(m, fn('__vdso_clock_getres'), [clock, SCRATCH + OUT])), 0);
      const r32 = output(m, 8);
      assert.ok(r32.untouched);
      assert.deepEqual([r32.view.getUint32(0, true), r32.view.getUint32(4, true)], [0, ns], `mode ${mode}: clock_getres(${clock})`);
      prepareOut(m);
      assert.equal(returned(m.call(fn('__vdso_clock_getres'), [clock, 0]).outcome), 0, 'res NULL');
      assert.ok(output(m, 0).untouched);
    }
    for (const clock of OTHER_CLOCKS) {
      for (const [entry, nr] of [['__vdso_clock_getres_time64', NR.clock_getres_time64], ['__vdso_clock_getres', NR.clock_getres]] as const) {
        const r = m.call(fn(entry), [clock, SCRATCH + OUT], { kernel: () => ({ errno: EINVAL }) });
        assert.deepEqual(r.syscalls.map((s) => [s.nr, s.args[0], s.args[1]]), [[nr, clock >>> 0, SCRATCH + OUT]]);
        assert.equal(returned(r.outcome), -EINVAL);
      }
    }
  }
});

test('the fallback restores the return address before the system call (which may clobber $v1 and the $t registers)', () => {
  const m = machine(BASE_PAGE, COUNTER);
  m.enter(fn('__vdso_clock_gettime64'), [CLOCK.PROCESS_CPUTIME_ID, SCRATCH + OUT]);
  const first = m.run(10_000);
  assert.equal(first.kind, 'syscall');
  // Linux's o32 entry may return with $v1 and $t0..$t9 changed (the vDSO's fallback asm lists them as clobbered).
  for (const r of [REG.v1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25]) m.st.r[r] = 0x0dead000 | r;
  m.answer({ value: 0 });
  assert.deepEqual(m.run(10_000), { kind: 'returned', v0: 0 });
});
