/**
 * Two Kernels in one JavaScript process share nothing: every piece of machine state (futex queues, pipe inode
 * numbers, the terminal's settings) belongs to a Kernel, none to a module. Machine B runs from start to finish
 * inside machine A's run — while A's thread sleeps on a shared futex and A's pipes are open — and both must print
 * and trace exactly what a machine alone does. Before the state moved into the Kernel, B's pipes got the inode
 * numbers after A's, and B's futex wake (same physical frame numbers, so the same shared futex key) woke A's
 * sleeper instead of its own.
 *
 * Also: what a sleeping thread waits for is data (wait.ts), never a function, and the handler tables
 * (wait-handlers.ts) cover every kind of record.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost } from '../../src/host/node-host.js';
import type { Host, HostStream } from '../../src/host/host.js';
import { DEFAULT_CONFIG, Kernel } from '../../src/kernel/kernel.js';
import { RESTART_KINDS, WAIT_KINDS } from '../../src/kernel/wait.js';
import { fileWaiterHandlers, restartHandlers, waitHandlers } from '../../src/kernel/wait-handlers.js';
import { REPO_ROOT } from '../guests/run-guest.js';

const GUEST = join(REPO_ROOT, 'guests/build/c/machine_state');
const missing = existsSync(GUEST) ? false : `${GUEST} not built (make -C guests)`;

interface Machine {
  kernel: Kernel;
  stdout(): string;
  trace: string[];
  /** Runs the guest to its end; returns its wait status. */
  run(): number;
}

/** A deterministic machine (seeded, virtual time, a fixed host clock) whose stdout calls `onWrite` after each write. */
function machine(onWrite: (kernel: Kernel) => void = () => {}): Machine {
  let now = 1_000_000_000n;
  const chunks: Uint8Array[] = [];
  const quiet: HostStream = { isTTY: false, read: () => 0, write: (buf) => buf.length };
  let kernel: Kernel;
  const stdout: HostStream = {
    isTTY: false,
    read: () => 0,
    write(buf) {
      chunks.push(buf.slice());
      onWrite(kernel);
      return buf.length;
    },
  };
  const host: Host = {
    ...createNodeHost(),
    clock: {
      realtimeNs: () => 1_700_000_000_000_000_000n + (now += 1000n),
      monotonicNs: () => (now += 1000n),
      sleepNs: (ns) => { now += ns; },
    },
    stdin: quiet,
    stdout,
    stderr: quiet,
    randomBytes: (buf) => { buf.fill(0x5a); },
  };
  kernel = new Kernel(host, { ...DEFAULT_CONFIG, seed: 4242n, cpus: 2, uid: 1000, gid: 1000 });
  const trace: string[] = [];
  kernel.tracer.on((e) => trace.push(JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))));
  const proc = kernel.spawn(GUEST, [GUEST, 'inodes'], ['PATH=/bin', 'LANG=C']);
  return { kernel, trace, stdout: () => Buffer.concat(chunks).toString('latin1'), run: () => kernel.run(proc) };
}

/** Every value reachable from `root` that is a function, with its path (kernel-owned objects are not entered). */
function functionsIn(root: unknown, path: string, owned: ReadonlySet<unknown>, seen = new Set<unknown>()): string[] {
  if (typeof root === 'function') return [path];
  if (root === null || typeof root !== 'object' || seen.has(root) || owned.has(root)) return [];
  seen.add(root);
  if (ArrayBuffer.isView(root)) return [];
  return Object.entries(root).flatMap(([k, v]) => functionsIn(v, `${path}.${k}`, owned, seen));
}

test('a second machine run inside the first one, while its thread sleeps on a futex: both behave as alone', { skip: missing }, () => {
  const alone = machine();
  assert.equal(alone.run(), 0, alone.stdout());
  assert.match(alone.stdout(), /^three pipes, distinct inodes: yes\ninodes 20000 20001 20002\n.*waiter woke and read 5 bytes: hello\ndone\n$/s);

  let inner: Machine | undefined;
  let sleepersSeen: string[] = [];
  const outer = machine((kernel) => {
    if (inner) return;
    // The first write comes after the waiter fell asleep on the futex word: run a whole machine now.
    sleepersSeen = [...kernel.processes.values()].flatMap((p) => p.threads).filter((t) => t.state === 'blocked').map((t) => t.wait!.kind);
    inner = machine();
    assert.equal(inner.run(), 0, inner.stdout());
  });
  assert.equal(outer.run(), 0, outer.stdout());
  assert.ok(inner, 'the outer machine never wrote');
  assert.deepEqual(sleepersSeen, ['futex'], 'the outer machine\'s waiter was not asleep on the futex');

  for (const [name, m] of [['outer', outer], ['inner', inner]] as const) {
    assert.equal(m.stdout(), alone.stdout(), `${name} machine's output`);
    assert.equal(m.trace.length, alone.trace.length, `${name} machine's trace length`);
    assert.deepEqual(m.trace, alone.trace, `${name} machine's trace`);
  }
});

test('a sleeping thread\'s wait record, restart block and system call in flight hold no function', { skip: missing }, () => {
  const kinds = new Set<string>();
  const m = machine((kernel) => {
    for (const p of kernel.processes.values()) {
      // Objects the kernel owns (threads, processes, files) are references, not part of the record's own data.
      const owned = new Set<unknown>([...kernel.processes.values(), ...p.threads, ...p.fds.openDescriptors().map((fd) => p.fds.get(fd))]);
      for (const t of p.threads) {
        if (t.state !== 'blocked' || !t.wait) continue;
        kinds.add(t.wait.kind);
        assert.deepEqual(functionsIn(t.wait, 'wait', owned), [], `thread ${t.tid}'s ${t.wait.kind} wait`);
        assert.deepEqual(functionsIn(t.restartBlock, 'restartBlock', owned), []);
        assert.deepEqual(functionsIn(t.syscallInFlight, 'syscallInFlight', owned), []);
        assert.ok(t.syscallInFlight, 'a sleeping thread knows which system call it is in');
      }
    }
  });
  assert.equal(m.run(), 0, m.stdout());
  assert.ok(kinds.has('futex'), `no futex sleeper was seen (saw ${[...kinds].join(', ') || 'none'})`);
});

test('the handler tables cover every kind of wait, restart and file waiter, and nothing else', () => {
  assert.deepEqual(Object.keys(waitHandlers).sort(), [...WAIT_KINDS].sort());
  assert.deepEqual(Object.keys(restartHandlers).sort(), [...RESTART_KINDS].sort());
  assert.deepEqual(Object.keys(fileWaiterHandlers).sort(), ['pollRescan', 'wakeThread']);
  for (const handler of [...Object.values(waitHandlers), ...Object.values(restartHandlers), ...Object.values(fileWaiterHandlers)]) {
    assert.equal(typeof handler, 'function');
  }
});
