/**
 * System calls that name files by path (fs/stat.c, fs/namei.c, fs/open.c, fs/d_path.c, fs/utimes.c,
 * fs/statfs.c): the stat family, access checks, links, directories, renames, modes, times, the working
 * directory and file-system statistics. Every host path comes from the PathResolver, and no host call that
 * would follow a final symlink is made on a path the resolver has not already followed.
 */
import { Errno } from '../../abi/errno.js';
import { ACCESS, AT, O, RENAME, S, STATX, STATX_ATTR, UTIME } from '../../abi/flags.js';
import { KernelTimespec, Stat, Stat64, Statx, StatxTimestamp, Timespec } from '../../abi/layouts.js';
import type { HostStat } from '../../host/host.js';
import { guestDev, majorOf, minorOf } from '../fs/device-number.js';
import { DirectoryFile } from '../fs/directory.js';
import type { OpenFile } from '../fs/file.js';
import { hostCall } from '../fs/host-errors.js';
import { HostFile } from '../fs/host-file.js';
import type { Resolved } from '../fs/path.js';
import { PipeEnd } from '../fs/pipe.js';
import { type SyscallContext, s32, u32 } from './context.js';
import { StructReader, StructWriter } from './guest-struct.js';
import { resolveTarget } from './open.js';
import {
  directoryPathOf, lastComponent, lstatResolved, mayAccess, readPath, resolveAt,
} from './path-args.js';
import type { SyscallFamily } from './registry.js';

const NS_PER_SEC = 1_000_000_000n;

// ---------------------------------------------------------------------- attributes of a name or descriptor

interface Attributes {
  st: HostStat;
  /** The guest path, when known (statx reports the root of the tree as a mount root). */
  guest?: string;
  /** Set for /proc and /sys nodes. */
  virtual: boolean;
}

function fileAttributes(f: OpenFile): Attributes | number {
  const st = f.stat();
  if (typeof st === 'number') return st;
  const guest = f.guestPath;
  const virtual = guest !== undefined && !(f instanceof HostFile) && isVirtualPath(guest);
  return { st, ...(guest !== undefined ? { guest } : {}), virtual };
}

function isVirtualPath(guest: string): boolean {
  return guest === '/proc' || guest.startsWith('/proc/') || guest === '/sys' || guest.startsWith('/sys/');
}

/**
 * What stat-like calls look at: the file behind `dirfd` for an empty path with AT_EMPTY_PATH, else the name,
 * following a final link unless AT_SYMLINK_NOFOLLOW (a /proc fd link leads to the open file itself).
 */
function attributesAt(c: SyscallContext, dirfd: number, pathAddr: number, flags: number): Attributes | number {
  const path = pathAddr === 0 && (flags & AT.EMPTY_PATH) !== 0 ? '' : readPath(c, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '') {
    if ((flags & AT.EMPTY_PATH) === 0) return -Errno.ENOENT;
    if (dirfd === AT.FDCWD) return cwdAttributes(c);
    const f = c.process.fds.get(dirfd);
    return f ? fileAttributes(f) : -Errno.EBADF;
  }
  const target = resolveTarget(c, dirfd, path, (flags & AT.SYMLINK_NOFOLLOW) === 0);
  if (typeof target === 'number') return target;
  if (target.kind === 'magic') return fileAttributes(target.file);
  const r = target.r;
  if (!r.exists) return -Errno.ENOENT;
  const st = lstatResolved(c, r);
  if (typeof st === 'number') return st;
  return { st, guest: r.guest, virtual: r.virtual !== undefined };
}

function cwdAttributes(c: SyscallContext): Attributes | number {
  const r = resolveAt(c, AT.FDCWD, c.process.fs.cwd, true);
  if (typeof r === 'number') return r;
  if (!r.exists) return -Errno.ENOENT;
  const st = lstatResolved(c, r);
  return typeof st === 'number' ? st : { st, guest: r.guest, virtual: r.virtual !== undefined };
}

/** Seconds and non-negative nanoseconds of a host time. */
function splitTime(ns: bigint): [bigint, number] {
  let sec = ns / NS_PER_SEC;
  let nsec = ns % NS_PER_SEC;
  if (nsec < 0n) {
    nsec += NS_PER_SEC;
    sec -= 1n;
  }
  return [sec, Number(nsec)];
}

/** The MIPS kernel's struct stat64 (cp_new_stat64): st_dev/st_rdev in new_encode_dev form, 32-bit times. */
function stat64Bytes(st: HostStat): Uint8Array {
  const w = new StructWriter(Stat64.size)
    .u32(Stat64.st_dev, guestDev(st.dev))
    .u64(Stat64.st_ino, st.ino)
    .u32(Stat64.st_mode, st.mode)
    .u32(Stat64.st_nlink, st.nlink)
    .u32(Stat64.st_uid, st.uid)
    .u32(Stat64.st_gid, st.gid)
    .u32(Stat64.st_rdev, guestDev(st.rdev))
    .i64(Stat64.st_size, st.size)
    .u32(Stat64.st_blksize, st.blksize)
    .i64(Stat64.st_blocks, st.blocks);
  return writeTimes(w, st, Stat64).bytes;
}

/** The three times of a stat structure: 32-bit seconds (the low word, as the kernel stores them) and nanoseconds. */
function writeTimes(w: StructWriter, st: HostStat, layout: typeof Stat | typeof Stat64): StructWriter {
  const times: Array<[bigint, number, number]> = [
    [st.atimeNs, layout.st_atime, layout.st_atime_nsec],
    [st.mtimeNs, layout.st_mtime, layout.st_mtime_nsec],
    [st.ctimeNs, layout.st_ctime, layout.st_ctime_nsec],
  ];
  for (const [ns, secAt, nsecAt] of times) {
    const [sec, nsec] = splitTime(ns);
    w.u32(secAt, Number(BigInt.asUintN(32, sec))).u32(nsecAt, nsec);
  }
  return w;
}

/** The old struct stat (cp_new_stat): 32-bit inode and size, so larger values are EOVERFLOW. */
function statBytes(st: HostStat): Uint8Array | number {
  if (st.ino > 0xffffffff || st.size > 0x7fffffff) return -Errno.EOVERFLOW;
  const w = new StructWriter(Stat.size)
    .u32(Stat.st_dev, guestDev(st.dev)).u32(Stat.st_ino, st.ino).u32(Stat.st_mode, st.mode).u32(Stat.st_nlink, st.nlink)
    .u32(Stat.st_uid, st.uid).u32(Stat.st_gid, st.gid).u32(Stat.st_rdev, guestDev(st.rdev)).i32(Stat.st_size, st.size)
    .u32(Stat.st_blksize, st.blksize).u32(Stat.st_blocks, st.blocks);
  return writeTimes(w, st, Stat).bytes;
}

/** Mount ids: the root file system and the virtual ones, as statx's STATX_MNT_ID reports them. */
const MOUNT_ID = { root: 21, virtual: 22 } as const;
/** Attribute bits ext4 and the VFS can report (ext4_getattr, vfs_getattr_nosec, vfs_statx). */
const ATTRIBUTES_MASK = STATX_ATTR.COMPRESSED | STATX_ATTR.IMMUTABLE | STATX_ATTR.APPEND | STATX_ATTR.NODUMP
  | STATX_ATTR.ENCRYPTED | STATX_ATTR.VERITY | STATX_ATTR.AUTOMOUNT | STATX_ATTR.MOUNT_ROOT | STATX_ATTR.DAX;

/** struct statx (cp_statx). BTIME only when asked for and known, MNT_ID always (vfs_statx, 5.8+). */
function statxBytes(a: Attributes, requested: number): Uint8Array {
  const st = a.st;
  const withBirth = (requested & STATX.BTIME) !== 0 && st.birthtimeNs !== 0n && !a.virtual;
  const mountRoot = a.guest === '/' || a.guest === '/proc' || a.guest === '/sys';
  const w = new StructWriter(Statx.size)
    .u32(Statx.stx_mask, STATX.BASIC_STATS | STATX.MNT_ID | (withBirth ? STATX.BTIME : 0))
    .u32(Statx.stx_blksize, st.blksize)
    .u64(Statx.stx_attributes, mountRoot ? STATX_ATTR.MOUNT_ROOT : 0)
    .u32(Statx.stx_nlink, st.nlink)
    .u32(Statx.stx_uid, st.uid)
    .u32(Statx.stx_gid, st.gid)
    .u16(Statx.stx_mode, st.mode)
    .u64(Statx.stx_ino, st.ino)
    .u64(Statx.stx_size, st.size)
    .u64(Statx.stx_blocks, st.blocks)
    .u64(Statx.stx_attributes_mask, ATTRIBUTES_MASK)
    .u32(Statx.stx_rdev_major, majorOf(st.rdev))
    .u32(Statx.stx_rdev_minor, minorOf(st.rdev))
    .u32(Statx.stx_dev_major, majorOf(st.dev))
    .u32(Statx.stx_dev_minor, minorOf(st.dev))
    .u64(Statx.stx_mnt_id, a.virtual ? MOUNT_ID.virtual : MOUNT_ID.root);
  const stamp = (at: number, ns: bigint) => {
    const [sec, nsec] = splitTime(ns);
    w.i64(at + StatxTimestamp.tv_sec, sec).u32(at + StatxTimestamp.tv_nsec, nsec);
  };
  stamp(Statx.stx_atime, st.atimeNs);
  stamp(Statx.stx_mtime, st.mtimeNs);
  stamp(Statx.stx_ctime, st.ctimeNs);
  if (withBirth) stamp(Statx.stx_btime, st.birthtimeNs);
  return w.bytes;
}

const STAT_FLAGS = AT.SYMLINK_NOFOLLOW | AT.NO_AUTOMOUNT | AT.EMPTY_PATH;

function fstatat64(c: SyscallContext, dirfd: number, pathAddr: number, buf: number, flags: number): number {
  if ((flags & ~STAT_FLAGS) !== 0) return -Errno.EINVAL;
  const a = attributesAt(c, dirfd, pathAddr, flags);
  if (typeof a === 'number') return a;
  c.as.write(buf, stat64Bytes(a.st));
  return 0;
}

function fstat64(c: SyscallContext): number {
  const f = c.process.fds.get(s32(c, 0));
  if (!f) return -Errno.EBADF;
  const a = fileAttributes(f);
  if (typeof a === 'number') return a;
  c.as.write(u32(c, 1), stat64Bytes(a.st));
  return 0;
}

/** The old stat/lstat/fstat with struct stat. */
function oldStat(kind: 'path' | 'link' | 'fd') {
  return (c: SyscallContext): number => {
    let a: Attributes | number;
    if (kind === 'fd') {
      const f = c.process.fds.get(s32(c, 0));
      a = f ? fileAttributes(f) : -Errno.EBADF;
    } else {
      a = attributesAt(c, AT.FDCWD, u32(c, 0), kind === 'link' ? AT.SYMLINK_NOFOLLOW : 0);
    }
    if (typeof a === 'number') return a;
    const bytes = statBytes(a.st);
    if (typeof bytes === 'number') return bytes;
    c.as.write(u32(c, 1), bytes);
    return 0;
  };
}

function statx(c: SyscallContext): number {
  const dirfd = s32(c, 0);
  const flags = u32(c, 2);
  const mask = u32(c, 3);
  if ((mask & STATX._RESERVED) !== 0) return -Errno.EINVAL;
  if ((flags & ~(STAT_FLAGS | AT.STATX_SYNC_TYPE)) !== 0) return -Errno.EINVAL;
  if ((flags & AT.STATX_SYNC_TYPE) === AT.STATX_SYNC_TYPE) return -Errno.EINVAL;
  const a = attributesAt(c, dirfd, u32(c, 1), flags);
  if (typeof a === 'number') return a;
  c.as.write(u32(c, 4), statxBytes(a, mask));
  return 0;
}

// ---------------------------------------------------------------------- access, readlink, cwd

function faccessat(c: SyscallContext, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  if ((mode & ~(ACCESS.R_OK | ACCESS.W_OK | ACCESS.X_OK)) !== 0) return -Errno.EINVAL;
  if ((flags & ~(AT.EACCESS | AT.SYMLINK_NOFOLLOW | AT.EMPTY_PATH)) !== 0) return -Errno.EINVAL;
  const a = attributesAt(c, dirfd, pathAddr, flags & (AT.SYMLINK_NOFOLLOW | AT.EMPTY_PATH));
  if (typeof a === 'number') return a;
  return mayAccess(c, a.st, mode);
}

function readlinkat(c: SyscallContext, dirfd: number, pathAddr: number, buf: number, size: number): number {
  const path = readPath(c, pathAddr);
  if (typeof path === 'number') return path;
  if (size <= 0) return -Errno.EINVAL;
  if (path === '') return -Errno.ENOENT;
  const r = resolveAt(c, dirfd, path, false);
  if (typeof r === 'number') return r;
  if (!r.exists) return -Errno.ENOENT;
  let target: string;
  if (r.virtual) {
    if (r.virtual.type !== 'symlink') return -Errno.EINVAL;
    target = r.virtual.target;
  } else {
    const st = lstatResolved(c, r);
    if (typeof st === 'number') return st;
    if ((st.mode & S.IFMT) !== S.IFLNK) return -Errno.EINVAL;
    const t = hostCall(() => c.kernel.host.fs.readlink(r.host));
    if (typeof t === 'number') return t;
    target = t;
  }
  const bytes = new TextEncoder().encode(target).subarray(0, size);
  c.as.write(buf, bytes);
  return bytes.length;
}

/** getcwd: the length including the NUL; ERANGE if it does not fit, ENOENT once the directory is gone. */
function getcwd(c: SyscallContext): number {
  const cwd = c.process.fs.cwd;
  const r = resolveAt(c, AT.FDCWD, cwd, true);
  if (typeof r === 'number') return r === -Errno.ENOENT ? r : -Errno.ENOENT;
  if (!r.exists) return -Errno.ENOENT;
  const bytes = new TextEncoder().encode(`${cwd}\0`);
  if (u32(c, 1) < bytes.length) return -Errno.ERANGE;
  c.as.write(u32(c, 0), bytes);
  return bytes.length;
}

function enterDirectory(c: SyscallContext, guest: string, st: HostStat): number {
  if ((st.mode & S.IFMT) !== S.IFDIR) return -Errno.ENOTDIR;
  const denied = mayAccess(c, st, ACCESS.X_OK);
  if (denied < 0) return denied;
  c.process.fs.cwd = guest;
  return 0;
}

function chdir(c: SyscallContext): number {
  const path = readPath(c, u32(c, 0));
  if (typeof path === 'number') return path;
  const r = resolveAt(c, AT.FDCWD, path, true);
  if (typeof r === 'number') return r;
  if (!r.exists) return -Errno.ENOENT;
  const st = lstatResolved(c, r);
  if (typeof st === 'number') return st;
  return enterDirectory(c, r.guest, st);
}

function fchdir(c: SyscallContext): number {
  const f = c.process.fds.get(s32(c, 0));
  if (!f) return -Errno.EBADF;
  const guest = directoryPathOf(f);
  if (guest === undefined) return -Errno.ENOTDIR;
  const st = f.stat();
  if (typeof st === 'number') return st;
  return enterDirectory(c, guest, st);
}

// ---------------------------------------------------------------------- creating and removing names

/** A path without its trailing slashes ("/" stays "/"), and whether it had any. */
function stripSlashes(path: string): [string, boolean] {
  const stripped = path.replace(/\/+$/, '');
  return stripped === '' && path.startsWith('/') ? ['/', false] : [stripped, stripped.length !== path.length];
}

/**
 * The name a creating call (mkdir, symlink, link) makes: it must not exist. A trailing slash is only allowed
 * for mkdir (filename_create); inside /proc and /sys nothing can be created.
 */
function newName(c: SyscallContext, dirfd: number, path: string, allowSlash: boolean): Resolved | number {
  const [name, slash] = stripSlashes(path);
  const r = resolveAt(c, dirfd, name, false);
  if (typeof r === 'number') return r;
  if (r.exists) return -Errno.EEXIST;
  if (r.virtual !== undefined) return -Errno.ENOENT;
  if (slash && !allowSlash) return -Errno.ENOENT;
  return r;
}

function mkdirat(c: SyscallContext, dirfd: number, pathAddr: number, mode: number): number {
  const path = readPath(c, pathAddr);
  if (typeof path === 'number') return path;
  const r = newName(c, dirfd, path, true);
  if (typeof r === 'number') return r;
  const fs = c.kernel.host.fs;
  const perm = mode & (S.IRWXU | S.IRWXG | S.IRWXO | S.ISVTX) & ~c.process.fs.umask;
  const made = hostCall(() => fs.mkdir(r.host, perm));
  if (typeof made === 'number') return made;
  // The host's own umask applied too: set the mode Linux gives, keeping a set-group-ID bit inherited from the parent.
  const st = hostCall(() => fs.lstat(r.host));
  const inherited = typeof st === 'number' ? 0 : st.mode & S.ISGID;
  hostCall(() => fs.chmod(r.host, perm | inherited));
  return 0;
}

/** An existing name to remove or rename, not following a final link even with a trailing slash. */
function existingName(c: SyscallContext, dirfd: number, path: string): { r: Resolved; st: HostStat; slash: boolean } | number {
  const [name, slash] = stripSlashes(path);
  const r = resolveAt(c, dirfd, name, false);
  if (typeof r === 'number') return r;
  if (!r.exists) return -Errno.ENOENT;
  const st = lstatResolved(c, r);
  if (typeof st === 'number') return st;
  return { r, st, slash };
}

const isDir = (st: HostStat) => (st.mode & S.IFMT) === S.IFDIR;

function rmdirAt(c: SyscallContext, dirfd: number, path: string): number {
  const last = lastComponent(path);
  if (last === '.') return -Errno.EINVAL;
  if (last === '..') return -Errno.ENOTEMPTY;
  const e = existingName(c, dirfd, path);
  if (typeof e === 'number') return e;
  if (e.r.virtual) return -Errno.EPERM;
  if (!isDir(e.st)) return -Errno.ENOTDIR;
  if (e.r.guest === '/') return -Errno.EBUSY;
  const r = hostCall(() => c.kernel.host.fs.rmdir(e.r.host));
  return typeof r === 'number' ? r : 0;
}

function unlinkAt(c: SyscallContext, dirfd: number, path: string): number {
  const last = lastComponent(path);
  if (last === '.' || last === '..' || path === '/') return -Errno.EISDIR;
  const e = existingName(c, dirfd, path);
  if (typeof e === 'number') return e;
  if (e.r.virtual) return -Errno.EPERM;
  if (isDir(e.st)) return -Errno.EISDIR;
  if (e.slash) return -Errno.ENOTDIR;
  const r = hostCall(() => c.kernel.host.fs.unlink(e.r.host));
  return typeof r === 'number' ? r : 0;
}

function pathThen(op: (c: SyscallContext, path: string) => number, at = 0) {
  return (c: SyscallContext): number => {
    const path = readPath(c, u32(c, at));
    return typeof path === 'number' ? path : op(c, path);
  };
}

function unlinkat(c: SyscallContext): number {
  const flags = u32(c, 2);
  if ((flags & ~AT.REMOVEDIR) !== 0) return -Errno.EINVAL;
  const path = readPath(c, u32(c, 1));
  if (typeof path === 'number') return path;
  return (flags & AT.REMOVEDIR) !== 0 ? rmdirAt(c, s32(c, 0), path) : unlinkAt(c, s32(c, 0), path);
}

/** renameat2 (do_renameat2) with flags 0 or RENAME_NOREPLACE; RENAME_EXCHANGE and RENAME_WHITEOUT are EINVAL. */
function renameat2(c: SyscallContext, olddirfd: number, oldAddr: number, newdirfd: number, newAddr: number, flags: number): number {
  if ((flags & ~RENAME.NOREPLACE) !== 0) return -Errno.EINVAL;
  const oldPath = readPath(c, oldAddr);
  if (typeof oldPath === 'number') return oldPath;
  const newPath = readPath(c, newAddr);
  if (typeof newPath === 'number') return newPath;
  for (const p of [oldPath, newPath]) {
    const last = lastComponent(p);
    if (last === '.' || last === '..' || last === '/') return -Errno.EBUSY;
  }
  const from = existingName(c, olddirfd, oldPath);
  if (typeof from === 'number') return from;
  const [toName, toSlash] = stripSlashes(newPath);
  const to = resolveAt(c, newdirfd, toName, false);
  if (typeof to === 'number') return to;
  // Inside /proc a new name cannot even be looked up (ENOENT); existing entries cannot be renamed (no ->rename).
  if (to.virtual && !to.exists) return -Errno.ENOENT;
  if (from.r.virtual || to.virtual) return from.r.virtual && to.virtual ? -Errno.EPERM : -Errno.EXDEV;
  if (!isDir(from.st) && (from.slash || toSlash)) return -Errno.ENOTDIR;
  if ((flags & RENAME.NOREPLACE) !== 0 && to.exists) return -Errno.EEXIST;
  const r = hostCall(() => c.kernel.host.fs.rename(from.r.host, to.host));
  return typeof r === 'number' ? r : 0;
}

function symlinkat(c: SyscallContext, targetAddr: number, dirfd: number, pathAddr: number): number {
  const target = readPath(c, targetAddr);
  if (typeof target === 'number') return target;
  const path = readPath(c, pathAddr);
  if (typeof path === 'number') return path;
  if (target === '' || path === '') return -Errno.ENOENT;
  const r = newName(c, dirfd, path, false);
  if (typeof r === 'number') return r;
  // The target is stored verbatim: it is only ever interpreted by the resolver, inside the guest's root.
  const done = hostCall(() => c.kernel.host.fs.symlink(target, r.host));
  return typeof done === 'number' ? done : 0;
}

function linkat(c: SyscallContext, olddirfd: number, oldAddr: number, newdirfd: number, newAddr: number, flags: number): number {
  if ((flags & ~(AT.SYMLINK_FOLLOW | AT.EMPTY_PATH)) !== 0) return -Errno.EINVAL;
  const oldPath = readPath(c, oldAddr);
  if (typeof oldPath === 'number') return oldPath;
  const newPath = readPath(c, newAddr);
  if (typeof newPath === 'number') return newPath;
  let source: { host: string; st: HostStat; virtual: boolean };
  if (oldPath === '' && (flags & AT.EMPTY_PATH) !== 0) {
    const f = c.process.fds.get(olddirfd);
    if (!f) return -Errno.EBADF;
    if (!(f instanceof HostFile)) return -Errno.ENOENT;
    const st = f.stat();
    if (typeof st === 'number') return st;
    source = { host: f.hostPath, st, virtual: false };
  } else {
    if (oldPath === '') return -Errno.ENOENT;
    const r = resolveAt(c, olddirfd, oldPath, (flags & AT.SYMLINK_FOLLOW) !== 0);
    if (typeof r === 'number') return r;
    if (!r.exists) return -Errno.ENOENT;
    const st = lstatResolved(c, r);
    if (typeof st === 'number') return st;
    source = { host: r.host, st, virtual: r.virtual !== undefined };
  }
  if (newPath === '') return -Errno.ENOENT;
  const to = newName(c, newdirfd, newPath, false);
  if (typeof to === 'number') return to === -Errno.ENOENT && source.virtual ? -Errno.EXDEV : to;
  if (source.virtual) return -Errno.EXDEV;
  if (isDir(source.st)) return -Errno.EPERM;
  const done = hostCall(() => c.kernel.host.fs.link(source.host, to.host));
  return typeof done === 'number' ? done : 0;
}

// ---------------------------------------------------------------------- modes and times

function fchmodat(c: SyscallContext, dirfd: number, pathAddr: number, mode: number, flags: number): number {
  if ((flags & ~(AT.SYMLINK_NOFOLLOW | AT.EMPTY_PATH)) !== 0) return -Errno.EINVAL;
  const path = readPath(c, pathAddr);
  if (typeof path === 'number') return path;
  if (path === '') {
    if ((flags & AT.EMPTY_PATH) === 0) return -Errno.ENOENT;
    return fchmodFile(c, dirfd, mode);
  }
  const r = resolveAt(c, dirfd, path, (flags & AT.SYMLINK_NOFOLLOW) === 0);
  if (typeof r === 'number') return r;
  if (!r.exists) return -Errno.ENOENT;
  if (r.virtual) return -Errno.EPERM; // proc_setattr refuses mode changes
  const st = lstatResolved(c, r);
  if (typeof st === 'number') return st;
  if ((st.mode & S.IFMT) === S.IFLNK) return -Errno.EOPNOTSUPP; // fchmodat2 with AT_SYMLINK_NOFOLLOW
  const done = hostCall(() => c.kernel.host.fs.chmod(r.host, mode & 0o7777));
  return typeof done === 'number' ? done : 0;
}

function fchmodFile(c: SyscallContext, fd: number, mode: number): number {
  const f = c.process.fds.get(fd);
  if (!f || (f.statusFlags & O.PATH) !== 0) return -Errno.EBADF;
  if (f instanceof HostFile || f instanceof DirectoryFile) {
    if (f instanceof DirectoryFile && f.guestPath !== undefined && isVirtualPath(f.guestPath)) return -Errno.EPERM;
    return f.chmod(mode & 0o7777);
  }
  // A pipe's inode lives only in the kernel; its mode is not shown anywhere Trapgate keeps, so the change is moot.
  if (f instanceof PipeEnd) return 0;
  return -Errno.EPERM;
}

/** Reads utimensat's two timestamps; undefined when the pointer is NULL ("now" for both). */
function readTimes(c: SyscallContext, addr: number, wide: boolean): Array<[bigint, number]> | undefined {
  if (addr === 0) return undefined;
  const size = wide ? KernelTimespec.size : Timespec.size;
  const r = new StructReader(c.as.read(addr, 2 * size));
  return [0, 1].map((i): [bigint, number] => {
    const at = i * size;
    if (wide) {
      // A 32-bit kernel's timespec64 takes only the low word of tv_nsec (get_timespec64).
      return [r.i64(at + KernelTimespec.tv_sec), r.i32(at + KernelTimespec.tv_nsec)];
    }
    return [BigInt(r.i32(at + Timespec.tv_sec)), r.i32(at + Timespec.tv_nsec)];
  });
}

function utimensat(wide: boolean) {
  return (c: SyscallContext): number => {
    const dirfd = s32(c, 0);
    const pathAddr = u32(c, 1);
    const flags = u32(c, 3);
    const times = readTimes(c, u32(c, 2), wide);
    const valid = (nsec: number) => nsec === UTIME.NOW || nsec === UTIME.OMIT || (nsec >= 0 && nsec < 1_000_000_000);
    if (times && !times.every(([, nsec]) => valid(nsec))) return -Errno.EINVAL;
    if ((flags & ~(AT.SYMLINK_NOFOLLOW | AT.EMPTY_PATH)) !== 0) return -Errno.EINVAL;
    let host: string | undefined;
    let st: HostStat;
    if (pathAddr === 0 && dirfd !== AT.FDCWD) {
      // futimens: the descriptor itself.
      if (flags !== 0) return -Errno.EINVAL;
      const f = c.process.fds.get(dirfd);
      if (!f) return -Errno.EBADF;
      const s = f.stat();
      if (typeof s === 'number') return s;
      st = s;
      if (f instanceof HostFile) host = f.hostPath;
      else if (f instanceof DirectoryFile) host = f.source.host?.path;
    } else {
      const path = readPath(c, pathAddr);
      if (typeof path === 'number') return path;
      if (path === '' && (flags & AT.EMPTY_PATH) === 0) return -Errno.ENOENT;
      const a = path === '' ? attributesAt(c, dirfd, 0, AT.EMPTY_PATH) : undefined;
      if (typeof a === 'number') return a;
      if (a) {
        st = a.st;
        const f = c.process.fds.get(dirfd);
        if (f instanceof HostFile) host = f.hostPath;
      } else {
        const r = resolveAt(c, dirfd, path, (flags & AT.SYMLINK_NOFOLLOW) === 0);
        if (typeof r === 'number') return r;
        if (!r.exists) return -Errno.ENOENT;
        const s = lstatResolved(c, r);
        if (typeof s === 'number') return s;
        st = s;
        if (!r.virtual) host = r.host;
      }
    }
    if (times && times[0]![1] === UTIME.OMIT && times[1]![1] === UTIME.OMIT) return 0;
    // Kernel-only inodes (pipes, /proc) keep no times Trapgate could show later.
    if (host === undefined) return 0;
    const now = c.kernel.time.realtimeNs();
    const pick = (i: number, current: bigint): bigint => {
      if (!times) return now;
      const [sec, nsec] = times[i]!;
      if (nsec === UTIME.NOW) return now;
      if (nsec === UTIME.OMIT) return current;
      return sec * NS_PER_SEC + BigInt(nsec);
    };
    const target = host;
    const done = hostCall(() => c.kernel.host.fs.utimes(target, pick(0, st.atimeNs), pick(1, st.mtimeNs), false));
    return typeof done === 'number' ? done : 0;
  };
}

// ---------------------------------------------------------------------- file-system statistics

/** struct statfs64 of MIPS (arch/mips/include/uapi/asm/statfs.h), offsets computed with offsetof using
 * mipsel-linux-gnu-gcc against Debian's cross headers. Not part of src/abi yet. */
const Statfs64 = {
  size: 96, f_type: 0, f_bsize: 4, f_frsize: 8, f_blocks: 16, f_bfree: 24, f_files: 32, f_ffree: 40, f_bavail: 48,
  f_fsid: 56, f_namelen: 64, f_flags: 68,
} as const;
/** struct statfs of MIPS: 32-bit counts, and f_files/f_ffree before f_bavail (same source). */
const Statfs32 = {
  size: 68, f_type: 0, f_bsize: 4, f_frsize: 8, f_blocks: 12, f_bfree: 16, f_files: 20, f_ffree: 24, f_bavail: 28,
  f_fsid: 32, f_namelen: 40, f_flags: 44,
} as const;

/** Magic numbers (include/uapi/linux/magic.h) and mount flags (ST_* of include/linux/statfs.h). */
const FS_MAGIC = { ext4: 0xef53, proc: 0x9fa0, sysfs: 0x62656572, pipefs: 0x50495045 } as const;
const ST = { NOSUID: 0x2, NODEV: 0x4, NOEXEC: 0x8, VALID: 0x20, RELATIME: 0x1000 } as const;

interface FsInfo {
  type: number;
  blocks: number;
  free: number;
  files: number;
  ffree: number;
  flags: number;
}

/**
 * The host does not report its file system's statistics, so the root is described as a plausible 16 GiB ext4
 * volume with 4 KiB blocks; the virtual file systems as Linux reports them (no blocks).
 */
function fsInfo(guest: string | undefined, kind: 'pipe' | undefined): FsInfo {
  if (kind === 'pipe') return { type: FS_MAGIC.pipefs, blocks: 0, free: 0, files: 0, ffree: 0, flags: ST.VALID };
  const pseudo = ST.VALID | ST.NOSUID | ST.NODEV | ST.NOEXEC | ST.RELATIME;
  if (guest !== undefined && (guest === '/proc' || guest.startsWith('/proc/'))) return { type: FS_MAGIC.proc, blocks: 0, free: 0, files: 0, ffree: 0, flags: pseudo };
  if (guest !== undefined && (guest === '/sys' || guest.startsWith('/sys/'))) return { type: FS_MAGIC.sysfs, blocks: 0, free: 0, files: 0, ffree: 0, flags: pseudo };
  return { type: FS_MAGIC.ext4, blocks: 4 << 20, free: 2 << 20, files: 1 << 20, ffree: 900_000, flags: ST.VALID | ST.RELATIME };
}

function statfsBytes(info: FsInfo, wide: boolean): Uint8Array {
  const L = wide ? Statfs64 : Statfs32;
  const w = new StructWriter(L.size).u32(L.f_type, info.type).u32(L.f_bsize, 4096).u32(L.f_frsize, 4096)
    .u32(L.f_namelen, 255).u32(L.f_flags, info.flags);
  // ext4 keeps 5% of blocks for root: what f_bavail leaves out.
  const avail = Math.floor(info.free * 0.95);
  if (wide) {
    w.u64(L.f_blocks, info.blocks).u64(L.f_bfree, info.free).u64(L.f_bavail, avail).u64(L.f_files, info.files).u64(L.f_ffree, info.ffree);
  } else {
    w.u32(L.f_blocks, info.blocks).u32(L.f_bfree, info.free).u32(L.f_bavail, avail).u32(L.f_files, info.files).u32(L.f_ffree, info.ffree);
  }
  return w.bytes;
}

function statfsPath(wide: boolean) {
  return (c: SyscallContext): number => {
    if (wide && u32(c, 1) !== Statfs64.size) return -Errno.EINVAL;
    const path = readPath(c, u32(c, 0));
    if (typeof path === 'number') return path;
    const r = resolveAt(c, AT.FDCWD, path, true);
    if (typeof r === 'number') return r;
    if (!r.exists) return -Errno.ENOENT;
    c.as.write(u32(c, wide ? 2 : 1), statfsBytes(fsInfo(r.guest, undefined), wide));
    return 0;
  };
}

function statfsFd(wide: boolean) {
  return (c: SyscallContext): number => {
    if (wide && u32(c, 1) !== Statfs64.size) return -Errno.EINVAL;
    const f = c.process.fds.get(s32(c, 0));
    if (!f) return -Errno.EBADF;
    const info = fsInfo(f instanceof HostFile ? undefined : f.guestPath, f instanceof PipeEnd ? 'pipe' : undefined);
    c.as.write(u32(c, wide ? 2 : 1), statfsBytes(info, wide));
    return 0;
  };
}

export const PATH_SYSCALLS: SyscallFamily = {
  stat64: (c) => fstatat64(c, AT.FDCWD, u32(c, 0), u32(c, 1), 0),
  lstat64: (c) => fstatat64(c, AT.FDCWD, u32(c, 0), u32(c, 1), AT.SYMLINK_NOFOLLOW),
  fstat64,
  fstatat64: (c) => fstatat64(c, s32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3)),
  stat: oldStat('path'),
  lstat: oldStat('link'),
  fstat: oldStat('fd'),
  statx,
  access: (c) => faccessat(c, AT.FDCWD, u32(c, 0), u32(c, 1), 0),
  faccessat: (c) => faccessat(c, s32(c, 0), u32(c, 1), u32(c, 2), 0),
  faccessat2: (c) => faccessat(c, s32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3)),
  readlink: (c) => readlinkat(c, AT.FDCWD, u32(c, 0), u32(c, 1), s32(c, 2)),
  readlinkat: (c) => readlinkat(c, s32(c, 0), u32(c, 1), u32(c, 2), s32(c, 3)),
  getcwd,
  chdir,
  fchdir,
  mkdir: (c) => mkdirat(c, AT.FDCWD, u32(c, 0), u32(c, 1)),
  mkdirat: (c) => mkdirat(c, s32(c, 0), u32(c, 1), u32(c, 2)),
  rmdir: pathThen((c, path) => rmdirAt(c, AT.FDCWD, path)),
  unlink: pathThen((c, path) => unlinkAt(c, AT.FDCWD, path)),
  unlinkat,
  rename: (c) => renameat2(c, AT.FDCWD, u32(c, 0), AT.FDCWD, u32(c, 1), 0),
  renameat: (c) => renameat2(c, s32(c, 0), u32(c, 1), s32(c, 2), u32(c, 3), 0),
  renameat2: (c) => renameat2(c, s32(c, 0), u32(c, 1), s32(c, 2), u32(c, 3), u32(c, 4)),
  symlink: (c) => symlinkat(c, u32(c, 0), AT.FDCWD, u32(c, 1)),
  symlinkat: (c) => symlinkat(c, u32(c, 0), s32(c, 1), u32(c, 2)),
  link: (c) => linkat(c, AT.FDCWD, u32(c, 0), AT.FDCWD, u32(c, 1), 0),
  linkat: (c) => linkat(c, s32(c, 0), u32(c, 1), s32(c, 2), u32(c, 3), u32(c, 4)),
  chmod: (c) => fchmodat(c, AT.FDCWD, u32(c, 0), u32(c, 1), 0),
  fchmod: (c) => fchmodFile(c, s32(c, 0), u32(c, 1)),
  fchmodat: (c) => fchmodat(c, s32(c, 0), u32(c, 1), u32(c, 2), 0),
  fchmodat2: (c) => fchmodat(c, s32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3)),
  utimensat: utimensat(false),
  utimensat_time64: utimensat(true),
  statfs: statfsPath(false),
  fstatfs: statfsFd(false),
  statfs64: statfsPath(true),
  fstatfs64: statfsFd(true),
};
