/**
 * A guest thread reading the host's stdin must sleep in the guest kernel, not block the host: guests/c/stdin_wait.c
 * has a worker that computes and then writes "worker done" while the main thread waits in read(0). The test feeds
 * stdin only after it has seen that line, so the line can only appear if the other thread ran during the read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, TRAPGATE_CLI } from '../../guests/run-guest.js';

const GUEST = join(REPO_ROOT, 'guests/build/c/stdin_wait');

test('a thread waiting for stdin sleeps in the guest; the other threads run; poll sees no input until it comes',
  { skip: existsSync(GUEST) ? false : `${GUEST} not built (make -C guests)`, timeout: 60_000 }, async () => {
    for (const cpus of ['1', '2']) {
      const child = spawn(process.execPath, [TRAPGATE_CLI, 'run', '--cpus', cpus, GUEST], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let fed = false;
      const done = new Promise<number | null>((resolve) => child.on('close', resolve));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (!fed && out.includes('worker done\n')) {
          fed = true;
          child.stdin.end('ping\n');
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const status = await done;
      clearTimeout(timer);
      assert.ok(fed, `the worker never ran while main waited for input (--cpus ${cpus}); stdout: ${JSON.stringify(out)}`);
      assert.equal(status, 0);
      assert.equal(out, 'worker done\nstdin at start: nothing; read 5 bytes\n');
    }
  });
