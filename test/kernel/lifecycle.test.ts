/**
 * Lifecycle hooks (src/kernel/lifecycle.ts) and the exec pipeline (src/kernel/exec/pipeline.ts): a recording hook
 * sees every fork, every program loaded and started (the first process and each execve), and every thread's end,
 * once each and in order, counted against the kernel's own trace of the run (clone/fork results, exec events).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../guests/run-guest.js';
import { runGuest } from '../cpu/machine.js';
import type { Thread } from '../../src/kernel/process.js';

const GUEST = path.join(REPO_ROOT, 'guests', 'build', 'c', 'pthread_robust');

test('fork, loaded, exec and exit hooks run once per event, in order', { skip: existsSync(GUEST) ? false : 'guests not built' }, () => {
  const log: string[] = [];
  const born = new Set<Thread>();
  const ended = new Set<Thread>();
  let forksTraced = 0;
  let execsTraced = 0;
  let entry = -1;
  const res = runGuest(GUEST, [], {
    jit: true,
    setup: (kernel) => {
      kernel.lifecycle.register({
        fork: (_k, parent, child, flags) => {
          assert.ok(!parent.process.threads.includes(child), 'the child is not yet visible when fork hooks run');
          born.add(child);
          log.push(`fork ${flags & 0xff}`);
        },
        loaded: (_k, process, elf) => {
          assert.equal(process.exePath.length > 0, true);
          entry = elf.entry >>> 0;
          log.push('loaded');
        },
        exec: (_k, thread) => {
          assert.equal(log.at(-1), 'loaded', 'a program is loaded (and patched) before its thread starts');
          // A static program: its thread starts at the ELF's entry point.
          assert.equal(thread.cpu.pc >>> 0, entry);
          log.push('exec');
        },
        exit: (_k, thread) => {
          assert.ok(!ended.has(thread), `thread ${thread.tid} ends once`);
          assert.equal(thread.state, 'dead');
          ended.add(thread);
        },
      });
      kernel.tracer.on((e) => {
        if (e.kind === 'syscall' && (e.name === 'clone' || e.name === 'fork') && e.result > 0) forksTraced++;
        if (e.kind === 'exec') execsTraced++;
      });
    },
  });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  const forks = log.filter((l) => l.startsWith('fork')).length;
  assert.ok(forks >= 4, `${forks} forks (the guest forks children and creates threads)`);
  assert.equal(forks, forksTraced, 'one fork hook per successful clone/fork');
  // The first process and the child that execs.
  assert.equal(log.filter((l) => l === 'exec').length, execsTraced);
  assert.ok(execsTraced >= 2, `${execsTraced} programs started`);
  assert.equal(log.filter((l) => l === 'loaded').length, execsTraced);
  for (const t of born) assert.ok(ended.has(t), `thread ${t.tid} created by fork ended through the exit hook`);
});
