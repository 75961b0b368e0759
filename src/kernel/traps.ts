/**
 * The kernel's exception entry: what Linux's arch/mips/kernel/traps.c (and the syscall and TLB handlers) do
 * for each exception the CPU reports. Faults the kernel can resolve resume the instruction; the rest become
 * the signals Linux sends, with its si_code and si_addr.
 */
import { Exit } from '../cpu/exit.js';
import { HwReg } from '../cpu/interpreter.js';
import { FaultResult } from '../mm/address-space.js';
import { Perm } from '../mm/vma.js';
import { BRK, FPE, SEGV, SI, Signal, TRAP } from '../abi/signals.js';
import { TASK_SIZE } from './exec/layout.js';
import type { Kernel } from './kernel.js';
import type { Thread } from './process.js';
import { dispatchSyscall } from './syscalls/dispatch.js';
import { forceSignal } from './signal/send.js';
import { fixUnalignedAccess } from './unaligned.js';
import { fpeCode } from './fpe.js';
import { COST } from './sched/cost-model.js';

export function handleException(kernel: Kernel, thread: Thread, exit: Exit): void {
  const cpu = kernel.runningCpu;
  const st = thread.cpu;
  switch (exit) {
    case Exit.Syscall:
      dispatchSyscall(kernel, thread, cpu.resumePc);
      return;
    case Exit.PageFault: {
      // User mode touching kernel space (kseg0 and up) is an address error on MIPS, not a TLB fault.
      if (cpu.badVAddr >>> 0 >= TASK_SIZE) {
        forceSignal(kernel, thread, { signo: Signal.SIGBUS, code: SI.KERNEL, addr: 0 });
        return;
      }
      const result = thread.process.as.handleFault(cpu.badVAddr, cpu.access);
      if (result === FaultResult.Resolved) {
        kernel.charge(COST.PAGE_FAULT_NS);
        return; // re-execute the instruction (EPC, branch included)
      }
      const code = result === FaultResult.MapError ? SEGV.MAPERR : SEGV.ACCERR;
      forceSignal(kernel, thread, { signo: Signal.SIGSEGV, code, addr: cpu.badVAddr >>> 0 });
      return;
    }
    case Exit.AddressError:
      // Linux fixes up misaligned data accesses in the kernel (do_ade); what it cannot fix is force_sig(SIGBUS).
      if (cpu.access !== Perm.Exec && cpu.badVAddr >>> 0 < TASK_SIZE && fixUnalignedAccess(kernel, thread)) return;
      forceSignal(kernel, thread, { signo: Signal.SIGBUS, code: SI.KERNEL, addr: 0 });
      return;
    case Exit.Break:
      breakOrTrap(kernel, thread, linuxBreakCode(cpu.code), true);
      return;
    case Exit.Trap:
      breakOrTrap(kernel, thread, cpu.code, false);
      return;
    case Exit.Overflow:
      forceSignal(kernel, thread, { signo: Signal.SIGFPE, code: FPE.INTOVF, addr: cpu.epc >>> 0 });
      return;
    case Exit.FloatingPoint: {
      const code = fpeCode(st.fpu.fcsr);
      st.fpu.fcsr &= ~0x0003f000; // do_fpe clears the cause bits before signalling
      forceSignal(kernel, thread, { signo: Signal.SIGFPE, code, addr: cpu.epc >>> 0 });
      return;
    }
    case Exit.CoprocessorUnusable:
      if (cpu.code === 1 && kernel.config.hardwareFpu) {
        // Lazy FPU: the first FP instruction of a thread gets a fresh context (init_fp_ctx: every register all
        // ones, FCSR as the boot CPU's, 0 for legacy NaN), then enables coprocessor 1 and is re-executed.
        st.fpu.raw.fill(-1);
        st.fpu.fcsr = 0;
        st.cu1 = true;
        return;
      }
      forceSignal(kernel, thread, { signo: Signal.SIGILL, code: SI.KERNEL, addr: 0 });
      return;
    case Exit.ReservedInstruction:
      if (emulateRdhwr(kernel, thread)) return;
      forceSignal(kernel, thread, { signo: Signal.SIGILL, code: SI.KERNEL, addr: 0 });
      return;
    case Exit.BudgetExhausted:
      return;
  }
}

/** do_bp: the 20-bit code field, with the swap that undoes an ancient assembler's encoding of `break N`. */
export function linuxBreakCode(raw: number): number {
  return raw >= 1 << 10 ? ((raw & 0x3ff) << 10) | (raw >>> 10) : raw;
}

/**
 * do_trap_or_bp: overflow and divide-by-zero codes mean SIGFPE at EPC. Otherwise a `break` is a breakpoint
 * (TRAP_BRKPT, no address) and a conditional trap, BRK_BUG or a stray BRK_MEMU is a plain force_sig(SIGTRAP).
 */
function breakOrTrap(kernel: Kernel, thread: Thread, code: number, isBreak: boolean): void {
  const epc = kernel.runningCpu.epc >>> 0;
  if (code === BRK.OVERFLOW) forceSignal(kernel, thread, { signo: Signal.SIGFPE, code: FPE.INTOVF, addr: epc });
  else if (code === BRK.DIVZERO) forceSignal(kernel, thread, { signo: Signal.SIGFPE, code: FPE.INTDIV, addr: epc });
  else if (isBreak && code !== BRK.BUG && code !== BRK.MEMU) forceSignal(kernel, thread, { signo: Signal.SIGTRAP, code: TRAP.BRKPT, addr: 0 });
  else forceSignal(kernel, thread, { signo: Signal.SIGTRAP, code: SI.KERNEL, addr: 0 });
}

/**
 * simulate_rdhwr: when HWREna forbids a hardware register, do_ri emulates the read. The kernel reads the
 * instruction word at EPC (or EPC+4 in a delay slot) like do_ri.
 */
function emulateRdhwr(kernel: Kernel, thread: Thread): boolean {
  const cpu = kernel.runningCpu;
  const st = thread.cpu;
  const at = (cpu.epc + (cpu.inDelaySlot ? 4 : 0)) >>> 0;
  let word: number;
  try {
    word = thread.process.as.readU32(at);
  } catch {
    return false;
  }
  if ((word & 0xfc00003f) >>> 0 !== 0x7c00003b) return false;
  const rt = (word >>> 16) & 31;
  const rd = (word >>> 11) & 31;
  let value: number;
  switch (rd) {
    case HwReg.CpuNum: value = cpu.cpuNumber; break;
    case HwReg.SynciStep: value = cpu.config.synciStep; break;
    case HwReg.CycleCounter: value = kernel.time.counter(); break;
    case HwReg.CounterResolution: value = 2; break;
    case HwReg.UserLocal: value = st.userLocal; break;
    default: return false;
  }
  if (rt !== 0) st.r[rt] = value;
  st.pc = cpu.resumePc;
  thread.retired++;
  return true;
}
