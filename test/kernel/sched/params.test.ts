/**
 * Scheduling policies and priorities: guests/c/sched_params.c against Linux's kernel/sched/core.c, written out below
 * (v6.1), and against qemu-mipsel, which passes every one of these calls to the host kernel.
 *
 * What core.c says, line by line of the expected text:
 *  - sched_get_priority_max/min: MAX_RT_PRIO-1 = 99 and 1 for SCHED_FIFO/RR; 0 for SCHED_NORMAL, BATCH, IDLE and
 *    DEADLINE; -EINVAL for anything else.
 *  - sched_getscheduler/sched_getparam/sched_rr_get_interval: pid < 0 (or a NULL param) is -EINVAL before the
 *    lookup; find_process_by_pid failing is -ESRCH. sched_getscheduler adds SCHED_RESET_ON_FORK to p->policy
 *    when p->sched_reset_on_fork is set.
 *  - sched_setscheduler: policy < 0 is -EINVAL in the system call itself; do_sched_setscheduler: a NULL param or
 *    pid < 0 is -EINVAL, then an unknown pid is -ESRCH (before the policy is looked at: "no such pid, policy 42"
 *    is ESRCH); __sched_setscheduler: !valid_policy is -EINVAL, a priority > MAX_RT_PRIO-1 (unsigned, so -1 too)
 *    or rt_policy(policy) != (priority != 0) is -EINVAL, SCHED_DEADLINE through this interface fails
 *    __checkparam_dl (-EINVAL). sched_setparam passes SETPARAM_POLICY: the policy and reset-on-fork flag stay.
 *  - sched_fork: a thread inherits its creator's policy and priority, except that with sched_reset_on_fork a
 *    real-time creator's child starts as SCHED_NORMAL priority 0; the child never has the flag.
 *  - without CAP_SYS_NICE (the `user && !capable(CAP_SYS_NICE)` block): a real-time policy needs RLIMIT_RTPRIO
 *    (0 by default: EPERM); leaving SCHED_IDLE needs can_nice(p, task_nice(p)), i.e. RLIMIT_NICE >= 20 (0 by
 *    default: EPERM); "Normal users shall not reset the sched_reset_on_fork flag" (EPERM).
 *  - sched_rr_get_interval: 0 for SCHED_FIFO; sched_rr_timeslice = RR_TIMESLICE (100 ms) for SCHED_RR.
 * Trapgate treats uid 0 as holding CAP_SYS_NICE (the CLI runs the guest as the host user); the differential
 * comparison of the privileged part is made only when the host's answer comes from a caller of the same class.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_GUEST_ENV, findQemu, REPO_ROOT, TRAPGATE_CLI, runUnderQemu, runUnderTrapgate } from '../../guests/run-guest.js';

const GUEST = join(REPO_ROOT, 'guests/build/c/sched_params');
const skip = existsSync(GUEST) ? false : `${GUEST} not built (make -C guests)`;
const qemu = findQemu();
const MARK = '-- privileged\n';

const EVERYONE = `\
sched_get_priority_max: SCHED_OTHER 0, SCHED_FIFO 99, SCHED_RR 99, SCHED_BATCH 0, SCHED_IDLE 0, SCHED_DEADLINE 0, policy 42 EINVAL, policy -1 EINVAL
sched_get_priority_min: SCHED_OTHER 0, SCHED_FIFO 1, SCHED_RR 1, SCHED_BATCH 0, SCHED_IDLE 0, SCHED_DEADLINE 0, policy 42 EINVAL, policy -1 EINVAL
main thread: sched_getscheduler(0) -> SCHED_OTHER, sched_getparam(0) -> priority 0
sched_getscheduler(-1) -> EINVAL
sched_getscheduler(no such pid) -> ESRCH
sched_getparam(-1) -> EINVAL
sched_getparam(no such pid) -> ESRCH
sched_getparam(0, NULL) -> EINVAL
sched_setscheduler(0, SCHED_FIFO, 0) -> EINVAL
sched_setscheduler(0, SCHED_FIFO, 100) -> EINVAL
sched_setscheduler(0, SCHED_RR, -1) -> EINVAL
sched_setscheduler(0, SCHED_OTHER, 5) -> EINVAL
sched_setscheduler(0, SCHED_BATCH, 1) -> EINVAL
sched_setscheduler(0, SCHED_IDLE, -1) -> EINVAL
sched_setscheduler(0, SCHED_DEADLINE, 0) -> EINVAL
sched_setscheduler(0, policy 42, 0) -> EINVAL
sched_setscheduler(0, policy -1, 0) -> EINVAL
sched_setscheduler(-1, SCHED_OTHER, 0) -> EINVAL
sched_setscheduler(0, SCHED_OTHER, NULL) -> EINVAL
sched_setscheduler(no such pid, SCHED_OTHER, 0) -> ESRCH
sched_setscheduler(no such pid, policy 42, 0) -> ESRCH
sched_setparam(0, 5) with SCHED_OTHER -> EINVAL
sched_setparam(0, 0) -> ok
sched_setparam(-1, 0) -> EINVAL
sched_setscheduler(0, SCHED_OTHER, 0) -> ok; still SCHED_OTHER
thread: sched_setscheduler(0, SCHED_BATCH, 0) -> ok; sched_getscheduler -> SCHED_BATCH, priority 0
thread: a new thread gets SCHED_BATCH priority 0
thread: sched_setscheduler(0, SCHED_BATCH|SCHED_RESET_ON_FORK, 0) -> ok; sched_getscheduler -> SCHED_BATCH|SCHED_RESET_ON_FORK
thread: a new thread gets SCHED_BATCH priority 0
thread: sched_setparam(0, 0) -> ok; sched_getscheduler -> SCHED_BATCH|SCHED_RESET_ON_FORK
thread: sched_setparam(0, 3) -> EINVAL
thread: sched_setscheduler(0, SCHED_IDLE, 0) -> ok; sched_getscheduler -> SCHED_IDLE
thread: a new thread gets SCHED_IDLE priority 0
thread: sched_setscheduler(0, SCHED_IDLE, 0) again -> ok
sched_setscheduler(another thread's tid, SCHED_BATCH, 0) -> ok; sched_getscheduler(its tid) -> SCHED_BATCH; it sees SCHED_BATCH; main still SCHED_OTHER
sched_rr_get_interval(0) with SCHED_OTHER -> ok, a non-negative normalised interval: yes
sched_rr_get_interval(-1) -> EINVAL
sched_rr_get_interval(no such pid) -> ESRCH
sched_yield() -> 0
`;

const PRIVILEGED = `\
thread: SCHED_OTHER|SCHED_RESET_ON_FORK -> ok, then SCHED_OTHER (clearing the flag) -> ok; sched_getscheduler -> SCHED_OTHER
thread: SCHED_IDLE -> ok, then SCHED_OTHER -> ok; sched_getscheduler -> SCHED_OTHER
thread: sched_setscheduler(0, SCHED_FIFO, 10) -> ok
thread: sched_getscheduler -> SCHED_FIFO, priority 10, sched_rr_get_interval -> 0.000000000 s
thread: sched_setparam(0, 20) -> ok; priority 20
thread: sched_setparam(0, 0) -> EINVAL
thread: a new thread gets SCHED_FIFO priority 20
thread: sched_setscheduler(0, SCHED_RR, 5) -> ok; sched_getscheduler -> SCHED_RR, priority 5, sched_rr_get_interval -> 0.100000000 s
thread: sched_setscheduler(0, SCHED_RR|SCHED_RESET_ON_FORK, 7) -> ok; sched_getscheduler -> SCHED_RR|SCHED_RESET_ON_FORK
thread: a new thread gets SCHED_OTHER priority 0
thread: sched_setscheduler(0, SCHED_OTHER, 0) -> ok; sched_getscheduler -> SCHED_OTHER, priority 0
`;

const UNPRIVILEGED = `\
thread: SCHED_OTHER|SCHED_RESET_ON_FORK -> ok, then SCHED_OTHER (clearing the flag) -> EPERM; sched_getscheduler -> SCHED_OTHER|SCHED_RESET_ON_FORK
thread: SCHED_IDLE -> ok, then SCHED_OTHER -> EPERM; sched_getscheduler -> SCHED_IDLE
thread: sched_setscheduler(0, SCHED_FIFO, 10) -> EPERM
`;

const isRoot = process.getuid?.() === 0;

/** Whether this process may raise scheduling priorities on the host (CAP_SYS_NICE, bit 23, in CapEff). */
function hostHasSysNice(): boolean {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m !== null && ((BigInt(`0x${m[1]}`) >> 23n) & 1n) === 1n;
}

function split(stdout: Buffer): [string, string] {
  const text = stdout.toString();
  const at = text.indexOf(MARK);
  assert.ok(at >= 0, text);
  return [text.slice(0, at), text.slice(at + MARK.length)];
}

test('every caller: priority ranges, invalid arguments, unknown pids, normal policies, inheritance, reset-on-fork', { skip }, async () => {
  const r = await runUnderTrapgate(GUEST, ['all']);
  assert.equal(r.status, 0, r.stderr);
  const [everyone, privileged] = split(r.stdout);
  assert.equal(everyone, EVERYONE);
  // The CLI runs the guest as the host user; Trapgate's root may raise priorities (as Linux's with CAP_SYS_NICE).
  assert.equal(privileged, isRoot ? PRIVILEGED : UNPRIVILEGED);
});

test('the same under preemption on one CPU and under a seeded schedule on four', { skip }, async () => {
  for (const options of [['--cpus', '1', '--quantum', '2000'], ['--cpus', '4', '--seed', '3']]) {
    const r = await runUnderTrapgate(GUEST, ['all'], { trapgateOptions: options });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.toString(), EVERYONE + MARK + (isRoot ? PRIVILEGED : UNPRIVILEGED), options.join(' '));
  }
});

test('the same as qemu-mipsel (the host kernel); the privileged part when the host caller is of the same class',
  { skip: skip || (!qemu && 'qemu-mipsel not found') }, async () => {
    const [q, t] = await Promise.all([runUnderQemu(GUEST, ['all']), runUnderTrapgate(GUEST, ['all'])]);
    assert.equal(q.status, 0, q.stderr);
    assert.equal(t.status, 0, t.stderr);
    const [qEveryone, qPrivileged] = split(q.stdout);
    const [tEveryone, tPrivileged] = split(t.stdout);
    assert.equal(tEveryone, qEveryone);
    // A root without CAP_SYS_NICE (a container's default) is unprivileged for the host, privileged for Trapgate.
    if (isRoot === hostHasSysNice()) assert.equal(tPrivileged, qPrivileged);
  });

// An unprivileged caller, from a root test run: both emulators started as nobody (setuid drops every capability).
const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
const asNobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
/** Whether nobody can read Trapgate and the guest (a checkout in a private directory, e.g. under mktemp -d, cannot). */
const nobodyCanRead = (): boolean => setpriv !== undefined
  && spawnSync(setpriv, [...asNobody, '/bin/sh', '-c', 'test -r "$0" && test -r "$1"', TRAPGATE_CLI, GUEST]).status === 0;

test('an unprivileged caller (uid 65534): EPERM for real-time policies, leaving SCHED_IDLE and clearing reset-on-fork',
  {
    skip: skip || (!isRoot && 'needs root to run as another user') || (!setpriv && 'setpriv not found')
      || (!nobodyCanRead() && 'uid 65534 cannot read the checkout (a private directory)'),
  }, () => {
    const run = (argv: string[]) => spawnSync(setpriv!, [...asNobody, ...argv], { env: { ...DEFAULT_GUEST_ENV }, cwd: '/', timeout: 60_000 });
    const t = run([process.execPath, TRAPGATE_CLI, 'run', GUEST, 'all']);
    assert.equal(t.status, 0, t.stderr?.toString());
    assert.equal(t.stdout.toString(), EVERYONE + MARK + UNPRIVILEGED);
    if (qemu) {
      const q = run([qemu, GUEST, 'all']);
      assert.equal(q.status, 0, q.stderr?.toString());
      assert.equal(t.stdout.toString(), q.stdout.toString());
    }
  });
