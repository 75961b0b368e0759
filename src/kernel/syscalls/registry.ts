/**
 * System call handlers by number. Each family module exports its handlers under the names of the ABI table
 * (src/abi/syscalls.ts), which alone knows the numbers; a SyscallTable is built from a list of families named
 * explicitly (all.ts), so no handler depends on a module being imported for its side effects (which a bundler may
 * drop) and the table, once built, never changes.
 */
import { NR } from '../../abi/syscalls.js';
import type { SyscallHandler } from './context.js';

/** One family's handlers, by system call name. */
export type SyscallFamily = Partial<Record<keyof typeof NR, SyscallHandler>>;

const FIRST = 4000;

export class SyscallTable {
  private readonly handlers: ReadonlyArray<SyscallHandler | undefined>;

  constructor(families: readonly SyscallFamily[]) {
    const handlers: Array<SyscallHandler | undefined> = [];
    for (const family of families) {
      for (const [name, handler] of Object.entries(family)) {
        const nr = NR[name as keyof typeof NR];
        if (nr === undefined) throw new Error(`no o32 system call named ${name}`);
        if (handlers[nr - FIRST]) throw new Error(`system call ${name} registered twice`);
        handlers[nr - FIRST] = handler;
      }
    }
    this.handlers = handlers;
  }

  handler(nr: number): SyscallHandler | undefined {
    return nr >= FIRST ? this.handlers[nr - FIRST] : undefined;
  }

  /** Numbers of every implemented system call (for the vDSO's syscall map and tests). */
  implemented(): number[] {
    const out: number[] = [];
    this.handlers.forEach((h, i) => { if (h) out.push(FIRST + i); });
    return out;
  }
}
