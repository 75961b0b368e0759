/**
 * The kernel: boots a machine (memory, CPUs), creates processes, and runs them. Control flows one way, like a real
 * kernel's: the scheduler picks a thread, the CPU runs it until an exception, `handleException` deals with it in
 * Linux's terms, and `returnToUser` does the pending work before the thread runs again.
 */
import { CodeCache } from '../cpu/code-cache.js';
import { Exit } from '../cpu/exit.js';
import { Cpu, type CpuConfig } from '../cpu/interpreter.js';
import type { Host } from '../host/host.js';
import { AddressSpace } from '../mm/address-space.js';
import { OutOfMemoryError, PhysicalMemory } from '../mm/physical.js';
import { checkProgram, startProgram } from './exec/pipeline.js';
import { Lifecycle } from './lifecycle.js';
import { FdTable } from './fs/fd-table.js';
import { standardStreams } from './fs/standard-file.js';
import { HostInputWatcher } from './fs/host-input.js';
import { Process, Thread } from './process.js';
import { Tracer } from './trace/tracer.js';
import { wakeThread, type WakeReason, type Wait } from './wait.js';
import { completeWait } from './wait-handlers.js';
import { FutexState } from './futex-state.js';
import { PipeInodes } from './fs/pipe.js';
import { TerminalState } from './fs/terminal.js';
import { queueProcessSignal } from './signal/send.js';
import { CLD, SI, Signal } from '../abi/signals.js';
import { handleException } from './traps.js';
import { returnToUser } from './return-to-user.js';
import { defaultRlimits } from './limits.js';
import { PathResolver } from './fs/path.js';
import { PageCache } from './fs/page-cache.js';
import { TICK_NS, Timekeeper } from './time/timekeeper.js';
import { KernelRandom } from './random.js';
import { VdsoPages } from './vdso/setup.js';
import { VvarWriter } from './time/vvar-writer.js';
import { writeSyscallMap, writeVdsoCoarseResolution } from './vdso/data-page.js';
import { faultsAsEfault, finishSyscall } from './syscalls/dispatch.js';
import { exitRobustList } from './syscalls/robust-futex.js';
import { hasDeliverableSignal } from './signal/deliver.js';
import { MAX_CPUS, Scheduler } from './sched/scheduler.js';
import { SchedRandom } from './sched/sched-random.js';
import { SchedEntity } from './sched/entity.js';
import { COST } from './sched/cost-model.js';
import { VirtualClock } from './time/virtual-clock.js';
import { LINUX_SYSCALLS } from './syscalls/all.js';

export interface KernelConfig {
  /** Host directory that is the guest's `/`. */
  root: string;
  /** Whether the CPU has a hardware FPU (otherwise the kernel emulates FP instructions). */
  hardwareFpu: boolean;
  /** Whether user mode may read the cycle counter with `rdhwr $2` (HWREna bit 2). */
  userCounter: boolean;
  /** The user and group the guest runs as. */
  uid: number;
  gid: number;
  /** Where signal handlers return: the vDSO trampoline (Linux), or a trampoline written on the stack (historical). */
  sigreturn: 'vdso' | 'stack';
  /** The CPU's instruction cache is coherent with its data cache (selects the vDSO's sync_dicache variant). */
  coherentIcache: boolean;
  /** Assembly source of the vDSO to build instead of src/kernel/vdso/vdso.S (tests that break it on purpose). */
  vdsoSource?: string;
  /** Makes every random choice (layout, AT_RANDOM, getrandom) reproducible. */
  seed?: bigint;
  /** Stop the guest after this many instructions (undefined: no limit). */
  maxInstructions?: number;
  /** Virtual CPUs of the machine (1..32). */
  cpus: number;
  /** Time slice: instructions a thread runs before another thread waiting for its CPU is let in. */
  quantum: number;
  /** Instructions one CPU runs before another busy CPU runs (the grain at which CPUs interleave). */
  interleave: number;
  /** The guest's time: the host's clock, or machine time derived from the work done (see sched/cost-model.ts). */
  clock: 'real' | 'virtual';
}

export const DEFAULT_CONFIG: KernelConfig = {
  root: '/', hardwareFpu: true, userCounter: true, uid: 0, gid: 0, sigreturn: 'vdso', coherentIcache: false,
  cpus: 2, quantum: 200_000, interleave: 5_000, clock: 'real',
};

/** How long the host naps between looks at its input while every guest thread waits (for it, or for a deadline). */
const HOST_INPUT_NAP_NS = 2_000_000n;

export { MAX_CPUS };

/** A program that could not be started: one sentence for the user. */
export class ExecError extends Error {}

/** A program image to load: its bytes, names, and the argument and environment strings. */
export interface LoadRequest {
  bytes: Uint8Array;
  guestPath: string;
  /** The name passed to execve (AT_EXECFN). */
  execFn: string;
  device: number;
  inode: number;
  argv: Uint8Array[];
  envp: Uint8Array[];
}

export interface Stats {
  instructions: number;
  syscalls: number;
}

/** What the scheduler did in a run (for --stats-json and benchmarks). */
export interface SchedStats {
  /** Machine time at the end (ns, see sched/cost-model.ts). */
  machineNs: number;
  contextSwitches: number;
  preemptions: number;
  migrations: number;
  cpus: Array<{ id: number; instructions: number; idleNs: number; switches: number }>;
}

/** What the vDSO's data-page writer did in a run. */
export interface VvarStats {
  updates: number;
  /** Update steps taken while a guest thread was inside the vDSO (reads that raced the writer). */
  races: number;
}

export class Kernel {
  readonly tracer = new Tracer();
  readonly mem = new PhysicalMemory();
  readonly code = new CodeCache(this.mem);
  /**
   * One Cpu per virtual CPU: each has its own exception state and number, and they share the decode, the compiled
   * code (CodeCache) and one CpuConfig (so `cpu.config.jit = false` applies to the whole machine).
   */
  readonly cpus: readonly Cpu[];
  readonly paths: PathResolver;
  readonly processes = new Map<number, Process>();
  readonly pageCache: PageCache;
  readonly time: Timekeeper;
  readonly random: KernelRandom;
  readonly stats: Stats = { instructions: 0, syscalls: 0 };
  /** Where mechanisms attach to fork, exec and exit (rseq, the FPU emulator's frames, call-site patching). */
  readonly lifecycle = new Lifecycle();
  /** The system calls this kernel implements (every family; immutable, so shared by all kernels). */
  readonly syscalls = LINUX_SYSCALLS;
  readonly sched: Scheduler;
  /** Guest threads waiting for the host's input (polled every turn: the host cannot notify). */
  readonly hostInput = new HostInputWatcher();
  /** Futex queues and PI states of this machine's threads. */
  readonly futexes = new FutexState();
  /**
   * The host's terminal as this machine's guests see it: its standard streams all name the one terminal Trapgate
   * was started from, so one state serves every descriptor that refers to it.
   */
  readonly terminal = new TerminalState();
  /** Inode numbers of this machine's pipes. */
  readonly pipeInodes = new PipeInodes();
  private readonly virtualClock: VirtualClock | undefined;
  private nextPid = 1000;
  /** Threads sleeping in the kernel (they wake in wakeSleepers). */
  private readonly sleepers = new Set<Thread>();

  constructor(readonly host: Host, readonly config: KernelConfig = DEFAULT_CONFIG) {
    if (!Number.isInteger(config.cpus) || config.cpus < 1 || config.cpus > MAX_CPUS) {
      throw new RangeError(`a machine has 1 to ${MAX_CPUS} CPUs, not ${config.cpus}`);
    }
    const hostBytes = (buf: Uint8Array) => host.randomBytes(buf);
    this.random = new KernelRandom(config.seed, hostBytes);
    // The scheduler draws from its own stream (derived from the same seed), so that scheduling does not shift
    // the random numbers the guest sees.
    const schedSeed = new Uint32Array(4);
    new KernelRandom(config.seed === undefined ? undefined : config.seed ^ 0x5c4ed01en, hostBytes).fill(new Uint8Array(schedSeed.buffer));
    this.sched = new Scheduler(config, new SchedRandom(schedSeed), this.tracer);
    this.virtualClock = config.clock === 'virtual' ? new VirtualClock(this.sched) : undefined;
    this.time = new Timekeeper(this.virtualClock ?? host.clock);
    this.paths = new PathResolver(host.fs, config.root, host.cwd());
    this.pageCache = new PageCache(this.mem, host.fs);
    const cpuConfig: CpuConfig = {
      // CPUNum, SYNCI_Step, CCRes and UserLocal are always readable; the counter only when configured.
      hwrEna: (1 << 0) | (1 << 1) | (1 << 3) | (1 << 29) | (config.userCounter ? 1 << 2 : 0),
      cpuNumber: 0,
      synciStep: 32,
      readCounter: (retiredInRun) => this.time.counter(this.virtualClock?.during(retiredInRun)),
    };
    this.cpus = Array.from({ length: config.cpus }, (_, i) => new Cpu(this.mem, this.code, cpuConfig, i));
  }

  /** The boot CPU (CPU 0); its config is every CPU's. */
  get cpu(): Cpu {
    return this.cpus[0]!;
  }

  /** The CPU whose turn it is: the one whose exception the kernel is handling. */
  get runningCpu(): Cpu {
    return this.cpus[this.sched.running?.id ?? 0]!;
  }

  private vdsoPages: VdsoPages | undefined;
  private vvarWriter: VvarWriter | undefined;

  /** The vDSO, built for this CPU at first use (like the kernel's boot-time init_vdso_image and its patching). */
  get vdso(): VdsoPages {
    if (!this.vdsoPages) {
      const pages = new VdsoPages(this.mem, { coherentIcache: this.config.coherentIcache }, this.config.vdsoSource ?? this.host.vdsoSource());
      for (const p of pages.patched) this.tracer.emit({ kind: 'vdso-patch', symbol: p.symbol, variant: p.variant });
      const data = this.mem.u8.subarray(pages.dataFrame, pages.dataFrame + 4096);
      writeSyscallMap(data, this.syscalls.implemented());
      writeVdsoCoarseResolution(data, Number(TICK_NS));
      // Between two steps of a data-page update, a few guest instructions run (seeded when --seed is given).
      this.vvarWriter = new VvarWriter(this.mem, pages.dataFrame, this.time, this.config.userCounter, () => 1 + this.random.below(8));
      this.vvarWriter.publishNow();
      this.vdsoPages = pages;
    }
    return this.vdsoPages;
  }

  /** Virtual CPUs of the machine. */
  get cpuCount(): number {
    return this.config.cpus;
  }

  get identity(): { uid: number; gid: number } {
    return { uid: this.config.uid, gid: this.config.gid };
  }

  findThread(tid: number): Thread | undefined {
    for (const p of this.processes.values()) {
      const t = p.threads.find((x) => x.tid === tid && x.state !== 'dead');
      if (t) return t;
    }
    return undefined;
  }


  /**
   * Creates the first process from a program file (a host path, like qemu-user's argument) with the host's
   * standard streams as fds 0-2. `execFn` is the name the program was given by (AT_EXECFN).
   */
  spawn(hostPath: string, argv: string[], env: string[], execFn = hostPath): Process {
    let bytes: Uint8Array;
    try {
      bytes = this.host.fs.readFile(hostPath);
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new ExecError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory'
        : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(e)})`);
    }
    const stat = safeStat(this.host, hostPath);
    return this.spawnImage(bytes, this.paths.guestPathOfHost(hostPath), argv, env, stat?.dev ?? 0, stat?.ino ?? 0, execFn);
  }

  /** Creates the first process from the bytes of a program (fds 0-2 are the host's standard streams). */
  spawnImage(bytes: Uint8Array, guestPath: string, argv: string[], env: string[], device = 0, inode = 0,
    execFn = guestPath): Process {
    const encoder = new TextEncoder();
    const program = checkProgram(this, {
      bytes, guestPath, execFn, device, inode, argv: argv.map((a) => encoder.encode(a)), envp: env.map((e) => encoder.encode(e)),
    });
    const fds = new FdTable();
    for (const file of standardStreams(this.host, this.hostInput, this.pageCache, this.terminal)) fds.install(file, false);
    const pid = this.allocPid();
    const process = new Process(pid, 1, new AddressSpace(this.mem), fds, { cwd: this.paths.guestCwd(), umask: 0o022 },
      guestPath, defaultRlimits());
    const thread = new Thread(pid, process);
    thread.sched = new SchedEntity(this.sched.allCpus);
    process.threads.push(thread);
    startProgram(this, thread, program);
    this.processes.set(pid, process);
    this.sched.place(thread, 'new');
    this.initial ??= process;
    return process;
  }

  allocPid(): number {
    return this.nextPid++;
  }

  /** Puts a new thread (of a new or an existing process) on a CPU's run queue. */
  addThread(thread: Thread): void {
    if (!this.processes.has(thread.process.pid)) this.processes.set(thread.process.pid, thread.process);
    this.sched.place(thread, 'new');
  }

  /** Whether another live process still uses `as` (vfork and CLONE_VM children share their parent's). */
  addressSpaceSharedByAnother(as: AddressSpace, except: Process): boolean {
    for (const p of this.processes.values()) if (p !== except && p.alive && p.as === as) return true;
    return false;
  }

  /** Parks a thread in a system call until wakeThread or its deadline. */
  blockThread(thread: Thread, wait: Wait): void {
    thread.wait = wait;
    thread.state = 'blocked';
    this.sleepers.add(thread);
    // schedule() does not put a task into an interruptible sleep while a signal is pending for it.
    if (wait.interruptible !== false && hasDeliverableSignal(thread)) thread.wakeReason = 'signal';
  }

  /** Makes a sleeping thread runnable; its system call completes before it next runs. */
  wakeThread(thread: Thread): void {
    wakeThread(thread);
  }

  /** signal_wake_up: a signal interrupts an interruptible sleep. */
  interruptThread(thread: Thread): void {
    if (thread.state === 'blocked' && thread.wait?.interruptible !== false && thread.wakeReason === undefined) {
      thread.wakeReason = 'signal';
    }
  }

  /** Where a handler returns: the vDSO's trampoline, or undefined for the historical one written on the stack. */
  signalTrampoline(process: Process, rt: boolean): number | undefined {
    const vdso = process.vdso;
    if (this.config.sigreturn === 'stack' || !vdso) return undefined;
    return vdso.base + (rt ? vdso.rtSigreturn : vdso.sigreturn);
  }

  /** Completes the wait of a thread that was woken, interrupted, or whose deadline passed. */
  private resume(thread: Thread, reason: WakeReason): void {
    const wait = thread.wait!;
    this.sleepers.delete(thread);
    thread.wait = undefined;
    thread.wakeReason = undefined;
    thread.state = 'runnable';
    const result = faultsAsEfault(() => completeWait(this, thread, wait, reason));
    const call = thread.syscallInFlight;
    thread.syscallInFlight = undefined;
    if (call) finishSyscall(this, thread, call, result);
    // The system call now returns to user space like any other: signals first (and a restart, if one is due).
    returnToUser(this, thread);
    if (thread.state === 'runnable') this.sched.place(thread, 'wake', reason);
  }

  /** Wakes the sleepers that were woken, interrupted, or whose deadline passed (and fires due timers first). */
  private wakeSleepers(): void {
    this.fireTimers();
    if (this.sleepers.size === 0) return;
    if (this.hostInput.waiting) this.hostInput.poll();
    const now = this.bookkeepingNs();
    for (const t of this.sleepers) {
      if (t.state !== 'blocked') {
        this.sleepers.delete(t); // the thread died in its sleep
        continue;
      }
      if (!t.wakeReason && t.wait?.deadlineNs !== undefined && t.wait.deadlineNs <= now) {
        t.wakeReason = 'timeout';
        this.virtualClock?.observe(t.wait.deadlineNs);
      }
      if (t.wakeReason) this.resume(t, t.wakeReason);
    }
  }

  /** The earliest moment (monotonic ns) a sleeper's deadline or a timer is due, if any. */
  private nextDeadline(): bigint | undefined {
    let earliest: bigint | undefined;
    for (const t of this.sleepers) {
      const d = t.state === 'blocked' ? t.wait?.deadlineNs : undefined;
      if (d !== undefined && (earliest === undefined || d < earliest)) earliest = d;
    }
    for (const p of this.processes.values()) {
      const d = p.alive ? p.realTimer?.deadlineNs : undefined;
      if (d !== undefined && (earliest === undefined || d < earliest)) earliest = d;
    }
    return earliest;
  }

  /**
   * Every CPU is idle: wait (on the host, or in virtual time by jumping) until the next deadline. False when
   * nothing can ever wake the sleepers.
   */
  private idle(): boolean {
    const deadline = this.nextDeadline();
    if (this.hostInput.waiting && (deadline === undefined || this.config.clock === 'real')) {
      // Someone waits for the host's input: nap on the host (and look again), up to the next deadline.
      const nap = this.time.monotonicNs() + HOST_INPUT_NAP_NS;
      if (this.config.clock === 'real') this.time.sleepUntil(deadline !== undefined && deadline < nap ? deadline : nap);
      else this.host.clock.sleepNs(HOST_INPUT_NAP_NS);
      return true;
    }
    if (deadline === undefined) return false;
    this.time.sleepUntil(deadline);
    return true;
  }

  /** Charges kernel work to the CPU whose turn it is (see sched/cost-model.ts). */
  charge(ns: number): void {
    const cpu = this.sched.running;
    if (cpu) this.sched.charge(cpu, ns);
  }

  /**
   * The time for the kernel's own bookkeeping between turns (due timers, deadlines): under virtual time a look that
   * does not count as a reading (VirtualClock.peek); a deadline that passed is observed, holding later readings back.
   */
  private bookkeepingNs(): bigint {
    return this.virtualClock ? this.virtualClock.peek() : this.time.monotonicNs();
  }

  /** ITIMER_REAL: SIGALRM to the process when its timer is due, re-armed by its interval. */
  private fireTimers(): void {
    let now: bigint | undefined;
    for (const p of this.processes.values()) {
      const timer = p.realTimer;
      if (!p.alive || !timer) continue;
      now ??= this.bookkeepingNs();
      if (timer.deadlineNs > now) continue;
      this.virtualClock?.observe(timer.deadlineNs);
      p.realTimer = timer.intervalNs > 0n ? { deadlineNs: timer.deadlineNs + timer.intervalNs, intervalNs: timer.intervalNs } : undefined;
      queueProcessSignal(this, p, { signo: Signal.SIGALRM, code: SI.KERNEL });
    }
  }

  /**
   * Runs until the process exits; returns its wait status. Each turn: the scheduler picks a CPU and its thread,
   * the CPU runs it for the turn's budget, the instructions and the exception are charged to that CPU's clock, the
   * kernel handles the exception and the return to user mode, and the scheduler takes the thread back.
   */
  run(process: Process): number {
    const limit = this.config.maxInstructions;
    const virtual = this.config.clock === 'virtual';
    while (process.alive) {
      this.wakeSleepers();
      const turn = this.sched.nextTurn();
      if (!turn) {
        if (this.idle()) continue;
        // Linux would sleep forever; a runner must not hang, so the deadlock is reported and the guest killed.
        this.deadlock = [...this.sleepers].filter((t) => t.state === 'blocked').map((t) => `${t.tid}: ${t.wait?.reason ?? '?'}`).join(', ');
        this.exitGroup(process, 9 /* SIGKILL */);
        break;
      }
      const { cpu: vcpu, thread } = turn;
      let budget = turn.budget;
      if (limit !== undefined) budget = Math.min(budget, limit - this.stats.instructions);
      if (budget <= 0) {
        this.sched.endTurn(vcpu, thread, 0, thread.cpu.pc);
        this.exitGroup(thread.process, 9 /* SIGKILL */);
        this.instructionLimitReached = true;
        break;
      }
      if (virtual) budget = this.untilNextDeadline(budget);
      // A thread returns to user mode through the kernel's exit path: signals sent to it while it was preempted,
      // or while it ran on this CPU (Linux kicks the CPU with an interrupt), are delivered before it runs on.
      if (hasDeliverableSignal(thread)) {
        returnToUser(this, thread);
        if (thread.state !== 'runnable') {
          this.sched.endTurn(vcpu, thread, 0, thread.cpu.pc);
          continue;
        }
      }
      const vvar = this.vvarWriter;
      vvar?.startIfDue();
      if (vvar?.inProgress) budget = Math.min(budget, vvar.stepBudget());
      const cpu = this.cpus[vcpu.id]!;
      const exit = cpu.run(thread.cpu, thread.process.as, budget);
      const retired = cpu.retired;
      vvar?.advance(thread.cpu.pc >>> 0, (pc) => {
        const v = thread.process.vdso;
        return v !== undefined && pc >= v.base && pc < v.base + this.vdso.imageSize;
      });
      thread.retired += retired;
      this.stats.instructions += retired;
      this.sched.charge(vcpu, retired * COST.INSTRUCTION_NS
        + (exit === Exit.BudgetExhausted ? 0 : COST.EXCEPTION_NS + (exit === Exit.Syscall ? COST.SYSCALL_NS : 0)));
      try {
        if (exit !== Exit.BudgetExhausted) handleException(this, thread, exit);
        if (thread.state === 'runnable') returnToUser(this, thread);
      } catch (e) {
        if (!(e instanceof OutOfMemoryError)) throw e;
        // Like Linux's OOM killer: the process that cannot get memory is killed with SIGKILL.
        this.outOfMemory = true;
        this.exitGroup(thread.process, 9 /* SIGKILL */);
      }
      this.sched.endTurn(vcpu, thread, retired, thread.cpu.pc);
    }
    return process.exitStatus ?? 0;
  }

  /** Under virtual time, a turn ends by the next deadline, so that sleepers and timers wake on time. */
  private untilNextDeadline(budget: number): number {
    const deadline = this.nextDeadline();
    if (deadline === undefined) return budget;
    const ns = Number(deadline - this.bookkeepingNs());
    return Math.max(1, Math.min(budget, Math.ceil(ns / COST.INSTRUCTION_NS)));
  }

  get schedStats(): SchedStats {
    const s = this.sched;
    return {
      machineNs: s.nowNs, contextSwitches: s.switches, preemptions: s.preemptions, migrations: s.migrations,
      cpus: s.cpus.map((c) => ({ id: c.id, instructions: c.instructions, idleNs: c.idleNs, switches: c.switches })),
    };
  }

  /** The tick the coarse clocks stand at: the last timekeeping update (the one the vDSO's data page holds). */
  coarseTick(): bigint {
    return this.vvarWriter ? this.vvarWriter.lastTick : this.time.ticks();
  }

  get vvarStats(): VvarStats {
    return { updates: this.vvarWriter?.updates ?? 0, races: this.vvarWriter?.races ?? 0 };
  }

  /** Set when every thread slept with nothing that could wake it: what each was waiting for. */
  deadlock: string | undefined;

  /** Set when --max-insns stopped the guest. */
  instructionLimitReached = false;
  /** Set when the guest was killed because guest memory ran out. */
  outOfMemory = false;

  /**
   * Ends every thread of a process with a wait status (exit_group, or a fatal signal): its memory and files go,
   * its parent gets its exit signal and wakes from wait, its children are reparented (to nobody: they are reaped
   * automatically when they end).
   */
  exitGroup(process: Process, status: number): void {
    if (!process.alive) return;
    const ending = process.threads.filter((t) => t.state !== 'dead');
    for (const t of ending) exitRobustList(this, t);
    for (const t of process.threads) t.state = 'dead';
    for (const t of ending) this.lifecycle.exit(this, t);
    process.exitStatus = status;
    process.fds.closeAll();
    if (!this.addressSpaceSharedByAnother(process.as, process)) process.as.unmap(0, 0x80000000);
    this.pageCache.writeBackAll();
    process.releaseVfork();
    this.tracer.emit({ kind: 'exit', pid: process.pid, tid: process.pid, status });
    for (const child of this.processes.values()) {
      if (child.ppid !== process.pid) continue;
      child.ppid = 1;
      if (!child.alive) this.reap(child);
    }
    const parent = this.processes.get(process.ppid);
    if (!parent || !parent.alive) {
      if (process.ppid !== 1 || process !== this.initial) this.reap(process);
      return;
    }
    if (process.exitSignal !== 0) {
      const signal = status & 0x7f;
      queueProcessSignal(this, parent, {
        signo: process.exitSignal, code: signal ? CLD.KILLED : CLD.EXITED, pid: process.pid, uid: this.config.uid,
        status: signal || ((status >> 8) & 0xff),
      });
    }
    for (const t of parent.childWaiters) this.wakeThread(t);
    parent.childWaiters.clear();
  }

  /** release_task: the exit status was collected (or nobody can collect it); the process is forgotten. */
  reap(process: Process): void {
    process.reaped = true;
    const parent = this.processes.get(process.ppid);
    if (parent) {
      parent.childrenCpuMicros += process.threads.reduce((n, t) => n + t.retired, 0) / 100 + process.childrenCpuMicros;
    }
    if (process !== this.initial) this.processes.delete(process.pid);
  }

  /** The first process, whose exit ends the run. */
  initial: Process | undefined;
}

function safeStat(host: Host, path: string) {
  try {
    return host.fs.stat(path);
  } catch {
    return undefined;
  }
}
