/**
 * A set of pending signals with their siginfo: standard signals (below SIGRTMIN) are pending at most once,
 * real-time signals queue every instance (kernel/signal.c legacy_queue / __send_signal).
 */
import { Signal } from '../../abi/signals.js';
import type { SigInfo } from './send.js';

export const sigBit = (sig: number): bigint => 1n << BigInt(sig - 1);

export class SignalQueue {
  private items: SigInfo[] = [];

  /** The pending signals as a mask. */
  get set(): bigint {
    let m = 0n;
    for (const i of this.items) m |= sigBit(i.signo);
    return m;
  }

  get size(): number {
    return this.items.length;
  }

  get isEmpty(): boolean {
    return this.items.length === 0;
  }

  add(info: SigInfo): void {
    if (info.signo < Signal.SIGRTMIN && this.items.some((i) => i.signo === info.signo)) return;
    this.items.push(info);
  }

  /** Takes the lowest-numbered signal whose bit is in `allowed` (its oldest instance). */
  take(allowed: bigint): SigInfo | undefined {
    let best = -1;
    this.items.forEach((info, i) => {
      if ((allowed & sigBit(info.signo)) !== 0n && (best < 0 || info.signo < this.items[best]!.signo)) best = i;
    });
    return best < 0 ? undefined : this.items.splice(best, 1)[0];
  }

  remove(sig: number): void {
    this.items = this.items.filter((i) => i.signo !== sig);
  }

  clear(): void {
    this.items = [];
  }
}
