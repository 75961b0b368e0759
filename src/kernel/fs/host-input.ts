/**
 * Waiting for the host's input without blocking the host. A guest thread reading the host's stdin when nothing is
 * there sleeps in the guest kernel like a reader of an empty pipe; the host cannot tell Trapgate when data arrives
 * (everything runs synchronously on one host thread), so the kernel asks: every turn of the run loop polls the
 * watched streams, and when every CPU is idle the loop naps briefly on the host instead of declaring a deadlock.
 */
import type { FileWaiter } from '../wait.js';
import { fileReady } from '../wait-handlers.js';

/** What the watcher asks: a stream that can tell, without waiting, whether a read would wait. */
export interface InputSource {
  inputReady(): boolean;
}

export class HostInputWatcher {
  /** Waiters by the stream they watch, in the order they came. */
  private readonly watches = new Map<FileWaiter, InputSource>();

  /** Hands `waiter` to fileReady (once) when `source` has input. */
  watch(source: InputSource, waiter: FileWaiter): void {
    this.watches.set(waiter, source);
  }

  /** Withdraws a waiter unfired. */
  forget(waiter: FileWaiter): void {
    this.watches.delete(waiter);
  }

  get waiting(): boolean {
    return this.watches.size > 0;
  }

  /** Wakes the watchers whose stream has something now. */
  poll(): void {
    for (const [waiter, source] of this.watches) {
      if (!source.inputReady()) continue;
      this.watches.delete(waiter);
      fileReady(waiter);
    }
  }
}
