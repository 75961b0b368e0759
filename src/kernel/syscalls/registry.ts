/**
 * System call handlers by name. Each family module registers its handlers here under the names of the ABI
 * table (src/abi/syscalls.ts), which alone knows the numbers.
 */
import { NR } from '../../abi/syscalls.js';
import type { SyscallHandler } from './context.js';

const FIRST = 4000;
const handlers: Array<SyscallHandler | undefined> = [];

export function registerSyscalls(table: Partial<Record<keyof typeof NR, SyscallHandler>>): void {
  for (const [name, handler] of Object.entries(table)) {
    const nr = NR[name as keyof typeof NR];
    if (nr === undefined) throw new Error(`no o32 system call named ${name}`);
    if (handlers[nr - FIRST]) throw new Error(`system call ${name} registered twice`);
    handlers[nr - FIRST] = handler;
  }
}

export function syscallHandler(nr: number): SyscallHandler | undefined {
  return nr >= FIRST ? handlers[nr - FIRST] : undefined;
}

/** Numbers of every implemented system call (for the vDSO's syscall map and tests). */
export function implementedSyscalls(): number[] {
  const out: number[] = [];
  handlers.forEach((h, i) => { if (h) out.push(FIRST + i); });
  return out;
}
