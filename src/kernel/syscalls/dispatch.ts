/**
 * The system call path of arch/mips/kernel/scall32-o32.S: number in v0, arguments in a0-a3 and at 16..28(sp),
 * EPC advanced past `syscall` before dispatch, result in v0 with a3 = 0, or a positive errno in v0 with a3 = 1
 * (the error window is [-1133, -1] on MIPS). The original a3 and the number are kept for syscall restart.
 */
import { Errno, MAX_ERRNO } from '../../abi/errno.js';
import { NR, syscallSpec } from '../../abi/syscalls.js';
import { GuestFault } from '../../mm/address-space.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallResult } from './context.js';
import { BLOCKED, type SyscallInFlight } from '../wait.js';
import { describeArguments } from '../trace/strace-format.js';

const V0 = 2;
const A3 = 7;
const SP = 29;

export function dispatchSyscall(kernel: Kernel, thread: Thread, resumePc: number): void {
  const r = thread.cpu.r;
  const process = thread.process;
  let nr = r[V0]! >>> 0;
  const stack = readStackWords(thread, r[SP]! >>> 0, 5);
  // syscall(2) through sys_syscall: the real number is the first argument and the rest move down one place.
  const indirect = nr === NR.syscall;
  if (indirect) nr = r[4]! >>> 0;
  const args = Int32Array.from(indirect ? [r[5]!, r[6]!, r[7]!, ...stack] : [r[4]!, r[5]!, r[6]!, r[7]!, ...stack.slice(0, 4)]);
  thread.cpu.pc = resumePc;
  const ctx: SyscallContext = { kernel, thread, process, as: process.as, args };
  const tracing = kernel.tracer.wants('syscall');
  const shown = tracing ? describeArguments(ctx, nr) : undefined;
  const handler = kernel.syscalls.handler(nr);
  const result = faultsAsEfault(() => (handler ? handler(ctx) : -Errno.ENOSYS));
  kernel.stats.syscalls++;
  const call: SyscallInFlight = { nr, a3: args[3]!, shown };
  if (result === BLOCKED) {
    // The thread sleeps; its result is written when it wakes (Kernel.wakeThread / a deadline).
    thread.syscallInFlight = call;
    return;
  }
  finishSyscall(kernel, thread, call, result);
}

/**
 * Runs a part of a system call that copies to or from user memory: a bad pointer (GuestFault from the copy
 * helpers) is the call's EFAULT, as a failing copy_to_user/copy_from_user is in Linux. Used for the call itself
 * and for the completion of a call that slept (nanosleep writing the time left, a wait writing the status).
 */
export function faultsAsEfault<T>(part: () => T): T | number {
  try {
    return part();
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
    return -Errno.EFAULT;
  }
}

/** Writes a system call's result with MIPS's v0/a3 convention and reports it to the trace stream. */
export function finishSyscall(kernel: Kernel, thread: Thread, call: SyscallInFlight, result: number | typeof KEEP_REGISTERS): void {
  const { nr, a3, shown } = call;
  const r = thread.cpu.r;
  if (shown) {
    kernel.tracer.emit({
      kind: 'syscall', pid: thread.process.pid, tid: thread.tid, nr, name: syscallSpec(nr)?.name ?? `syscall_${nr}`,
      args: shown, result: result === KEEP_REGISTERS ? (r[V0]! | 0) : result,
    });
  }
  if (result === KEEP_REGISTERS) return;
  if (result < 0 && result >= -MAX_ERRNO) {
    thread.restart = { nr, a3 };
    r[V0] = -result;
    r[A3] = 1;
  } else {
    thread.restart = { nr: 0, a3: 0 };
    r[V0] = result;
    r[A3] = 0;
  }
}

/** Reads stack argument words from 16(sp) on; a word that cannot be read is 0 (scall32-o32.S bad_stack_a4). */
function readStackWords(thread: Thread, sp: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    try {
      out.push(thread.process.as.readU32((sp + 16 + 4 * i) >>> 0) | 0);
    } catch {
      out.push(0);
    }
  }
  return out;
}
