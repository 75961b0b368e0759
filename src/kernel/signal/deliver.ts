/**
 * Acting on pending signals when a thread returns to user space (do_signal): ignored signals are dropped,
 * default actions terminate the group with the status a parent's wait() would see.
 * Handler invocation (signal frames) is the subject of the vDSO-and-signals issue; until then a signal with a
 * handler that arrives is fatal, and says so in the trace.
 */
import { defaultAction, SIG, Signal } from '../../abi/signals.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { sigBit } from './send.js';

/** Always deliverable: SIGKILL and SIGSTOP cannot be blocked. */
const UNBLOCKABLE = sigBit(Signal.SIGKILL) | sigBit(Signal.SIGSTOP);

export function deliverPendingSignals(kernel: Kernel, thread: Thread): void {
  for (;;) {
    const deliverable = thread.pending & (~thread.sigmask | UNBLOCKABLE);
    if (deliverable === 0n) return;
    const sig = lowestSignal(deliverable);
    thread.pending &= ~sigBit(sig);
    const info = thread.pendingInfo.get(sig);
    thread.pendingInfo.delete(sig);
    const process = thread.process;
    const action = process.actions[sig]!;
    const kind = defaultAction(sig);
    const event = { kind: 'signal' as const, pid: process.pid, tid: thread.tid, signal: sig, code: info?.code, address: info?.addr };
    if (sig !== Signal.SIGKILL && (action.handler === SIG.IGN || (action.handler === SIG.DFL && (kind === 'ignore' || kind === 'cont')))) {
      if (kernel.tracer.wants('signal')) kernel.tracer.emit({ ...event, action: 'ignore' });
      continue;
    }
    if (sig !== Signal.SIGKILL && action.handler === SIG.DFL && kind === 'stop') {
      // Job control stops need a parent that waits with WUNTRACED (the processes issue); until then, continue.
      continue;
    }
    if (kernel.tracer.wants('signal')) kernel.tracer.emit({ ...event, action: 'kill' });
    // No core file is written (RLIMIT_CORE is 0), so the status never has the core-dump bit, as on Linux.
    kernel.exitGroup(process, sig);
    return;
  }
}

function lowestSignal(set: bigint): number {
  let sig = 1;
  while ((set & 1n) === 0n) {
    set >>= 1n;
    sig++;
  }
  return sig;
}
