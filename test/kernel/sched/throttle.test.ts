/**
 * Real-time throttling: with Linux's defaults (sched_rt_period_us 1 000 000, sched_rt_runtime_us 950 000) a
 * SCHED_FIFO thread spinning on a CPU leaves 5% of each second to normal threads. guests/c/sched_throttle.c spins
 * a FIFO thread until a normal thread on the same (only) CPU has run; without throttling it never ends (the
 * instruction limit below would kill it). Needs the right to set SCHED_FIFO: Trapgate runs the guest as the host's
 * user, so the test runs as root only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const GUEST = join(REPO_ROOT, 'guests/build/c/sched_throttle');
const skip = !existsSync(GUEST) ? `${GUEST} not built (make -C guests)`
  : process.getuid?.() !== 0 ? 'not root: the guest may not set SCHED_FIFO' : false;

test('a spinning SCHED_FIFO thread leaves a normal thread on its CPU the rest of each second', { skip }, async () => {
  const stats = join(mkdtempSync(join(tmpdir(), 'trapgate-throttle-')), 'stats.json');
  const r = await runUnderTrapgate(GUEST, ['report'], {
    trapgateOptions: ['--cpus', '1', '--seed', '1', '--max-insns', '400000000', '--stats-json', stats],
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.toString(), 'SCHED_FIFO set: yes\nboth finished: yes\n');
  // The normal thread got the CPU only once the FIFO thread had used its 0.95 s of the first period.
  const s = JSON.parse(readFileSync(stats, 'utf8')) as { machineNs: number };
  assert.ok(s.machineNs >= 950_000_000 && s.machineNs < 1_000_000_000, `machine time ${s.machineNs} ns`);
});
