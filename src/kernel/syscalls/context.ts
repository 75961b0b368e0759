/**
 * What a system call handler sees: the kernel, the calling thread and its process, and the raw arguments.
 * Handlers return a non-negative result or a negative errno (the kernel's convention); the dispatcher turns that
 * into MIPS's v0/a3 pair. A GuestFault thrown by a user copy becomes EFAULT.
 */
import type { AddressSpace } from '../../mm/address-space.js';
import type { Kernel } from '../kernel.js';
import type { Process, Thread } from '../process.js';
import type { BLOCKED } from '../wait.js';

export interface SyscallContext {
  readonly kernel: Kernel;
  readonly thread: Thread;
  readonly process: Process;
  readonly as: AddressSpace;
  /** The eight argument words: a0-a3, then the four words at 16(sp)..28(sp). */
  readonly args: Int32Array;
}

/** Returned by handlers that set the registers themselves (sigreturn) or never return (exit). */
export const KEEP_REGISTERS = Symbol('keep-registers');

export type SyscallResult = number | typeof KEEP_REGISTERS | typeof BLOCKED;
export type SyscallHandler = (ctx: SyscallContext) => SyscallResult;

/** Argument i as an unsigned 32-bit value. */
export const u32 = (c: SyscallContext, i: number): number => c.args[i]! >>> 0;
/** Argument i as a signed 32-bit value. */
export const s32 = (c: SyscallContext, i: number): number => c.args[i]! | 0;
/** A 64-bit argument in an aligned register pair starting at i (low word first on little-endian). */
export const u64 = (c: SyscallContext, i: number): bigint =>
  (BigInt(c.args[i + 1]! >>> 0) << 32n) | BigInt(c.args[i]! >>> 0);
/** A 64-bit argument as a signed JS number (exact below 2^53, which file offsets are). */
export const s64 = (c: SyscallContext, i: number): number => Number(BigInt.asIntN(64, u64(c, i)));
