/**
 * `--seed S` makes a run reproducible: every scheduling choice (placement, jittered time slices and interleaving
 * steps) comes from a random stream fixed by S, and guest time is virtual (derived from the work done), so the same
 * S must give byte-identical output and trace, while different seeds give different interleavings.
 *
 * guests/c/race.c is built so that its output depends on the interleaving: four threads increment a shared plain
 * counter (updates are lost wherever threads interleave inside load-add-store), overwrite a shared word, take
 * finishing tickets, and the main thread reads CLOCK_MONOTONIC through the vDSO around it all. The truths here are
 * the definition of reproducibility (run twice, compare) and of a race (another schedule, another result).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runUnderTrapgate, type RunResult } from '../../guests/run-guest.js';

const RACE = join(REPO_ROOT, 'guests/build/c/race');
const PTHREAD_SYNC = join(REPO_ROOT, 'guests/build/c/pthread_sync');
const missing = (p: string): string | false => (existsSync(p) ? false : `${p} not built (make -C guests)`);

async function run(binary: string, args: string[], options: string[]): Promise<RunResult> {
  const r = await runUnderTrapgate(binary, args, { trapgateOptions: options });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return r;
}

/** The report's fields: the counter, the last writer, the finishing order, the elapsed time. */
function parseReport(stdout: Buffer): { counter: number; order: string; elapsedNs: number } {
  const m = /^plain counter (\d+) of 400000\nlast writer [0-3]\nfinishing order ([0-3 ]+)\nelapsed ns (\d+)\n$/.exec(stdout.toString());
  assert.ok(m, stdout.toString());
  return { counter: Number(m[1]), order: m[2]!, elapsedNs: Number(m[3]) };
}

const schedLines = (trace: string): string => trace.split('\n').filter((l) => l.startsWith('[sched] ')).join('\n');

test('--seed 7 --cpus 2 --trace, run twice: the same stdout and the same trace, byte for byte', { skip: missing(RACE) }, async () => {
  const options = ['--seed', '7', '--cpus', '2', '--trace'];
  const [a, b] = await Promise.all([run(RACE, ['report'], options), run(RACE, ['report'], options)]);
  assert.ok(a.stdout.equals(b.stdout), `${a.stdout}\n---\n${b.stdout}`);
  assert.equal(a.stderr, b.stderr);
  // The trace has the system calls and the scheduler's decisions, and the run really raced.
  assert.match(a.stderr, /^\[syscall\] \d+ clone\(/m);
  assert.match(a.stderr, /^\[sched\] cpu1 switch /m);
  const report = parseReport(a.stdout);
  assert.ok(report.counter < 400_000, `no update was lost (${report.counter}): the threads never raced`);
  assert.ok(report.elapsedNs > 0);
});

test('seeds 1 to 6: the racy results differ between seeds, and so do the traces', { skip: missing(RACE) }, async () => {
  const runs = await Promise.all([1, 2, 3, 4, 5, 6].map((s) => run(RACE, ['report'], ['--seed', String(s), '--cpus', '2', '--trace'])));
  const outputs = new Set(runs.map((r) => r.stdout.toString()));
  assert.ok(outputs.size >= 2, `every seed printed the same:\n${[...outputs].join('---\n')}`);
  assert.equal(new Set(runs.map((r) => r.stderr)).size, runs.length, 'two seeds gave the same trace');
  // Not only the address layout: the scheduler's own events (with the pcs of preemptions) differ too.
  assert.ok(new Set(runs.map((r) => schedLines(r.stderr))).size >= 2, 'every seed scheduled the same way');
});

test('several CPUs, short time slices: the same seed gives the same results, vDSO clock readings included', { skip: missing(RACE) }, async () => {
  for (const options of [['--seed', '7', '--cpus', '4', '--quantum', '3000'], ['--seed', '11', '--cpus', '3']]) {
    const traced = [...options, '--trace'];
    const [a, b] = await Promise.all([run(RACE, ['report'], traced), run(RACE, ['report'], traced)]);
    assert.ok(a.stdout.equals(b.stdout), `${options.join(' ')}: ${a.stdout}\n---\n${b.stdout}`);
    assert.equal(a.stderr, b.stderr, options.join(' '));
    // The elapsed time comes from CLOCK_MONOTONIC read in user mode through the vDSO (no system call, so not in
    // the trace): it is part of what must repeat.
    assert.equal(parseReport(a.stdout).elapsedNs, parseReport(b.stdout).elapsedNs);
  }
});

test('the same seed gives the same run with and without the block compiler', { skip: missing(RACE) }, async () => {
  const options = ['--seed', '5', '--cpus', '2', '--trace'];
  const [a, b] = await Promise.all([run(RACE, ['report'], options), run(RACE, ['report'], [...options, '--no-jit'])]);
  assert.ok(a.stdout.equals(b.stdout), `${a.stdout}\n---\n${b.stdout}`);
  assert.equal(a.stderr, b.stderr);
});

test('pthread_sync (mutexes, condition variables with timeouts, barriers, semaphores) under --seed 3 --cpus 3: reproducible',
  { skip: missing(PTHREAD_SYNC), timeout: 120_000 }, async () => {
    const options = ['--seed', '3', '--cpus', '3', '--trace'];
    const [a, b] = await Promise.all([run(PTHREAD_SYNC, [], options), run(PTHREAD_SYNC, [], options)]);
    assert.ok(a.stdout.equals(b.stdout));
    assert.equal(a.stderr, b.stderr);
  });
