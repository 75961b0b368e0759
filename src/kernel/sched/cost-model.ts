/**
 * The cost model of the simulated machine: what each kind of work takes, in nanoseconds of machine time.
 *
 * Every virtual CPU keeps its own clock in these units (src/kernel/sched/scheduler.ts): the scheduler always runs
 * the CPU that is furthest behind, so that CPUs advance together as on real SMP hardware. Under `--clock virtual`
 * the same clocks are the guest's time, so that a comparison of mechanisms (a system call against the vDSO, a
 * futex wake against a spin) measures the work each one does, repeatably. Under `--clock real` the guest sees the
 * host's time and these costs only pace the CPUs against each other.
 *
 * The figures are those of a 100 MHz in-order MIPS32 core running Linux: about one instruction per cycle, a few
 * hundred cycles to enter and leave the kernel, and a couple of microseconds for a context switch (register save,
 * run-queue work, TLB and cache refill).
 */
export const COST = {
  /** Each retired guest instruction. */
  INSTRUCTION_NS: 10,
  /** Each exception: entry to the kernel and the return to user mode (system calls, faults, traps, preemption). */
  EXCEPTION_NS: 200,
  /** Each system call, on top of its exception. */
  SYSCALL_NS: 300,
  /** Each page fault the kernel resolves (allocation, zeroing or copy of a page), on top of its exception. */
  PAGE_FAULT_NS: 1_000,
  /**
   * Each floating-point instruction the kernel emulates for an FPU-less CPU, on top of its exception. (Charged by
   * the FPU emulator, which arrives with the FPU-emulation issue; until then `--no-fpu` gives SIGILL.)
   */
  FPU_EMULATION_NS: 500,
  /** Each context switch: one thread leaves a CPU and another starts there. */
  CONTEXT_SWITCH_NS: 2_000,
} as const;
