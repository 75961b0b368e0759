/**
 * The kernel-side writer of [vvar] (data-page.ts) against the test's own model of struct vdso_data (offsets of
 * reference §4.4, clock-page.ts): the same bytes for the same update, Linux's writer protocol on both copies'
 * seq, and a page it wrote read back by the vDSO in the CPU.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { publishVdsoTime, vdsoWriteBegin, vdsoWriteEnd, writeVdsoCoarseResolution, writeVdsoTimezone, type VdsoTimeUpdate } from '../../../src/kernel/vdso/data-page.js';
import { CLOCK, expectedTime, pageBytes, type ClockPage } from './clock-page.js';
import { SCRATCH, VdsoMachine } from './harness.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';

const MODEL: ClockPage = {
  seq: 2,
  clockMode: 1,
  hres: { cycleLast: 0x1234_5678n, mask: 0xffff_ffffn, mult: 0x0a00_0001, shift: 24 },
  raw: { cycleLast: 0x1234_0000n, mask: 0xffff_ffffn, mult: 0x09ff_ffff, shift: 23 },
  stamps: new Map([
    [CLOCK.REALTIME, { sec: 1_650_000_000n, nsec: 42n << 24n }],
    [CLOCK.MONOTONIC, { sec: 1000n, nsec: 7n << 24n }],
    [CLOCK.BOOTTIME, { sec: 1001n, nsec: 7n << 24n }],
    [CLOCK.TAI, { sec: 1_650_000_037n, nsec: 42n << 24n }],
    [CLOCK.REALTIME_COARSE, { sec: 1_650_000_000n, nsec: 0n }],
    [CLOCK.MONOTONIC_COARSE, { sec: 1000n, nsec: 0n }],
  ]),
  rawStamp: { sec: 999n, nsec: 3n << 23n },
  tz: [-120, 0],
  hrtimerRes: 1,
  coarseRes: 10_000_000,
};

function update(p: ClockPage): VdsoTimeUpdate {
  return { clockMode: p.clockMode, hres: p.hres, raw: p.raw, basetime: p.stamps, rawBasetime: p.rawStamp, hrtimerRes: p.hrtimerRes };
}

function written(): Uint8Array {
  const page = new Uint8Array(4096);
  publishVdsoTime(page, update(MODEL)); // seq 0 → 1 → 2
  writeVdsoTimezone(page, MODEL.tz[0], MODEL.tz[1]);
  writeVdsoCoarseResolution(page, MODEL.coarseRes);
  return page;
}

test('publishVdsoTime writes the fields where Linux\'s struct vdso_data has them', () => {
  assert.deepEqual(written(), pageBytes(MODEL));
});

test('the writer makes both copies\' seq odd, then even', () => {
  const page = new Uint8Array(4096);
  const seqs = () => [new DataView(page.buffer).getUint32(0, true), new DataView(page.buffer).getUint32(240, true)];
  vdsoWriteBegin(page);
  assert.deepEqual(seqs(), [1, 1]);
  vdsoWriteEnd(page);
  assert.deepEqual(seqs(), [2, 2]);
  new DataView(page.buffer).setUint32(0, 0xffffffff, true);
  new DataView(page.buffer).setUint32(240, 0xffffffff, true);
  vdsoWriteBegin(page);
  assert.deepEqual(seqs(), [0, 0], 'seq wraps like a u32');
});

test('the vDSO reads a page the writer made', () => {
  const image = buildVdsoImage(readVdsoSource());
  const m = new VdsoMachine(image.bytes);
  m.writeData(written());
  m.counter = 0x1234_9999;
  for (const clock of [CLOCK.REALTIME, CLOCK.MONOTONIC, CLOCK.MONOTONIC_RAW, CLOCK.BOOTTIME, CLOCK.TAI, CLOCK.REALTIME_COARSE]) {
    assert.deepEqual(m.call(image.symbols.get('__vdso_clock_gettime64')!, [clock, SCRATCH]).outcome, { kind: 'returned', v0: 0 });
    const v = m.scratch(0, 16);
    const want = expectedTime(MODEL, clock, m.counter)!;
    assert.deepEqual([v.getBigUint64(0, true), v.getBigUint64(8, true)], [want.sec, want.nsec], `clock ${clock}`);
  }
});
