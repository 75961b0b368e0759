/** A process's file descriptor table: small integers naming open file descriptions, each with FD_CLOEXEC. */
import { Errno } from '../../abi/errno.js';
import type { OpenFile } from './file.js';

interface Slot {
  file: OpenFile;
  cloexec: boolean;
}

export const DEFAULT_FD_LIMIT = 1024;

export class FdTable {
  private slots: Array<Slot | undefined> = [];

  get(fd: number): OpenFile | undefined {
    return fd >= 0 ? this.slots[fd]?.file : undefined;
  }

  isCloexec(fd: number): boolean {
    return this.slots[fd]?.cloexec ?? false;
  }

  setCloexec(fd: number, on: boolean): void {
    const slot = this.slots[fd];
    if (slot) slot.cloexec = on;
  }

  /** Installs `file` at the lowest free descriptor >= minFd; returns it, or -EMFILE. Takes over one reference. */
  install(file: OpenFile, cloexec: boolean, minFd = 0, limit = DEFAULT_FD_LIMIT): number {
    for (let fd = minFd; fd < limit; fd++) {
      if (!this.slots[fd]) {
        this.slots[fd] = { file, cloexec };
        return fd;
      }
    }
    return -Errno.EMFILE;
  }

  /** dup2/dup3: puts `file` at exactly `fd`, closing what was there. */
  installAt(fd: number, file: OpenFile, cloexec: boolean): void {
    this.close(fd);
    this.slots[fd] = { file, cloexec };
  }

  close(fd: number): boolean {
    const slot = fd >= 0 ? this.slots[fd] : undefined;
    if (!slot) return false;
    this.slots[fd] = undefined;
    if (--slot.file.refs === 0) slot.file.release();
    return true;
  }

  /** The descriptors in use, ascending. */
  openDescriptors(): number[] {
    const out: number[] = [];
    this.slots.forEach((s, fd) => { if (s) out.push(fd); });
    return out;
  }

  /** fork without CLONE_FILES: a new table sharing the same descriptions. */
  clone(): FdTable {
    const copy = new FdTable();
    copy.slots = this.slots.map((s) => {
      if (!s) return undefined;
      s.file.refs++;
      return { ...s };
    });
    return copy;
  }

  closeOnExec(): void {
    this.slots.forEach((s, fd) => { if (s?.cloexec) this.close(fd); });
  }

  closeAll(): void {
    this.slots.forEach((_, fd) => this.close(fd));
  }
}
