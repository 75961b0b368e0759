/** Every system call family Trapgate implements, in one table. */
import { SyscallTable } from './registry.js';
import { PROCESS_SYSCALLS } from './process.js';
import { MEMORY_SYSCALLS } from './memory.js';
import { TIME_SYSCALLS } from './time.js';
import { SIGNAL_SYSCALLS } from './signals.js';
import { FILE_SYSCALLS } from './files.js';
import { PATH_SYSCALLS } from './paths.js';
import { FUTEX_SYSCALLS } from './futex.js';
import { ROBUST_FUTEX_SYSCALLS } from './robust-futex.js';
import { LIFECYCLE_SYSCALLS } from './lifecycle.js';
import { GROUP_SYSCALLS } from './groups.js';
import { POLL_SYSCALLS } from './poll.js';
import { SCHED_SYSCALLS } from './sched.js';

export const LINUX_SYSCALLS = new SyscallTable([
  PROCESS_SYSCALLS, MEMORY_SYSCALLS, TIME_SYSCALLS, SIGNAL_SYSCALLS, FILE_SYSCALLS, PATH_SYSCALLS, FUTEX_SYSCALLS,
  ROBUST_FUTEX_SYSCALLS, LIFECYCLE_SYSCALLS, GROUP_SYSCALLS, POLL_SYSCALLS, SCHED_SYSCALLS,
]);
