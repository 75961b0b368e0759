/**
 * Real-time priorities take effect at once (guests/c/sched_rt.c, every thread on one CPU). Linux 6.1:
 *  - wake_up_process and wake_up_new_task call check_preempt_curr; for a SCHED_FIFO task waking on a CPU that runs
 *    a lower-priority one, check_preempt_curr_rt calls resched_curr, so the waker (or the creator) is preempted on
 *    its way out of the system call and the new or woken thread runs first;
 *  - __sched_setscheduler -> check_class_changed -> prio_changed_rt: a running task whose priority drops below the
 *    highest waiting one reschedules; a waiting task raised above the running one makes it reschedule;
 *  - pick_next_task_rt takes the highest priority first (FIFO 30, 20, 10), and do_sched_yield requeues the caller
 *    behind tasks of its own priority.
 * The expected text is written from those rules. qemu-mipsel, whose threads are host threads under the host kernel,
 * prints the same when the host lets the test use real-time policies (CAP_SYS_NICE), and it is compared too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findQemu, REPO_ROOT, runUnderQemu, runUnderTrapgate } from '../../guests/run-guest.js';

const SCHED_RT = join(REPO_ROOT, 'guests/build/c/sched_rt');
const isRoot = process.getuid?.() === 0;
const skip = !existsSync(SCHED_RT) ? `${SCHED_RT} not built (make -C guests)`
  : !isRoot ? 'Trapgate lets only root (the host user it runs as) use real-time policies' : false;

const LINUX = `\
a SCHED_FIFO thread woken by a normal thread ran before the waker went on: yes
a SCHED_FIFO thread created by a normal thread ran before pthread_create returned: yes
main to SCHED_FIFO 90 -> ok
FIFO 10, 30, 20 created by FIFO 90: none ran while it held the CPU: yes; order once it slept: 30 20 10
FIFO 50 creates FIFO 40: it waits: yes; FIFO 50 lowers itself to 30: it runs at once: yes
FIFO 30 creates FIFO 35: it ran first: yes; it lowers itself to 20: it waits: yes; raised to 40 (-> ok): it runs at once: yes
FIFO 30 yields to a waiting FIFO 30: order 1 2 3
`;

for (const options of [['--cpus', '1'], ['--cpus', '2'], ['--cpus', '4', '--quantum', '3000'], ['--cpus', '3', '--seed', '9']]) {
  test(`${options.join(' ')}: a higher real-time priority runs at once (wake-up, creation, priority changes), yield, order`, { skip }, async () => {
    const r = await runUnderTrapgate(SCHED_RT, ['report'], { trapgateOptions: options });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.toString(), LINUX);
  });
}

/** Whether this process may use real-time policies on the host (CAP_SYS_NICE, bit 23 of CapEff). */
function hostHasSysNice(): boolean {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m !== null && ((BigInt(`0x${m[1]}`) >> 23n) & 1n) === 1n;
}

test('qemu-mipsel on the host kernel prints the same', {
  skip: skip || (!findQemu() && 'qemu-mipsel not found') || (!hostHasSysNice() && 'the host does not allow real-time policies here'),
}, async () => {
  const q = await runUnderQemu(SCHED_RT, ['report']);
  assert.equal(q.status, 0, q.stderr);
  assert.equal(q.stdout.toString(), LINUX);
});
