/**
 * Trapgate as a library: run MIPS32r2 little-endian Linux programs in JavaScript.
 *
 *   import { Machine } from 'trapgate';
 *   import { createNodeHost } from 'trapgate/node';
 *   const m = new Machine({ host: createNodeHost(), seed: 1, stdout: (b) => process.stdout.write(b) });
 *   m.load('./hello');
 *   const end = m.run();   // { kind: 'exited', exitCode: 0, instructions, ... }
 *
 * This entry point imports nothing from Node; the Node host is `trapgate/node`.
 */
export { Machine, type MachineOptions, type RunResult, type Registers } from './api/machine.js';
export { ExecError } from './kernel/kernel.js';
export type { ProcessEnd } from './kernel/exit-status.js';
export type { TraceEvent, TraceKind } from './kernel/trace/events.js';
export type { Host, HostFs, HostStat, HostStream, HostClock, HostDirEntry, HostError } from './host/host.js';
export { formatTraceEvent } from './kernel/trace/text-format.js';
export { formatSyscallLine } from './kernel/trace/strace-format.js';
export { MemoryFs, type MemoryFsOptions } from './host/memory-fs.js';
export { OverlayFs } from './host/overlay-fs.js';
export type { FsTree, FsTreeEntry } from './host/fs-tree.js';
export { assemble } from './isa/asm.js';
export { linkExecutable } from './elf/link.js';
