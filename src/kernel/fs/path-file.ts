/**
 * An O_PATH descriptor: it names a file without opening it for I/O (fs/open.c do_dentry_open with FMODE_PATH).
 * It can be fstat'ed, fchdir'ed into (a directory), used as the dirfd of *at() calls, dup'ed and closed; every
 * other operation fails with EBADF, which the system call layer checks before it gets here.
 */
import type { HostStat } from '../../host/host.js';
import { OpenFile } from './file.js';

export class PathFile extends OpenFile {
  constructor(private readonly attributes: () => HostStat | number, readonly isDirectory: boolean, statusFlags: number, guestPath: string) {
    super(statusFlags);
    this.guestPath = guestPath;
  }

  override stat(): HostStat | number {
    return this.attributes();
  }
}
