/**
 * Two bare machines running the same assembly program in lock step: one with the interpreter only, one with the
 * block compiler. After every Cpu.run both must report the same exit, the same CP0-style fields, the same number of
 * retired instructions and the same registers; at the end, the same memory. A tiny stand-in kernel plays the part
 * the real one would: it resolves page faults (populating pages, and invalidating code on writes to it), enables
 * the FPU on Coprocessor Unusable, answers system calls with a checksum of their arguments, and skips the
 * instruction of any other exception (or, in a delay slot, the rest of the branch) so that programs can raise many.
 */
import { assemble } from '../../src/isa/asm.js';
import { Cpu, type CpuConfig } from '../../src/cpu/interpreter.js';
import { CodeCache } from '../../src/cpu/code-cache.js';
import { Exit, EXIT_NAMES } from '../../src/cpu/exit.js';
import { CpuState } from '../../src/cpu/state.js';
import { AddressSpace, FaultResult } from '../../src/mm/address-space.js';
import { PAGE_SIZE, PhysicalMemory } from '../../src/mm/physical.js';
import { Perm } from '../../src/mm/vma.js';

export const TEXT = 0x00400000;
export const DATA = 0x10000000;
export const STACK_TOP = 0x7fff0000;
/** `li v0, EXIT; syscall` ends a program. */
export const SYS_EXIT = 4001;

export interface Program {
  /** The assembled image: .text at TEXT (mapped read/write/execute, so that it may modify itself), data at DATA. */
  text: Uint8Array;
  data: Uint8Array;
  entry: number;
}

export function build(source: string): Program {
  const out = assemble(source, { addresses: { '.text': TEXT, '.data': DATA } });
  const text = out.section('.text');
  const data = out.section('.data');
  const entry = out.symbol('_start')?.value ?? TEXT;
  return { text: text?.bytes ?? new Uint8Array(), data: data?.bytes ?? new Uint8Array(), entry };
}

export interface MachineOptions {
  jit: boolean;
  threshold?: number;
  /** Start with the FPU disabled (the first FPU instruction raises Coprocessor Unusable). */
  fpuOff?: boolean;
}

/** What one Cpu.run produced. */
export interface Step {
  exit: string;
  retired: number;
  pc: number;
  epc?: number;
  inDelaySlot?: boolean;
  resumePc?: number;
  badVAddr?: number;
  access?: number;
  code?: number;
  regs: number[];
  fpu: number[];
  fcsr: number;
}

export class Machine {
  readonly mem = new PhysicalMemory(1 << 20, 256 << 20);
  readonly as = new AddressSpace(this.mem);
  readonly st = new CpuState();
  readonly cpu: Cpu;
  counter = 0;
  done = false;
  /** Instructions retired so far. */
  total = 0;
  /** Called on a fetch fault the address space cannot resolve; true if it made the page executable again. */
  execFault: ((addr: number) => boolean) | undefined;

  constructor(readonly program: Program, opts: MachineOptions) {
    const area = (start: number, end: number, perm: Perm, name: string): void => this.as.map({
      start, end, perm, maxPerm: Perm.Read | Perm.Write | Perm.Exec, shared: false, growsDown: false, name,
    });
    const pages = (n: number): number => Math.max(PAGE_SIZE, Math.ceil(n / PAGE_SIZE) * PAGE_SIZE);
    area(TEXT, TEXT + pages(program.text.length) + PAGE_SIZE, Perm.Read | Perm.Write | Perm.Exec, 'text');
    // Data, then 8 MiB populated only when touched (DATA + 16 MiB is unmapped).
    area(DATA, DATA + pages(program.data.length) + (8 << 20), Perm.Read | Perm.Write, 'data');
    area(STACK_TOP - 16 * PAGE_SIZE, STACK_TOP, Perm.Read | Perm.Write, '[stack]');
    this.as.write(TEXT, program.text, true);
    if (program.data.length > 0) this.as.write(DATA, program.data, true);
    const config: CpuConfig = {
      hwrEna: (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 29),
      cpuNumber: 3,
      synciStep: 32,
      // Depends on the position in the run too, so the two modes must agree on the instructions retired before it.
      readCounter: (retiredInRun) => (this.counter += 7) + retiredInRun * 1000,
      jit: opts.jit,
      // The block compiler's assertion mode: every register it keeps in a local must be an int32.
      jitCheckLocals: true,
      ...(opts.threshold !== undefined ? { jitThreshold: opts.threshold } : {}),
    };
    this.cpu = new Cpu(this.mem, new CodeCache(this.mem), config);
    this.st.pc = program.entry;
    this.st.r[29] = STACK_TOP - 256;
    this.st.cu1 = !opts.fpuOff;
    this.st.userLocal = 0x7ff01234;
  }

  /** One Cpu.run and the stand-in kernel's answer; returns what the CPU reported. */
  step(budget: number): Step {
    const cpu = this.cpu, st = this.st, r = st.r;
    const exit = cpu.run(st, this.as, budget);
    this.total += cpu.retired;
    const s: Step = {
      exit: EXIT_NAMES[exit], retired: cpu.retired, pc: st.pc, regs: [...r], fpu: [...st.fpu.raw], fcsr: st.fpu.fcsr,
    };
    if (exit === Exit.BudgetExhausted) return s;
    Object.assign(s, {
      epc: cpu.epc, inDelaySlot: cpu.inDelaySlot, resumePc: cpu.resumePc, badVAddr: cpu.badVAddr, access: cpu.access,
      code: cpu.code,
    });
    // Skipping an excepting instruction: the next one, or the branch's target when it sat in a delay slot.
    const skip = (): void => { st.pc = cpu.inDelaySlot ? cpu.resumePc : (cpu.epc + 4) | 0; };
    switch (exit) {
      case Exit.Syscall:
        if (r[2] === SYS_EXIT) {
          this.done = true;
        } else {
          r[2] = (Math.imul(r[4]!, 31) + r[5]! + r[2]!) | 0;
          r[7] = 0;
          st.pc = cpu.resumePc;
        }
        break;
      case Exit.PageFault:
        if (this.as.handleFault(cpu.badVAddr, cpu.access) === FaultResult.Resolved) break;
        if (cpu.access !== Perm.Exec) skip();
        else if (this.execFault !== undefined && this.execFault(cpu.badVAddr)) break;
        else this.done = true;
        break;
      case Exit.CoprocessorUnusable:
        if (cpu.code === 1 && !st.cu1) st.cu1 = true;
        else skip();
        break;
      case Exit.AddressError:
        if (cpu.access === Perm.Exec) this.done = true;
        else skip();
        break;
      default:
        skip();
    }
    return s;
  }

  dataBytes(): Uint8Array {
    return this.as.read(DATA, this.program.data.length + (2 << 20));
  }

  textBytes(): Uint8Array {
    return this.as.read(TEXT, this.program.text.length);
  }
}

export interface LockstepResult {
  /** Description of the first difference, or undefined. */
  mismatch?: string;
  steps: number;
  instructions: number;
  exits: Record<string, number>;
  compiled: number;
  /** Of the traces compiled, those that kept registers in locals. */
  compiledWithLocals: number;
}

/**
 * Runs `program` on an interpreter machine and a compiling one with the same budget per run (a function of the
 * run's index, so that budgets can vary) until it exits or `maxSteps` runs; compares after every run.
 */
export interface LockstepOptions {
  threshold?: number;
  fpuOff?: boolean;
  maxSteps?: number;
  /** Done to both machines before each run (the kernel changing mappings between runs, say). */
  between?: (m: Machine, step: number) => void;
  /** The stand-in kernel's answer to a fetch fault it cannot resolve (see Machine.execFault). */
  execFault?: (m: Machine, addr: number) => boolean;
}

export function lockstep(program: Program, budget: (step: number) => number, opts: LockstepOptions = {}): LockstepResult {
  const a = new Machine(program, { jit: false, ...(opts.fpuOff ? { fpuOff: true } : {}) });
  const b = new Machine(program, { jit: true, threshold: opts.threshold ?? 1, ...(opts.fpuOff ? { fpuOff: true } : {}) });
  const execFault = opts.execFault;
  if (execFault !== undefined) {
    a.execFault = (addr) => execFault(a, addr);
    b.execFault = (addr) => execFault(b, addr);
  }
  const exits: Record<string, number> = {};
  const maxSteps = opts.maxSteps ?? 100_000;
  let steps = 0;
  while (!a.done && steps < maxSteps) {
    const n = budget(steps);
    opts.between?.(a, steps);
    opts.between?.(b, steps);
    const sa = a.step(n);
    const sb = b.step(n);
    steps++;
    exits[sa.exit] = (exits[sa.exit] ?? 0) + 1;
    const diff = firstDifference(sa, sb);
    if (diff !== undefined) {
      return { mismatch: `run ${steps} (budget ${n}, ${a.total} instructions before): ${diff}`, steps, instructions: a.total, exits, compiled: b.cpu.compiledBlocks, compiledWithLocals: b.cpu.compiledWithLocals };
    }
  }
  if (!b.done && a.done) return { mismatch: 'the compiling machine did not finish', steps, instructions: a.total, exits, compiled: b.cpu.compiledBlocks, compiledWithLocals: b.cpu.compiledWithLocals };
  const da = a.dataBytes(), db = b.dataBytes();
  const at = da.findIndex((x, i) => x !== db[i]);
  if (at >= 0) return { mismatch: `data differs at ${hex(DATA + at)}`, steps, instructions: a.total, exits, compiled: b.cpu.compiledBlocks, compiledWithLocals: b.cpu.compiledWithLocals };
  const ta = a.textBytes(), tb = b.textBytes();
  const tat = ta.findIndex((x, i) => x !== tb[i]);
  if (tat >= 0) return { mismatch: `text differs at ${hex(TEXT + tat)}`, steps, instructions: a.total, exits, compiled: b.cpu.compiledBlocks, compiledWithLocals: b.cpu.compiledWithLocals };
  return { steps, instructions: a.total, exits, compiled: b.cpu.compiledBlocks, compiledWithLocals: b.cpu.compiledWithLocals };
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

function firstDifference(a: Step, b: Step): string | undefined {
  for (const key of ['exit', 'retired', 'pc', 'epc', 'inDelaySlot', 'resumePc', 'badVAddr', 'access', 'code', 'fcsr'] as const) {
    if (a[key] !== b[key]) return `${key}: interpreter ${show(a[key])}, compiled ${show(b[key])} (exit ${a.exit} at ${hex(a.epc ?? a.pc)})`;
  }
  const r = a.regs.findIndex((v, i) => v !== b.regs[i]);
  if (r >= 0) return `register ${r}: interpreter ${hex(a.regs[r]!)}, compiled ${hex(b.regs[r]!)} (exit ${a.exit}, pc ${hex(a.pc)})`;
  const f = a.fpu.findIndex((v, i) => v !== b.fpu[i]);
  if (f >= 0) return `FPR ${f}: interpreter ${hex(a.fpu[f]!)}, compiled ${hex(b.fpu[f]!)}`;
  return undefined;
}

function show(v: unknown): string {
  return typeof v === 'number' ? hex(v) : String(v);
}
