// Byte layouts of the structures the o32 kernel reads from and writes to user
// memory: `size` is sizeof, every other key is a field's offset, named exactly
// as in C. Little-endian, 4-byte longs and pointers, 8-byte aligned 64-bit
// fields.
//
// These are the KERNEL's structures, which differ from glibc's where it
// matters: stat64 (MIPS padding), sigaction (flags first, 16-byte mask),
// termios (23 c_cc, no speeds), ucontext (16-byte sigmask). Values: Debian's
// mipsel cross headers (Linux 6.1 UAPI); the kernel-internal ones (signal
// frames, linux_dirent*) come from their kernel declarations (reference §3.3).
// All checked by test/abi/abi.test.ts.

// ---- files ----

/** struct stat (asm/stat.h), written by stat/lstat/fstat (4106..4108). */
export const Stat = {
  size: 144,
  st_dev: 0,
  st_pad1: 4,
  st_ino: 16,
  st_mode: 20,
  st_nlink: 24,
  st_uid: 28,
  st_gid: 32,
  st_rdev: 36,
  st_pad2: 40,
  st_size: 48,
  st_pad3: 52,
  st_atime: 56,
  st_atime_nsec: 60,
  st_mtime: 64,
  st_mtime_nsec: 68,
  st_ctime: 72,
  st_ctime_nsec: 76,
  st_blksize: 80,
  st_blocks: 84,
  st_pad4: 88,
} as const;

/** struct stat64 (asm/stat.h), written by stat64/lstat64/fstat64/fstatat64. */
export const Stat64 = {
  size: 104,
  st_dev: 0,
  st_pad0: 4,
  st_ino: 16,
  st_mode: 24,
  st_nlink: 28,
  st_uid: 32,
  st_gid: 36,
  st_rdev: 40,
  st_pad1: 44,
  st_size: 56,
  st_atime: 64,
  st_atime_nsec: 68,
  st_mtime: 72,
  st_mtime_nsec: 76,
  st_ctime: 80,
  st_ctime_nsec: 84,
  st_blksize: 88,
  st_pad2: 92,
  st_blocks: 96,
} as const;

/** struct statx_timestamp (linux/stat.h). */
export const StatxTimestamp = {
  size: 16,
  tv_sec: 0,
  tv_nsec: 8,
  __reserved: 12,
} as const;

/** struct statx (linux/stat.h, 6.1 fields), written by statx (4366). */
export const Statx = {
  size: 256,
  stx_mask: 0,
  stx_blksize: 4,
  stx_attributes: 8,
  stx_nlink: 16,
  stx_uid: 20,
  stx_gid: 24,
  stx_mode: 28,
  stx_ino: 32,
  stx_size: 40,
  stx_blocks: 48,
  stx_attributes_mask: 56,
  stx_atime: 64,
  stx_btime: 80,
  stx_ctime: 96,
  stx_mtime: 112,
  stx_rdev_major: 128,
  stx_rdev_minor: 132,
  stx_dev_major: 136,
  stx_dev_minor: 140,
  stx_mnt_id: 144,
  stx_dio_mem_align: 152,
  stx_dio_offset_align: 156,
} as const;

/**
 * struct linux_dirent64 (getdents64). `d_name` is a flexible array: a record
 * is d_name + strlen + 1 bytes, rounded up to 8, and that is d_reclen.
 */
export const LinuxDirent64 = {
  size: 24,
  d_ino: 0,
  d_off: 8,
  d_reclen: 16,
  d_type: 18,
  d_name: 19,
} as const;

/**
 * struct linux_dirent (old getdents, 4141). Records are rounded up to 4; the
 * d_type byte is the last byte of the record, after the name's NUL.
 */
export const LinuxDirent = {
  size: 12,
  d_ino: 0,
  d_off: 4,
  d_reclen: 8,
  d_name: 10,
} as const;

/** struct iovec. */
export const Iovec = {
  size: 8,
  iov_base: 0,
  iov_len: 4,
} as const;

/** struct pollfd. */
export const Pollfd = {
  size: 8,
  fd: 0,
  events: 4,
  revents: 6,
} as const;

/** struct epoll_event (not packed on MIPS: data is 8-aligned). */
export const EpollEvent = {
  size: 16,
  events: 0,
  data: 8,
} as const;

/**
 * struct flock for F_GETLK/F_SETLK/F_SETLKW with 32-bit offsets, as the 6.1
 * UAPI headers lay it out (l_pid before l_sysid). Older kernels and glibc's
 * own struct flock put l_sysid at 12 and l_pid at 16.
 */
export const Flock = {
  size: 36,
  l_type: 0,
  l_whence: 2,
  l_start: 4,
  l_len: 8,
  l_pid: 12,
  l_sysid: 16,
  pad: 20,
} as const;

/** struct flock64 for F_GETLK64/F_SETLK64/F_SETLKW64 and the OFD locks. */
export const Flock64 = {
  size: 32,
  l_type: 0,
  l_whence: 2,
  l_start: 8,
  l_len: 16,
  l_pid: 24,
} as const;

// ---- terminals ----

/** The kernel's MIPS struct termios (TCGETS/TCSETS*): c_line before c_cc[23], no speed fields. */
export const Termios = {
  size: 40,
  c_iflag: 0,
  c_oflag: 4,
  c_cflag: 8,
  c_lflag: 12,
  c_line: 16,
  c_cc: 17,
} as const;

/** struct termios2 (TCGETS2/TCSETS2*). */
export const Termios2 = {
  size: 48,
  c_iflag: 0,
  c_oflag: 4,
  c_cflag: 8,
  c_lflag: 12,
  c_line: 16,
  c_cc: 17,
  c_ispeed: 40,
  c_ospeed: 44,
} as const;

/** struct winsize (TIOCGWINSZ/TIOCSWINSZ). */
export const Winsize = {
  size: 8,
  ws_row: 0,
  ws_col: 2,
  ws_xpixel: 4,
  ws_ypixel: 6,
} as const;

// ---- time ----

/** Old 32-bit struct timespec (time32 syscalls: nanosleep, clock_gettime 4263 ...). */
export const Timespec = {
  size: 8,
  tv_sec: 0,
  tv_nsec: 4,
} as const;

/** struct __kernel_timespec, 64-bit fields (clock_gettime64, futex_time64 ...). */
export const KernelTimespec = {
  size: 16,
  tv_sec: 0,
  tv_nsec: 8,
} as const;

/** Old 32-bit struct timeval. */
export const Timeval = {
  size: 8,
  tv_sec: 0,
  tv_usec: 4,
} as const;

/** struct timezone. */
export const Timezone = {
  size: 8,
  tz_minuteswest: 0,
  tz_dsttime: 4,
} as const;

/** struct itimerval of two old timevals (setitimer/getitimer). */
export const Itimerval = {
  size: 16,
  it_interval: 0,
  it_value: 8,
} as const;

/** Old struct itimerspec of two 32-bit timespecs (timer_settime 4258 ...). */
export const Itimerspec = {
  size: 16,
  it_interval: 0,
  it_value: 8,
} as const;

/** struct __kernel_itimerspec of two 64-bit timespecs (timer_settime64 ...). */
export const KernelItimerspec = {
  size: 32,
  it_interval: 0,
  it_value: 16,
} as const;

/** struct tms (times). */
export const Tms = {
  size: 16,
  tms_utime: 0,
  tms_stime: 4,
  tms_cutime: 8,
  tms_cstime: 12,
} as const;

/** struct timex with 32-bit longs (adjtimex, clock_adjtime 4341). */
export const Timex = {
  size: 128,
  modes: 0,
  offset: 4,
  freq: 8,
  maxerror: 12,
  esterror: 16,
  status: 20,
  constant: 24,
  precision: 28,
  tolerance: 32,
  time: 36,
  tick: 44,
  ppsfreq: 48,
  jitter: 52,
  shift: 56,
  stabil: 60,
  jitcnt: 64,
  calcnt: 68,
  errcnt: 72,
  stbcnt: 76,
  tai: 80,
} as const;

// ---- processes and resources ----

/** struct rusage (two old timevals, then 14 longs). */
export const Rusage = {
  size: 72,
  ru_utime: 0,
  ru_stime: 8,
  ru_maxrss: 16,
  ru_ixrss: 20,
  ru_idrss: 24,
  ru_isrss: 28,
  ru_minflt: 32,
  ru_majflt: 36,
  ru_nswap: 40,
  ru_inblock: 44,
  ru_oublock: 48,
  ru_msgsnd: 52,
  ru_msgrcv: 56,
  ru_nsignals: 60,
  ru_nvcsw: 64,
  ru_nivcsw: 68,
} as const;

/** struct rlimit with 32-bit limits (getrlimit/setrlimit). */
export const Rlimit = {
  size: 8,
  rlim_cur: 0,
  rlim_max: 4,
} as const;

/** struct rlimit64 (prlimit64). */
export const Rlimit64 = {
  size: 16,
  rlim_cur: 0,
  rlim_max: 8,
} as const;

/** Bytes in each utsname field (__NEW_UTS_LEN + 1). */
export const UTSNAME_FIELD_LENGTH = 65;

/** struct new_utsname (uname 4122): six NUL-padded 65-byte strings. */
export const Utsname = {
  size: 390,
  sysname: 0,
  nodename: 65,
  release: 130,
  version: 195,
  machine: 260,
  domainname: 325,
} as const;

/** struct sysinfo with 32-bit longs. */
export const Sysinfo = {
  size: 64,
  uptime: 0,
  loads: 4,
  totalram: 16,
  freeram: 20,
  sharedram: 24,
  bufferram: 28,
  totalswap: 32,
  freeswap: 36,
  procs: 40,
  pad: 42,
  totalhigh: 44,
  freehigh: 48,
  mem_unit: 52,
  _f: 56,
} as const;

/** struct sched_param. */
export const SchedParam = {
  size: 4,
  sched_priority: 0,
} as const;

/** struct clone_args (clone3), all fields 64-bit. */
export const CloneArgs = {
  size: 88,
  flags: 0,
  pidfd: 8,
  child_tid: 16,
  parent_tid: 24,
  exit_signal: 32,
  stack: 40,
  stack_size: 48,
  tls: 56,
  set_tid: 64,
  set_tid_size: 72,
  cgroup: 80,
} as const;

/** struct robust_list_head (set_robust_list; glibc registers 12 bytes). */
export const RobustListHead = {
  size: 12,
  list: 0,
  futex_offset: 4,
  list_op_pending: 8,
} as const;

/**
 * struct rseq. 32-bit user space writes only the low word of rseq_cs (offset 8).
 * node_id and mm_cid exist since 6.3; `end` (28) is AT_RSEQ_FEATURE_SIZE.
 */
export const Rseq = {
  size: 32,
  alignment: 32,
  cpu_id_start: 0,
  cpu_id: 4,
  rseq_cs: 8,
  flags: 16,
  node_id: 20,
  mm_cid: 24,
  end: 28,
} as const;

/** struct rseq_cs, the critical-section descriptor rseq.rseq_cs points to. */
export const RseqCs = {
  size: 32,
  alignment: 32,
  version: 0,
  flags: 4,
  start_ip: 8,
  post_commit_offset: 16,
  abort_ip: 24,
} as const;

// ---- signals ----

/** The kernel's MIPS struct sigaction (rt_sigaction and sigaction): flags first, 16-byte mask. */
export const Sigaction = {
  size: 24,
  sa_flags: 0,
  sa_handler: 4,
  sa_mask: 8,
} as const;

/** stack_t in IRIX order: sp, size, flags. */
export const StackT = {
  size: 12,
  ss_sp: 0,
  ss_size: 4,
  ss_flags: 8,
} as const;

/**
 * siginfo_t. MIPS swaps si_code and si_errno (signo@0, code@4, errno@8); the
 * union starts at 12. Fields of different union members share offsets.
 */
export const Siginfo = {
  size: 128,
  si_signo: 0,
  si_code: 4,
  si_errno: 8,
  // kill, sigqueue, SIGCHLD
  si_pid: 12,
  si_uid: 16,
  // POSIX timers
  si_tid: 12,
  si_overrun: 16,
  // sigqueue and timers: union sigval
  si_value: 20,
  si_int: 20,
  si_ptr: 20,
  // SIGCHLD
  si_status: 20,
  si_utime: 24,
  si_stime: 28,
  // SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP
  si_addr: 12,
  si_addr_lsb: 16,
  si_lower: 20,
  si_upper: 24,
  si_pkey: 20,
  // SIGPOLL
  si_band: 12,
  si_fd: 16,
  // SIGSYS
  si_call_addr: 12,
  si_syscall: 16,
  si_arch: 20,
} as const;

/** struct sigcontext (o32): every register slot is 64-bit (reference §3.2). */
export const Sigcontext = {
  size: 592,
  sc_regmask: 0,
  sc_status: 4,
  sc_pc: 8,
  sc_regs: 16,
  sc_fpregs: 272,
  sc_acx: 528,
  sc_fpc_csr: 532,
  sc_fpc_eir: 536,
  sc_used_math: 540,
  sc_dsp: 544,
  sc_mdhi: 552,
  sc_mdlo: 560,
  sc_hi1: 568,
  sc_lo1: 572,
  sc_hi2: 576,
  sc_lo2: 580,
  sc_hi3: 584,
  sc_lo3: 588,
} as const;

/** The kernel's struct ucontext (asm/ucontext.h); extended contexts follow at uc_extcontext. */
export const Ucontext = {
  size: 632,
  uc_flags: 0,
  uc_link: 4,
  uc_stack: 8,
  uc_mcontext: 24,
  uc_sigmask: 616,
  uc_extcontext: 632,
} as const;

/** The frame built for a handler without SA_SIGINFO (setup_frame, reference §3.3). */
export const Sigframe = {
  size: 632,
  sf_ass: 0,
  sf_pad: 16,
  sf_sc: 24,
  sf_mask: 616,
  sf_extcontext: 632,
} as const;

/** The frame built for an SA_SIGINFO handler (setup_rt_frame, reference §3.3). */
export const RtSigframe = {
  size: 784,
  rs_ass: 0,
  rs_pad: 16,
  rs_info: 24,
  rs_uc: 152,
} as const;

/**
 * The vDSO data page ([vvar], the page just below the vDSO). Its first part is Linux's: struct vdso_data
 * (include/vdso/datapage.h, 5.x–6.12) for o32, u64 fields 8-aligned (reference §4.4), an array of two — one
 * per clock-source base, data[CS_HRES_COARSE] at `cs_hres_coarse` and data[CS_RAW] at `cs_raw`. Each holds
 * basetime[12], an array of struct vdso_timestamp {u64 sec; u64 nsec;} (`timestamp_*`), indexed by clock id.
 * This is a private kernel↔vDSO layout: Linux renamed and extended it in 6.15.
 *
 * After the two copies come TRAPGATE'S OWN fields, not Linux's: the coarse clocks' resolution (u32 ns; Linux
 * compiles LOW_RES_NSEC into its vDSO instead) and the ppc64-style syscall map (u32 count, then 16 u32 words:
 * bit 0x80000000 >> (N & 31) of word N >> 5 is set when o32 syscall 4000 + N is implemented).
 */
export const VdsoData = {
  size: 240,
  seq: 0,
  clock_mode: 4,
  cycle_last: 8,
  mask: 16,
  mult: 24,
  shift: 28,
  basetime: 32,
  timestamp_size: 16,
  timestamp_sec: 0,
  timestamp_nsec: 8,
  tz_minuteswest: 224,
  tz_dsttime: 228,
  hrtimer_res: 232,
  cs_hres_coarse: 0,
  cs_raw: 240,
  // Trapgate's own fields:
  coarse_res: 480,
  syscall_count: 484,
  syscall_map: 488,
  syscall_map_words: 16,
} as const;
