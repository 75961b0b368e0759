/** The Host of the Node.js CLI: synchronous node:fs, process streams, the system clocks and crypto randomness. */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { randomFillSync } from 'node:crypto';
import type { Host, HostDirEntry, HostFs, HostStat, HostStream, HostStreamFile } from './host.js';
import { readVdsoSource } from './vdso-source.js';

function toStat(s: fs.BigIntStats): HostStat {
  return {
    dev: Number(s.dev), ino: Number(s.ino & 0xffffffffffffn), mode: Number(s.mode), nlink: Number(s.nlink),
    uid: Number(s.uid), gid: Number(s.gid), rdev: Number(s.rdev), size: Number(s.size),
    blksize: Number(s.blksize), blocks: Number(s.blocks),
    atimeNs: s.atimeNs, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, birthtimeNs: s.birthtimeNs,
  };
}

const DT = { fifo: 1, char: 2, dir: 4, block: 6, file: 8, link: 10, socket: 12 } as const;

function direntType(d: fs.Dirent): number {
  if (d.isFile()) return DT.file;
  if (d.isDirectory()) return DT.dir;
  if (d.isSymbolicLink()) return DT.link;
  if (d.isFIFO()) return DT.fifo;
  if (d.isCharacterDevice()) return DT.char;
  if (d.isBlockDevice()) return DT.block;
  if (d.isSocket()) return DT.socket;
  return 0;
}

const nodeFs: HostFs = {
  open(path, access, create, exclusive, truncate, append, mode) {
    const C = fs.constants;
    let flags = access === 'r' ? C.O_RDONLY : access === 'w' ? C.O_WRONLY : C.O_RDWR;
    if (create) flags |= C.O_CREAT;
    if (exclusive) flags |= C.O_EXCL;
    if (truncate) flags |= C.O_TRUNC;
    if (append) flags |= C.O_APPEND;
    // The kernel resolved every symlink itself (to keep the guest inside its root); never follow one here.
    flags |= C.O_NOFOLLOW;
    return fs.openSync(path, flags, mode);
  },
  close: (fd) => fs.closeSync(fd),
  read: (fd, buf, position) => fs.readSync(fd, buf, 0, buf.length, position),
  write: (fd, buf, position) => fs.writeSync(fd, buf, 0, buf.length, position),
  fstat: (fd) => toStat(fs.fstatSync(fd, { bigint: true })),
  stat: (path) => toStat(fs.statSync(path, { bigint: true })),
  lstat: (path) => toStat(fs.lstatSync(path, { bigint: true })),
  readdir(path): HostDirEntry[] {
    return fs.readdirSync(path, { withFileTypes: true }).map((d) => {
      let ino = 0;
      try { ino = Number(fs.lstatSync(`${path}/${d.name}`, { bigint: true }).ino & 0xffffffffffffn); } catch { /* raced away */ }
      return { name: d.name, type: direntType(d), ino };
    });
  },
  readlink: (path) => fs.readlinkSync(path),
  mkdir: (path, mode) => fs.mkdirSync(path, { mode }),
  rmdir: (path) => fs.rmdirSync(path),
  unlink: (path) => fs.unlinkSync(path),
  rename: (from, to) => fs.renameSync(from, to),
  symlink: (target, path) => fs.symlinkSync(target, path),
  link: (existing, path) => fs.linkSync(existing, path),
  chmod: (path, mode) => fs.chmodSync(path, mode),
  fchmod: (fd, mode) => fs.fchmodSync(fd, mode),
  ftruncate: (fd, length) => fs.ftruncateSync(fd, length),
  truncate: (path, length) => fs.truncateSync(path, length),
  fsync: (fd) => fs.fsyncSync(fd),
  // Node's fs takes the times as seconds in a double and libuv keeps whole microseconds of them: a guest's
  // utimensat keeps microsecond precision (Linux keeps nanoseconds). Node has no finer call.
  utimes(path, atimeNs, mtimeNs, followLinks) {
    const a = secondsForLibuv(atimeNs);
    const m = secondsForLibuv(mtimeNs);
    if (followLinks) fs.utimesSync(path, a, m); else fs.lutimesSync(path, a, m);
  },
  readFile: (path) => fs.readFileSync(path),
};

/**
 * A time in seconds that libuv turns back into the same whole microsecond: it truncates the double's fraction to
 * microseconds, and the double is off by up to half a unit in the last place (about 0.12 µs for present-day
 * times), so the value aims at the middle of the microsecond rather than at its start.
 */
function secondsForLibuv(ns: bigint): number {
  const us = ns / 1000n - (ns < 0n && ns % 1000n !== 0n ? 1n : 0n);
  return (Number(us) + 0.5) / 1e6;
}

/**
 * Reads of the process's stdin that never wait: a worker thread does the blocking reads (one chunk at a time, when
 * the previous one has been taken) into shared memory, where `readNow` looks without waiting. This works for every
 * kind of stdin — pipe, socket, terminal — without touching the flags of a file description the parent shares.
 * Regular files are read directly (their reads do not wait). The worker starts at the first read.
 */
class StdinPump {
  private static readonly CHUNK = 65536;
  /** [0]: bytes in the chunk (0: none yet), [1]: 1 at end of input, 2 after an error, [2]: 1 once the worker runs. */
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(12));
  private readonly data = new Uint8Array(new SharedArrayBuffer(StdinPump.CHUNK));
  private taken = 0;
  private worker: Worker | undefined;

  readNow(buf: Uint8Array): number | undefined {
    if (!this.worker) this.start();
    const n = Atomics.load(this.ctrl, 0);
    if (n === 0) {
      const end = Atomics.load(this.ctrl, 1);
      if (end === 2) throw Object.assign(new Error('stdin read failed'), { code: 'EIO' });
      return end === 1 ? 0 : undefined;
    }
    const k = Math.min(buf.length, n - this.taken);
    buf.set(this.data.subarray(this.taken, this.taken + k));
    this.taken += k;
    if (this.taken === n) {
      this.taken = 0;
      Atomics.store(this.ctrl, 0, 0);
      Atomics.notify(this.ctrl, 0);
    }
    return k;
  }

  private start(): void {
    const source = `
      const { workerData } = require('node:worker_threads');
      const { readSync } = require('node:fs');
      const { ctrl, data } = workerData;
      Atomics.store(ctrl, 2, 1);
      Atomics.notify(ctrl, 2);
      for (;;) {
        // Wait until the previous chunk has been taken.
        for (let v; (v = Atomics.load(ctrl, 0)) !== 0;) Atomics.wait(ctrl, 0, v);
        let n;
        try { n = readSync(0, data, 0, data.length, null); }
        catch (e) { if (e.code === 'EAGAIN') { Atomics.wait(ctrl, 1, 0, 5); continue; } Atomics.store(ctrl, 1, e.code === 'EOF' ? 1 : 2); Atomics.notify(ctrl, 0); break; }
        if (n === 0) { Atomics.store(ctrl, 1, 1); Atomics.notify(ctrl, 0); break; }
        Atomics.store(ctrl, 0, n);
        Atomics.notify(ctrl, 0);
      }`;
    this.worker = new Worker(source, { eval: true, workerData: { ctrl: this.ctrl, data: this.data } });
    this.worker.unref();
    // What is already there (input, or the end of a pipe whose writer is gone) must show at the first look: wait
    // for the worker to start, then a moment for its first read to return if it can.
    Atomics.wait(this.ctrl, 2, 0, 2000);
    Atomics.wait(this.ctrl, 0, 0, 5);
  }
}

function isRegularFile(fd: number): boolean {
  try {
    return fs.fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * A standard descriptor that is a regular file, with its description's offset and flags. Node has no lseek, so
 * they are read from Linux's /proc/self/fdinfo; elsewhere the offset is taken as 0 and the access as the
 * stream's usual one.
 */
function regularFile(fd: number): HostStreamFile | undefined {
  if (!isRegularFile(fd)) return undefined;
  const usual = { fd, offset: 0, append: false, readable: fd === 0, writable: fd !== 0 };
  let info: string;
  try { info = fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'); } catch { return usual; }
  const pos = /^pos:\s*(\d+)/m.exec(info);
  const flags = /^flags:\s*([0-7]+)/m.exec(info);
  if (!pos || !flags) return usual;
  const f = parseInt(flags[1]!, 8);
  const access = f & 3; // O_RDONLY 0, O_WRONLY 1, O_RDWR 2 on every Linux
  return {
    fd, offset: Number(pos[1]), append: (f & fs.constants.O_APPEND) !== 0,
    readable: access !== fs.constants.O_WRONLY, writable: access !== fs.constants.O_RDONLY,
  };
}

function stream(fd: number, tty: boolean, columns?: () => { rows: number; columns: number }): HostStream {
  let pump: StdinPump | undefined | null = null;
  const readNow = (buf: Uint8Array): number | undefined => {
    pump ??= isRegularFile(fd) ? undefined : new StdinPump();
    return pump === undefined ? s.read(buf) : pump.readNow(buf);
  };
  const s: HostStream = {
    isTTY: tty,
    regularFile: () => regularFile(fd),
    // Only the input stream is read.
    ...(fd === 0 ? { readNow } : {}),
    read(buf) {
      for (;;) {
        try {
          return fs.readSync(fd, buf, 0, buf.length, null);
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
          if (code === 'EOF') return 0;
          throw e;
        }
      }
    },
    write(buf) {
      let done = 0;
      while (done < buf.length) {
        try {
          done += fs.writeSync(fd, buf, done, buf.length - done);
        } catch (e) {
          if ((e as { code?: string }).code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); continue; }
          throw e;
        }
      }
      return done;
    },
    windowSize: columns,
  };
  return s;
}

const start = process.hrtime.bigint();
/** Realtime = a fixed offset from the monotonic clock, so both advance together at nanosecond resolution. */
const realtimeBase = BigInt(Date.now()) * 1_000_000n - start;

export function createNodeHost(): Host {
  const size = (s: NodeJS.WriteStream) => () => ({ rows: s.rows ?? 24, columns: s.columns ?? 80 });
  return {
    fs: nodeFs,
    clock: {
      realtimeNs: () => realtimeBase + process.hrtime.bigint(),
      monotonicNs: () => process.hrtime.bigint() - start + 1_000_000_000n,
      sleepNs(ns) {
        const ms = Math.max(0, Math.min(Number(ns / 1_000_000n), 1000));
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
      },
    },
    stdin: stream(0, !!process.stdin.isTTY),
    stdout: stream(1, !!process.stdout.isTTY, process.stdout.isTTY ? size(process.stdout) : undefined),
    stderr: stream(2, !!process.stderr.isTTY),
    randomBytes: (buf) => { randomFillSync(buf); },
    cwd: () => process.cwd(),
    vdsoSource: readVdsoSource,
  };
}
