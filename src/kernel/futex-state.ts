/**
 * The kernel's futex tables (kernel/futex/core.c's hash of queues and the PI states): what one machine's threads
 * wait on. Owned by the Kernel, so two machines in one JavaScript process never see each other's waiters.
 */
import type { AddressSpace } from '../mm/address-space.js';
import type { Thread } from './process.js';

/** A thread queued on a futex word (struct futex_q). */
export interface FutexWaiter {
  thread: Thread;
  bitset: number;
  key: string;
  /** Set by the waker before it wakes the thread: the wait then returns 0 whatever else happened. */
  woken: boolean;
}

/**
 * The kernel's side of a contended PI futex (kernel/futex/pi.c's pi_state and the rt_mutex behind it): which
 * task the kernel believes owns the lock, and the tasks sleeping for it in the order they will get it. There
 * are no priorities in Trapgate's scheduler, so the "highest-priority waiter" is the one that came first. The
 * state exists while tasks wait; the futex word is the only record of an uncontended lock.
 */
export interface PiState {
  key: string;
  as: AddressSpace;
  addr: number;
  /** undefined once the owner died (exit_pi_state_list): the next owner then sees FUTEX_OWNER_DIED. */
  owner: Thread | undefined;
  waiters: PiWaiter[];
}

export interface PiWaiter {
  thread: Thread;
  state: PiState;
  /** The lock was handed to this waiter (its word already holds its TID): the call succeeds whatever woke it. */
  granted: boolean;
}

export class FutexState {
  /** Waiters by futex key, in the order they queued. */
  readonly queues = new Map<string, FutexWaiter[]>();
  /** PI states by futex key. */
  readonly piStates = new Map<string, PiState>();
  /**
   * A number per address space, for private keys. Weak, so that a dead address space is not kept alive; a
   * snapshot of the machine reaches every live address space through its processes.
   */
  private readonly spaceIds = new WeakMap<AddressSpace, number>();
  private nextSpaceId = 1;

  /** The number that names `as` in private futex keys (given on first use). */
  spaceId(as: AddressSpace): number {
    let id = this.spaceIds.get(as);
    if (id === undefined) {
      id = this.nextSpaceId++;
      this.spaceIds.set(as, id);
    }
    return id;
  }
}
