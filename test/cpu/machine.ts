/**
 * Runs a guest program in-process on a deterministic machine, so that two runs can be compared instruction for
 * instruction: a virtual clock (it advances a fixed step at every reading and by the requested amount when the
 * kernel sleeps), a fixed seed, a fixed environment, standard streams in memory, and CPU options (interpreter only,
 * or the block compiler with a chosen threshold).
 */
import { createNodeHost } from '../../src/host/node-host.js';
import type { Host, HostStream } from '../../src/host/host.js';
import { DEFAULT_CONFIG, Kernel, type KernelConfig } from '../../src/kernel/kernel.js';

export interface MachineOptions {
  /** false: interpreter only. */
  jit: boolean;
  /** Block executions before compilation (1: compile everything at its first execution). */
  threshold?: number;
  /** The block compiler's assertion mode (CpuConfig.jitCheckLocals; default on). */
  checkLocals?: boolean;
  stdin?: Uint8Array;
  /** Extra kernel configuration (quantum, maxInstructions, hardwareFpu, ...). */
  kernel?: Partial<KernelConfig>;
  /** Called with the kernel before the program is loaded (to register hooks, subscribe to traces...). */
  setup?: (kernel: Kernel) => void;
}

export interface MachineResult {
  status: number;
  stdout: string;
  stderr: string;
  instructions: number;
  syscalls: number;
  /** Traces the run compiled, and how many of them keep registers in locals. */
  compiled: number;
  compiledWithLocals: number;
  instructionLimitReached: boolean;
  /** The first thread's registers (GPRs, HI, LO), pc and FPRs when the machine stopped. */
  regs: number[];
  pc: number;
  fpu: number[];
}

export const GUEST_ENV = ['PATH=/usr/bin:/bin', 'TRAPGATE_TEST=1', 'LANG=C'];

function memoryStream(input?: Uint8Array): HostStream & { text(): string } {
  const chunks: Uint8Array[] = [];
  let pos = 0;
  return {
    isTTY: false,
    read(buf) {
      if (!input || pos >= input.length) return 0;
      const n = Math.min(buf.length, input.length - pos);
      buf.set(input.subarray(pos, pos + n));
      pos += n;
      return n;
    },
    write(buf) {
      chunks.push(buf.slice());
      return buf.length;
    },
    text: () => Buffer.concat(chunks).toString('latin1'),
  };
}

export function runGuest(binary: string, args: readonly string[], opts: MachineOptions): MachineResult {
  const node = createNodeHost();
  let now = 1_000_000_000n;
  const stdout = memoryStream();
  const stderr = memoryStream();
  const host: Host = {
    ...node,
    clock: {
      realtimeNs: () => 1_700_000_000_000_000_000n + (now += 1000n),
      monotonicNs: () => (now += 1000n),
      sleepNs: (ns) => { now += ns; },
    },
    stdin: memoryStream(opts.stdin),
    stdout,
    stderr,
    randomBytes: (buf) => { buf.fill(0x5a); },
  };
  const config: KernelConfig = { ...DEFAULT_CONFIG, seed: 12345n, uid: 1000, gid: 1000, ...opts.kernel };
  const kernel = new Kernel(host, config);
  kernel.cpu.config.jit = opts.jit;
  if (opts.threshold !== undefined) kernel.cpu.config.jitThreshold = opts.threshold;
  // Tests run the block compiler in its assertion mode unless told otherwise.
  kernel.cpu.config.jitCheckLocals = opts.checkLocals ?? true;
  opts.setup?.(kernel);
  const proc = kernel.spawn(binary, [binary, ...args], GUEST_ENV);
  const status = kernel.run(proc);
  const main = proc.threads[0]!.cpu;
  const signal = status & 0x7f;
  return {
    status: signal !== 0 ? 128 + signal : (status >> 8) & 0xff,
    stdout: stdout.text(),
    stderr: stderr.text(),
    instructions: kernel.stats.instructions,
    syscalls: kernel.stats.syscalls,
    compiled: kernel.cpu.compiledBlocks,
    compiledWithLocals: kernel.cpu.compiledWithLocals,
    instructionLimitReached: kernel.instructionLimitReached,
    regs: [...main.r],
    pc: main.pc,
    fpu: [...main.fpu.raw],
  };
}
