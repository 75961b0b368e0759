/**
 * A bare machine for calling vDSO functions: Trapgate's CPU and memory, the image mapped R+X at BASE with the
 * data page R below it (as Linux lays them out), a scratch RW page for the structures the functions fill, and a
 * return address on an unmapped page. A call ends when the CPU fetches from that page (the function returned),
 * makes a system call (the fallback), or faults anywhere else. No kernel: the test plays its part.
 */
import { Cpu, type CpuConfig } from '../../../src/cpu/interpreter.js';
import { CodeCache } from '../../../src/cpu/code-cache.js';
import { Exit } from '../../../src/cpu/exit.js';
import { CpuState } from '../../../src/cpu/state.js';
import { AddressSpace, FaultResult } from '../../../src/mm/address-space.js';
import { PAGE_SIZE, PhysicalMemory } from '../../../src/mm/physical.js';
import { Perm } from '../../../src/mm/vma.js';

export const BASE = 0x7ff00000;
export const DATA = BASE - PAGE_SIZE;
export const SCRATCH = 0x10000000;
export const STACK_TOP = 0x7f000000;
/** The return address: on a page nothing maps. */
export const SENTINEL = 0x0bad0000;

export const REG = { zero: 0, at: 1, v0: 2, v1: 3, a0: 4, a1: 5, a2: 6, a3: 7, t9: 25, sp: 29, ra: 31 } as const;

export type Outcome =
  | { readonly kind: 'returned'; readonly v0: number }
  | { readonly kind: 'syscall'; readonly nr: number; readonly args: readonly number[] }
  | { readonly kind: 'budget' }
  | { readonly kind: 'fault'; readonly exit: Exit; readonly pc: number; readonly badVAddr: number };

/** What the test's stand-in kernel answers to a system call: the result, or an errno. */
export type SyscallAnswer = { readonly value: number } | { readonly errno: number };

export class VdsoMachine {
  readonly mem = new PhysicalMemory(1 << 20, 64 << 20);
  readonly as = new AddressSpace(this.mem);
  readonly st = new CpuState();
  readonly config: CpuConfig;
  readonly cpu: Cpu;
  counter = 0;
  /** Instructions retired by the last call. */
  retired = 0;

  constructor(readonly image: Uint8Array) {
    const area = (start: number, end: number, perm: Perm, name: string) => this.as.map({
      start, end, perm, maxPerm: perm, shared: false, growsDown: false, name,
    });
    area(BASE, BASE + image.length, Perm.Read | Perm.Exec, '[vdso]');
    this.as.write(BASE, image, true); // as the kernel installs its pages
    area(DATA, BASE, Perm.Read, '[vvar]');
    area(SCRATCH, SCRATCH + PAGE_SIZE, Perm.Read | Perm.Write, '');
    area(STACK_TOP - PAGE_SIZE, STACK_TOP, Perm.Read | Perm.Write, '[stack]');
    this.config = {
      hwrEna: (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 29),
      cpuNumber: 0,
      synciStep: 32,
      readCounter: () => this.counter,
    };
    this.cpu = new Cpu(this.mem, new CodeCache(this.mem), this.config);
  }

  /** Writes the whole data page (the kernel's view: through the read-only mapping). */
  writeData(page: Uint8Array): void {
    this.as.write(DATA, page, true);
  }

  readData(): Uint8Array {
    return this.as.read(DATA, PAGE_SIZE);
  }

  writeScratch(offset: number, bytes: Uint8Array): void {
    this.as.write(SCRATCH + offset, bytes);
  }

  scratch(offset: number, length: number): DataView {
    const b = this.as.read(SCRATCH + offset, length);
    return new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Sets up a call of the function at image offset `offset` with up to four arguments, as glibc makes it. */
  enter(offset: number, args: readonly number[]): void {
    const r = this.st.r;
    r.fill(0);
    // Registers the callee may not rely on get noise, so that code reading an unset register shows.
    for (let i = 1; i < 32; i++) r[i] = (0x5a5a0000 + i) | 0;
    args.forEach((a, i) => { r[REG.a0 + i] = a | 0; });
    r[REG.t9] = (BASE + offset) | 0;
    r[REG.sp] = STACK_TOP - 64;
    r[REG.ra] = SENTINEL;
    this.st.pc = (BASE + offset) | 0;
    this.retired = 0;
  }

  /**
   * Runs at most `budget` instructions (a branch and its delay slot are never split). A page not yet populated is
   * faulted in as the kernel would; anything else ends the run.
   */
  run(budget: number): Outcome {
    let left = budget;
    for (;;) {
      const exit = this.cpu.run(this.st, this.as, left);
      this.retired += this.cpu.retired;
      left -= this.cpu.retired;
      switch (exit) {
        case Exit.BudgetExhausted:
          return { kind: 'budget' };
        case Exit.Syscall: {
          const r = this.st.r;
          return { kind: 'syscall', nr: r[REG.v0]!, args: [r[REG.a0]! >>> 0, r[REG.a1]! >>> 0, r[REG.a2]! >>> 0, r[REG.a3]! >>> 0] };
        }
        case Exit.PageFault: {
          const bad = this.cpu.badVAddr >>> 0;
          if (bad === SENTINEL) return { kind: 'returned', v0: this.st.r[REG.v0]! };
          if (this.as.handleFault(bad, this.cpu.access) === FaultResult.Resolved) continue;
          return { kind: 'fault', exit, pc: this.st.pc >>> 0, badVAddr: bad };
        }
        default:
          return { kind: 'fault', exit, pc: this.st.pc >>> 0, badVAddr: this.cpu.badVAddr >>> 0 };
      }
    }
  }

  /** Completes a system call the way Linux's o32 entry returns: v0 = result or errno, a3 = error flag. */
  answer(a: SyscallAnswer): void {
    const r = this.st.r;
    if ('errno' in a) {
      r[REG.v0] = a.errno;
      r[REG.a3] = 1;
    } else {
      r[REG.v0] = a.value;
      r[REG.a3] = 0;
    }
    this.st.pc = this.cpu.resumePc;
  }

  /** A whole call: runs to the return, answering system calls with `kernel` (or stopping at the first one). */
  call(offset: number, args: readonly number[], options: { budget?: number; kernel?: (nr: number, args: readonly number[]) => SyscallAnswer } = {}): { outcome: Outcome; syscalls: { nr: number; args: readonly number[] }[] } {
    this.enter(offset, args);
    const syscalls: { nr: number; args: readonly number[] }[] = [];
    for (;;) {
      const outcome = this.run(options.budget ?? 100_000);
      if (outcome.kind !== 'syscall') return { outcome, syscalls };
      syscalls.push({ nr: outcome.nr, args: outcome.args });
      if (!options.kernel) return { outcome, syscalls };
      this.answer(options.kernel(outcome.nr, outcome.args));
    }
  }
}
