// Flag and command numbers of the MIPS o32 Linux ABI, one `as const` object
// per family (O.CREAT, MAP.ANONYMOUS, F.GETLK ...), named after the C prefix.
//
// Many of these differ on MIPS from every other Linux port (O_*, MAP_*, F_*
// locks and owners, RLIMIT_*, ioctl numbers, termios bits, POLLWRNORM), so
// the generic tables cannot be reused. Values: Debian's mipsel cross headers
// (Linux 6.1 UAPI, glibc 2.36), checked by test/abi/abi.test.ts.

/** open(2) flags. */
export const O = {
  RDONLY: 0x0,
  WRONLY: 0x1,
  RDWR: 0x2,
  ACCMODE: 0x3,
  APPEND: 0x8,
  DSYNC: 0x10,
  NONBLOCK: 0x80,
  NDELAY: 0x80, // alias of NONBLOCK
  CREAT: 0x100,
  TRUNC: 0x200,
  EXCL: 0x400,
  NOCTTY: 0x800,
  ASYNC: 0x1000, // FASYNC in the kernel headers
  LARGEFILE: 0x2000,
  SYNC: 0x4010, // __O_SYNC | O_DSYNC
  DIRECT: 0x8000,
  DIRECTORY: 0x10000,
  NOFOLLOW: 0x20000,
  NOATIME: 0x40000,
  CLOEXEC: 0x80000,
  PATH: 0x200000,
  TMPFILE: 0x410000, // __O_TMPFILE | O_DIRECTORY
} as const;

/** The *at() directory argument and flags, plus statx sync modes. */
export const AT = {
  FDCWD: -100,
  SYMLINK_NOFOLLOW: 0x100,
  EACCESS: 0x200, // faccessat
  REMOVEDIR: 0x200, // unlinkat
  SYMLINK_FOLLOW: 0x400,
  NO_AUTOMOUNT: 0x800,
  EMPTY_PATH: 0x1000,
  STATX_SYNC_TYPE: 0x6000,
  STATX_SYNC_AS_STAT: 0x0,
  STATX_FORCE_SYNC: 0x2000,
  STATX_DONT_SYNC: 0x4000,
  RECURSIVE: 0x8000,
} as const;

/** fcntl(2) commands, lock types, seals and owner types. */
export const F = {
  DUPFD: 0,
  GETFD: 1,
  SETFD: 2,
  GETFL: 3,
  SETFL: 4,
  SETLK: 6,
  SETLKW: 7,
  SETSIG: 10,
  GETSIG: 11,
  GETLK: 14,
  SETOWN_EX: 15,
  GETOWN_EX: 16,
  GETOWNER_UIDS: 17,
  GETOWN: 23,
  SETOWN: 24,
  GETLK64: 33,
  SETLK64: 34,
  SETLKW64: 35,
  OFD_GETLK: 36,
  OFD_SETLK: 37,
  OFD_SETLKW: 38,
  SETLEASE: 1024,
  GETLEASE: 1025,
  NOTIFY: 1026,
  CANCELLK: 1029,
  DUPFD_CLOEXEC: 1030,
  SETPIPE_SZ: 1031,
  GETPIPE_SZ: 1032,
  ADD_SEALS: 1033,
  GET_SEALS: 1034,
  GET_RW_HINT: 1035,
  SET_RW_HINT: 1036,
  GET_FILE_RW_HINT: 1037,
  SET_FILE_RW_HINT: 1038,
  SEAL_SEAL: 0x1,
  SEAL_SHRINK: 0x2,
  SEAL_GROW: 0x4,
  SEAL_WRITE: 0x8,
  SEAL_FUTURE_WRITE: 0x10,
  RDLCK: 0,
  WRLCK: 1,
  UNLCK: 2,
  EXLCK: 4,
  SHLCK: 8,
  OWNER_TID: 0,
  OWNER_PID: 1,
  OWNER_PGRP: 2,
} as const;

/** File-descriptor flags (F_GETFD/F_SETFD). */
export const FD = {
  CLOEXEC: 1,
} as const;

/** flock(2) operations. */
export const LOCK = {
  SH: 1,
  EX: 2,
  NB: 4,
  UN: 8,
} as const;

/** File type and permission bits of st_mode. */
export const S = {
  IFMT: 0o170000,
  IFSOCK: 0o140000,
  IFLNK: 0o120000,
  IFREG: 0o100000,
  IFBLK: 0o060000,
  IFDIR: 0o040000,
  IFCHR: 0o020000,
  IFIFO: 0o010000,
  ISUID: 0o4000,
  ISGID: 0o2000,
  ISVTX: 0o1000,
  IRWXU: 0o700,
  IRUSR: 0o400,
  IWUSR: 0o200,
  IXUSR: 0o100,
  IRWXG: 0o070,
  IRGRP: 0o040,
  IWGRP: 0o020,
  IXGRP: 0o010,
  IRWXO: 0o007,
  IROTH: 0o004,
  IWOTH: 0o002,
  IXOTH: 0o001,
} as const;

/** lseek(2) whence. */
export const SEEK = {
  SET: 0,
  CUR: 1,
  END: 2,
  DATA: 3,
  HOLE: 4,
} as const;

/** access(2) modes (C names R_OK ...). */
export const ACCESS = {
  F_OK: 0,
  X_OK: 1,
  W_OK: 2,
  R_OK: 4,
} as const;

/** Special tv_nsec values for utimensat(2). */
export const UTIME = {
  NOW: (1 << 30) - 1,
  OMIT: (1 << 30) - 2,
} as const;

/** linux_dirent64 d_type values. */
export const DT = {
  UNKNOWN: 0,
  FIFO: 1,
  CHR: 2,
  DIR: 4,
  BLK: 6,
  REG: 8,
  LNK: 10,
  SOCK: 12,
  WHT: 14,
} as const;

/** renameat2(2) flags. */
export const RENAME = {
  NOREPLACE: 1 << 0,
  EXCHANGE: 1 << 1,
  WHITEOUT: 1 << 2,
} as const;

/** close_range(2) flags. */
export const CLOSE_RANGE = {
  UNSHARE: 1 << 1,
  CLOEXEC: 1 << 2,
} as const;

/** statx(2) request/result mask bits. */
export const STATX = {
  TYPE: 0x1,
  MODE: 0x2,
  NLINK: 0x4,
  UID: 0x8,
  GID: 0x10,
  ATIME: 0x20,
  MTIME: 0x40,
  CTIME: 0x80,
  INO: 0x100,
  SIZE: 0x200,
  BLOCKS: 0x400,
  BASIC_STATS: 0x7ff,
  BTIME: 0x800,
  MNT_ID: 0x1000,
  DIOALIGN: 0x2000,
  ALL: 0xfff,
  _RESERVED: 0x80000000,
} as const;

/** statx stx_attributes bits. */
export const STATX_ATTR = {
  COMPRESSED: 0x4,
  IMMUTABLE: 0x10,
  APPEND: 0x20,
  NODUMP: 0x40,
  ENCRYPTED: 0x800,
  AUTOMOUNT: 0x1000,
  MOUNT_ROOT: 0x2000,
  VERITY: 0x100000,
  DAX: 0x200000,
} as const;

/** eventfd2(2) flags. */
export const EFD = {
  SEMAPHORE: 1,
  NONBLOCK: O.NONBLOCK,
  CLOEXEC: O.CLOEXEC,
} as const;

/** signalfd4(2) flags. */
export const SFD = {
  NONBLOCK: O.NONBLOCK,
  CLOEXEC: O.CLOEXEC,
} as const;

/** timerfd_create/timerfd_settime flags. */
export const TFD = {
  TIMER_ABSTIME: 1 << 0,
  TIMER_CANCEL_ON_SET: 1 << 1,
  NONBLOCK: O.NONBLOCK,
  CLOEXEC: O.CLOEXEC,
} as const;

/** memfd_create(2) flags. */
export const MFD = {
  CLOEXEC: 0x1,
  ALLOW_SEALING: 0x2,
  HUGETLB: 0x4,
} as const;

/** epoll events (C names EPOLLIN ...), epoll_create1 flag and epoll_ctl ops. */
export const EPOLL = {
  IN: 0x1,
  PRI: 0x2,
  OUT: 0x4,
  ERR: 0x8,
  HUP: 0x10,
  NVAL: 0x20,
  RDNORM: 0x40,
  RDBAND: 0x80,
  WRNORM: 0x100,
  WRBAND: 0x200,
  MSG: 0x400,
  RDHUP: 0x2000,
  EXCLUSIVE: 1 << 28,
  WAKEUP: 1 << 29,
  ONESHOT: 1 << 30,
  ET: 0x80000000,
  CLOEXEC: O.CLOEXEC,
  CTL_ADD: 1,
  CTL_DEL: 2,
  CTL_MOD: 3,
} as const;

/** poll(2) events (C names POLLIN ...). On MIPS POLLWRNORM equals POLLOUT and POLLWRBAND is 0x100. */
export const POLL = {
  IN: 0x1,
  PRI: 0x2,
  OUT: 0x4,
  ERR: 0x8,
  HUP: 0x10,
  NVAL: 0x20,
  RDNORM: 0x40,
  RDBAND: 0x80,
  WRNORM: 0x4,
  WRBAND: 0x100,
  MSG: 0x400,
  REMOVE: 0x1000,
  RDHUP: 0x2000,
} as const;

/** getrandom(2) flags. */
export const GRND = {
  NONBLOCK: 0x1,
  RANDOM: 0x2,
  INSECURE: 0x4,
} as const;

/** mmap/mprotect protection bits (PROT_SEM is 0x10 on MIPS). */
export const PROT = {
  NONE: 0x0,
  READ: 0x1,
  WRITE: 0x2,
  EXEC: 0x4,
  SEM: 0x10,
  GROWSDOWN: 0x01000000,
  GROWSUP: 0x02000000,
} as const;

/** mmap flags (MIPS values: ANONYMOUS 0x800, NORESERVE 0x400, GROWSDOWN 0x1000 ...). */
export const MAP = {
  SHARED: 0x1,
  PRIVATE: 0x2,
  SHARED_VALIDATE: 0x3,
  TYPE: 0xf,
  FIXED: 0x10,
  RENAME: 0x20,
  AUTOGROW: 0x40,
  LOCAL: 0x80,
  AUTORSRV: 0x100,
  NORESERVE: 0x400,
  ANONYMOUS: 0x800,
  GROWSDOWN: 0x1000,
  DENYWRITE: 0x2000,
  EXECUTABLE: 0x4000,
  LOCKED: 0x8000,
  POPULATE: 0x10000,
  NONBLOCK: 0x20000,
  STACK: 0x40000,
  HUGETLB: 0x80000,
  FIXED_NOREPLACE: 0x100000,
} as const;

/** mremap(2) flags. */
export const MREMAP = {
  MAYMOVE: 1,
  FIXED: 2,
  DONTUNMAP: 4,
} as const;

/** msync(2) flags. */
export const MS = {
  ASYNC: 1,
  INVALIDATE: 2,
  SYNC: 4,
} as const;

/** mlockall(2) flags. */
export const MCL = {
  CURRENT: 1,
  FUTURE: 2,
  ONFAULT: 4,
} as const;

/** mlock2(2) flag. */
export const MLOCK_ONFAULT = 1;

/** madvise(2) advice. */
export const MADV = {
  NORMAL: 0,
  RANDOM: 1,
  SEQUENTIAL: 2,
  WILLNEED: 3,
  DONTNEED: 4,
  FREE: 8,
  REMOVE: 9,
  DONTFORK: 10,
  DOFORK: 11,
  MERGEABLE: 12,
  UNMERGEABLE: 13,
  HUGEPAGE: 14,
  NOHUGEPAGE: 15,
  DONTDUMP: 16,
  DODUMP: 17,
  WIPEONFORK: 18,
  KEEPONFORK: 19,
  COLD: 20,
  PAGEOUT: 21,
  POPULATE_READ: 22,
  POPULATE_WRITE: 23,
  DONTNEED_LOCKED: 24,
  COLLAPSE: 25,
  HWPOISON: 100,
} as const;

/** sysmips(2) commands (arch/mips/include/uapi/asm/sysmips.h). */
export const SYSMIPS = {
  SETNAME: 1,
  FLUSH_CACHE: 3,
  MIPS_FIXADE: 7,
  MIPS_RDNVRAM: 10,
  MIPS_ATOMIC_SET: 2001,
} as const;

/** cacheflush(2) `cache` argument and cachectl(2) operations (asm/cachectl.h). */
export const CACHECTL = {
  ICACHE: 1 << 0,
  DCACHE: 1 << 1,
  BCACHE: (1 << 0) | (1 << 1),
  CACHEABLE: 0,
  UNCACHEABLE: 1,
} as const;

/** Clock ids. */
export const CLOCK = {
  REALTIME: 0,
  MONOTONIC: 1,
  PROCESS_CPUTIME_ID: 2,
  THREAD_CPUTIME_ID: 3,
  MONOTONIC_RAW: 4,
  REALTIME_COARSE: 5,
  MONOTONIC_COARSE: 6,
  BOOTTIME: 7,
  REALTIME_ALARM: 8,
  BOOTTIME_ALARM: 9,
  SGI_CYCLE: 10,
  TAI: 11,
} as const;

/** Clock ids at or above this are invalid (unless negative: CPU-clock ids). */
export const MAX_CLOCKS = 16;

/** clock_nanosleep/timer_settime flag. */
export const TIMER = {
  ABSTIME: 0x1,
} as const;

/** setitimer/getitimer "which". */
export const ITIMER = {
  REAL: 0,
  VIRTUAL: 1,
  PROF: 2,
} as const;

/**
 * clone(2) flags; the low byte (CSIGNAL) is the exit signal. CLEAR_SIGHAND and
 * INTO_CGROUP do not fit 32 bits and exist only for clone3.
 */
export const CLONE = {
  CSIGNAL: 0xff,
  NEWTIME: 0x80,
  VM: 0x100,
  FS: 0x200,
  FILES: 0x400,
  SIGHAND: 0x800,
  PIDFD: 0x1000,
  PTRACE: 0x2000,
  VFORK: 0x4000,
  PARENT: 0x8000,
  THREAD: 0x10000,
  NEWNS: 0x20000,
  SYSVSEM: 0x40000,
  SETTLS: 0x80000,
  PARENT_SETTID: 0x100000,
  CHILD_CLEARTID: 0x200000,
  DETACHED: 0x400000,
  UNTRACED: 0x800000,
  CHILD_SETTID: 0x1000000,
  NEWCGROUP: 0x2000000,
  NEWUTS: 0x4000000,
  NEWIPC: 0x8000000,
  NEWUSER: 0x10000000,
  NEWPID: 0x20000000,
  NEWNET: 0x40000000,
  IO: 0x80000000,
  CLEAR_SIGHAND: 0x100000000,
  INTO_CGROUP: 0x200000000,
  ARGS_SIZE_VER0: 64,
  ARGS_SIZE_VER1: 80,
  ARGS_SIZE_VER2: 88,
} as const;

/** Scheduling policies. */
export const SCHED = {
  NORMAL: 0,
  FIFO: 1,
  RR: 2,
  BATCH: 3,
  IDLE: 5,
  DEADLINE: 6,
  RESET_ON_FORK: 0x40000000,
} as const;

/** futex(2) operations, flags, futex-word bits and FUTEX_WAKE_OP encodings. */
export const FUTEX = {
  WAIT: 0,
  WAKE: 1,
  FD: 2,
  REQUEUE: 3,
  CMP_REQUEUE: 4,
  WAKE_OP: 5,
  LOCK_PI: 6,
  UNLOCK_PI: 7,
  TRYLOCK_PI: 8,
  WAIT_BITSET: 9,
  WAKE_BITSET: 10,
  WAIT_REQUEUE_PI: 11,
  CMP_REQUEUE_PI: 12,
  LOCK_PI2: 13,
  PRIVATE_FLAG: 128,
  CLOCK_REALTIME: 256,
  CMD_MASK: ~(128 | 256),
  WAITERS: 0x80000000,
  OWNER_DIED: 0x40000000,
  TID_MASK: 0x3fffffff,
  BITSET_MATCH_ANY: 0xffffffff,
  WAITV_MAX: 128,
  OP_SET: 0,
  OP_ADD: 1,
  OP_OR: 2,
  OP_ANDN: 3,
  OP_XOR: 4,
  OP_OPARG_SHIFT: 8,
  OP_CMP_EQ: 0,
  OP_CMP_NE: 1,
  OP_CMP_LT: 2,
  OP_CMP_LE: 3,
  OP_CMP_GT: 4,
  OP_CMP_GE: 5,
} as const;

/** The kernel walks at most this many robust-list entries at thread exit. */
export const ROBUST_LIST_LIMIT = 2048;

/** Resource numbers (MIPS order: NOFILE 5, AS 6, RSS 7, NPROC 8, MEMLOCK 9). */
export const RLIMIT = {
  CPU: 0,
  FSIZE: 1,
  DATA: 2,
  STACK: 3,
  CORE: 4,
  NOFILE: 5,
  AS: 6,
  RSS: 7,
  NPROC: 8,
  MEMLOCK: 9,
  LOCKS: 10,
  SIGPENDING: 11,
  MSGQUEUE: 12,
  NICE: 13,
  RTPRIO: 14,
  RTTIME: 15,
} as const;

export const RLIM_NLIMITS = 16;

/**
 * "No limit". MIPS32 keeps 0x7fffffff for the 32-bit getrlimit/setrlimit
 * struct; prlimit64's struct rlimit64 uses all ones.
 */
export const RLIM = {
  INFINITY: 0x7fffffff,
  INFINITY64: 0xffff_ffff_ffff_ffffn,
} as const;

/** getrusage(2) "who". */
export const RUSAGE = {
  SELF: 0,
  CHILDREN: -1,
  BOTH: -2,
  THREAD: 1,
} as const;

/** getpriority/setpriority "which". */
export const PRIO = {
  PROCESS: 0,
  PGRP: 1,
  USER: 2,
} as const;

/** wait4/waitid options (NOTHREAD, ALL, CLONE are __WNOTHREAD, __WALL, __WCLONE). */
export const W = {
  NOHANG: 0x1,
  UNTRACED: 0x2,
  STOPPED: 0x2,
  EXITED: 0x4,
  CONTINUED: 0x8,
  NOWAIT: 0x01000000,
  NOTHREAD: 0x20000000,
  ALL: 0x40000000,
  CLONE: 0x80000000,
} as const;

/** waitid(2) id types (C names P_ALL ...). */
export const P = {
  ALL: 0,
  PID: 1,
  PGID: 2,
  PIDFD: 3,
} as const;

/** prctl(2) options. */
export const PR = {
  SET_PDEATHSIG: 1,
  GET_PDEATHSIG: 2,
  GET_DUMPABLE: 3,
  SET_DUMPABLE: 4,
  GET_UNALIGN: 5,
  SET_UNALIGN: 6,
  GET_KEEPCAPS: 7,
  SET_KEEPCAPS: 8,
  GET_FPEMU: 9,
  SET_FPEMU: 10,
  GET_FPEXC: 11,
  SET_FPEXC: 12,
  GET_TIMING: 13,
  SET_TIMING: 14,
  SET_NAME: 15,
  GET_NAME: 16,
  GET_ENDIAN: 19,
  SET_ENDIAN: 20,
  GET_SECCOMP: 21,
  SET_SECCOMP: 22,
  CAPBSET_READ: 23,
  CAPBSET_DROP: 24,
  GET_TSC: 25,
  SET_TSC: 26,
  GET_SECUREBITS: 27,
  SET_SECUREBITS: 28,
  SET_TIMERSLACK: 29,
  GET_TIMERSLACK: 30,
  TASK_PERF_EVENTS_DISABLE: 31,
  TASK_PERF_EVENTS_ENABLE: 32,
  MCE_KILL: 33,
  MCE_KILL_GET: 34,
  SET_MM: 35,
  SET_CHILD_SUBREAPER: 36,
  GET_CHILD_SUBREAPER: 37,
  SET_NO_NEW_PRIVS: 38,
  GET_NO_NEW_PRIVS: 39,
  GET_TID_ADDRESS: 40,
  SET_THP_DISABLE: 41,
  GET_THP_DISABLE: 42,
  MPX_ENABLE_MANAGEMENT: 43,
  MPX_DISABLE_MANAGEMENT: 44,
  SET_FP_MODE: 45,
  GET_FP_MODE: 46,
  CAP_AMBIENT: 47,
  SVE_SET_VL: 50,
  SVE_GET_VL: 51,
  GET_SPECULATION_CTRL: 52,
  SET_SPECULATION_CTRL: 53,
  PAC_RESET_KEYS: 54,
  SET_TAGGED_ADDR_CTRL: 55,
  GET_TAGGED_ADDR_CTRL: 56,
  SET_IO_FLUSHER: 57,
  GET_IO_FLUSHER: 58,
  SET_SYSCALL_USER_DISPATCH: 59,
  PAC_SET_ENABLED_KEYS: 60,
  PAC_GET_ENABLED_KEYS: 61,
  SCHED_CORE: 62,
  SME_SET_VL: 63,
  SME_GET_VL: 64,
  SET_PTRACER: 0x59616d61,
  SET_VMA: 0x53564d41,
  /** PR_SET_FP_MODE / PR_GET_FP_MODE bits (MIPS): 64-bit FPRs, and FRE emulation. */
  FP_MODE_FR: 1 << 0,
  FP_MODE_FRE: 1 << 1,
} as const;

/** Auxiliary vector entry types (C names AT_NULL ...; AT is taken by the *at() flags). */
export const Auxv = {
  NULL: 0,
  IGNORE: 1,
  EXECFD: 2,
  PHDR: 3,
  PHENT: 4,
  PHNUM: 5,
  PAGESZ: 6,
  BASE: 7,
  FLAGS: 8,
  ENTRY: 9,
  NOTELF: 10,
  UID: 11,
  EUID: 12,
  GID: 13,
  EGID: 14,
  PLATFORM: 15,
  HWCAP: 16,
  CLKTCK: 17,
  SECURE: 23,
  BASE_PLATFORM: 24,
  RANDOM: 25,
  HWCAP2: 26,
  RSEQ_FEATURE_SIZE: 27,
  RSEQ_ALIGN: 28,
  EXECFN: 31,
  SYSINFO_EHDR: 33,
  MINSIGSTKSZ: 51,
} as const;

/** AT_HWCAP bits (arch/mips/include/uapi/asm/hwcap.h); 0 is right for a plain MIPS32r2 core. */
export const HWCAP = {
  MIPS_R6: 1 << 0,
  MIPS_MSA: 1 << 1,
  MIPS_CRC32: 1 << 2,
  MIPS_MIPS16: 1 << 3,
  MIPS_MDMX: 1 << 4,
  MIPS_MIPS3D: 1 << 5,
  MIPS_SMARTMIPS: 1 << 6,
  MIPS_DSP: 1 << 7,
  MIPS_DSP2: 1 << 8,
  MIPS_DSP3: 1 << 9,
  MIPS_MIPS16E2: 1 << 10,
  LOONGSON_MMI: 1 << 11,
  LOONGSON_EXT: 1 << 12,
  LOONGSON_EXT2: 1 << 13,
  LOONGSON_CPUCFG: 1 << 14,
} as const;

/** rseq(2): the MIPS abort signature (`break 0x350`), flags and cpu_id states. */
export const RSEQ = {
  SIG: 0x0350000d,
  FLAG_UNREGISTER: 1,
  CPU_ID_UNINITIALIZED: -1,
  CPU_ID_REGISTRATION_FAILED: -2,
  CS_FLAG_NO_RESTART_ON_PREEMPT: 1 << 0,
  CS_FLAG_NO_RESTART_ON_SIGNAL: 1 << 1,
  CS_FLAG_NO_RESTART_ON_MIGRATE: 1 << 2,
} as const;

/**
 * ioctl request numbers a terminal/stdio runtime uses. MIPS encodes _IOC with
 * 13 size bits and dir NONE=1, READ=2, WRITE=4 in the top 3 bits, and keeps
 * many old SVR4-style numbers (TCGETS 0x540d, FIONREAD 0x467f).
 */
export const IOCTL = {
  TCGETA: 0x5401,
  TCSETA: 0x5402,
  TCSETAW: 0x5403,
  TCSETAF: 0x5404,
  TCSBRK: 0x5405,
  TCXONC: 0x5406,
  TCFLSH: 0x5407,
  TCGETS: 0x540d,
  TCSETS: 0x540e,
  TCSETSW: 0x540f,
  TCSETSF: 0x5410,
  TIOCSBRK: 0x5427,
  TIOCCBRK: 0x5428,
  TIOCVHANGUP: 0x5437,
  TIOCPKT: 0x5470,
  TIOCNOTTY: 0x5471,
  TIOCSTI: 0x5472,
  TIOCSCTTY: 0x5480,
  TCSBRKP: 0x5486,
  FIOCLEX: 0x6601,
  FIONCLEX: 0x6602,
  FIOASYNC: 0x667d,
  FIONBIO: 0x667e,
  FIOQSIZE: 0x667f,
  FIONREAD: 0x467f,
  TIOCINQ: 0x467f, // alias of FIONREAD
  TIOCGETD: 0x7400,
  TIOCSETD: 0x7401,
  TIOCEXCL: 0x740d,
  TIOCNXCL: 0x740e,
  TIOCGSID: 0x7416,
  TIOCMSET: 0x741a,
  TIOCMBIS: 0x741b,
  TIOCMBIC: 0x741c,
  TIOCMGET: 0x741d,
  TIOCOUTQ: 0x7472,
  TIOCSWINSZ: 0x80087467, // _IOW('t', 103, struct winsize)
  TIOCGWINSZ: 0x40087468, // _IOR('t', 104, struct winsize)
  TIOCSPGRP: 0x80047476, // _IOW('t', 118, int)
  TIOCGPGRP: 0x40047477, // _IOR('t', 119, int)
  TIOCCONS: 0x80047478, // _IOW('t', 120, int)
  TCGETS2: 0x4030542a, // _IOR('T', 0x2a, struct termios2)
  TCSETS2: 0x8030542b,
  TCSETSW2: 0x8030542c,
  TCSETSF2: 0x8030542d,
  TIOCGPTN: 0x40045430, // _IOR('T', 0x30, unsigned int)
  TIOCSPTLCK: 0x80045431, // _IOW('T', 0x31, int)
  TIOCGDEV: 0x40045432,
  TIOCSIG: 0x80045436,
  TIOCGPKT: 0x40045438,
  TIOCGPTLCK: 0x40045439,
  TIOCGEXCL: 0x40045440,
  TIOCGPTPEER: 0x20005441, // _IO('T', 0x41)
} as const;

/** Entries in the kernel termios c_cc array (MIPS has 23, not 19). */
export const NCCS = 23;

/** Indices into c_cc (MIPS order: VMIN 4, VEOF 16 ...). */
export const VCC = {
  VINTR: 0,
  VQUIT: 1,
  VERASE: 2,
  VKILL: 3,
  VMIN: 4,
  VTIME: 5,
  VEOL2: 6,
  VSWTC: 7,
  VSTART: 8,
  VSTOP: 9,
  VSUSP: 10,
  VREPRINT: 12,
  VDISCARD: 13,
  VWERASE: 14,
  VLNEXT: 15,
  VEOF: 16,
  VEOL: 17,
} as const;

/** termios c_iflag bits. */
export const IFLAG = {
  IGNBRK: 0x1,
  BRKINT: 0x2,
  IGNPAR: 0x4,
  PARMRK: 0x8,
  INPCK: 0x10,
  ISTRIP: 0x20,
  INLCR: 0x40,
  IGNCR: 0x80,
  ICRNL: 0x100,
  IUCLC: 0x200,
  IXON: 0x400,
  IXANY: 0x800,
  IXOFF: 0x1000,
  IMAXBEL: 0x2000,
  IUTF8: 0x4000,
} as const;

/** termios c_oflag bits and delay masks. */
export const OFLAG = {
  OPOST: 0x1,
  OLCUC: 0x2,
  ONLCR: 0x4,
  OCRNL: 0x8,
  ONOCR: 0x10,
  ONLRET: 0x20,
  OFILL: 0x40,
  OFDEL: 0x80,
  NLDLY: 0x100,
  CRDLY: 0x600,
  TABDLY: 0x1800,
  XTABS: 0x1800,
  BSDLY: 0x2000,
  VTDLY: 0x4000,
  FFDLY: 0x8000,
} as const;

/** termios c_cflag bits and baud-rate codes. */
export const CFLAG = {
  CBAUD: 0x100f,
  CSIZE: 0x30,
  CS5: 0x0,
  CS6: 0x10,
  CS7: 0x20,
  CS8: 0x30,
  CSTOPB: 0x40,
  CREAD: 0x80,
  PARENB: 0x100,
  PARODD: 0x200,
  HUPCL: 0x400,
  CLOCAL: 0x800,
  CBAUDEX: 0x1000,
  BOTHER: 0x1000,
  CIBAUD: 0x100f0000,
  CMSPAR: 0x40000000,
  CRTSCTS: 0x80000000,
  IBSHIFT: 16,
  B0: 0x0,
  B50: 0x1,
  B75: 0x2,
  B110: 0x3,
  B134: 0x4,
  B150: 0x5,
  B200: 0x6,
  B300: 0x7,
  B600: 0x8,
  B1200: 0x9,
  B1800: 0xa,
  B2400: 0xb,
  B4800: 0xc,
  B9600: 0xd,
  B19200: 0xe,
  B38400: 0xf,
  B57600: 0x1001,
  B115200: 0x1002,
  B230400: 0x1003,
  B460800: 0x1004,
  B500000: 0x1005,
  B576000: 0x1006,
  B921600: 0x1007,
  B1000000: 0x1008,
  B1152000: 0x1009,
  B1500000: 0x100a,
  B2000000: 0x100b,
  B2500000: 0x100c,
  B3000000: 0x100d,
  B3500000: 0x100e,
  B4000000: 0x100f,
} as const;

/** termios c_lflag bits (MIPS values: IEXTEN 0x100, TOSTOP 0x8000 ...). */
export const LFLAG = {
  ISIG: 0x1,
  ICANON: 0x2,
  XCASE: 0x4,
  ECHO: 0x8,
  ECHOE: 0x10,
  ECHOK: 0x20,
  ECHONL: 0x40,
  NOFLSH: 0x80,
  IEXTEN: 0x100,
  ECHOCTL: 0x200,
  ECHOPRT: 0x400,
  ECHOKE: 0x800,
  FLUSHO: 0x2000,
  PENDIN: 0x4000,
  TOSTOP: 0x8000,
  EXTPROC: 0x10000,
} as const;

/** TCXONC and TCFLSH arguments (C names TCOOFF ..., TCIFLUSH ...). */
export const TC = {
  OOFF: 0,
  OON: 1,
  IOFF: 2,
  ION: 3,
  IFLUSH: 0,
  OFLUSH: 1,
  IOFLUSH: 2,
} as const;

/**
 * vdso_data.clock_mode: how the vDSO reads the clocksource (include/vdso/clocksource.h and
 * arch/mips/include/asm/vdso/clocksource.h, reference §4.4). NONE sends the high-resolution clocks to the system
 * call; R4K reads CP0 Count with `rdhwr $2`. (GIC = 2 and TIMENS = INT_MAX exist in Linux; Trapgate has neither.)
 */
export const VDSO_CLOCKMODE = {
  NONE: 0,
  R4K: 1,
} as const;
