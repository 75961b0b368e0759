/**
 * A complete POSIX-like file tree in memory, usable as the Host's file system in a browser or a test: directories,
 * sparse growable regular files, symlinks, hard links, modes, owners, nanosecond times and open descriptors, with
 * the error codes Linux gives. Like the Node host's, `open` never follows a final symlink (O_NOFOLLOW); other calls
 * follow intermediate symlinks the way the Linux system calls behind node:fs do. No permission checks are made
 * (the kernel makes them itself, from modes and owners; the host acts as a privileged user).
 *
 * `snapshot()` captures the whole tree and the open descriptors cheaply (file contents are shared copy-on-write);
 * `restore()` brings them back exactly, as many times as wanted.
 */
import { FileBytes } from './file-bytes.js';
import { FsError } from './fs-error.js';
import { MAX_SYMLINKS, NAME_MAX, S_IFDIR, S_IFLNK, S_IFREG, splitPath } from './fs-path.js';
import type { HostDirEntry, HostFs, HostStat } from './host.js';
import { cloneInode, direntType, statOf, type DirInode, type FileInode, type Inode } from './memory-inode.js';
import { populate, type FsTree } from './fs-tree.js';

export interface MemoryFsOptions {
  /** Nanoseconds since the Unix epoch, read for every time stamp (default: Date.now()). */
  clock?: () => bigint;
  /** The device number every inode reports (st_dev). */
  dev?: number;
  /** Owner of the root and of everything created (the kernel has no chown call to pass on). */
  uid?: number;
  gid?: number;
  /** Permission bits of the root directory (default 0o755). */
  rootMode?: number;
}

/** An open file description: its own offset and flags, shared by nothing else (the kernel does dup). */
interface Description {
  readonly ino: number;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly append: boolean;
  offset: number;
}

/** Everything a MemoryFs holds, as `snapshot()` captures it. Opaque to callers; reusable by any number of restores. */
export interface MemoryFsState {
  readonly inodes: ReadonlyMap<number, Inode>;
  readonly fds: ReadonlyMap<number, Readonly<Description>>;
  readonly nextIno: number;
  readonly nextFd: number;
}

/** The outcome of walking a path: the directory holding the last component, its name, and what it names. */
interface Found {
  dir: DirInode;
  name: string;
  node: Inode | undefined;
  /** The path ended in a slash: it must name a directory. */
  mustBeDir: boolean;
}

/** ext4's root inode number; the first created inode follows it. */
const ROOT_INO = 2;
/** Lowest descriptor handed out: numbers that cannot be mistaken for the host's standard streams. */
const FIRST_FD = 3;
/** The largest offset a file may reach (as ext4's s_maxbytes on a 64-bit host: 16 TiB - 1). */
const MAX_SIZE = 2 ** 44 - 1;

export class MemoryFs implements HostFs {
  readonly dev: number;
  private readonly clock: () => bigint;
  private readonly uid: number;
  private readonly gid: number;
  private inodes = new Map<number, Inode>();
  private fds = new Map<number, Description>();
  private nextIno = ROOT_INO + 1;
  private nextFd = FIRST_FD;

  constructor(options: MemoryFsOptions = {}) {
    this.clock = options.clock ?? (() => BigInt(Date.now()) * 1_000_000n);
    this.dev = options.dev ?? 0x2a;
    this.uid = options.uid ?? 0;
    this.gid = options.gid ?? 0;
    const t = this.clock();
    this.inodes.set(ROOT_INO, {
      kind: 'dir', ino: ROOT_INO, mode: S_IFDIR | (options.rootMode ?? 0o755), uid: this.uid, gid: this.gid, nlink: 2,
      atimeNs: t, mtimeNs: t, ctimeNs: t, birthtimeNs: t, entries: new Map(), parent: ROOT_INO,
    });
  }

  /** A MemoryFs holding `tree` (see FsTree for its shape). */
  static from(tree: FsTree, options: MemoryFsOptions = {}): MemoryFs {
    const fs = new MemoryFs(options);
    populate(fs, tree);
    return fs;
  }

  // ------------------------------------------------------------------ snapshots

  snapshot(): MemoryFsState {
    return {
      inodes: copyInodes(this.inodes),
      fds: new Map([...this.fds].map(([fd, d]) => [fd, { ...d }])),
      nextIno: this.nextIno,
      nextFd: this.nextFd,
    };
  }

  restore(state: MemoryFsState): void {
    this.inodes = copyInodes(state.inodes);
    this.fds = new Map([...state.fds].map(([fd, d]) => [fd, { ...d }]));
    this.nextIno = state.nextIno;
    this.nextFd = state.nextFd;
  }

  // ------------------------------------------------------------------ descriptors

  open(path: string, access: 'r' | 'w' | 'rw', create: boolean, exclusive: boolean, truncate: boolean, append: boolean, mode: number): number {
    const f = this.walk(path, false, 'open', create);
    // O_CREAT with a trailing slash (open_last_lookups).
    if (create && f.mustBeDir) throw new FsError('EISDIR', 'open', path);
    let node = f.node;
    if (node === undefined) {
      if (!create) throw new FsError('ENOENT', 'open', path);
      node = this.newFile(f.dir, f.name, mode);
    } else {
      if (f.mustBeDir && node.kind !== 'dir') throw new FsError('ENOTDIR', 'open', path);
      if (create && exclusive) throw new FsError('EEXIST', 'open', path);
      // O_NOFOLLOW: a final symlink is not opened.
      if (node.kind === 'symlink') throw new FsError('ELOOP', 'open', path);
      if (node.kind === 'dir' && (access !== 'r' || create || truncate)) throw new FsError('EISDIR', 'open', path);
      if (node.kind === 'file' && truncate) {
        // O_TRUNC sets the times even when the file is empty already (ATTR_OPEN in do_truncate).
        this.resize(node, 0);
        node.mtimeNs = node.ctimeNs = this.clock();
      }
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { ino: node.ino, readable: access !== 'w', writable: access !== 'r', append, offset: 0 });
    return fd;
  }

  close(fd: number): void {
    const d = this.description(fd, 'close');
    this.fds.delete(fd);
    this.forgetIfUnused(d.ino);
  }

  read(fd: number, buf: Uint8Array, position: number | null): number {
    const d = this.description(fd, 'read');
    if (!d.readable) throw new FsError('EBADF', 'read');
    const node = this.inode(d.ino);
    if (node.kind === 'dir') throw new FsError('EISDIR', 'read');
    if (node.kind !== 'file') throw new FsError('EINVAL', 'read');
    if (position !== null && position < 0) throw new FsError('EINVAL', 'read');
    if (buf.length === 0) return 0;
    const n = node.bytes.read(position ?? d.offset, buf);
    if (position === null) d.offset += n;
    node.atimeNs = this.clock();
    return n;
  }

  write(fd: number, buf: Uint8Array, position: number | null): number {
    const d = this.description(fd, 'write');
    if (!d.writable) throw new FsError('EBADF', 'write');
    const node = this.inode(d.ino);
    if (node.kind !== 'file') throw new FsError('EBADF', 'write');
    if (position !== null && position < 0) throw new FsError('EINVAL', 'write');
    // O_APPEND writes at the end even with an explicit position (Linux's pwrite, BUGS).
    const at = d.append ? node.bytes.size : position ?? d.offset;
    if (buf.length === 0) return 0;
    if (at + buf.length > MAX_SIZE) throw new FsError('EFBIG', 'write');
    node.bytes = node.bytes.writable();
    node.bytes.write(at, buf);
    node.mtimeNs = node.ctimeNs = this.clock();
    if (position === null) d.offset = at + buf.length;
    return buf.length;
  }

  fstat(fd: number): HostStat {
    return statOf(this.inode(this.description(fd, 'fstat').ino), this.dev);
  }

  fchmod(fd: number, mode: number): void {
    this.setMode(this.inode(this.description(fd, 'fchmod').ino), mode);
  }

  ftruncate(fd: number, length: number): void {
    const d = this.description(fd, 'ftruncate');
    const node = this.inode(d.ino);
    if (!d.writable || node.kind !== 'file') throw new FsError('EINVAL', 'ftruncate');
    this.truncateFile(node, length, 'ftruncate');
  }

  fsync(fd: number): void {
    this.description(fd, 'fsync');
  }

  // ------------------------------------------------------------------ paths: looking

  stat(path: string): HostStat {
    return statOf(this.existing(path, true, 'stat'), this.dev);
  }

  lstat(path: string): HostStat {
    return statOf(this.existing(path, false, 'lstat'), this.dev);
  }

  readdir(path: string): HostDirEntry[] {
    const dir = this.existing(path, true, 'scandir');
    if (dir.kind !== 'dir') throw new FsError('ENOTDIR', 'scandir', path);
    dir.atimeNs = this.clock();
    return [...dir.entries].map(([name, ino]) => ({ name, ino, type: direntType(this.inode(ino)) }));
  }

  readlink(path: string): string {
    const node = this.existing(path, false, 'readlink');
    if (node.kind !== 'symlink') throw new FsError('EINVAL', 'readlink', path);
    node.atimeNs = this.clock();
    return node.target;
  }

  readFile(path: string): Uint8Array {
    const node = this.existing(path, true, 'open');
    if (node.kind === 'dir') throw new FsError('EISDIR', 'read', path);
    if (node.kind !== 'file') throw new FsError('EINVAL', 'read', path);
    node.atimeNs = this.clock();
    return node.bytes.bytes();
  }

  // ------------------------------------------------------------------ paths: changing

  mkdir(path: string, mode: number): void {
    const f = this.walk(path, false, 'mkdir', true);
    if (f.node !== undefined) throw new FsError('EEXIST', 'mkdir', path);
    const t = this.clock();
    const ino = this.nextIno++;
    this.inodes.set(ino, {
      kind: 'dir', ino, mode: S_IFDIR | (mode & 0o7777), uid: this.uid, gid: this.gid, nlink: 2,
      atimeNs: t, mtimeNs: t, ctimeNs: t, birthtimeNs: t, entries: new Map(), parent: f.dir.ino,
    });
    this.addEntry(f.dir, f.name, ino);
    f.dir.nlink++;
  }

  rmdir(path: string): void {
    const f = this.walk(path, false, 'rmdir', true);
    if (f.node === undefined) throw new FsError('ENOENT', 'rmdir', path);
    if (f.name === '.') throw new FsError(f.node.ino === ROOT_INO ? 'EBUSY' : 'EINVAL', 'rmdir', path);
    if (f.name === '..') throw new FsError('ENOTEMPTY', 'rmdir', path);
    if (f.node.kind !== 'dir') throw new FsError('ENOTDIR', 'rmdir', path);
    if (f.node.entries.size > 0) throw new FsError('ENOTEMPTY', 'rmdir', path);
    this.removeEntry(f.dir, f.name);
  }

  unlink(path: string): void {
    const f = this.walk(path, false, 'unlink', true);
    if (f.node === undefined) throw new FsError('ENOENT', 'unlink', path);
    if (f.node.kind === 'dir') throw new FsError('EISDIR', 'unlink', path);
    if (f.mustBeDir) throw new FsError('ENOTDIR', 'unlink', path);
    this.removeEntry(f.dir, f.name);
  }

  symlink(target: string, path: string): void {
    const f = this.walk(path, false, 'symlink', true);
    if (f.node !== undefined) throw new FsError('EEXIST', 'symlink', path);
    if (target.length === 0) throw new FsError('ENOENT', 'symlink', path);
    if (f.mustBeDir) throw new FsError('ENOENT', 'symlink', path);
    const t = this.clock();
    const ino = this.nextIno++;
    this.inodes.set(ino, {
      kind: 'symlink', ino, mode: S_IFLNK | 0o777, uid: this.uid, gid: this.gid, nlink: 1,
      atimeNs: t, mtimeNs: t, ctimeNs: t, birthtimeNs: t, target,
    });
    this.addEntry(f.dir, f.name, ino);
  }

  link(existing: string, path: string): void {
    // link(2) does not follow a final symlink in `existing`: it links the symlink itself.
    const node = this.existing(existing, false, 'link');
    const f = this.walk(path, false, 'link', true);
    if (f.node !== undefined) throw new FsError('EEXIST', 'link', path);
    if (node.kind === 'dir') throw new FsError('EPERM', 'link', existing);
    if (f.mustBeDir) throw new FsError('ENOENT', 'link', path);
    this.addEntry(f.dir, f.name, node.ino);
    node.nlink++;
    node.ctimeNs = this.clock();
  }

  rename(from: string, to: string): void {
    const src = this.walk(from, false, 'rename', true);
    const dst = this.walk(to, false, 'rename', true);
    const node = src.node;
    if (node === undefined) throw new FsError('ENOENT', 'rename', from);
    if (isDot(src.name) || isDot(dst.name)) throw new FsError('EBUSY', 'rename', from);
    if ((src.mustBeDir || dst.mustBeDir) && node.kind !== 'dir') throw new FsError('ENOTDIR', 'rename', from);
    // Moving a directory beneath itself.
    if (node.kind === 'dir' && this.isAncestor(node, dst.dir)) throw new FsError('EINVAL', 'rename', from);
    const old = dst.node;
    if (old !== undefined) {
      if (old.ino === node.ino) return; // two names of one inode: rename does nothing
      if (old.kind === 'dir' && this.isAncestor(old, src.dir)) throw new FsError('ENOTEMPTY', 'rename', to);
      if (node.kind === 'dir' && old.kind !== 'dir') throw new FsError('ENOTDIR', 'rename', to);
      if (node.kind !== 'dir' && old.kind === 'dir') throw new FsError('EISDIR', 'rename', to);
      if (old.kind === 'dir' && old.entries.size > 0) throw new FsError('ENOTEMPTY', 'rename', to);
      this.removeEntry(dst.dir, dst.name);
    }
    const t = this.clock();
    src.dir.entries.delete(src.name);
    dst.dir.entries.set(dst.name, node.ino);
    if (node.kind === 'dir') {
      node.parent = dst.dir.ino;
      src.dir.nlink--;
      dst.dir.nlink++;
    }
    node.ctimeNs = t;
    src.dir.mtimeNs = src.dir.ctimeNs = t;
    dst.dir.mtimeNs = dst.dir.ctimeNs = t;
  }

  chmod(path: string, mode: number): void {
    this.setMode(this.existing(path, true, 'chmod'), mode);
  }

  /** chown(2) (lchown when `followLinks` is false): not part of HostFs, for building trees and copying up. */
  chown(path: string, uid: number, gid: number, followLinks = true): void {
    const node = this.existing(path, followLinks, 'chown');
    node.uid = uid;
    node.gid = gid;
    node.ctimeNs = this.clock();
  }

  truncate(path: string, length: number): void {
    const node = this.existing(path, true, 'open');
    if (node.kind === 'dir') throw new FsError('EISDIR', 'open', path);
    if (node.kind !== 'file') throw new FsError('EINVAL', 'truncate', path);
    this.truncateFile(node, length, 'truncate');
  }

  utimes(path: string, atimeNs: bigint, mtimeNs: bigint, followLinks: boolean): void {
    const node = this.existing(path, followLinks, 'utime');
    node.atimeNs = atimeNs;
    node.mtimeNs = mtimeNs;
    node.ctimeNs = this.clock();
  }

  // ------------------------------------------------------------------ inside

  private description(fd: number, syscall: string): Description {
    const d = this.fds.get(fd);
    if (d === undefined) throw new FsError('EBADF', syscall);
    return d;
  }

  private inode(ino: number): Inode {
    const node = this.inodes.get(ino);
    if (node === undefined) throw new Error(`MemoryFs: inode ${ino} is missing (a bug)`);
    return node;
  }

  private existing(path: string, followLast: boolean, syscall: string): Inode {
    const f = this.walk(path, followLast, syscall);
    if (f.node === undefined) throw new FsError('ENOENT', syscall, path);
    if (f.mustBeDir && f.node.kind !== 'dir') throw new FsError('ENOTDIR', syscall, path);
    return f.node;
  }

  /**
   * Walks `path` component by component from the root, following symlinks in every component but the last (and in
   * the last when `followLast`, or when the path ends in a slash), as namei does. Calls that work on the name in its
   * directory (unlink, rmdir, rename, the creating calls: `parentOnly`) never follow the last component, slash or
   * not. A relative path is taken from the root, there being no working directory.
   */
  private walk(path: string, followLast: boolean, syscall: string, parentOnly = false): Found {
    if (path.length === 0) throw new FsError('ENOENT', syscall, path);
    const mustBeDir = path.endsWith('/') && splitPath(path).length > 0;
    const pending = splitPath(path);
    const root = this.inode(ROOT_INO) as DirInode;
    if (pending.length === 0) return { dir: root, name: '.', node: root, mustBeDir: false };
    let dir = root;
    let links = 0;
    for (;;) {
      const name = pending.shift()!;
      const last = pending.length === 0;
      if (name.length > NAME_MAX) throw new FsError('ENAMETOOLONG', syscall, path);
      const ino = name === '.' ? dir.ino : name === '..' ? dir.parent : dir.entries.get(name);
      const node = ino === undefined ? undefined : this.inode(ino);
      if (node === undefined) {
        if (!last) throw new FsError('ENOENT', syscall, path);
        return { dir, name, node, mustBeDir };
      }
      if (node.kind === 'symlink' && (!last || followLast || (mustBeDir && !parentOnly))) {
        if (++links > MAX_SYMLINKS) throw new FsError('ELOOP', syscall, path);
        if (node.target.startsWith('/')) dir = root;
        pending.unshift(...splitPath(node.target));
        if (pending.length === 0) return { dir: root, name: '.', node: root, mustBeDir };
        continue;
      }
      if (last) return { dir, name, node, mustBeDir };
      if (node.kind !== 'dir') throw new FsError('ENOTDIR', syscall, path);
      dir = node;
    }
  }

  private newFile(dir: DirInode, name: string, mode: number): FileInode {
    const t = this.clock();
    const node: FileInode = {
      kind: 'file', ino: this.nextIno++, mode: S_IFREG | (mode & 0o7777), uid: this.uid, gid: this.gid, nlink: 1,
      atimeNs: t, mtimeNs: t, ctimeNs: t, birthtimeNs: t, bytes: FileBytes.empty(),
    };
    this.inodes.set(node.ino, node);
    this.addEntry(dir, name, node.ino);
    return node;
  }

  private addEntry(dir: DirInode, name: string, ino: number): void {
    dir.entries.set(name, ino);
    dir.mtimeNs = dir.ctimeNs = this.clock();
  }

  /** Removes a name; the inode goes when it has no name and no open descriptor. */
  private removeEntry(dir: DirInode, name: string): void {
    const node = this.inode(dir.entries.get(name)!);
    const t = this.clock();
    dir.entries.delete(name);
    dir.mtimeNs = dir.ctimeNs = t;
    node.ctimeNs = t;
    if (node.kind === 'dir') {
      node.nlink = 0;
      dir.nlink--;
    } else {
      node.nlink--;
    }
    this.forgetIfUnused(node.ino);
  }

  private forgetIfUnused(ino: number): void {
    const node = this.inodes.get(ino);
    if (node === undefined || node.nlink > 0) return;
    for (const d of this.fds.values()) if (d.ino === ino) return;
    this.inodes.delete(ino);
  }

  /** True when `dir` is `ancestor` or lies beneath it. */
  private isAncestor(ancestor: DirInode, dir: DirInode): boolean {
    for (let d = dir; ; d = this.inode(d.parent) as DirInode) {
      if (d.ino === ancestor.ino) return true;
      if (d.ino === ROOT_INO) return false;
    }
  }

  private setMode(node: Inode, mode: number): void {
    node.mode = (node.mode & ~0o7777) | (mode & 0o7777);
    node.ctimeNs = this.clock();
  }

  private truncateFile(node: FileInode, length: number, syscall: string): void {
    if (length < 0) throw new FsError('EINVAL', syscall);
    if (length > MAX_SIZE) throw new FsError('EFBIG', syscall);
    // Times change only when the size does (shmem_setattr, ext4_setattr).
    if (length === node.bytes.size) return;
    this.resize(node, length);
    node.mtimeNs = node.ctimeNs = this.clock();
  }

  private resize(node: FileInode, length: number): void {
    if (length === node.bytes.size) return;
    node.bytes = node.bytes.writable();
    node.bytes.truncate(length);
  }
}

function isDot(name: string): boolean {
  return name === '.' || name === '..';
}

function copyInodes(from: ReadonlyMap<number, Inode>): Map<number, Inode> {
  const to = new Map<number, Inode>();
  for (const [ino, node] of from) to.set(ino, cloneInode(node));
  return to;
}
