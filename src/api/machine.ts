/**
 * The library's face: a MIPS Linux machine an embedder creates, loads a program into, watches through typed trace
 * events, runs, and inspects (registers, memory, how the program ended). It is a thin layer over the Kernel — every
 * behaviour is the kernel's — that turns options into configuration, standard streams into sinks and sources, and
 * wait statuses into typed results. The Host (files, clocks, randomness) is the embedder's: createNodeHost() in
 * Node (`trapgate/node`), another implementation in a browser.
 */
import type { Host, HostStream } from '../host/host.js';
import { DEFAULT_CONFIG, Kernel, type KernelConfig } from '../kernel/kernel.js';
import type { Process, Thread } from '../kernel/process.js';
import { decodeWaitStatus, type ProcessEnd } from '../kernel/exit-status.js';
import { lookupProgram } from '../kernel/exec/program-lookup.js';
import type { TraceEvent, TraceKind } from '../kernel/trace/events.js';
import { signalName } from '../abi/signals.js';
import { GuestFault } from '../mm/address-space.js';
import { MemoryFs } from '../host/memory-fs.js';
import type { FsTree } from '../host/fs-tree.js';

export interface MachineOptions {
  /** The world the machine runs in: files, clocks, randomness, standard streams. */
  host: Host;
  /** Virtual CPUs (default 2). */
  cpus?: number;
  /** Makes every random choice reproducible; implies virtual time unless `clock` says otherwise. */
  seed?: bigint | number;
  /** 'real': the host's time; 'virtual': machine time derived from the work done. */
  clock?: 'real' | 'virtual';
  /** Host directory that is the guest's `/` (default '/'). */
  root?: string;
  /**
   * An in-memory file tree that is the guest's whole file system instead of the host's (see FsTree: paths to
   * contents, `{ dir: true }`, `{ symlink }`, `{ link }`); `root` is then a directory of that tree.
   */
  files?: FsTree;
  /** Time slice in instructions. */
  quantum?: number;
  /** Stop the guest after this many instructions. */
  maxInstructions?: number;
  /** false: interpreter only (no `new Function`). */
  jit?: boolean;
  /** false: a CPU without an FPU. */
  hardwareFpu?: boolean;
  /** The guest's user and group ids (default 0). */
  uid?: number;
  gid?: number;
  /** Where the guest's standard output and error go, instead of the host's streams. */
  stdout?: (bytes: Uint8Array) => void;
  stderr?: (bytes: Uint8Array) => void;
  /** The guest's standard input, instead of the host's: all of it, available at once. */
  stdin?: Uint8Array | string;
}

/** How a run ended: the program's end (exit code or signal), and what the machine did. */
export type RunResult = ProcessEnd & {
  /** The signal's name when killed ('SIGSEGV'). */
  signalName?: string;
  instructions: number;
  syscalls: number;
  /** The run stopped at `maxInstructions` (the guest was killed there). */
  instructionLimitReached: boolean;
  /** Set when every thread was blocked with nothing to wake it: what they waited for. */
  deadlock?: string;
};

/** The user-visible registers of a thread. */
export interface Registers {
  /** $0..$31. */
  gpr: number[];
  hi: number;
  lo: number;
  pc: number;
}

export class Machine {
  /** The kernel behind the machine, for what this interface does not cover (its shape may change). */
  readonly kernel: Kernel;
  private process: Process | undefined;

  constructor(options: MachineOptions) {
    const seed = options.seed === undefined ? undefined : BigInt(options.seed);
    const config: KernelConfig = {
      ...DEFAULT_CONFIG,
      root: options.root ?? '/',
      clock: options.clock ?? (seed !== undefined ? 'virtual' : 'real'),
      ...(seed !== undefined ? { seed } : {}),
      ...(options.cpus !== undefined ? { cpus: options.cpus } : {}),
      ...(options.quantum !== undefined ? { quantum: options.quantum, interleave: Math.min(DEFAULT_CONFIG.interleave, options.quantum) } : {}),
      ...(options.maxInstructions !== undefined ? { maxInstructions: options.maxInstructions } : {}),
      ...(options.hardwareFpu !== undefined ? { hardwareFpu: options.hardwareFpu } : {}),
      uid: options.uid ?? 0,
      gid: options.gid ?? 0,
    };
    this.kernel = new Kernel(withStreams(options), config);
    if (options.jit === false) this.kernel.cpu.config.jit = false;
  }

  /**
   * Loads the first program: a path (looked up inside the root first, then on the host, as qemu-user's -L does)
   * or the bytes of an ELF file. `argv` excludes the program name. Throws ExecError when it cannot run.
   */
  load(program: string | Uint8Array, argv: readonly string[] = [], env: readonly string[] = []): void {
    if (this.process !== undefined) throw new Error('Machine.load: a program is already loaded');
    if (typeof program === 'string') {
      const hostPath = lookupProgram(this.kernel.paths, this.kernel.host.fs, program) ?? program;
      this.process = this.kernel.spawn(hostPath, [program, ...argv], [...env], program);
    } else {
      this.process = this.kernel.spawnImage(program, '/program', ['/program', ...argv], [...env]);
    }
  }

  /** Calls `listener` with every trace event (of the given kinds only, when named). */
  onTrace(listener: (event: TraceEvent) => void, kinds?: readonly TraceKind[]): void {
    this.kernel.tracer.on(listener, kinds);
  }

  /** Runs until the program ends (or the instruction limit), and says how it ended. */
  run(): RunResult {
    const process = this.loaded();
    const end = decodeWaitStatus(this.kernel.run(process));
    const k = this.kernel;
    return {
      ...end,
      ...(end.kind === 'killed' ? { signalName: signalName(end.signal) ?? `signal ${end.signal}` } : {}),
      instructions: k.stats.instructions,
      syscalls: k.stats.syscalls,
      instructionLimitReached: k.instructionLimitReached,
      ...(k.deadlock !== undefined ? { deadlock: k.deadlock } : {}),
    };
  }

  /** The registers of a thread of the program (its first thread by default). */
  registers(tid?: number): Registers {
    const st = this.thread(tid).cpu;
    return { gpr: Array.from(st.r.subarray(0, 32)), hi: st.r[32]!, lo: st.r[33]!, pc: st.pc };
  }

  /** Sets general register `n` (1..31) of a thread; $0 stays 0. */
  setRegister(n: number, value: number, tid?: number): void {
    if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`no general register ${n}`);
    if (n !== 0) this.thread(tid).cpu.r[n] = value;
  }

  /** Reads guest memory of the program as the guest would (an unmapped byte throws a RangeError). */
  readMemory(address: number, length: number): Uint8Array {
    return guestAccess(address, () => this.loaded().as.read(address >>> 0, length));
  }

  /** Writes guest memory of the program (as ptrace's POKEDATA would: through copy-on-write, not through permissions). */
  writeMemory(address: number, bytes: Uint8Array): void {
    guestAccess(address, () => this.loaded().as.write(address >>> 0, bytes, true));
  }

  private loaded(): Process {
    if (this.process === undefined) throw new Error('no program loaded (Machine.load)');
    return this.process;
  }

  private thread(tid?: number): Thread {
    const process = this.loaded();
    const t = tid === undefined ? process.threads[0] : this.kernel.findThread(tid) ?? process.threads.find((x) => x.tid === tid);
    if (t === undefined) throw new Error(`no thread ${tid ?? ''}`.trim());
    return t;
  }
}

function guestAccess<T>(address: number, access: () => T): T {
  try {
    return access();
  } catch (e) {
    if (e instanceof GuestFault) throw new RangeError(`guest address 0x${(address >>> 0).toString(16)} is not mapped`);
    throw e;
  }
}

/** The host with the machine's own standard streams where the options name them. */
function withStreams(options: MachineOptions): Host {
  const { host } = options;
  return {
    ...host,
    // Times of the tree's files come from the host's clock, so a machine with a fixed clock is reproducible.
    ...(options.files ? { fs: MemoryFs.from(options.files, { clock: () => host.clock.realtimeNs() }) } : {}),
    ...(options.stdout ? { stdout: sink(options.stdout) } : {}),
    ...(options.stderr ? { stderr: sink(options.stderr) } : {}),
    ...(options.stdin !== undefined ? { stdin: source(options.stdin) } : {}),
  };
}

function sink(write: (bytes: Uint8Array) => void): HostStream {
  return {
    isTTY: false,
    read: () => 0,
    write(buf) {
      write(buf.slice());
      return buf.length;
    },
  };
}

function source(input: Uint8Array | string): HostStream {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let at = 0;
  return {
    isTTY: false,
    read(buf) {
      const n = Math.min(buf.length, bytes.length - at);
      buf.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
    readNow(buf) {
      return this.read(buf);
    },
    write: () => 0,
  };
}
