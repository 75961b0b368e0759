/**
 * Everything the core (CPU, memory, kernel) needs from the machine it runs on. The Node CLI supplies one
 * implementation (node-host.ts); a browser build supplies another. The core imports nothing else from the host.
 */

/** A host filesystem error; `code` is the POSIX error name ('ENOENT', 'EACCES', ...), mapped to MIPS errno by the kernel. */
export interface HostError {
  code: string;
}

export interface HostStat {
  dev: number; ino: number; mode: number; nlink: number; uid: number; gid: number; rdev: number;
  size: number; blksize: number; blocks: number;
  atimeNs: bigint; mtimeNs: bigint; ctimeNs: bigint; birthtimeNs: bigint;
}

export interface HostDirEntry {
  name: string;
  /** DT_* type of the entry (DT_REG 8, DT_DIR 4, DT_LNK 10, ...); 0 when unknown. */
  type: number;
  ino: number;
}

/** Synchronous file operations on host paths. Methods throw a HostError on failure. */
export interface HostFs {
  open(path: string, flags: 'r' | 'w' | 'rw', create: boolean, exclusive: boolean, truncate: boolean, append: boolean, mode: number): number;
  close(fd: number): void;
  read(fd: number, buf: Uint8Array, position: number | null): number;
  write(fd: number, buf: Uint8Array, position: number | null): number;
  fstat(fd: number): HostStat;
  stat(path: string): HostStat;
  lstat(path: string): HostStat;
  readdir(path: string): HostDirEntry[];
  readlink(path: string): string;
  mkdir(path: string, mode: number): void;
  rmdir(path: string): void;
  unlink(path: string): void;
  rename(from: string, to: string): void;
  symlink(target: string, path: string): void;
  link(existing: string, path: string): void;
  chmod(path: string, mode: number): void;
  fchmod(fd: number, mode: number): void;
  ftruncate(fd: number, length: number): void;
  truncate(path: string, length: number): void;
  fsync(fd: number): void;
  /** Sets a file's times; a host may keep less precision than nanoseconds (Node's fs keeps microseconds). */
  utimes(path: string, atimeNs: bigint, mtimeNs: bigint, followLinks: boolean): void;
  readFile(path: string): Uint8Array;
}

/**
 * A standard stream that is a regular file (`prog < in > out`): its descriptor, usable with HostFs's
 * descriptor calls, and the state of the open file description it shares with whoever opened it (the shell).
 */
export interface HostStreamFile {
  fd: number;
  /** The description's file offset now. */
  offset: number;
  append: boolean;
  readable: boolean;
  writable: boolean;
}

/** A standard stream of the host process. */
export interface HostStream {
  readonly isTTY: boolean;
  /** Set when the stream is a regular file, which a guest may seek, pread and map like any other. */
  regularFile?(): HostStreamFile | undefined;
  /** Reads up to buf.length bytes; 0 at end of input. Blocks the host until input arrives. */
  read(buf: Uint8Array): number;
  /**
   * Reads what is there without waiting: the byte count, 0 at end of input, or undefined when nothing has arrived
   * yet. Absent for streams that cannot be read that way (their reads never wait long: regular files).
   */
  readNow?(buf: Uint8Array): number | undefined;
  write(buf: Uint8Array): number;
  /** Terminal size, for TIOCGWINSZ. */
  windowSize?(): { rows: number; columns: number };
}

export interface HostClock {
  /** Nanoseconds since the Unix epoch. */
  realtimeNs(): bigint;
  /** Nanoseconds since an arbitrary fixed point, never going backwards. */
  monotonicNs(): bigint;
  /** Suspends the host for a short while (used only when every guest thread sleeps). */
  sleepNs(ns: bigint): void;
}

export interface Host {
  readonly fs: HostFs;
  readonly clock: HostClock;
  readonly stdin: HostStream;
  readonly stdout: HostStream;
  readonly stderr: HostStream;
  randomBytes(buf: Uint8Array): void;
  /** The host's working directory (relative program and root paths are taken from it). */
  cwd(): string;
  /**
   * The assembly source of the vDSO (src/kernel/vdso/vdso.S), which the kernel assembles at boot: the host holds it
   * because reading it is file access, which the core does not do.
   */
  vdsoSource(): string;
}
