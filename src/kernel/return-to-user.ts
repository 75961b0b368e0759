/**
 * The work done on every return to user space, in the order of Linux's exit_to_user_mode_loop: reschedule
 * (the scheduler issue), then signal delivery (which itself does the dsemul rollback, the syscall-restart
 * fix-up and rseq's signal fix-up before building a frame), then notify-resume work (rseq, later).
 * The restart record of the last system call is only meaningful on this path, so it is cleared afterwards.
 */
import type { Kernel } from './kernel.js';
import type { Thread } from './process.js';
import { doSignal } from './signal/deliver.js';

export function returnToUser(kernel: Kernel, thread: Thread): void {
  doSignal(kernel, thread);
  thread.restart = { nr: 0, a3: 0 };
}
