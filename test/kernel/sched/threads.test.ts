/**
 * Threaded guests on machines of very different shapes must print what they print under qemu-mipsel (whose
 * threads are host threads scheduled by the host kernel): their output is built to be independent of scheduling,
 * so any difference is a scheduler or synchronisation bug (a lost wake-up, a broken ll/sc, TLS that does not follow
 * a thread, a thread run on a CPU it may not use...).
 *  - many threads on few CPUs: one CPU and 2000-instruction time slices, so threads are preempted everywhere,
 *    inside mutexes, futex calls and ll/sc sequences;
 *  - few threads on many CPUs: eight CPUs, threads spread out and run side by side, interleaving every few
 *    thousand instructions;
 *  - fine interleaving: four CPUs taking turns every 300 instructions (--quantum below the interleave lowers it).
 * The run's statistics (--stats-json) are checked only for the premise of each shape (there were preemptions;
 * more than one CPU did work), not for values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQemu, REPO_ROOT, runUnderQemu, runUnderTrapgate, type RunResult } from '../../guests/run-guest.js';

const GUESTS = ['pthread_basic', 'pthread_sync', 'pthread_many', 'pthread_tls', 'pthread_cancel'];

interface Shape {
  name: string;
  options: string[];
  premise: (stats: Stats) => string | undefined;
}

interface Stats {
  preemptions: number;
  migrations: number;
  cpus: Array<{ id: number; instructions: number }>;
}

const SHAPES: Shape[] = [
  {
    name: 'many threads on one CPU, 2000-instruction slices',
    options: ['--cpus', '1', '--quantum', '2000'],
    premise: (s) => (s.cpus.length === 1 && s.preemptions > 0 ? undefined : `expected preemptions on 1 CPU: ${JSON.stringify(s)}`),
  },
  {
    name: 'few threads on eight CPUs',
    options: ['--cpus', '8'],
    premise: (s) => (s.cpus.length === 8 && s.cpus.filter((c) => c.instructions > 0).length >= 2 ? undefined
      : `expected at least 2 of 8 CPUs to work: ${JSON.stringify(s)}`),
  },
  {
    name: 'four CPUs interleaving every 300 instructions',
    options: ['--cpus', '4', '--quantum', '300'],
    premise: (s) => (s.cpus.filter((c) => c.instructions > 0).length >= 2 ? undefined
      : `expected at least 2 of 4 CPUs to work: ${JSON.stringify(s)}`),
  },
];

const qemu = findQemu();
const reference = new Map<string, Promise<RunResult>>();

/** The guest's output under qemu-mipsel, obtained once per guest. */
function underQemu(binary: string): Promise<RunResult> {
  let r = reference.get(binary);
  if (!r) {
    r = runUnderQemu(binary);
    reference.set(binary, r);
  }
  return r;
}

for (const guest of GUESTS) {
  const binary = join(REPO_ROOT, 'guests/build/c', guest);
  const skip = !existsSync(binary) ? `${binary} not built (make -C guests)` : !qemu ? 'qemu-mipsel not found' : false;
  for (const shape of SHAPES) {
    test(`${guest}, ${shape.name}: the same output and status as under qemu-mipsel`, { skip, timeout: 120_000 }, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trapgate-threads-'));
      try {
        const statsFile = join(dir, 'stats.json');
        const [q, t] = await Promise.all([
          underQemu(binary),
          runUnderTrapgate(binary, [], { trapgateOptions: [...shape.options, '--stats-json', statsFile], timeoutMs: 110_000 }),
        ]);
        assert.equal(t.status, q.status, t.stderr);
        assert.equal(t.stdout.toString(), q.stdout.toString());
        const problem = shape.premise(JSON.parse(readFileSync(statsFile, 'utf8')) as Stats);
        assert.equal(problem, undefined);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
