/**
 * Processes and threads: what the kernel keeps per thread group (address space, files, signal actions, limits)
 * and per thread (registers, signal mask, TID pointers, scheduling), split as Linux splits them so that signals,
 * rseq and dsemul can be per thread.
 */
import { CpuState } from '../cpu/state.js';
import { SIG } from '../abi/signals.js';
import type { AddressSpace } from '../mm/address-space.js';
import type { FdTable } from './fs/fd-table.js';
import { wakeThread, type RestartBlock, type SyscallInFlight, type WakeReason, type Wait } from './wait.js';
import { SignalQueue } from './signal/pending.js';
import { SchedEntity } from './sched/entity.js';

/** One signal action (struct sigaction as the kernel keeps it). */
export interface SigAction {
  handler: number;
  flags: number;
  mask: bigint;
}

export interface FsContext {
  /** Canonical guest path of the working directory. */
  cwd: string;
  umask: number;
}

export class Process {
  readonly threads: Thread[] = [];
  /** Signal actions, indexed by signal number (1..127). Shared by all threads (CLONE_SIGHAND). */
  readonly actions: SigAction[] = Array.from({ length: 129 }, () => ({ handler: SIG.DFL as number, flags: 0, mask: 0n }));
  /** Resource limits as [soft, hard], RLIM64_INFINITY = 2^64-1. */
  readonly rlimits: Array<[bigint, bigint]>;
  /** Signals sent to the whole thread group (kill), taken by whichever thread can. */
  readonly sharedPending = new SignalQueue();
  /** ITIMER_REAL / alarm: when SIGALRM is due (monotonic ns) and its reload interval. */
  realTimer: { deadlineNs: bigint; intervalNs: bigint } | undefined;
  /** The mapped vDSO: its base and the offsets of the signal-return trampolines. */
  vdso: { base: number; sigreturn: number; rtSigreturn: number } | undefined;
  /** prctl(PR_SET_PDEATHSIG) and PR_SET_DUMPABLE. */
  deathSignal = 0;
  dumpable = 1;
  /** CPU time of reaped children (for RUSAGE_CHILDREN and times), in microseconds. */
  childrenCpuMicros = 0;
  /** The signal sent to the parent when this process ends (clone's CSIGNAL byte; SIGCHLD for fork). */
  exitSignal = 18;
  /** Set once the parent has collected the exit status (wait4/waitid), or nobody will. */
  reaped = false;
  /** Parent threads sleeping in wait4/waitid for a child of this process to change state. */
  readonly childWaiters = new Set<Thread>();
  /** The vfork parent, while it waits for this child to exec or exit. */
  vforkParent: Thread | undefined;
  /** Wait status once the whole group has exited. */
  exitStatus: number | undefined;
  pgid: number;
  sid: number;

  constructor(
    readonly pid: number,
    public ppid: number,
    public as: AddressSpace,
    public fds: FdTable,
    public fs: FsContext,
    /** Guest path of the running program (/proc/self/exe). */
    public exePath: string,
    rlimits: Array<[bigint, bigint]>,
  ) {
    this.rlimits = rlimits.map(([s, h]) => [s, h]);
    this.pgid = pid;
    this.sid = pid;
  }

  get alive(): boolean {
    return this.exitStatus === undefined;
  }

  /** A vfork child released its parent's memory (exec or exit): the parent may run again. */
  releaseVfork(): void {
    const parent = this.vforkParent;
    this.vforkParent = undefined;
    if (parent) wakeThread(parent);
  }
}

/** What the syscall-restart logic of signal delivery needs to know about the last system call. */
export interface RestartInfo {
  /** The system call number if the last call returned an error (Linux's regs[0]), else 0. */
  nr: number;
  /** a3 as it was at entry (Linux keeps it in regs[26]). */
  a3: number;
}

export type ThreadState = 'runnable' | 'blocked' | 'dead';

export class Thread {
  readonly cpu = new CpuState();
  state: ThreadState = 'runnable';
  /** Blocked signals. */
  sigmask = 0n;
  /** Signals pending for this thread specifically. */
  readonly pending = new SignalQueue();
  /** The mask to restore after sigsuspend/pselect-style calls (TIF_RESTORE_SIGMASK). */
  savedSigmask: bigint | undefined;
  /** What restart_syscall continues after an ERESTART_RESTARTBLOCK interruption. */
  restartBlock: RestartBlock | undefined;
  /** set_tid_address / CLONE_CHILD_CLEARTID: zeroed and futex-woken at exit. */
  clearChildTid = 0;
  robustList = 0;
  robustListLength = 0;
  /** Alternate signal stack (sigaltstack). */
  altStack = { sp: 0, size: 0, flags: 2 /* SS_DISABLE */ };
  restart: RestartInfo = { nr: 0, a3: 0 };
  /** Set while the thread sleeps in the kernel. */
  wait: Wait | undefined;
  /** Set while the thread sleeps: why it is to wake (completed before it next runs). */
  wakeReason: WakeReason | undefined;
  /** The system call the thread sleeps in, finished with its result when the sleep ends. */
  syscallInFlight: SyscallInFlight | undefined;
  /** prctl(PR_SET_NAME): the thread's name, when set. */
  comm: string | undefined;
  /** Instructions this thread has retired. */
  retired = 0;
  /** Scheduling attributes and state (a new thread may use every CPU; clone replaces this with the parent's). */
  sched = new SchedEntity(-1);

  constructor(readonly tid: number, readonly process: Process) {}
}
