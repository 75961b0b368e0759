/**
 * An open directory: getdents64 and the old getdents over a listing taken at the first read (and again after
 * a rewind), with `.` and `..` first. Taking it at the first read rather than at open lets /proc/self/fd list
 * the descriptor that reads it, as Linux's readdir does.
 *
 * Directory offsets (d_off, and what lseek accepts) are small cookies: entry index + 1, the way tmpfs's
 * dcache_readdir numbers them. A 32-bit kernel never hands out wider cookies (ext4 gives 32-bit hashes to
 * 32-bit callers, fs/ext4/dir.c is_32bit_api), so glibc's non-LFS readdir never fails with EOVERFLOW.
 */
import { Errno } from '../../abi/errno.js';
import { DT, SEEK } from '../../abi/flags.js';
import { LinuxDirent, LinuxDirent64 } from '../../abi/layouts.js';
import type { HostFs, HostStat } from '../../host/host.js';
import { StructWriter } from '../syscalls/guest-struct.js';
import { OpenFile } from './file.js';
import { hostCall } from './host-errors.js';

export interface DirEntry {
  name: string;
  ino: number;
  /** DT_* value. */
  type: number;
}

/** How a directory's contents are (re)read and its attributes found. */
export interface DirectorySource {
  /** The entries other than `.` and `..`, or a negative errno. */
  list(): DirEntry[] | number;
  stat(): HostStat | number;
  /** Inode number of the parent, for `..`. */
  parentIno(): number;
  /** The open host descriptor, when there is one (fsync, fchmod, release). */
  readonly host?: { fs: HostFs; fd: number; path: string };
}

const encoder = new TextEncoder();
const align = (n: number, to: number) => (n + to - 1) & ~(to - 1);

export class DirectoryFile extends OpenFile {
  /** The listing being read; undefined until the first read after opening or rewinding. */
  private entries: DirEntry[] | undefined;
  /** Index of the next entry to return; the directory offset is this value. */
  private cursor = 0;

  /** Use `open`, which reports a directory that cannot be looked at as an errno. */
  private constructor(readonly source: DirectorySource, statusFlags: number, guestPath: string) {
    super(statusFlags);
    this.guestPath = guestPath;
  }

  static open(source: DirectorySource, statusFlags: number, guestPath: string): DirectoryFile | number {
    const st = source.stat();
    return typeof st === 'number' ? st : new DirectoryFile(source, statusFlags, guestPath);
  }

  private snapshot(): DirEntry[] | number {
    const st = this.source.stat();
    if (typeof st === 'number') return st;
    const listed = this.source.list();
    if (typeof listed === 'number') return listed;
    return [
      { name: '.', ino: st.ino, type: DT.DIR },
      { name: '..', ino: this.source.parentIno(), type: DT.DIR },
      ...listed,
    ];
  }

  /** The directory offset (what telldir reports), read or restored without re-reading the directory. */
  get offset(): number {
    return this.cursor;
  }

  set offset(value: number) {
    this.cursor = value;
  }

  override read(_buf: Uint8Array): number {
    return -Errno.EISDIR;
  }

  override pread(_buf: Uint8Array, _position: number): number {
    return -Errno.EISDIR;
  }

  /** SEEK_SET and SEEK_CUR to any non-negative offset, as dcache_dir_lseek; a rewind re-reads the directory. */
  override seek(offset: number, whence: number): number {
    let target: number;
    if (whence === SEEK.SET) target = offset;
    else if (whence === SEEK.CUR) target = this.cursor + offset;
    else return -Errno.EINVAL;
    if (target < 0) return -Errno.EINVAL;
    if (target === 0) this.entries = undefined; // rewinddir sees the directory as it is now
    this.cursor = target;
    return target;
  }

  /** getdents64: records for as many entries as fit in `size` bytes; EINVAL if not even one does. */
  getdents64(size: number): Uint8Array | number {
    return this.fill(size, (e, name, nextOffset) => {
      const reclen = align(LinuxDirent64.d_name + name.length + 1, 8);
      const w = new StructWriter(reclen)
        .u64(LinuxDirent64.d_ino, e.ino)
        .i64(LinuxDirent64.d_off, nextOffset)
        .u16(LinuxDirent64.d_reclen, reclen)
        .u8(LinuxDirent64.d_type, e.type);
      w.bytes.set(name, LinuxDirent64.d_name);
      return w.bytes;
    });
  }

  /**
   * The old getdents: 32-bit d_ino and d_off, d_type in the record's last byte. An inode number that does not
   * fit in 32 bits is EOVERFLOW, as fs/readdir.c filldir reports it.
   */
  getdents(size: number): Uint8Array | number {
    return this.fill(size, (e, name, nextOffset) => {
      if (e.ino > 0xffffffff) return -Errno.EOVERFLOW;
      const reclen = align(LinuxDirent.d_name + name.length + 2, 4);
      const w = new StructWriter(reclen)
        .u32(LinuxDirent.d_ino, e.ino)
        .u32(LinuxDirent.d_off, nextOffset)
        .u16(LinuxDirent.d_reclen, reclen)
        .u8(reclen - 1, e.type);
      w.bytes.set(name, LinuxDirent.d_name);
      return w.bytes;
    });
  }

  private fill(size: number, record: (e: DirEntry, name: Uint8Array, nextOffset: number) => Uint8Array | number): Uint8Array | number {
    if (this.entries === undefined) {
      const listed = this.snapshot();
      if (typeof listed === 'number') return listed;
      this.entries = listed;
    }
    const out: Uint8Array[] = [];
    let used = 0;
    while (this.cursor < this.entries.length) {
      const e = this.entries[this.cursor]!;
      const rec = record(e, encoder.encode(e.name), this.cursor + 1);
      if (typeof rec === 'number') {
        if (used === 0) return rec;
        break;
      }
      if (used + rec.length > size) {
        if (used === 0) return -Errno.EINVAL;
        break;
      }
      out.push(rec);
      used += rec.length;
      this.cursor++;
    }
    const bytes = new Uint8Array(used);
    let pos = 0;
    for (const r of out) {
      bytes.set(r, pos);
      pos += r.length;
    }
    return bytes;
  }

  override stat(): HostStat | number {
    return this.source.stat();
  }

  sync(): number {
    const h = this.source.host;
    if (!h) return -Errno.EINVAL;
    const r = hostCall(() => h.fs.fsync(h.fd));
    return typeof r === 'number' ? r : 0;
  }

  chmod(mode: number): number {
    const h = this.source.host;
    if (!h) return -Errno.EPERM;
    const r = hostCall(() => h.fs.fchmod(h.fd, mode));
    return typeof r === 'number' ? r : 0;
  }

  override release(): void {
    const h = this.source.host;
    if (!h) return;
    try {
      h.fs.close(h.fd);
    } catch {
      // The guest's descriptor is gone whatever the host says.
    }
  }
}

/**
 * Opens a host directory: a host descriptor (for fstat, fchmod, fsync) plus listings read by path.
 * `hostPath` and `parentHostPath` come from the path resolver, never from the guest directly.
 */
export function openHostDirectory(fs: HostFs, hostPath: string, parentHostPath: string, statusFlags: number, guestPath: string): DirectoryFile | number {
  const fd = hostCall(() => fs.open(hostPath, 'r', false, false, false, false, 0));
  if (fd < 0) return fd;
  const source: DirectorySource = {
    host: { fs, fd, path: hostPath },
    list: () => hostCall(() => fs.readdir(hostPath).map((d) => ({ name: d.name, ino: d.ino, type: d.type }))),
    stat: () => hostCall(() => fs.fstat(fd)),
    parentIno: () => {
      const st = hostCall(() => fs.lstat(parentHostPath));
      return typeof st === 'number' ? 0 : st.ino;
    },
  };
  const dir = DirectoryFile.open(source, statusFlags, guestPath);
  if (typeof dir === 'number') {
    try { fs.close(fd); } catch { /* already failing */ }
  }
  return dir;
}
