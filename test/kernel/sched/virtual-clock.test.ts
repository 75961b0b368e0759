/**
 * `--clock virtual`: the guest's time is machine time, derived from the work the CPUs do (src/kernel/sched/
 * cost-model.ts: 10 ns per retired instruction, plus fixed costs for exceptions, system calls, faults and context
 * switches). guests/c/vclock.c times a loop of exactly 3 instructions per iteration (its inline asm: addiu, bnez and
 * the nop in the delay slot) with clock_gettime through the vDSO, so the independent truth is 3 × 10 ns per iteration,
 * and sleeps a given time with nanosleep.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const VCLOCK = join(REPO_ROOT, 'guests/build/c/vclock');
const missing = (p: string): string | false => (existsSync(p) ? false : `${p} not built (make -C guests)`);
const NS_PER_ITERATION = 3 * 10;

async function report(options: string[], iterations: number, sleepMs: number): Promise<{ loopNs: number; overshootNs: number; hostMs: number }> {
  const start = process.hrtime.bigint();
  const r = await runUnderTrapgate(VCLOCK, ['report', String(iterations), String(sleepMs)], { trapgateOptions: options });
  const hostMs = Number(process.hrtime.bigint() - start) / 1e6;
  assert.equal(r.status, 0, r.stderr);
  const m = /^loop ns (\d+)\nsleep overshoot ns (-?\d+)\n$/.exec(r.stdout.toString());
  assert.ok(m, r.stdout.toString());
  return { loopNs: Number(m[1]), overshootNs: Number(m[2]), hostMs };
}

test('virtual time advances 10 ns per instruction, read in the middle of a turn as well as across turns', { skip: missing(VCLOCK) }, async () => {
  const base = await report(['--clock', 'virtual'], 1_000, 0);
  // 10 000 more iterations stay inside one turn (the default time slice is 200 000 instructions): the counter the
  // vDSO reads must count the instructions of the turn so far, which are charged only when the turn ends.
  const inTurn = await report(['--clock', 'virtual'], 11_000, 0);
  assert.equal(inTurn.loopNs - base.loopNs, 10_000 * NS_PER_ITERATION);
  // A million more cross many turns (and updates of the vDSO data page).
  const acrossTurns = await report(['--clock', 'virtual', '--cpus', '1'], 1_001_000, 0);
  assert.equal(acrossTurns.loopNs - base.loopNs, 1_000_000 * NS_PER_ITERATION);
});

test('a 2 s nanosleep takes 2 s of virtual time and almost no host time, and returns at the same moment every run',
  { skip: missing(VCLOCK) }, async () => {
    const a = await report(['--clock', 'virtual'], 1, 2_000);
    const b = await report(['--clock', 'virtual'], 1, 2_000);
    assert.ok(a.overshootNs >= 0, `woke ${a.overshootNs} ns early`);
    // The overshoot is the kernel's and the C library's work after the deadline: a few microseconds of machine time.
    assert.ok(a.overshootNs < 50_000, `overshoot ${a.overshootNs} ns`);
    assert.equal(b.overshootNs, a.overshootNs);
    assert.ok(a.hostMs < 1_500, `the run took ${a.hostMs} ms of host time`);
  });

test('--seed implies virtual time; --clock real keeps the host clock', { skip: missing(VCLOCK) }, async () => {
  const seeded = await report(['--seed', '5'], 1, 2_000);
  assert.ok(seeded.hostMs < 1_500, `a seeded run slept ${seeded.hostMs} ms of host time`);
  const real = await report(['--seed', '5', '--clock', 'real'], 1, 2_000);
  assert.ok(real.hostMs >= 2_000, `a --clock real run took only ${real.hostMs} ms`);
});

test('a CPU that is behind does not see its clock jump because another CPU is ahead', { skip: missing(VCLOCK) }, async () => {
  // The same 100-iteration loop (300 instructions) timed 2000 times while another thread keeps the other CPU busy:
  // every interval is the loop and the vDSO call around it, give or take a counter tick and a seqlock retry when
  // the data page is being updated (a few dozen instructions) — never 0, and never an interleaving step (~50 us).
  const r = await runUnderTrapgate(VCLOCK, ['skew'], { trapgateOptions: ['--cpus', '2', '--seed', '1'] });
  assert.equal(r.status, 0, r.stderr);
  const m = /^interval min (\d+) max (\d+) zeros (\d+)\n$/.exec(r.stdout.toString());
  assert.ok(m, r.stdout.toString());
  const [min, max, zeros] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.equal(zeros, 0);
  assert.ok(min >= 100 * NS_PER_ITERATION, `an interval of ${min} ns is shorter than the loop itself`);
  assert.ok(max - min <= 1_000, `intervals from ${min} to ${max} ns`);
});

// Guests with timers, sleeps, timeouts and restarts: under virtual time they must print what they print under the
// host clock (which the differential suite checks against qemu-mipsel and Linux).
const TIMED_GUESTS = ['sig_alarm', 'sig_restart', 'sig_pipe_restart', 'pthread_sync', 'time', 'poll_select', 'vdso_between', 'vclock'];

for (const name of TIMED_GUESTS) {
  const binary = join(REPO_ROOT, 'guests/build/c', name);
  test(`${name}: the same output and status under virtual time as under the host clock`, { skip: missing(binary) }, async () => {
    const virtual = await runUnderTrapgate(binary, [], { trapgateOptions: ['--clock', 'virtual'] });
    // The host-clock run is the reference, and the only side that a loaded host can disturb (an alarm of 1 s that
    // fires before the guest's first write when the host stalls): it is run again, up to twice, when it differs.
    let real = await runUnderTrapgate(binary, [], {});
    for (let i = 0; i < 2 && (real.status !== virtual.status || !real.stdout.equals(virtual.stdout)); i++) {
      real = await runUnderTrapgate(binary, [], {});
    }
    assert.equal(virtual.status, real.status, virtual.stderr);
    assert.equal(virtual.stdout.toString(), real.stdout.toString());
  });
}
