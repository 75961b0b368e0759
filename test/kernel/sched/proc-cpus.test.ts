/**
 * Debian's busybox-static:mipsel reading the machine's CPUs the way Linux tools do: `taskset` (sched_setaffinity,
 * then execve of the command, which keeps the mask), `nproc` (sched_getaffinity), and /proc/self/status, whose
 * Cpus_allowed is the mask in hex zero-padded to the number of CPU ids ("%*pb", bitmap_string in lib/vsprintf.c)
 * and Cpus_allowed_list its ranges ("%*pbl", bitmap_list_string). The expected text follows from --cpus alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, TRAPGATE_CLI } from '../../guests/run-guest.js';

const BUSYBOX = join(REPO_ROOT, 'guests/build/busybox/bin/busybox');
const skip = existsSync(BUSYBOX) ? false : 'busybox-static:mipsel not fetched (see .ci/run)';

function run(cpus: number, ...args: string[]): string {
  const r = spawnSync(process.execPath, [TRAPGATE_CLI, 'run', '--cpus', String(cpus), BUSYBOX, ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('/proc/self/status shows the affinity mask zero-padded to the CPU count, and its list', { skip }, () => {
  assert.equal(run(2, 'grep', 'Cpus_allowed', '/proc/self/status'), 'Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\n');
  assert.equal(run(12, 'grep', 'Cpus_allowed', '/proc/self/status'), 'Cpus_allowed:\tfff\nCpus_allowed_list:\t0-11\n');
  assert.equal(run(8, 'taskset', '-c', '2', BUSYBOX, 'grep', 'Cpus_allowed', '/proc/self/status'),
    'Cpus_allowed:\t04\nCpus_allowed_list:\t2\n');
  assert.equal(run(16, 'taskset', '-c', '1,3-5', BUSYBOX, 'grep', 'Cpus_allowed', '/proc/self/status'),
    'Cpus_allowed:\t003a\nCpus_allowed_list:\t1,3-5\n');
});

test('nproc counts the CPUs a process may use: all of them, or those taskset left it', { skip }, () => {
  assert.equal(run(8, 'nproc'), '8\n');
  assert.equal(run(8, 'taskset', '-c', '1,3', BUSYBOX, 'nproc'), '2\n');
});
