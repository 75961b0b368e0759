/**
 * Pipes, modelled on fs/pipe.c: a ring of up to 16 page-sized buffers (65536 bytes by default). Writes first
 * top up the last buffer with the sub-page remainder, then take whole pages, so capacity and atomicity come out
 * as on Linux (a write of at most PIPE_BUF = 4096 bytes never splits). A read takes what is there, across
 * buffers, and returns; EOF is an empty pipe with no writers left.
 *
 * An operation that would have to wait returns WOULD_BLOCK (file.ts) in blocking mode and -EAGAIN with
 * O_NONBLOCK. Writing with no reader left is -EPIPE; the system call layer raises the SIGPIPE that goes with it.
 */
import { Errno } from '../../abi/errno.js';
import { F, IOCTL, O, POLL, S } from '../../abi/flags.js';
import type { HostStat } from '../../host/host.js';
import { PAGE_SIZE } from '../../mm/physical.js';
import { StructWriter } from '../syscalls/guest-struct.js';
import { OpenFile, WOULD_BLOCK, type GuestIo } from './file.js';
import type { FileWaiter } from '../wait.js';
import { fileReady } from '../wait-handlers.js';

/** PIPE_DEF_BUFFERS (include/linux/pipe_fs_i.h): 16 pages. */
export const PIPE_DEF_BUFFERS = 16;
/** /proc/sys/fs/pipe-max-size default (fs/pipe.c pipe_max_size): 1 MiB; only CAP_SYS_RESOURCE may go beyond. */
export const PIPE_MAX_SIZE = 1 << 20;
/** Anonymous pipes live on pipefs, an internal filesystem with an anonymous device number (0:12 on most systems). */
const PIPEFS_DEV = 12;

interface PipeBuffer {
  data: Uint8Array;
  offset: number;
  len: number;
  /** PIPE_BUF_FLAG_CAN_MERGE: later small writes may append to it. */
  mergeable: boolean;
  /** PIPE_BUF_FLAG_PACKET (O_DIRECT writers): a read returns at most this one buffer. */
  packet: boolean;
}

/** The first pipe inode number a machine hands out. */
const FIRST_PIPE_INO = 20000;

/**
 * Pipe inode numbers, as get_next_ino hands them out (shown as pipe:[N] in /proc/<pid>/fd and by fstat): one
 * counter per machine, owned by the Kernel.
 */
export class PipeInodes {
  private next = FIRST_PIPE_INO;

  take(): number {
    return this.next++;
  }
}

export class Pipe {
  readonly ino: number;
  readers = 0;
  writers = 0;
  /** Ring slots (pipe->max_usage); F_SETPIPE_SZ changes it. */
  slots = PIPE_DEF_BUFFERS;
  private readonly bufs: PipeBuffer[] = [];
  /** Sleepers waiting for data, space or the other end to go (pipe->rd_wait and wr_wait in one). */
  private waiters: FileWaiter[] = [];

  /** Keeps a one-shot waiter for the next change of this pipe. */
  whenChanged(waiter: FileWaiter): void {
    this.waiters.push(waiter);
  }

  /** Withdraws a waiter unfired. */
  forget(waiter: FileWaiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** Wakes every sleeper: data arrived, space freed, or an end was closed. */
  changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) fileReady(waiter);
  }

  constructor(inodes: PipeInodes, private readonly owner: { uid: number; gid: number }, private readonly createdNs: bigint) {
    this.ino = inodes.take();
  }

  get buffered(): number {
    return this.bufs.reduce((n, b) => n + b.len, 0);
  }

  get capacity(): number {
    return this.slots * PAGE_SIZE;
  }

  /** pipe_empty: no buffer holds data. */
  get empty(): boolean {
    return this.bufs.length === 0;
  }

  /**
   * pipe_full(head, tail, max_usage): every ring slot is taken. This, not the number of free bytes, is what
   * poll's POLLOUT follows (fs/pipe.c pipe_poll): with a free slot a write of up to PIPE_BUF bytes goes in
   * without waiting, while a pipe whose slots are all taken makes a writer wait even if the last buffer has room
   * left that a merge could not use.
   */
  get full(): boolean {
    return this.bufs.length >= this.slots;
  }

  read(buf: Uint8Array, nonblock: boolean): number {
    let done = 0;
    return this.readTo(buf.length, nonblock, (bytes) => {
      buf.set(bytes, done);
      done += bytes.length;
      return bytes.length;
    });
  }

  /**
   * pipe_read: hands up to `max` bytes to `deliver` one buffer piece at a time. A piece that is not taken
   * whole (the user buffer faulted) stays in the pipe, and the read ends: with the bytes of the earlier pieces,
   * or EFAULT if there were none.
   */
  readTo(max: number, nonblock: boolean, deliver: (bytes: Uint8Array) => number): number {
    if (max === 0) return 0;
    if (this.bufs.length === 0) {
      if (this.writers === 0) return 0;
      return nonblock ? -Errno.EAGAIN : WOULD_BLOCK;
    }
    let done = 0;
    while (this.bufs.length > 0 && done < max) {
      const b = this.bufs[0]!;
      const n = Math.min(b.len, max - done);
      if (deliver(b.data.subarray(b.offset, b.offset + n)) < n) return done > 0 ? done : -Errno.EFAULT;
      done += n;
      b.offset += n;
      b.len -= n;
      if (b.packet) b.len = 0; // the rest of a packet is discarded
      if (b.len === 0) this.bufs.shift();
      if (b.packet) break;
    }
    if (done > 0) this.changed();
    return done;
  }

  /** Puts bytes that were read but could not be delivered back at the front, as pipe_read leaves them on a fault. */
  unread(tail: Uint8Array): void {
    if (tail.length === 0) return;
    this.bufs.unshift({ data: tail.slice(), offset: 0, len: tail.length, mergeable: false, packet: false });
    this.changed(); // readable again: a poller that looked while the bytes were out must look again
  }

  write(data: Uint8Array, nonblock: boolean, packet: boolean): number {
    const total = data.length;
    if (total === 0) return 0; // a null write succeeds even without readers (pipe_write)
    if (this.readers === 0) return -Errno.EPIPE;
    let done = 0;
    // The sub-page remainder goes into the last buffer when it fits there (pipe_write's merge step).
    const chars = total & (PAGE_SIZE - 1);
    const last = this.bufs[this.bufs.length - 1];
    if (chars !== 0 && last && last.mergeable && last.offset + last.len + chars <= PAGE_SIZE) {
      last.data.set(data.subarray(0, chars), last.offset + last.len);
      last.len += chars;
      done = chars;
    }
    while (done < total) {
      if (this.bufs.length >= this.slots) {
        if (done > 0) { this.changed(); return done; }
        return nonblock ? -Errno.EAGAIN : WOULD_BLOCK;
      }
      const n = Math.min(PAGE_SIZE, total - done);
      const page = new Uint8Array(PAGE_SIZE);
      page.set(data.subarray(done, done + n));
      this.bufs.push({ data: page, offset: 0, len: n, mergeable: !packet, packet });
      done += n;
    }
    this.changed();
    return done;
  }

  /** F_SETPIPE_SZ: rounds up to a power-of-two number of pages; EBUSY if the data would not fit. */
  resize(bytes: number, privileged: boolean): number {
    if (bytes < 0) return -Errno.EINVAL;
    let slots = 1;
    while (slots * PAGE_SIZE < bytes) slots *= 2;
    if (slots * PAGE_SIZE > PIPE_MAX_SIZE && !privileged) return -Errno.EPERM;
    if (slots * PAGE_SIZE > 0x80000000) return -Errno.EINVAL;
    if (slots < this.bufs.length) return -Errno.EBUSY;
    this.slots = slots;
    this.changed(); // pipe_resize_ring wakes the writers: a bigger ring may have room now
    return this.capacity;
  }

  stat(): HostStat {
    const t = this.createdNs;
    return {
      dev: PIPEFS_DEV, ino: this.ino, mode: S.IFIFO | S.IRUSR | S.IWUSR, nlink: 1, uid: this.owner.uid, gid: this.owner.gid,
      rdev: 0, size: 0, blksize: PAGE_SIZE, blocks: 0, atimeNs: t, mtimeNs: t, ctimeNs: t, birthtimeNs: 0n,
    };
  }
}

/** One end of a pipe, as an open file description. */
export class PipeEnd extends OpenFile {
  constructor(readonly pipe: Pipe, readonly end: 'read' | 'write', statusFlags: number) {
    super(statusFlags);
    if (end === 'read') pipe.readers++;
    else pipe.writers++;
  }

  /** The name /proc/<pid>/fd shows for it. */
  get linkName(): string {
    return `pipe:[${this.pipe.ino}]`;
  }

  private get nonblock(): boolean {
    return (this.statusFlags & O.NONBLOCK) !== 0;
  }

  override read(buf: Uint8Array): number {
    return this.pipe.read(buf, this.nonblock);
  }

  /** Reads straight into a destination that may refuse part of a piece (see Pipe.readTo). */
  readTo(max: number, deliver: (bytes: Uint8Array) => number): number {
    return this.pipe.readTo(max, this.nonblock, deliver);
  }

  unread(tail: Uint8Array): void {
    this.pipe.unread(tail);
  }

  override write(data: Uint8Array): number {
    return this.pipe.write(data, this.nonblock, (this.statusFlags & O.DIRECT) !== 0);
  }

  override stat(): HostStat {
    return this.pipe.stat();
  }

  override ioctl(request: number, arg: number, io: GuestIo): number {
    if ((request >>> 0) !== IOCTL.FIONREAD) return -Errno.ENOTTY;
    io.write(arg >>> 0, new StructWriter(4).i32(0, this.pipe.buffered).bytes);
    return 0;
  }

  /** F_GETPIPE_SZ / F_SETPIPE_SZ (pipe_fcntl). */
  fcntl(cmd: number, arg: number, privileged: boolean): number {
    if (cmd === F.GETPIPE_SZ) return this.pipe.capacity;
    if (cmd === F.SETPIPE_SZ) return this.pipe.resize(arg >>> 0, privileged);
    return -Errno.EINVAL;
  }

  /**
   * pipe_poll for an anonymous pipe: the read end is readable while a buffer holds data and hung up (POLLHUP)
   * once no writer is left — both at once while data remains; the write end is writable while a ring slot is
   * free and in error (POLLERR) once no reader is left.
   */
  override poll(): number {
    const p = this.pipe;
    if (this.end === 'read') {
      return (p.empty ? 0 : POLL.IN | POLL.RDNORM) | (p.writers === 0 ? POLL.HUP : 0);
    }
    return (p.full ? 0 : POLL.OUT | POLL.WRNORM) | (p.readers === 0 ? POLL.ERR : 0);
  }

  override whenReady(waiter: FileWaiter): void {
    this.pipe.whenChanged(waiter);
  }

  override unwatch(waiter: FileWaiter): void {
    this.pipe.forget(waiter);
  }

  override release(): void {
    if (this.end === 'read') this.pipe.readers--;
    else this.pipe.writers--;
    this.pipe.changed(); // a reader sees EOF, a writer EPIPE
  }
}

/** pipe2's two descriptions: [read end, write end]. `flags` may hold O_NONBLOCK and O_DIRECT (packet mode). */
export function createPipe(inodes: PipeInodes, owner: { uid: number; gid: number }, nowNs: bigint, flags: number): [PipeEnd, PipeEnd] {
  const pipe = new Pipe(inodes, owner, nowNs);
  const shared = flags & (O.NONBLOCK | O.DIRECT);
  return [new PipeEnd(pipe, 'read', O.RDONLY | shared), new PipeEnd(pipe, 'write', O.WRONLY | shared)];
}
