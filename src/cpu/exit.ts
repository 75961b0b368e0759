/**
 * Why `Cpu.run` returned: MIPS exception causes, as the hardware reports them to the kernel.
 * The CPU never throws on the guest's behalf; every guest-caused event is one of these.
 */
export const enum Exit {
  /** The instruction budget ran out at an instruction boundary (never between a branch and its delay slot). */
  BudgetExhausted = 0,
  Syscall,
  /** `break`: `code` holds the raw 20-bit code field (bits 25..6). */
  Break,
  /** A conditional trap fired: `code` holds the 10-bit code of register forms, 0 for immediate forms. */
  Trap,
  ReservedInstruction,
  /** `code` holds the coprocessor number. */
  CoprocessorUnusable,
  /** Misaligned access (AdEL/AdES): `badVAddr` and `access` are set. */
  AddressError,
  /** TLB miss or protection fault: `badVAddr` and `access` are set. */
  PageFault,
  /** Integer overflow trap of add/addi/sub. */
  Overflow,
  /** Floating-point exception from the hardware FPU (an enabled IEEE exception). */
  FloatingPoint,
  /**
   * Not an exception: the next instruction (st.pc) is at one of Cpu.breakpoints and has not executed. Only a run
   * with breakpoints returns it; the kernel never sees it as a trap.
   */
  Breakpoint,
}

export const EXIT_NAMES = [
  'BudgetExhausted', 'Syscall', 'Break', 'Trap', 'ReservedInstruction', 'CoprocessorUnusable',
  'AddressError', 'PageFault', 'Overflow', 'FloatingPoint', 'Breakpoint',
] as const;
