/**
 * What every part of the CPU fuzz generator shares (fuzz-gen.ts, fuzz-gen-fpu.ts): the register roles, the scratch
 * buffer's geometry, the generated item, and the random choices of operands.
 */
import type { Rng } from './insn-case.js';

/** Scratch buffer pointer (buffer middle) and index register; see fuzz-program.ts. */
export const BASE = 23;
export const IDX = 22;
/** Bytes of the scratch buffer; BASE points at its middle. */
export const MEM_BYTES = 256;

/** GPRs a program may read: all but $sp and k0/k1. */
export const READABLE: readonly number[] = [...Array(32).keys()].filter((r) => r !== 29 && r !== 26 && r !== 27);
/** GPRs a program may write ($0 included: writes to it must vanish). */
export const WRITABLE: readonly number[] = READABLE.filter((r) => r !== BASE && r !== IDX);

/** One generated instruction or group of instructions. */
export interface Item {
  /** What Trapgate runs. */
  real: string[];
  /** What qemu runs, when it differs (misaligned lw/sw). */
  ref?: string[];
  /** A single machine word with no ref: may sit in a delay slot. */
  slot: boolean;
  /** A branch or jump: the last line holds `@T`, replaced by its target label; a delay slot follows. */
  branch?: boolean;
  /** Consumers of a result (see `consumers` in fuzz-gen.ts): not consumed again. */
  consumer?: boolean;
}

export const one = (line: string): Item => ({ real: [line], slot: true });
export const g = (r: number): string => `$${r}`;

export class Gen {
  constructor(readonly rng: Rng) {}
  src(): string {
    return g(this.rng.pick(READABLE));
  }
  dst(): string {
    // $0 as a destination now and then: the write must be discarded by every execution engine.
    return g(this.rng.chance(0.04) ? 0 : this.rng.pick(WRITABLE.filter((r) => r !== 0)));
  }
  /** A nonzero writable register (for sources that must be changed first). */
  dstNonZero(): number {
    return this.rng.pick(WRITABLE.filter((r) => r !== 0));
  }
  imm16(): number {
    return this.rng.chance(0.5) ? this.rng.int(64) - 32 : this.rng.int(65536) - 32768;
  }
  /** An offset from BASE inside the buffer, a multiple of `align`, leaving room for `size` bytes. */
  offset(align: number, size = align): number {
    const half = MEM_BYTES / 2;
    return (this.rng.int((MEM_BYTES - size) / align + 1) * align) - half;
  }
  /** A trap code Linux and qemu treat alike (see the file comment). */
  trapCode(): number {
    const c = this.rng.int(20);
    return c === 6 || c === 7 ? c + 10 : c;
  }
}
