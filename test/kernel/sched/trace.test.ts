/**
 * The scheduler's trace events (`--trace` prints them as `[sched] ...` lines): context switches, preemptions with
 * the interrupted pc, migrations, sleeps and wake-ups. guests/c/spinners.c has two threads computing in spin(),
 * then one sleeps 10 ms while the other joins it. The independent truths: the guest's own symbol table (where
 * spin() is), the command line (how many CPUs, how long a slice), and what the guest does (nanosleep, join).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';
import { parseElf32, readSymbols } from '../../../src/elf/elf32.js';

const SPINNERS = join(REPO_ROOT, 'guests/build/c/spinners');
const skip = existsSync(SPINNERS) ? false : `${SPINNERS} not built (make -C guests)`;

interface SchedLine { cpu?: number; action: string; tid: number; rest: string }

function schedLines(stderr: string): SchedLine[] {
  const out: SchedLine[] = [];
  for (const line of stderr.split('\n')) {
    let m = /^\[sched\] cpu(\d+) (switch|preempt|sleep) (?:(-|\d+) -> )?(\d+)(.*)$/.exec(line);
    if (m) {
      out.push({ cpu: Number(m[1]), action: m[2]!, tid: Number(m[4]), rest: m[3] === '-' ? `${m[5]!} from idle` : m[5]! });
      continue;
    }
    m = /^\[sched\] (wake|migrate) (\d+)(.*)$/.exec(line);
    if (m) out.push({ action: m[1]!, tid: Number(m[2]), rest: m[3]! });
  }
  return out;
}

async function traced(options: string[]): Promise<SchedLine[]> {
  const r = await runUnderTrapgate(SPINNERS, [], { trapgateOptions: ['--trace', ...options] });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.equal(r.stdout.toString(), 'both threads computed the same: yes\n');
  return schedLines(r.stderr);
}

test('on one CPU the threads take turns: each preempted inside spin() when its slice ends, then a switch to the other', { skip }, async () => {
  const spin = readSymbols(parseElf32(new Uint8Array(readFileSync(SPINNERS)))).find((s) => /^spin(\.|$)/.test(s.name));
  assert.ok(spin && spin.size > 0);
  // 2 × 300 000 iterations of about 4 instructions in slices of about 20 000: dozens of preemptions.
  const lines = await traced(['--cpus', '1', '--quantum', '20000']);
  const preempts = lines.filter((l) => l.action === 'preempt');
  assert.ok(preempts.length >= 20, `${preempts.length} preemptions`);
  for (const p of preempts) {
    assert.equal(p.cpu, 0);
    const pc = Number(/ at pc=(0x[0-9a-f]+)/.exec(p.rest)?.[1]);
    assert.ok(pc >= spin.value && pc < spin.value + spin.size, `preempted at ${pc.toString(16)}, outside spin()`);
  }
  // After every preemption the CPU switches to the other thread.
  const tids = new Set(preempts.map((p) => p.tid));
  assert.equal(tids.size, 2);
  lines.forEach((l, i) => {
    if (l.action !== 'preempt') return;
    const next = lines.slice(i + 1).find((x) => x.action === 'switch');
    assert.ok(next && next.tid !== l.tid, `after preempting ${l.tid}: ${JSON.stringify(next)}`);
  });
});

test('on two CPUs each thread has its own: no preemption, and both CPUs switch to a thread', { skip }, async () => {
  const lines = await traced(['--cpus', '2', '--quantum', '20000']);
  assert.equal(lines.filter((l) => l.action === 'preempt').length, 0);
  const cpus = new Set(lines.filter((l) => l.action === 'switch').map((l) => l.cpu));
  assert.deepEqual([...cpus].sort(), [0, 1]);
});

test('sleeping in nanosleep and in the join shows as sleep, and each sleeper wakes (by timeout, by the futex)', { skip }, async () => {
  const lines = await traced(['--cpus', '2']);
  const sleeps = lines.filter((l) => l.action === 'sleep');
  const napper = sleeps.find((l) => l.rest === ' (nanosleep)');
  assert.ok(napper, JSON.stringify(sleeps));
  const joiner = sleeps.find((l) => /^ \(futex_wait/.test(l.rest));
  assert.ok(joiner && joiner.tid !== napper.tid, JSON.stringify(sleeps));
  const wakes = lines.filter((l) => l.action === 'wake');
  assert.ok(wakes.some((w) => w.tid === napper.tid && / \(timeout\)$/.test(w.rest)), JSON.stringify(wakes));
  assert.ok(wakes.some((w) => w.tid === joiner.tid && / \(event\)$/.test(w.rest)), JSON.stringify(wakes));
  // Each sleeper left its CPU idle, so running it again there is a switch from the idle task ("-").
  for (const tid of [napper.tid, joiner.tid]) {
    const wake = lines.findIndex((l) => l.action === 'wake' && l.tid === tid);
    const next = lines.slice(wake + 1).find((l) => l.action === 'switch' && l.tid === tid);
    assert.ok(next && / from idle$/.test(next.rest), `${tid}: ${JSON.stringify(next)}`);
  }
});
