/**
 * Waiting for the host's input without blocking the host. A guest thread reading the host's stdin when nothing is
 * there sleeps in the guest kernel like a reader of an empty pipe; the host cannot tell Trapgate when data arrives
 * (everything runs synchronously on one host thread), so the kernel asks: every turn of the run loop polls the
 * watched streams, and when every CPU is idle the loop naps briefly on the host instead of declaring a deadlock.
 */
export class HostInputWatcher {
  private readonly watches = new Set<{ ready: () => boolean; wake: () => void }>();

  /** Calls `wake` (once) when `ready` becomes true. Returns a function that withdraws the watch. */
  watch(ready: () => boolean, wake: () => void): () => void {
    const w = { ready, wake };
    this.watches.add(w);
    return () => { this.watches.delete(w); };
  }

  get waiting(): boolean {
    return this.watches.size > 0;
  }

  /** Wakes the watchers whose stream has something now. */
  poll(): void {
    for (const w of this.watches) {
      if (!w.ready()) continue;
      this.watches.delete(w);
      w.wake();
    }
  }
}
