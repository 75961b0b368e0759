/**
 * The work done on every return to user space, in the order of Linux's exit_to_user_mode_loop
 * (reference: mechanisms doc, "the exact order of Linux's return-to-user work"): reschedule, then signal delivery,
 * then notify-resume work. Later issues add rseq and dsemul steps here, in that order.
 */
import type { Kernel } from './kernel.js';
import type { Thread } from './process.js';
import { deliverPendingSignals } from './signal/deliver.js';

export function returnToUser(kernel: Kernel, thread: Thread): void {
  if (thread.pending !== 0n) deliverPendingSignals(kernel, thread);
}
