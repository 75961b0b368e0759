/**
 * System calls on file descriptors (fs/read_write.c, fs/fcntl.c, fs/file.c, fs/pipe.c, fs/ioctl.c,
 * fs/readdir.c, fs/open.c): open/close, read/write and their vector and positional forms, seeking, duplication,
 * fcntl, pipes, ioctl, directory reading, truncation and syncing. Path-based calls are in paths.ts.
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { ACCESS, AT, CLOSE_RANGE, F, FD, IOCTL, LOCK, O, S, SEEK } from '../../abi/flags.js';
import { Flock, Flock64 } from '../../abi/layouts.js';
import { NSIG, SI, Signal } from '../../abi/signals.js';
import { DirectoryFile } from '../fs/directory.js';
import { WOULD_BLOCK, type GuestIo, type OpenFile } from '../fs/file.js';
import { hostCall } from '../fs/host-errors.js';
import { HostFile } from '../fs/host-file.js';
import { createPipe, PipeEnd } from '../fs/pipe.js';
import { JOB_CONTROL_REQUESTS, terminalIoctl } from '../fs/terminal.js';
import { VirtualFile } from '../fs/virtual-file.js';
import { queueThreadSignal } from '../signal/send.js';
import { type SyscallContext, type SyscallResult, s32, s64, u32 } from './context.js';
import { BLOCKED } from '../wait.js';
import { StructReader, StructWriter } from './guest-struct.js';
import { installFile, openAt } from './open.js';
import { fdLimit, lstatResolved, mayAccess, readPath, resolveAt } from './path-args.js';
import type { SyscallFamily } from './registry.js';
import {
  copyFromGuest, copyToGuest, readIovecs, singleBuffer, totalLength, type Segment,
} from './user-buffers.js';

/** Largest piece moved through a JavaScript buffer at once; regular files are read and written in such pieces. */
const CHUNK = 1 << 20;
/** F_SETFL can change only these (SETFL_MASK in fs/fcntl.c). */
const SETFL_MASK = O.APPEND | O.NONBLOCK | O.ASYNC | O.DIRECT | O.NOATIME;
/** flock's LOCK_MAND (include/uapi/asm-generic/fcntl.h), not in the ABI tables because nothing else uses it. */
const LOCK_MAND = 32;
/** The largest value lseek (not _llseek) can return on a 32-bit kernel. */
const MAX_OFF_T = 0x7fffffff;

// ---------------------------------------------------------------------- descriptors and access

/** A descriptor's file for I/O: O_PATH descriptors are EBADF for everything but a few calls (fs/fcntl.c). */
function ioFile(c: SyscallContext, fd: number): OpenFile | number {
  const f = c.process.fds.get(fd);
  if (!f || (f.statusFlags & O.PATH) !== 0) return -Errno.EBADF;
  return f;
}

function canRead(f: OpenFile): boolean {
  const a = f.statusFlags & O.ACCMODE;
  return a === O.RDONLY || a === O.RDWR;
}

function canWrite(f: OpenFile): boolean {
  const a = f.statusFlags & O.ACCMODE;
  return a === O.WRONLY || a === O.RDWR;
}

/** Files whose reads fill the whole buffer when data is there (regular files), so big transfers may be split. */
function isWholeReader(f: OpenFile): boolean {
  return f instanceof HostFile || f instanceof VirtualFile;
}

/** Files that support positional I/O (FMODE_PREAD/FMODE_PWRITE); the rest are ESPIPE for pread/pwrite. */
function isPositional(f: OpenFile): boolean {
  return f instanceof HostFile || f instanceof VirtualFile || f instanceof DirectoryFile;
}

interface Unreadable {
  unread(tail: Uint8Array): void;
}

function canUnread(f: OpenFile): f is OpenFile & Unreadable {
  return typeof (f as Partial<Unreadable>).unread === 'function';
}

/** The helpers below pass WOULD_BLOCK through when nothing was transferred; the system call then sleeps. */
function withoutWaiting(n: number): number {
  return n;
}

/**
 * A transfer that would block puts the thread to sleep until the file is ready (woken by the other end) or a
 * signal arrives. Woken by the file, the call is re-issued (ERESTARTNOINTR, as after a spurious wake-up the
 * kernel loops); interrupted by a signal it is ERESTARTSYS: EINTR for a handler, re-issued with SA_RESTART
 * (pipe_read/pipe_write's wait_event_interruptible).
 */
function sleepIfBlocked(c: SyscallContext, fd: number, n: number): SyscallResult {
  if (n !== WOULD_BLOCK) return n;
  const f = c.process.fds.get(fd);
  if (!f?.whenReady) return -Errno.EAGAIN;
  const thread = c.thread;
  f.whenReady({ kind: 'wakeThread', thread, file: f });
  c.kernel.blockThread(thread, { kind: 'fileIo', reason: `${f.guestPath ?? 'file'} I/O` });
  return BLOCKED;
}

const blocking = (handler: (c: SyscallContext) => number) => (c: SyscallContext): SyscallResult =>
  sleepIfBlocked(c, s32(c, 0), handler(c));

/** The SIGPIPE that goes with EPIPE from a write (pipe_write's send_sig(SIGPIPE, current, 0): SI_USER from self). */
function raiseSigpipe(c: SyscallContext): void {
  queueThreadSignal(c.kernel, c.thread, { signo: Signal.SIGPIPE, code: SI.USER, pid: c.process.pid, uid: c.kernel.identity.uid });
}

function guestIo(c: SyscallContext): GuestIo {
  return { read: (addr, length) => c.as.read(addr, length), write: (addr, data) => c.as.write(addr, data) };
}

// ---------------------------------------------------------------------- read and write

/**
 * vfs_read over user segments: reads into a kernel buffer, then copies out; bytes that cannot be copied (a bad
 * page) are given back to the file, and the call returns what did arrive, or EFAULT if nothing did.
 */
function readToSegments(c: SyscallContext, f: OpenFile, segments: Segment[], position?: number): number {
  if (!canRead(f)) return -Errno.EBADF;
  const total = totalLength(segments);
  const readAt = (buf: Uint8Array, done: number) =>
    withoutWaiting(position === undefined ? f.read(buf) : f.pread(buf, position + done));
  if (total === 0) return readAt(new Uint8Array(0), 0);
  if (f instanceof PipeEnd) {
    // Pipes copy buffer by buffer and keep a buffer whose copy faulted (pipe_read).
    let copied = 0;
    return withoutWaiting(f.readTo(total, (bytes) => {
      const n = copyToGuest(c.as, segments, copied, bytes);
      copied += n;
      return n;
    }));
  }
  let done = 0;
  while (done < total) {
    const want = Math.min(CHUNK, total - done);
    const buf = new Uint8Array(want);
    const n = readAt(buf, done);
    if (n < 0) return done > 0 ? done : n;
    const copied = copyToGuest(c.as, segments, done, buf.subarray(0, n));
    if (copied < n) {
      if (position === undefined && canUnread(f)) f.unread(buf.subarray(copied, n));
      done += copied;
      return done > 0 ? done : -Errno.EFAULT;
    }
    done += n;
    if (n < want || !isWholeReader(f)) break;
  }
  return done;
}

/** vfs_write from user segments: a fault part-way writes what was readable before it. */
function writeFromSegments(c: SyscallContext, f: OpenFile, segments: Segment[], position?: number): number {
  if (!canWrite(f)) return -Errno.EBADF;
  const total = totalLength(segments);
  const writeAt = (data: Uint8Array, done: number) => {
    const n = withoutWaiting(position === undefined ? f.write(data) : f.pwrite(data, position + done));
    if (n === -Errno.EPIPE) raiseSigpipe(c);
    return n;
  };
  if (total === 0) return writeAt(new Uint8Array(0), 0);
  let done = 0;
  while (done < total) {
    const want = Math.min(CHUNK, total - done);
    const data = copyFromGuest(c.as, segments, done, want);
    if (data.length === 0) return done > 0 ? done : -Errno.EFAULT;
    const n = writeAt(data, done);
    if (n < 0) return done > 0 ? done : n;
    done += n;
    if (n < want) break;
  }
  return done;
}

function read(c: SyscallContext): number {
  const f = ioFile(c, s32(c, 0));
  if (typeof f === 'number') return f;
  if (!canRead(f)) return -Errno.EBADF;
  const segments = singleBuffer(u32(c, 1), u32(c, 2));
  if (typeof segments === 'number') return segments;
  if (u32(c, 2) > 0x7fffffff) return -Errno.EINVAL;
  return readToSegments(c, f, segments);
}

function write(c: SyscallContext): number {
  const f = ioFile(c, s32(c, 0));
  if (typeof f === 'number') return f;
  if (!canWrite(f)) return -Errno.EBADF;
  const segments = singleBuffer(u32(c, 1), u32(c, 2));
  if (typeof segments === 'number') return segments;
  if (u32(c, 2) > 0x7fffffff) return -Errno.EINVAL;
  return writeFromSegments(c, f, segments);
}

/** pread64/pwrite64: negative offsets are EINVAL before the descriptor is looked at; pipes and ttys are ESPIPE. */
function positional(kind: 'read' | 'write', offset: (c: SyscallContext) => number, vector: boolean) {
  return (c: SyscallContext): number => {
    const position = offset(c);
    if (position < 0) return -Errno.EINVAL;
    const f = ioFile(c, s32(c, 0));
    if (typeof f === 'number') return f;
    if (!isPositional(f)) return -Errno.ESPIPE;
    const segments = vector ? readIovecs(c, u32(c, 1), s32(c, 2)) : singleBuffer(u32(c, 1), u32(c, 2));
    if (typeof segments === 'number') return segments;
    return kind === 'read' ? readToSegments(c, f, segments, position) : writeFromSegments(c, f, segments, position);
  };
}

function vectored(kind: 'read' | 'write') {
  return (c: SyscallContext): number => {
    const f = ioFile(c, s32(c, 0));
    if (typeof f === 'number') return f;
    if (kind === 'read' ? !canRead(f) : !canWrite(f)) return -Errno.EBADF;
    const segments = readIovecs(c, u32(c, 1), s32(c, 2));
    if (typeof segments === 'number') return segments;
    return kind === 'read' ? readToSegments(c, f, segments) : writeFromSegments(c, f, segments);
  };
}

/** preadv/pwritev take the offset as two longs, low then high (pos_from_hilo). */
const hiLoOffset = (c: SyscallContext) => Number(BigInt.asIntN(64, (BigInt(u32(c, 4)) << 32n) | BigInt(u32(c, 3))));

// ---------------------------------------------------------------------- seeking

function lseek(c: SyscallContext): number {
  const f = ioFile(c, s32(c, 0));
  if (typeof f === 'number') return f;
  const whence = u32(c, 2);
  if (whence > SEEK.HOLE) return -Errno.EINVAL;
  const r = f.seek(s32(c, 1), whence);
  if (r < 0) return r;
  // The offset has moved; only the return value cannot express it (ksys_lseek).
  return r > MAX_OFF_T ? -Errno.EOVERFLOW : r;
}

function llseek(c: SyscallContext): number {
  const f = ioFile(c, s32(c, 0));
  if (typeof f === 'number') return f;
  const whence = u32(c, 4);
  if (whence > SEEK.HOLE) return -Errno.EINVAL;
  const offset = Number(BigInt.asIntN(64, (BigInt(u32(c, 1)) << 32n) | BigInt(u32(c, 2))));
  const r = f.seek(offset, whence);
  if (r < 0) return r;
  c.as.write(u32(c, 3), new StructWriter(8).i64(0, r).bytes);
  return 0;
}

// ---------------------------------------------------------------------- closing and duplicating

function close(c: SyscallContext): number {
  return c.process.fds.close(s32(c, 0)) ? 0 : -Errno.EBADF;
}

function dup(c: SyscallContext): number {
  const f = c.process.fds.get(s32(c, 0));
  if (!f) return -Errno.EBADF;
  f.refs++;
  const fd = c.process.fds.install(f, false, 0, fdLimit(c));
  if (fd < 0) f.refs--;
  return fd;
}

/** ksys_dup3: flags other than O_CLOEXEC and equal descriptors are EINVAL; a target at or over the limit EBADF. */
function dupTo(c: SyscallContext, oldfd: number, newfd: number, cloexec: boolean): number {
  if (newfd < 0 || newfd >= fdLimit(c)) return -Errno.EBADF;
  const f = c.process.fds.get(oldfd);
  if (!f) return -Errno.EBADF;
  f.refs++; // before installAt closes what was at newfd, which may be the same description
  c.process.fds.installAt(newfd, f, cloexec);
  return newfd;
}

function dup2(c: SyscallContext): number {
  const oldfd = s32(c, 0);
  const newfd = s32(c, 1);
  if (oldfd === newfd) return c.process.fds.get(oldfd) ? newfd : -Errno.EBADF;
  return dupTo(c, oldfd, newfd, false);
}

function dup3(c: SyscallContext): number {
  const flags = u32(c, 2);
  if ((flags & ~O.CLOEXEC) !== 0) return -Errno.EINVAL;
  if (s32(c, 0) === s32(c, 1)) return -Errno.EINVAL;
  return dupTo(c, s32(c, 0), s32(c, 1), (flags & O.CLOEXEC) !== 0);
}

function closeRange(c: SyscallContext): number {
  const first = u32(c, 0);
  const last = u32(c, 1);
  const flags = u32(c, 2);
  if ((flags & ~(CLOSE_RANGE.UNSHARE | CLOSE_RANGE.CLOEXEC)) !== 0 || first > last) return -Errno.EINVAL;
  for (const fd of c.process.fds.openDescriptors()) {
    if (fd < first || fd > last) continue;
    if ((flags & CLOSE_RANGE.CLOEXEC) !== 0) c.process.fds.setCloexec(fd, true);
    else c.process.fds.close(fd);
  }
  return 0;
}

// ---------------------------------------------------------------------- fcntl

/** Commands an O_PATH descriptor accepts (check_fcntl_cmd). */
const PATH_FCNTL = new Set<number>([F.DUPFD, F.DUPFD_CLOEXEC, F.GETFD, F.SETFD, F.GETFL]);

function fcntl(is64: boolean) {
  return (c: SyscallContext): number => {
    const fd = s32(c, 0);
    const cmd = s32(c, 1);
    const arg = u32(c, 2);
    const fds = c.process.fds;
    const f = fds.get(fd);
    if (!f) return -Errno.EBADF;
    if ((f.statusFlags & O.PATH) !== 0 && !PATH_FCNTL.has(cmd)) return -Errno.EBADF;
    switch (cmd) {
      case F.DUPFD:
      case F.DUPFD_CLOEXEC: {
        const limit = fdLimit(c);
        if (arg >= limit) return -Errno.EINVAL;
        f.refs++;
        const nfd = fds.install(f, cmd === F.DUPFD_CLOEXEC, arg, limit);
        if (nfd < 0) f.refs--;
        return nfd;
      }
      case F.GETFD:
        return fds.isCloexec(fd) ? FD.CLOEXEC : 0;
      case F.SETFD:
        fds.setCloexec(fd, (arg & FD.CLOEXEC) !== 0);
        return 0;
      case F.GETFL:
        return f.statusFlags;
      case F.SETFL:
        f.statusFlags = (f.statusFlags & ~SETFL_MASK) | (arg & SETFL_MASK);
        return 0;
      case F.GETLK:
      case F.SETLK:
      case F.SETLKW:
        return recordLock(c, f, cmd === F.GETLK, arg, Flock, false);
      case F.GETLK64:
      case F.SETLK64:
      case F.SETLKW64:
        // 32-bit kernels take the flock64 commands only through fcntl64.
        return is64 ? recordLock(c, f, cmd === F.GETLK64, arg, Flock64, false) : -Errno.EINVAL;
      case F.OFD_GETLK:
      case F.OFD_SETLK:
      case F.OFD_SETLKW:
        return is64 ? recordLock(c, f, cmd === F.OFD_GETLK, arg, Flock64, true) : -Errno.EINVAL;
      case F.GETOWN:
      case F.GETSIG:
        return 0;
      case F.SETOWN:
        return 0;
      case F.SETSIG:
        return arg > NSIG ? -Errno.EINVAL : 0;
      case F.GETLEASE:
        return F.UNLCK;
      case F.GETPIPE_SZ:
      case F.SETPIPE_SZ:
        return f instanceof PipeEnd ? f.fcntl(cmd, arg, c.kernel.identity.uid === 0) : -Errno.EBADF;
      default:
        return -Errno.EINVAL;
    }
  };
}

type LockLayout = typeof Flock | typeof Flock64;

/**
 * POSIX record locks. Trapgate has one process per file so far, so no lock can conflict: F_GETLK reports
 * F_UNLCK and F_SETLK(W) succeeds after the checks Linux makes (lock type, whence, access mode, OFD l_pid).
 */
function recordLock(c: SyscallContext, f: OpenFile, get: boolean, addr: number, layout: LockLayout, ofd: boolean): number {
  const bytes = c.as.read(addr, layout.size);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = v.getInt16(layout.l_type, true);
  const whence = v.getInt16(layout.l_whence, true);
  if (ofd && v.getInt32(layout.l_pid, true) !== 0) return -Errno.EINVAL;
  if (get) {
    if (type !== F.RDLCK && type !== F.WRLCK) return -Errno.EINVAL;
    if (whence < SEEK.SET || whence > SEEK.END) return -Errno.EINVAL;
    c.as.write(addr + layout.l_type, new StructWriter(2).u16(0, F.UNLCK).bytes);
    return 0;
  }
  if (type !== F.RDLCK && type !== F.WRLCK && type !== F.UNLCK) return -Errno.EINVAL;
  if (whence < SEEK.SET || whence > SEEK.END) return -Errno.EINVAL;
  if (type === F.RDLCK && !canRead(f)) return -Errno.EBADF;
  if (type === F.WRLCK && !canWrite(f)) return -Errno.EBADF;
  return 0;
}

function flock(c: SyscallContext): number {
  const f = ioFile(c, s32(c, 0));
  if (typeof f === 'number') return f;
  const cmd = u32(c, 1);
  // LOCK_MAND (Samba's share modes) has been accepted and ignored since Linux 5.19.
  if ((cmd & LOCK_MAND) !== 0) return 0;
  const op = cmd & ~LOCK.NB;
  return op === LOCK.SH || op === LOCK.EX || op === LOCK.UN ? 0 : -Errno.EINVAL;
}

// ---------------------------------------------------------------------- pipes

/** Creates a pipe and installs both ends; returns [read fd, write fd] or a negative errno. */
function makePipe(c: SyscallContext, flags: number): [number, number] | number {
  const [reader, writer] = createPipe(c.kernel.pipeInodes, c.kernel.identity, c.kernel.time.realtimeNs(), flags);
  const cloexec = (flags & O.CLOEXEC) !== 0;
  const rfd = installFile(c, reader, cloexec);
  if (rfd < 0) {
    writer.release();
    return rfd;
  }
  const wfd = installFile(c, writer, cloexec);
  if (wfd < 0) {
    c.process.fds.close(rfd);
    return wfd;
  }
  return [rfd, wfd];
}

/** pipe (sysm_pipe): the read end in v0 and the write end in v1 (reference §1.3). */
function pipe(c: SyscallContext): number {
  const fds = makePipe(c, 0);
  if (typeof fds === 'number') return fds;
  c.thread.cpu.r[3] = fds[1];
  return fds[0];
}

function pipe2(c: SyscallContext): number {
  const flags = u32(c, 1);
  if ((flags & ~(O.CLOEXEC | O.NONBLOCK | O.DIRECT)) !== 0) return -Errno.EINVAL;
  const fds = makePipe(c, flags);
  if (typeof fds === 'number') return fds;
  try {
    c.as.write(u32(c, 0), new StructWriter(8).i32(0, fds[0]).i32(4, fds[1]).bytes);
  } catch (e) {
    c.process.fds.close(fds[0]);
    c.process.fds.close(fds[1]);
    throw e;
  }
  return 0;
}

// ---------------------------------------------------------------------- ioctl

/** do_vfs_ioctl's generic requests first, then a regular file's FIONREAD, then the file's own ioctl. */
function ioctl(c: SyscallContext): number {
  const fd = s32(c, 0);
  const f = ioFile(c, fd);
  if (typeof f === 'number') return f;
  const request = u32(c, 1);
  const arg = u32(c, 2);
  const io = guestIo(c);
  switch (request) {
    case IOCTL.FIOCLEX:
      c.process.fds.setCloexec(fd, true);
      return 0;
    case IOCTL.FIONCLEX:
      c.process.fds.setCloexec(fd, false);
      return 0;
    case IOCTL.FIONBIO:
    case IOCTL.FIOASYNC: {
      const on = new StructReader(c.as.read(arg, 4)).i32(0) !== 0;
      const bit = request === IOCTL.FIONBIO ? O.NONBLOCK : O.ASYNC;
      f.statusFlags = on ? f.statusFlags | bit : f.statusFlags & ~bit;
      return 0;
    }
    case IOCTL.FIOQSIZE: {
      const st = f.stat();
      if (typeof st === 'number') return st;
      const type = st.mode & S.IFMT;
      if (type !== S.IFREG && type !== S.IFDIR && type !== S.IFLNK) return -Errno.ENOTTY;
      c.as.write(arg, new StructWriter(8).i64(0, st.size).bytes);
      return 0;
    }
    default:
      break;
  }
  if (f.isTerminal && JOB_CONTROL_REQUESTS.has(request)) {
    const p = c.process;
    return terminalIoctl(request, arg, io, undefined, { tty: c.kernel.terminal, job: { pgrp: p.pgid, sid: p.sid } });
  }
  if (request === IOCTL.FIONREAD && f instanceof HostFile) {
    const size = f.size();
    if (size < 0) return size;
    c.as.write(arg, new StructWriter(4).i32(0, size - f.position).bytes);
    return 0;
  }
  return f.ioctl(request, arg, io);
}

// ---------------------------------------------------------------------- directories

function getdents(kind: '64' | 'old') {
  return (c: SyscallContext): number => {
    const f = ioFile(c, s32(c, 0));
    if (typeof f === 'number') return f;
    if (!(f instanceof DirectoryFile)) return -Errno.ENOTDIR;
    const addr = u32(c, 1);
    const count = u32(c, 2);
    const buffer = singleBuffer(addr, count);
    if (typeof buffer === 'number') return buffer;
    const before = f.offset;
    const bytes = kind === '64' ? f.getdents64(count) : f.getdents(count);
    if (typeof bytes === 'number') return bytes;
    try {
      c.as.write(addr, bytes);
    } catch (e) {
      f.offset = before; // nothing was delivered, so nothing was consumed
      throw e;
    }
    return bytes.length;
  };
}

// ---------------------------------------------------------------------- size and sync

function ftruncate(length: (c: SyscallContext) => number) {
  return (c: SyscallContext): number => {
    const f = ioFile(c, s32(c, 0));
    if (typeof f === 'number') return f;
    const n = length(c);
    if (n < 0) return -Errno.EINVAL;
    return f instanceof HostFile ? f.truncate(n) : -Errno.EINVAL;
  };
}

/** truncate(2) by path: follows links; directories are EISDIR, other non-regular files EINVAL (vfs_truncate). */
function truncate(length: (c: SyscallContext) => number) {
  return (c: SyscallContext): number => {
    const path = readPath(c, u32(c, 0));
    if (typeof path === 'number') return path;
    const n = length(c);
    if (n < 0) return -Errno.EINVAL;
    const r = resolveAt(c, AT.FDCWD, path, true);
    if (typeof r === 'number') return r;
    if (!r.exists) return -Errno.ENOENT;
    const st = lstatResolved(c, r);
    if (typeof st === 'number') return st;
    const type = st.mode & S.IFMT;
    if (type === S.IFDIR) return -Errno.EISDIR;
    if (type !== S.IFREG) return -Errno.EINVAL;
    const denied = mayAccess(c, st, ACCESS.W_OK);
    if (denied < 0) return denied;
    // procfs lets root "truncate" its files; their contents are generated, so nothing changes.
    if (r.virtual) return 0;
    const fs = c.kernel.host.fs;
    // Through a descriptor opened without following links, so the host cannot be led outside the root.
    const fd = hostCall(() => fs.open(r.host, 'w', false, false, false, false, 0));
    if (fd < 0) return fd;
    const done = hostCall(() => fs.ftruncate(fd, n));
    hostCall(() => fs.close(fd));
    return typeof done === 'number' ? done : 0;
  };
}

function fsync(c: SyscallContext): number {
  const f = ioFile(c, s32(c, 0));
  if (typeof f === 'number') return f;
  if (f instanceof HostFile || f instanceof DirectoryFile) return f.sync();
  return -Errno.EINVAL;
}

// ---------------------------------------------------------------------- sendfile

/** sendfile: in_fd read (at *offset when given, which is then updated), out_fd written; O_APPEND output is EINVAL. */
function sendfile(wide: boolean) {
  return (c: SyscallContext): number => {
    const out = ioFile(c, s32(c, 0));
    const input = ioFile(c, s32(c, 1));
    if (typeof out === 'number') return out;
    if (typeof input === 'number') return input;
    if (!canRead(input) || !canWrite(out)) return -Errno.EBADF;
    if ((out.statusFlags & O.APPEND) !== 0) return -Errno.EINVAL;
    const offsetAddr = u32(c, 2);
    const count = Math.min(u32(c, 3), 0x7ffff000);
    let position: number | undefined;
    if (offsetAddr !== 0) {
      const r = new StructReader(c.as.read(offsetAddr, wide ? 8 : 4));
      position = wide ? Number(r.i64(0)) : r.i32(0);
      if (position < 0) return -Errno.EINVAL;
      if (!isPositional(input)) return -Errno.ESPIPE;
    }
    let done = 0;
    while (done < count) {
      const buf = new Uint8Array(Math.min(CHUNK, count - done));
      const n = withoutWaiting(position === undefined ? input.read(buf) : input.pread(buf, position + done));
      if (n < 0) { if (done === 0) return n; break; }
      if (n === 0) break;
      const w = withoutWaiting(out.write(buf.subarray(0, n)));
      if (w === -Errno.EPIPE) raiseSigpipe(c);
      if (w < 0) { if (done === 0) return w; break; }
      done += w;
      if (w < n) {
        if (position === undefined && canUnread(input)) input.unread(buf.subarray(w, n));
        break;
      }
    }
    if (offsetAddr !== 0 && position !== undefined) {
      const w = new StructWriter(wide ? 8 : 4);
      if (wide) w.i64(0, position + done); else w.i32(0, position + done);
      c.as.write(offsetAddr, w.bytes);
    }
    return done;
  };
}

export const FILE_SYSCALLS: SyscallFamily = {
  open: (c) => openAt(c, AT.FDCWD, u32(c, 0), u32(c, 1), u32(c, 2)),
  openat: (c) => openAt(c, s32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3)),
  creat: (c) => openAt(c, AT.FDCWD, u32(c, 0), O.CREAT | O.WRONLY | O.TRUNC, u32(c, 1)),
  close,
  close_range: closeRange,
  read: blocking(read),
  write: blocking(write),
  readv: blocking(vectored('read')),
  writev: blocking(vectored('write')),
  pread64: positional('read', (c) => s64(c, 4), false),
  pwrite64: positional('write', (c) => s64(c, 4), false),
  preadv: positional('read', hiLoOffset, true),
  pwritev: positional('write', hiLoOffset, true),
  lseek,
  _llseek: llseek,
  dup,
  dup2,
  dup3,
  fcntl: fcntl(false),
  fcntl64: fcntl(true),
  flock,
  pipe,
  pipe2,
  ioctl,
  getdents64: getdents('64'),
  getdents: getdents('old'),
  umask: (c) => {
    const old = c.process.fs.umask;
    c.process.fs.umask = u32(c, 0) & 0o777;
    return old;
  },
  fsync,
  fdatasync: fsync,
  ftruncate: ftruncate((c) => s32(c, 1)),
  ftruncate64: ftruncate((c) => s64(c, 2)),
  truncate: truncate((c) => s32(c, 1)),
  truncate64: truncate((c) => s64(c, 2)),
  sendfile: sendfile(false),
  sendfile64: sendfile(true),
  sync: () => 0,
  syncfs: (c) => {
    const f = ioFile(c, s32(c, 0));
    return typeof f === 'number' ? f : 0;
  },
};

