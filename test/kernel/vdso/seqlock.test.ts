/**
 * The seqlock reader (reference §4.4) under a writer that interleaves with it: while seq is odd the reader waits;
 * and for every placement of the writer's three steps — seq++ (odd), all fields to a new consistent state, seq++
 * (even) — at the reader's instruction boundaries, the reader returns one of the two consistent times, never a
 * mix. Readers built without the retry or without the odd-seq wait are shown to be caught by the same check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVdsoImage, type VdsoImage } from '../../../src/kernel/vdso/image.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';
import { CLOCK, clonePage, expectedTime, pageBytes, setSeq, writeTimeFields, type ClockPage } from './clock-page.js';
import { DATA, SCRATCH, VdsoMachine } from './harness.js';

const OUT = 0x100;

const STATE_A: ClockPage = {
  seq: 100,
  clockMode: 1,
  hres: { cycleLast: 0x1000n, mask: 0xffffffffn, mult: 10 << 24, shift: 24 },
  raw: { cycleLast: 0x1200n, mask: 0xffffffffn, mult: 10 << 24, shift: 24 },
  stamps: new Map([
    [CLOCK.REALTIME, { sec: 1_000n, nsec: 100_000_000n << 24n }],
    [CLOCK.MONOTONIC, { sec: 50n, nsec: 0n }],
    [CLOCK.REALTIME_COARSE, { sec: 1_000n, nsec: 96_000_000n }],
    [CLOCK.MONOTONIC_COARSE, { sec: 50n, nsec: 4_000_000n }],
  ]),
  rawStamp: { sec: 40n, nsec: 5n << 24n },
  tz: [0, 0],
  hrtimerRes: 1,
  coarseRes: 4_000_000,
};

/**
 * The next update: cycle_last moved on by 0x800 ticks with basetime moved by the same 20480 ns — and, so that
 * every mix of old and new fields reads differently from both states, the clocks were also stepped (as
 * clock_settime would) and the seconds changed.
 */
const STATE_B: ClockPage = (() => {
  const b = clonePage(STATE_A);
  b.hres.cycleLast = 0x1800n;
  b.raw.cycleLast = 0x1a00n;
  b.stamps.set(CLOCK.REALTIME, { sec: 2_000n, nsec: 700_020_480n << 24n });
  b.stamps.set(CLOCK.MONOTONIC, { sec: 51n, nsec: 300_020_480n << 24n });
  b.stamps.set(CLOCK.REALTIME_COARSE, { sec: 2_000n, nsec: 700_000_000n });
  b.stamps.set(CLOCK.MONOTONIC_COARSE, { sec: 51n, nsec: 300_000_000n });
  b.rawStamp = { sec: 41n, nsec: 3n << 24n };
  return b;
})();

const COUNTER = 0x1c00;

function reader(image: VdsoImage, page: ClockPage): VdsoMachine {
  const m = new VdsoMachine(image.bytes);
  m.writeData(pageBytes(page));
  m.counter = COUNTER;
  return m;
}

function readTime(m: VdsoMachine): string {
  const v = m.scratch(OUT, 16);
  return `${v.getBigUint64(0, true)}.${v.getBigUint64(8, true)}`;
}

const show = (t: { sec: bigint; nsec: bigint }) => `${t.sec}.${t.nsec}`;

test('with seq odd the reader waits, and reads the time once seq is even again', () => {
  const image = buildVdsoImage(readVdsoSource());
  for (const clock of [CLOCK.REALTIME, CLOCK.MONOTONIC_RAW, CLOCK.MONOTONIC_COARSE]) {
    const m = reader(image, { ...STATE_A, seq: 101 });
    m.enter(image.symbols.get('__vdso_clock_gettime64')!, [clock, SCRATCH + OUT]);
    assert.deepEqual(m.run(200_000), { kind: 'budget' }, `clock ${clock}: still waiting after 200000 instructions`);
    const pc = m.st.pc >>> 0;
    assert.ok(pc >= DATA + 4096 && pc < DATA + 4096 + image.size, 'inside the vDSO');
    const page = m.readData();
    setSeq(page, 102);
    m.writeData(page);
    assert.deepEqual(m.run(1000), { kind: 'returned', v0: 0 });
    assert.equal(readTime(m), show(expectedTime(STATE_A, clock, COUNTER)!));
  }
});

interface Mix {
  clock: number;
  begin: number;
  fields: number;
  end: number;
  got: string;
}

/**
 * Runs the reader for `clock` with the writer's three steps at instruction boundaries begin <= fields <= end
 * (counted in instructions the reader has retired; the CPU never stops between a branch and its delay slot, so
 * a step placed there lands just after the slot); returns the first placement whose result is neither state's.
 */
function findTornRead(image: VdsoImage, clock: number): { mix?: Mix; runs: number; length: number } {
  const entry = image.symbols.get('__vdso_clock_gettime64')!;
  const okTimes = new Set([show(expectedTime(STATE_A, clock, COUNTER)!), show(expectedTime(STATE_B, clock, COUNTER)!)]);
  assert.equal(okTimes.size, 2, 'the two states read differently');

  const m = reader(image, STATE_A);
  m.enter(entry, [clock, SCRATCH + OUT]);
  assert.deepEqual(m.run(10_000), { kind: 'returned', v0: 0 });
  const length = m.retired;

  // The page in each writer phase: before, seq odd, new fields with seq still odd, seq even again.
  const phases = [pageBytes(STATE_A), pageBytes({ ...STATE_A, seq: STATE_A.seq + 1 }), pageBytes({ ...STATE_B, seq: STATE_A.seq + 1 }), pageBytes({ ...STATE_B, seq: STATE_A.seq + 2 })];
  let runs = 0;
  for (let begin = 0; begin <= length; begin++) {
    for (let fields = begin; fields <= length; fields++) {
      for (let end = fields; end <= length; end++) {
        runs++;
        m.writeData(phases[0]!);
        m.enter(entry, [clock, SCRATCH + OUT]);
        let outcome = undefined;
        for (const [phase, at] of [[1, begin], [2, fields], [3, end]] as const) {
          if (at > m.retired) {
            const o = m.run(at - m.retired);
            if (o.kind !== 'budget') { outcome = o; break; }
          }
          m.writeData(phases[phase]!);
        }
        outcome ??= m.run(100_000);
        assert.deepEqual(outcome, { kind: 'returned', v0: 0 }, `begin ${begin}, fields ${fields}, end ${end}`);
        const got = readTime(m);
        if (!okTimes.has(got)) return { mix: { clock, begin, fields, end, got }, runs, length };
      }
    }
  }
  return { runs, length };
}

test('a writer at any instruction boundary never makes the reader return a mix of two updates', () => {
  const image = buildVdsoImage(readVdsoSource());
  for (const clock of [CLOCK.REALTIME, CLOCK.MONOTONIC_RAW, CLOCK.REALTIME_COARSE]) {
    const { mix, runs, length } = findTornRead(image, clock);
    assert.equal(mix, undefined, `torn read: ${JSON.stringify(mix)}`);
    assert.ok(length > 20 && runs === ((length + 1) * (length + 2) * (length + 3)) / 6, `clock ${clock}: ${runs} placements over ${length} instructions`);
  }
});

/** vdso.S with one instruction of the HRES reader replaced by a nop. */
function mutant(original: string, replacement: string): VdsoImage {
  const source = readVdsoSource();
  assert.ok(source.includes(original), `vdso.S contains ${JSON.stringify(original)}`);
  return buildVdsoImage(source.replace(original, replacement));
}

test('the check catches a reader without the retry, and one that does not wait while seq is odd', () => {
  const noRetry = mutant('\tbne\t$t2, $t7, .Lhres\t\t# a writer came by: read it all again', '\tnop');
  const retryMix = findTornRead(noRetry, CLOCK.REALTIME).mix;
  assert.ok(retryMix, 'without the retry a mix is read');
  const noWait = mutant('\tbnez\t$t2, .Lhres\n\t nop\n\tsync\t\t\t\t\t# smp_rmb', '\tnop\n\t nop\n\tsync\t\t\t\t\t# smp_rmb');
  const waitMix = findTornRead(noWait, CLOCK.REALTIME).mix;
  assert.ok(waitMix, 'without the wait a mix is read');
});
