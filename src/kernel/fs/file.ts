/**
 * An open file description: what open() creates and dup()/fork share (offset, status flags).
 * Operations return a non-negative result or a negative errno, as the kernel's own functions do.
 */
import type { HostStat } from '../../host/host.js';
import { Errno } from '../../abi/errno.js';
import { POLL } from '../../abi/flags.js';
import type { FileWaiter } from '../wait.js';

/**
 * Returned by read/write of a file whose operation would have to wait (an empty pipe with writers, a full pipe)
 * when the description is in blocking mode. It is not an errno and must never reach user space: the system call
 * layer turns it into a wait (the scheduler issue). It lies far below -MAX_ERRNO (1133) and away from the
 * kernel-internal restart codes, so no errno can be mistaken for it.
 */
export const WOULD_BLOCK = -0x10000;

/**
 * DEFAULT_POLLMASK (include/linux/poll.h): what vfs_poll reports for a file without a ->poll operation — regular
 * files, directories, most devices — which never make a reader or writer wait. In the guest's (MIPS) bit values.
 */
export const DEFAULT_POLLMASK = POLL.IN | POLL.OUT | POLL.RDNORM | POLL.WRNORM;

export abstract class OpenFile {
  /** File descriptors (in any process) referring to this description. */
  refs = 1;
  /** The guest path it was opened by, when it has one (for /proc/self/maps and /proc/self/fd). */
  guestPath: string | undefined;

  /** `statusFlags` holds the access mode and O_APPEND/O_NONBLOCK-style flags as the guest passed them. */
  constructor(public statusFlags: number) {}

  read(_buf: Uint8Array): number { return -Errno.EINVAL; }
  write(_data: Uint8Array): number { return -Errno.EINVAL; }
  pread(_buf: Uint8Array, _position: number): number { return -Errno.ESPIPE; }
  pwrite(_data: Uint8Array, _position: number): number { return -Errno.ESPIPE; }
  /** lseek: returns the new offset or a negative errno. */
  seek(_offset: number, _whence: number): number { return -Errno.ESPIPE; }
  abstract stat(): HostStat | number;
  /** ioctl: `arg` is the raw guest argument; the file may read/write guest memory through `io`. */
  ioctl(_request: number, _arg: number, _io: GuestIo): number { return -Errno.ENOTTY; }
  /** Called when the last reference goes away. */
  release(): void {}
  /**
   * The file's ->poll: the POLL* events (the guest's MIPS values, as poll(2) reports them) it is ready for now —
   * POLLIN/POLLRDNORM when a read would not wait, POLLOUT/POLLWRNORM when a write would not, POLLHUP/POLLERR
   * when the other end is gone. poll and select ask it; a file whose answer can change implements whenReady too.
   */
  poll(): number { return DEFAULT_POLLMASK; }
  /**
   * For files whose operations can return WOULD_BLOCK: the file keeps `waiter` and hands it to fileReady
   * (wait-handlers.ts) once, when the file may have become readable or writable, or its other end went away.
   */
  whenReady?(waiter: FileWaiter): void;
  /** Withdraws a waiter unfired (poll and select watch several files and withdraw from the rest when one wakes them). */
  unwatch?(waiter: FileWaiter): void;
  /** True for terminals (isatty, TCGETS). */
  get isTerminal(): boolean { return false; }
}

/** The user-memory access a file operation may need (ioctl arguments). */
export interface GuestIo {
  read(addr: number, length: number): Uint8Array;
  write(addr: number, data: Uint8Array): void;
}
