/**
 * CPU affinity and the CPU number on an SMP machine of N virtual CPUs (`trapgate run --cpus N`).
 * guests/c/sched_pin.c counts the CPUs by every route a program uses, pins one thread per CPU, refuses bad masks,
 * checks inheritance by a new thread and moves other threads by tid. The independent truth is the command line:
 * every line of its output follows from N, and the expected text below is written from N alone. The semantics
 * (EINVAL for an empty mask or one with no online CPU, for a sched_getaffinity length shorter than nr_cpu_ids bits
 * or not a multiple of sizeof(long); the length copied as the result; ESRCH for an unknown tid; a mask trimmed to
 * the CPUs that exist; affinity inherited across clone) are Linux's, kernel/sched/core.c (sched_setaffinity,
 * __set_cpus_allowed_ptr_locked, sched_getaffinity syscall, dup_task_struct); the guest prints the same under
 * qemu-mipsel, which passes these calls to the host kernel (rdhwr $0 aside, which qemu answers with its own
 * per-thread index). Without arguments the guest prints the same checks in a host-independent form, compared with
 * qemu-mipsel here and in the differential suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findQemu, REPO_ROOT, runUnderQemu, runUnderTrapgate } from '../../guests/run-guest.js';

const SCHED_PIN = join(REPO_ROOT, 'guests/build/c/sched_pin');
const skip = existsSync(SCHED_PIN) ? false : `${SCHED_PIN} not built (make -C guests)`;

/** What sched_pin must print on a machine of n CPUs. */
function expected(n: number): string {
  const online = n === 1 ? '0' : `0-${n - 1}`;
  const last = n - 1;
  const lines = [
    `sysconf online ${n}, sysconf configured ${n}, /sys/devices/system/cpu/online "${online}", ` +
      `/proc/cpuinfo processors ${n}, sched_getaffinity CPU_COUNT ${n}`,
    `all agree: yes, CPUs: ${n}`,
  ];
  for (let i = 0; i < n; i++) {
    lines.push(`thread pinned to cpu${i}: setaffinity ok, sched_getcpu yes, getcpu yes, rdhwr $0 yes, ` +
      `getaffinity {${i}} yes, Cpus_allowed_list "${i}"`);
  }
  lines.push(
    'setaffinity(empty mask) -> EINVAL',
    `setaffinity(only CPUs >= ${n}) -> EINVAL`,
    `setaffinity({0, ${n + 5}}) -> ok, getaffinity then {0}: yes`,
    'getaffinity length 0 -> EINVAL, length 2 -> EINVAL, length 4 -> 4',
    'setaffinity(no such tid) -> ESRCH',
    `thread pinned to cpu${last} creates a thread: parent pinned yes, child's getaffinity {${last}} yes, ` +
      'child runs there: sched_getcpu yes, getcpu yes, rdhwr $0 yes',
  );
  for (const what of ['computing', 'sleeping']) {
    lines.push(
      `setaffinity(other ${what} thread, next CPU) -> ok; getaffinity(its tid) reads it back: yes`,
      `moved ${what} thread reports the new CPU: sched_getcpu yes, getcpu yes, rdhwr $0 yes`,
    );
  }
  return `${lines.join('\n')}\n`;
}

for (const n of [1, 2, 3, 4, 8]) {
  test(`--cpus ${n}: the guest counts ${n} CPUs every way, and each pinned or moved thread runs where it was put`, { skip }, async () => {
    const r = await runUnderTrapgate(SCHED_PIN, ['report'], { trapgateOptions: ['--cpus', String(n)] });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.toString(), expected(n));
  });
}

test('pinning under preemption and fine interleaving (--quantum 3000) and a seeded schedule', { skip }, async () => {
  for (const options of [['--cpus', '3', '--quantum', '3000'], ['--cpus', '4', '--seed', '11']]) {
    const r = await runUnderTrapgate(SCHED_PIN, ['report'], { trapgateOptions: options });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.toString(), expected(Number(options[1])), options.join(' '));
  }
});

test('without arguments (the host-independent form): the same as qemu-mipsel on the host kernel, for any N',
  { skip: skip || (!findQemu() && 'qemu-mipsel not found') }, async () => {
    const q = await runUnderQemu(SCHED_PIN);
    assert.equal(q.status, 0, q.stderr);
    assert.match(q.stdout.toString(), /^online CPUs by sysconf.*: yes\n/);
    for (const n of [1, 3, 8]) {
      const r = await runUnderTrapgate(SCHED_PIN, [], { trapgateOptions: ['--cpus', String(n)] });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.toString(), q.stdout.toString(), `--cpus ${n}`);
    }
  });

interface Moved { tid: number; from: number; to: number }

test('--trace shows each thread that was moved to another CPU migrating there, and never leaving it', { skip }, async () => {
  const n = 4;
  const r = await runUnderTrapgate(SCHED_PIN, ['report', 'tids'], { trapgateOptions: ['--cpus', String(n), '--trace'] });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const out = r.stdout.toString();
  // The "tids" lines are the run's own (which thread, where it was); the rest is still what N implies.
  assert.equal(out.split('\n').filter((l) => !l.startsWith('tid ')).join('\n'), expected(n));
  const moved: Moved[] = [];
  for (const m of out.matchAll(/^tid (?:pinned \d+|moved \w+): (\d+) from cpu(\d+) to cpu(\d+)$/gm)) {
    moved.push({ tid: Number(m[1]), from: Number(m[2]), to: Number(m[3]) });
  }
  assert.equal(moved.length, n + 2, out);
  const migrations = [...r.stderr.matchAll(/^\[sched\] migrate (\d+) cpu(\d+) -> cpu(\d+)$/gm)]
    .map((m) => ({ tid: Number(m[1]), from: Number(m[2]), to: Number(m[3]) }));
  // The two threads moved by another thread always change CPU ("next CPU"), so there is something to see.
  const changed = moved.filter((m) => m.from !== m.to);
  assert.ok(changed.length >= 2, JSON.stringify(moved));
  for (const m of changed) {
    const own = migrations.filter((x) => x.tid === m.tid);
    assert.ok(own.some((x) => x.to === m.to), `no "[sched] migrate ${m.tid} ... -> cpu${m.to}" line: ${JSON.stringify(own)}`);
    // Once there, it stays (its mask allows no other CPU).
    assert.equal(own.at(-1)?.to, m.to, JSON.stringify(own));
  }
});
