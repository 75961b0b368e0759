/** The system call table: built from families named explicitly, checked as it is built. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NR } from '../../../src/abi/syscalls.js';
import { LINUX_SYSCALLS } from '../../../src/kernel/syscalls/all.js';
import { SyscallTable } from '../../../src/kernel/syscalls/registry.js';

test('a table holds the handlers of its families by number', () => {
  const getpid = (): number => 7;
  const table = new SyscallTable([{ getpid }, { getppid: () => 1 }]);
  assert.equal(table.handler(NR.getpid), getpid);
  assert.equal(table.handler(NR.read), undefined);
  assert.equal(table.handler(17), undefined);
  assert.deepEqual(table.implemented(), [NR.getpid, NR.getppid].sort((a, b) => a - b));
});

test('a system call in two families, or a name the ABI does not know, is refused', () => {
  assert.throws(() => new SyscallTable([{ getpid: () => 0 }, { getpid: () => 1 }]), /registered twice/);
  assert.throws(() => new SyscallTable([{ nosuchcall: () => 0 } as never]), /no o32 system call named nosuchcall/);
});

test('the Linux table has every family: about 180 calls, from read to futex_time64', () => {
  const implemented = LINUX_SYSCALLS.implemented();
  assert.ok(implemented.length >= 175, `${implemented.length} system calls`);
  for (const name of ['read', 'write', 'openat', 'mmap2', 'clone', 'execve', 'futex', 'rt_sigaction', 'clock_gettime', 'ppoll', 'sched_setaffinity', 'get_robust_list', 'setpgid'] as const) {
    assert.ok(LINUX_SYSCALLS.handler(NR[name]) !== undefined, `${name} is implemented`);
  }
});
