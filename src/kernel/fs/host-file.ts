/**
 * A host file opened by the guest (regular files, and device nodes such as /dev/null): an open host descriptor
 * plus the file offset, which the kernel keeps itself so that dup'ed and forked descriptors share it and
 * O_APPEND can be switched with F_SETFL.
 */
import { Errno } from '../../abi/errno.js';
import { O, S, SEEK } from '../../abi/flags.js';
import type { HostFs, HostStat } from '../../host/host.js';
import { OpenFile } from './file.js';
import { hostCall } from './host-errors.js';
import type { PageCache, SharedFilePages } from './page-cache.js';

/**
 * The largest file offset of a 32-bit kernel: MAX_LFS_FILESIZE = ULONG_MAX << PAGE_SHIFT (include/linux/fs.h),
 * which is also ext4's s_maxbytes there. lseek past it is EINVAL, writing at it EFBIG.
 */
export const MAX_FILE_OFFSET = 0xffffffff * 4096;

export class HostFile extends OpenFile {
  /** The file offset (f_pos). */
  position = 0;

  constructor(
    private readonly fs: HostFs,
    readonly hostFd: number,
    /** The host path it was opened by (for path-based host calls such as utimes on the descriptor). */
    readonly hostPath: string,
    statusFlags: number,
    guestPath: string | undefined,
    /** The kernel's page cache, consulted so that read/write stay coherent with shared mappings. */
    private readonly pageCache?: PageCache,
  ) {
    super(statusFlags);
    this.guestPath = guestPath;
  }

  /** The page cache of this file, when MAP_SHARED mappings of it exist (it must stay coherent with them). */
  private sharedPages(): SharedFilePages | undefined {
    if (!this.pageCache) return undefined;
    const st = this.stat();
    return typeof st === 'number' ? undefined : this.pageCache.lookup(st.dev, st.ino);
  }

  override read(buf: Uint8Array): number {
    this.sharedPages()?.writeBack();
    const n = hostCall(() => this.fs.read(this.hostFd, buf, this.hostOffsetOfPosition()));
    if (n > 0) this.advance(n);
    return n;
  }

  /**
   * The offset read() and write() give the host for the file position: the position itself, since the kernel
   * keeps it (null would mean the host descriptor's own offset).
   */
  protected hostOffsetOfPosition(): number | null {
    return this.position;
  }

  /** Moves the file position over the n bytes read() or write() transferred. */
  protected advance(n: number): void {
    this.position += n;
  }

  /** Gives back the tail of the last read that could not be copied to the guest: the offset moves back over it. */
  unread(tail: Uint8Array): void {
    this.position = Math.max(0, this.position - tail.length);
  }

  override write(data: Uint8Array): number {
    if ((this.statusFlags & O.APPEND) !== 0) {
      const size = this.size();
      if (size < 0) return size;
      this.position = size;
    }
    const n = this.writeAt(data, this.position, true);
    if (n > 0) this.advance(n);
    return n;
  }

  override pread(buf: Uint8Array, position: number): number {
    this.sharedPages()?.writeBack();
    return hostCall(() => this.fs.read(this.hostFd, buf, position));
  }

  override pwrite(data: Uint8Array, position: number): number {
    // Linux appends even with an explicit offset when the file is O_APPEND (pwrite(2), BUGS).
    if ((this.statusFlags & O.APPEND) !== 0) {
      const size = this.size();
      if (size < 0) return size;
      position = size;
    }
    return this.writeAt(data, position);
  }

  /** Writes at `position`; `atFilePosition` when it is the file position (write(), not pwrite()). */
  private writeAt(data: Uint8Array, position: number, atFilePosition = false): number {
    if (data.length === 0) return 0;
    if (position >= MAX_FILE_OFFSET) return -Errno.EFBIG;
    const room = MAX_FILE_OFFSET - position;
    const chunk = data.length > room ? data.subarray(0, room) : data;
    const shared = this.sharedPages();
    shared?.writeBack();
    const n = hostCall(() => this.fs.write(this.hostFd, chunk, atFilePosition ? this.hostOffsetOfPosition() : position));
    if (shared && n > 0) shared.afterWrite(position, chunk.subarray(0, n));
    return n;
  }

  /**
   * lseek. SEEK_DATA/SEEK_HOLE behave as on a filesystem without hole tracking (generic_file_llseek_size):
   * data everywhere before EOF, the only hole at EOF.
   */
  override seek(offset: number, whence: number): number {
    let target: number;
    switch (whence) {
      case SEEK.SET:
        target = offset;
        break;
      case SEEK.CUR:
        if (offset === 0) return this.position; // lseek(fd, 0, SEEK_CUR) only reads the position
        target = this.position + offset;
        break;
      case SEEK.END: {
        const size = this.size();
        if (size < 0) return size;
        target = size + offset;
        break;
      }
      case SEEK.DATA:
      case SEEK.HOLE: {
        const size = this.size();
        if (size < 0) return size;
        if (offset < 0 || offset >= size) return -Errno.ENXIO;
        target = whence === SEEK.DATA ? offset : size;
        break;
      }
      default:
        return -Errno.EINVAL;
    }
    if (target < 0 || target > MAX_FILE_OFFSET) return -Errno.EINVAL;
    this.position = target;
    return target;
  }

  override stat(): HostStat | number {
    return hostCall(() => this.fs.fstat(this.hostFd));
  }

  /** The current size, or a negative errno. */
  size(): number {
    const st = this.stat();
    return typeof st === 'number' ? st : st.size;
  }

  /** ftruncate: only regular files opened for writing (do_sys_ftruncate gives EINVAL otherwise). */
  truncate(length: number): number {
    if ((this.statusFlags & O.ACCMODE) === O.RDONLY) return -Errno.EINVAL;
    const st = this.stat();
    if (typeof st === 'number') return st;
    if ((st.mode & S.IFMT) !== S.IFREG) return -Errno.EINVAL;
    if (length > MAX_FILE_OFFSET) return -Errno.EFBIG;
    const r = hostCall(() => this.fs.ftruncate(this.hostFd, length));
    return typeof r === 'number' ? r : 0;
  }

  sync(): number {
    const r = hostCall(() => this.fs.fsync(this.hostFd));
    return typeof r === 'number' ? r : 0;
  }

  chmod(mode: number): number {
    const r = hostCall(() => this.fs.fchmod(this.hostFd, mode));
    return typeof r === 'number' ? r : 0;
  }

  override release(): void {
    try {
      this.fs.close(this.hostFd);
    } catch {
      // Closing cannot fail in a way the guest could still observe: its descriptor is already gone.
    }
  }
}
