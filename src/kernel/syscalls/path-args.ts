/**
 * What the file-system system calls share about path arguments: reading a path from user memory (getname),
 * choosing the starting directory of an *at() call, resolving through the PathResolver with the /proc and /sys
 * trees in view, and looking at what a resolved path names without ever following a host symlink.
 */
import { Errno } from '../../abi/errno.js';
import { ACCESS, AT, RLIMIT, S } from '../../abi/flags.js';
import type { HostStat } from '../../host/host.js';
import { DirectoryFile } from '../fs/directory.js';
import type { OpenFile } from '../fs/file.js';
import { hostCall } from '../fs/host-errors.js';
import type { Resolved } from '../fs/path.js';
import { PathFile } from '../fs/path-file.js';
import { isAbsent, isProcNode, procLookup, type ProcNode } from '../fs/proc.js';
import type { SyscallContext } from './context.js';

/** PATH_MAX, counting the terminating NUL (getname fails with ENAMETOOLONG at this length). */
export const PATH_MAX = 4096;
/** sysctl fs.nr_open: no descriptor limit can go beyond it. */
const NR_OPEN = 1 << 20;

const decoder = new TextDecoder();

/** A path argument: the string, or -ENAMETOOLONG. A bad pointer throws GuestFault, which becomes EFAULT. */
export function readPath(c: SyscallContext, addr: number): string | number {
  const bytes = c.as.readCString(addr >>> 0, PATH_MAX - 1);
  if (bytes === undefined) return -Errno.ENAMETOOLONG;
  return decoder.decode(bytes);
}

/** The soft RLIMIT_NOFILE: descriptors must stay below it. */
export function fdLimit(c: SyscallContext): number {
  const soft = c.process.rlimits[RLIMIT.NOFILE]![0];
  return soft > BigInt(NR_OPEN) ? NR_OPEN : Number(soft);
}

/** The guest directory a descriptor names when it can serve as a dirfd or for fchdir, else undefined. */
export function directoryPathOf(f: OpenFile): string | undefined {
  if (f instanceof DirectoryFile) return f.guestPath;
  if (f instanceof PathFile && f.isDirectory) return f.guestPath;
  return undefined;
}

/** The directory a relative path of an *at() call starts from (the dirfd is only looked at for relative paths). */
export function startDirectory(c: SyscallContext, dirfd: number, path: string): string | number {
  if (path.startsWith('/') || dirfd === AT.FDCWD) return c.process.fs.cwd;
  const f = c.process.fds.get(dirfd);
  if (!f) return -Errno.EBADF;
  return directoryPathOf(f) ?? -Errno.ENOTDIR;
}

/** Resolves `path` for an *at() call. Names that do not exist inside /proc or /sys come back as not existing. */
export function resolveAt(c: SyscallContext, dirfd: number, path: string, followLast: boolean): Resolved | number {
  const base = startDirectory(c, dirfd, path);
  if (typeof base === 'number') return base;
  return resolveFrom(c, base, path, followLast);
}

/** Resolves `path` relative to the guest directory `base` (a symlink's own directory, say). */
export function resolveFrom(c: SyscallContext, base: string, path: string, followLast: boolean): Resolved | number {
  const r = c.kernel.paths.resolve(path, base, { followLast, virtual: procLookup(c.kernel, c.process, c.thread) });
  if (typeof r === 'number') return r;
  if (isAbsent(r.virtual)) return { guest: r.guest, host: r.host, exists: false, virtual: r.virtual! };
  return r;
}

/** The virtual node a resolution names, if any. */
export function procNodeOf(r: Resolved): ProcNode | undefined {
  return isProcNode(r.virtual) ? r.virtual : undefined;
}

/** True when the resolved name lies inside a virtual tree (even a name that does not exist there). */
export function insideVirtualTree(r: Resolved): boolean {
  return r.virtual !== undefined;
}

/**
 * The attributes of what a resolution names, without following a final symlink: the resolver has already
 * followed every link it was asked to, and the host must never follow one itself (it would leave the root).
 */
export function lstatResolved(c: SyscallContext, r: Resolved): HostStat | number {
  const node = procNodeOf(r);
  if (node) return node.stat();
  return hostCall(() => c.kernel.host.fs.lstat(r.host));
}

/** The last component as the guest wrote it (`.` and `..` matter to rmdir, rename and friends). */
export function lastComponent(path: string): string {
  const parts = path.split('/').filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? '/';
}

/** The guest parent directory of a canonical guest path. */
export function parentGuestPath(guest: string): string {
  const i = guest.lastIndexOf('/');
  return i <= 0 ? '/' : guest.slice(0, i);
}

/**
 * generic_permission for the caller's identity: root may read and write anything and execute anything that
 * has an execute bit somewhere (or is a directory); others get the owner, group or other bits.
 */
export function mayAccess(c: SyscallContext, st: HostStat, mode: number): number {
  const want = mode & (ACCESS.R_OK | ACCESS.W_OK | ACCESS.X_OK);
  if (want === 0) return 0;
  const { uid, gid } = c.kernel.identity;
  const isDir = (st.mode & S.IFMT) === S.IFDIR;
  if (uid === 0) {
    const anyExec = (st.mode & (S.IXUSR | S.IXGRP | S.IXOTH)) !== 0;
    return (want & ACCESS.X_OK) !== 0 && !isDir && !anyExec ? -Errno.EACCES : 0;
  }
  const shift = st.uid === uid ? 6 : st.gid === gid ? 3 : 0;
  const granted = (st.mode >> shift) & 7;
  return (want & ~granted) !== 0 ? -Errno.EACCES : 0;
}
