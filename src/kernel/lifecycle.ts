/**
 * Lifecycle hooks: the places where a mechanism attaches per-process or per-thread state to the life of a task, so
 * that it plugs in without editing the code of fork, exec and exit. rseq keeps its registration across fork and
 * drops it at exec; the FPU emulator's delay-slot frames are freed at exit; call-site patching rewrites a program
 * once it is loaded. Hooks are registered when a kernel is built and run in registration order.
 */
import type { Elf32 } from '../elf/elf32.js';
import type { Kernel } from './kernel.js';
import type { Process, Thread } from './process.js';

export interface LifecycleHooks {
  /** A task was created by clone/fork/vfork (copy_process): `child`, of `parent`, with the clone flags. */
  fork?(kernel: Kernel, parent: Thread, child: Thread, flags: number): void;
  /** A program was loaded into `process` (execve or the first process), before any of its instructions runs. */
  loaded?(kernel: Kernel, process: Process, elf: Elf32): void;
  /** `thread` runs a new program from its entry point (the end of execve, or the first process's start). */
  exec?(kernel: Kernel, thread: Thread): void;
  /** `thread` is gone: it exited, its group exited or was killed, or execve's de_thread ended it. */
  exit?(kernel: Kernel, thread: Thread): void;
}

export class Lifecycle {
  private readonly hooks: LifecycleHooks[] = [];

  register(hooks: LifecycleHooks): void {
    this.hooks.push(hooks);
  }

  fork(kernel: Kernel, parent: Thread, child: Thread, flags: number): void {
    for (const h of this.hooks) h.fork?.(kernel, parent, child, flags);
  }

  loaded(kernel: Kernel, process: Process, elf: Elf32): void {
    for (const h of this.hooks) h.loaded?.(kernel, process, elf);
  }

  exec(kernel: Kernel, thread: Thread): void {
    for (const h of this.hooks) h.exec?.(kernel, thread);
  }

  exit(kernel: Kernel, thread: Thread): void {
    for (const h of this.hooks) h.exit?.(kernel, thread);
  }
}
