/**
 * A signal for a thread that is preempted, or running on another CPU, is delivered before the thread runs another
 * instruction of its own (Linux: on the way back to user mode after schedule(), or after the reschedule interrupt
 * that signal_wake_up's kick_process sends). guests/c/sig_preempted.c sends SIGUSR1 to a spinning worker and then
 * sets the flag it spins on; the worker notes whether its handler had already run when it saw the flag. On real
 * hardware the kick can come late, so this is a Trapgate-only guarantee of its run loop, checked here; the plain
 * output (the handler ran) is compared with qemu-mipsel by the differential suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const GUEST = join(REPO_ROOT, 'guests/build/c/sig_preempted');

test('a thread with a signal pending runs its handler before its next instruction, on one CPU and on several',
  { skip: existsSync(GUEST) ? false : `${GUEST} not built (make -C guests)` }, async () => {
    for (const cpus of ['1', '2', '4']) {
      const r = await runUnderTrapgate(GUEST, ['report'], { trapgateOptions: ['--cpus', cpus] });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.toString(), 'the handler ran before the worker saw the flag: yes\nthe handler ran: yes\n', `--cpus ${cpus}`);
    }
  });
