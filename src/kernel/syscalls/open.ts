/**
 * open/openat/creat (fs/namei.c path_openat, do_open; fs/open.c build_open_flags): resolve the path inside the
 * root, create or check what it names, and build the open file description. /proc's fd links are "magic": like
 * Linux, opening one reaches the file the descriptor refers to, not a path re-resolved from its name.
 */
import { Errno } from '../../abi/errno.js';
import { ACCESS, AT, O, S } from '../../abi/flags.js';
import type { HostStat } from '../../host/host.js';
import { DirectoryFile, openHostDirectory } from '../fs/directory.js';
import type { OpenFile } from '../fs/file.js';
import { HostFile } from '../fs/host-file.js';
import { hostCall } from '../fs/host-errors.js';
import type { Resolved } from '../fs/path.js';
import { PathFile } from '../fs/path-file.js';
import { PipeEnd } from '../fs/pipe.js';
import type { ProcNode } from '../fs/proc.js';
import { VirtualFile } from '../fs/virtual-file.js';
import type { SyscallContext } from './context.js';
import {
  fdLimit, lstatResolved, mayAccess, parentGuestPath, procNodeOf, readPath, resolveAt, resolveFrom,
} from './path-args.js';

/** Linux's MAXSYMLINKS: links followed in one lookup. */
const MAX_SYMLINKS = 40;
/** Flags that only steer the open itself and are not kept in f_flags (do_dentry_open; O_CLOEXEC is the fd's). */
const OPEN_ONLY_FLAGS = O.CREAT | O.EXCL | O.NOCTTY | O.TRUNC | O.CLOEXEC;
/** What O_PATH keeps (build_open_flags: O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC are honoured). */
const PATH_FLAGS = O.PATH | O.DIRECTORY | O.NOFOLLOW;
/** The largest size a file opened without O_LARGEFILE may have on a 32-bit kernel (MAX_NON_LFS). */
const MAX_NON_LFS = 0x7fffffff;

type Access = 'r' | 'w' | 'rw';

function hostAccess(flags: number): Access {
  const mode = flags & O.ACCMODE;
  return mode === O.RDONLY ? 'r' : mode === O.WRONLY ? 'w' : 'rw';
}

function wantsWrite(flags: number): boolean {
  return (flags & O.ACCMODE) !== O.RDONLY;
}

/** What a resolution names, following a final /proc fd link to its open file when asked to. */
type Target = { kind: 'path'; r: Resolved } | { kind: 'magic'; file: OpenFile; r: Resolved };

/**
 * Resolves for an open or a stat. A final symlink is followed here one link at a time, so that a /proc fd link
 * met at any step (/dev/stdin → /proc/self/fd/0 → the open file) is taken to the file it stands for, as Linux's
 * magic links are; every other link is re-read inside the root by the resolver, as namei does.
 */
export function resolveTarget(c: SyscallContext, dirfd: number, path: string, follow: boolean): Target | number {
  let r = resolveAt(c, dirfd, path, false);
  for (let links = 0; ; links++) {
    if (typeof r === 'number') return r;
    if (!follow || !r.exists) return { kind: 'path', r };
    const node = procNodeOf(r);
    if (node?.type === 'symlink' && node.magic) {
      const file = node.magic();
      if (file) return { kind: 'magic', file, r };
    }
    const target = linkTarget(c, r, node);
    if (typeof target === 'number') return target;
    if (target === undefined) return { kind: 'path', r };
    if (links >= MAX_SYMLINKS) return -Errno.ELOOP;
    if (target === '') return -Errno.ENOENT;
    r = resolveFrom(c, parentGuestPath(r.guest), target, false);
  }
}

/** The target of the symlink a resolution names, undefined when it names something else. */
function linkTarget(c: SyscallContext, r: Resolved, node: ProcNode | undefined): string | undefined | number {
  if (node) return node.type === 'symlink' ? node.target : undefined;
  const st = lstatResolved(c, r);
  if (typeof st === 'number' || (st.mode & S.IFMT) !== S.IFLNK) return undefined;
  return hostCall(() => c.kernel.host.fs.readlink(r.host));
}

/** Installs a new description at the lowest free descriptor, or releases it when the table is full. */
export function installFile(c: SyscallContext, file: OpenFile, cloexec: boolean): number {
  const fd = c.process.fds.install(file, cloexec, 0, fdLimit(c));
  if (fd < 0) file.release();
  return fd;
}

/** openat(dirfd, path, flags, mode): the new descriptor or a negative errno. */
export function openAt(c: SyscallContext, dirfd: number, pathAddr: number, flags: number, mode: number): number {
  const path = readPath(c, pathAddr);
  if (typeof path === 'number') return path;
  let file: OpenFile | number;
  if ((flags & O.TMPFILE) === O.TMPFILE) file = openTmpfile(c, dirfd, path, flags, mode);
  else if ((flags & O.PATH) !== 0) file = openPath(c, dirfd, path, flags);
  else file = openFile(c, dirfd, path, flags, mode);
  if (typeof file === 'number') return file;
  return installFile(c, file, (flags & O.CLOEXEC) !== 0);
}

/**
 * O_TMPFILE: an unnamed regular file in the directory `path`. The host gives no such thing portably, so a file
 * with an unguessable name is created there and unlinked at once: the guest sees an inode with no name, shown
 * as "/dir/#ino (deleted)" like Linux's. (Giving it a name later with linkat(AT_EMPTY_PATH) is not possible.)
 */
function openTmpfile(c: SyscallContext, dirfd: number, path: string, flags: number, mode: number): OpenFile | number {
  if (!wantsWrite(flags)) return -Errno.EINVAL;
  const r = resolveAt(c, dirfd, path, true);
  if (typeof r === 'number') return r;
  if (!r.exists) return -Errno.ENOENT;
  if (r.virtual) return -Errno.EOPNOTSUPP;
  const st = lstatResolved(c, r);
  if (typeof st === 'number') return st;
  if ((st.mode & S.IFMT) !== S.IFDIR) return -Errno.ENOTDIR;
  const random = new Uint8Array(12);
  c.kernel.random.fill(random);
  const name = `.trapgate-tmpfile-${Array.from(random, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  const guest = r.guest === '/' ? `/${name}` : `${r.guest}/${name}`;
  const host = c.kernel.paths.hostPath(guest);
  const fs = c.kernel.host.fs;
  const perm = mode & 0o7777 & ~c.process.fs.umask;
  const fd = hostCall(() => fs.open(host, hostAccess(flags), true, true, false, false, perm));
  if (fd < 0) return fd;
  hostCall(() => fs.fchmod(fd, perm));
  hostCall(() => fs.unlink(host));
  const made = hostCall(() => fs.fstat(fd));
  const ino = typeof made === 'number' ? 0 : made.ino;
  const shown = `${r.guest === '/' ? '' : r.guest}/#${ino} (deleted)`;
  return new HostFile(fs, fd, host, flags & ~OPEN_ONLY_FLAGS, shown, c.kernel.pageCache);
}

function openPath(c: SyscallContext, dirfd: number, path: string, flags: number): OpenFile | number {
  const target = resolveTarget(c, dirfd, path, (flags & O.NOFOLLOW) === 0);
  if (typeof target === 'number') return target;
  const r = target.r;
  if (!r.exists) return -Errno.ENOENT;
  const attributes = target.kind === 'magic' ? () => target.file.stat() : () => lstatResolved(c, r);
  const st = attributes();
  if (typeof st === 'number') return st;
  const isDir = (st.mode & S.IFMT) === S.IFDIR;
  if ((flags & O.DIRECTORY) !== 0 && !isDir) return -Errno.ENOTDIR;
  return new PathFile(attributes, isDir, flags & PATH_FLAGS, r.guest);
}

function openFile(c: SyscallContext, dirfd: number, path: string, flags: number, mode: number): OpenFile | number {
  const exclusiveCreate = (flags & O.CREAT) !== 0 && (flags & O.EXCL) !== 0;
  const follow = (flags & O.NOFOLLOW) === 0 && !exclusiveCreate;
  const target = resolveTarget(c, dirfd, path, follow);
  if (typeof target === 'number') return target;
  const keep = flags & ~OPEN_ONLY_FLAGS;
  if (target.kind === 'magic') {
    if (exclusiveCreate) return -Errno.EEXIST;
    return reopen(c, target.file, flags);
  }
  const r = target.r;
  if (!r.exists) {
    if ((flags & O.CREAT) === 0 || r.virtual !== undefined) return -Errno.ENOENT;
    if (path.endsWith('/')) return -Errno.EISDIR;
    if ((flags & O.DIRECTORY) !== 0) return -Errno.EINVAL;
    const created = createFile(c, r, flags, mode, keep);
    if (created !== -Errno.EEXIST || exclusiveCreate) return created;
    // Someone else created it since the lookup: open what is there now.
    return openFile(c, dirfd, path, flags & ~O.CREAT, mode);
  }
  if (exclusiveCreate) return -Errno.EEXIST;
  const node = procNodeOf(r);
  if (node) return openVirtual(c, node, r, flags, keep);
  const st = lstatResolved(c, r);
  if (typeof st === 'number') return st;
  return openExisting(c, r, st, flags, keep);
}

function openExisting(c: SyscallContext, r: Resolved, st: HostStat, flags: number, keep: number): OpenFile | number {
  const fs = c.kernel.host.fs;
  switch (st.mode & S.IFMT) {
    case S.IFLNK:
      // Only reached when the link was not to be followed: O_NOFOLLOW.
      return -Errno.ELOOP;
    case S.IFDIR:
      if ((flags & O.CREAT) !== 0 || wantsWrite(flags)) return -Errno.EISDIR;
      return openHostDirectory(fs, r.host, c.kernel.paths.hostPath(parentGuestPath(r.guest)), keep, r.guest);
    case S.IFIFO:
    case S.IFSOCK:
      // A host FIFO's open would block the whole emulator, and sockets cannot be opened at all (ENXIO);
      // the FIFO is reported as one with no process at the other end, as a non-blocking writer sees it.
      return -Errno.ENXIO;
    default:
      break;
  }
  if ((flags & O.DIRECTORY) !== 0) return -Errno.ENOTDIR;
  if ((st.mode & S.IFMT) === S.IFREG && (flags & O.LARGEFILE) === 0 && st.size > MAX_NON_LFS) return -Errno.EOVERFLOW;
  const fd = hostCall(() => fs.open(r.host, hostAccess(flags), false, false, (flags & O.TRUNC) !== 0, false, 0));
  if (fd < 0) return fd;
  return new HostFile(fs, fd, r.host, keep, r.guest, c.kernel.pageCache);
}

/** O_CREAT of a name that does not exist: the mode is the guest's, less its umask (not the host's). */
function createFile(c: SyscallContext, r: Resolved, flags: number, mode: number, keep: number): OpenFile | number {
  const fs = c.kernel.host.fs;
  const perm = mode & 0o7777 & ~c.process.fs.umask;
  const fd = hostCall(() => fs.open(r.host, hostAccess(flags), true, true, false, false, perm));
  if (fd < 0) return fd;
  // The host applied its own umask as well; set exactly the mode Linux would have given the new inode.
  hostCall(() => fs.fchmod(fd, perm));
  return new HostFile(fs, fd, r.host, keep, r.guest, c.kernel.pageCache);
}

function openVirtual(c: SyscallContext, node: ProcNode, r: Resolved, flags: number, keep: number): OpenFile | number {
  switch (node.type) {
    case 'symlink':
      return -Errno.ELOOP;
    case 'dir': {
      if ((flags & O.CREAT) !== 0 || wantsWrite(flags)) return -Errno.EISDIR;
      const dir = DirectoryFile.open({
        list: () => node.list(),
        stat: () => node.stat(),
        parentIno: () => node.stat().ino,
      }, keep, r.guest);
      return dir;
    }
    case 'file': {
      if ((flags & O.DIRECTORY) !== 0) return -Errno.ENOTDIR;
      // The files are 0444, which only root may open for writing (and then every write is EIO, as procfs
      // answers for an entry without a write operation).
      const st = node.stat();
      if (wantsWrite(flags)) {
        const denied = mayAccess(c, st, ACCESS.W_OK);
        if (denied < 0) return denied;
      }
      // sysfs attributes are one page long, and SEEK_END is relative to that; procfs's seq files refuse it.
      return new VirtualFile(node.content(), () => node.stat(), keep, r.guest, st.size > 0 ? st.size : undefined);
    }
  }
}

/**
 * Opening /proc/<pid>/fd/N: a new description of the same file (proc_fd_link). A pipe gives a new end on the
 * same pipe and a host file is opened again; other files share the existing description.
 */
function reopen(c: SyscallContext, file: OpenFile, flags: number): OpenFile | number {
  const keep = flags & ~OPEN_ONLY_FLAGS;
  if (file instanceof PipeEnd) {
    const end = wantsWrite(flags) ? 'write' : 'read';
    return new PipeEnd(file.pipe, end, (keep & ~O.ACCMODE) | (end === 'write' ? O.WRONLY : O.RDONLY));
  }
  if (file instanceof HostFile || file instanceof DirectoryFile) {
    return openFile(c, AT.FDCWD, file.guestPath ?? '/', flags, 0);
  }
  if ((flags & O.DIRECTORY) !== 0) return -Errno.ENOTDIR;
  file.refs++;
  return file;
}
