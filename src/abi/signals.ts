// Signals of the MIPS o32 Linux ABI: numbers, sigaction flags, si_code values,
// default actions, and the text a shell prints for a killed process.
//
// MIPS numbers signals its own way (SIGBUS 10, SIGUSR1 16, SIGCHLD 18,
// SIGSTOP 23 ...), has 128 of them (a 16-byte kernel sigset_t), and swaps
// several SA_* and SI_* values. Values: arch/mips/include/uapi/asm/signal.h,
// asm/siginfo.h, asm-generic/siginfo.h, checked by test/abi/abi.test.ts.

/** Signal numbers. Aliases (SIGIOT, SIGCLD, SIGPOLL) follow the primary names. */
export const Signal = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGEMT: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGBUS: 10,
  SIGSEGV: 11,
  SIGSYS: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGUSR1: 16,
  SIGUSR2: 17,
  SIGCHLD: 18,
  SIGPWR: 19,
  SIGWINCH: 20,
  SIGURG: 21,
  SIGIO: 22,
  SIGSTOP: 23,
  SIGTSTP: 24,
  SIGCONT: 25,
  SIGTTIN: 26,
  SIGTTOU: 27,
  SIGVTALRM: 28,
  SIGPROF: 29,
  SIGXCPU: 30,
  SIGXFSZ: 31,
  /** The kernel's first real-time signal; glibc keeps 32 and 33 for itself. */
  SIGRTMIN: 32,
  /** The kernel's last signal: _NSIG itself is a valid signal on MIPS. */
  SIGRTMAX: 128,
  SIGIOT: 6,
  SIGCLD: 18,
  SIGPOLL: 22,
} as const;

/** _NSIG: signals are numbered 1.._NSIG. */
export const NSIG = 128;
/** Bytes in the kernel's sigset_t (rt_sig* calls require sigsetsize == 16). */
export const SIGSET_SIZE = 16;

/** sigaction sa_flags (MIPS values; there is no SA_RESTORER on MIPS). */
export const SA = {
  NOCLDSTOP: 0x1,
  SIGINFO: 0x8,
  UNSUPPORTED: 0x400,
  EXPOSE_TAGBITS: 0x800,
  NOCLDWAIT: 0x10000,
  ONSTACK: 0x08000000,
  RESTART: 0x10000000,
  NODEFER: 0x40000000,
  RESETHAND: 0x80000000,
  NOMASK: 0x40000000, // alias of NODEFER
  ONESHOT: 0x80000000, // alias of RESETHAND
} as const;

/** sigprocmask "how" values, and the special handler values. */
export const SIG = {
  BLOCK: 1,
  UNBLOCK: 2,
  SETMASK: 3,
  DFL: 0,
  IGN: 1,
  ERR: -1,
} as const;

/** sigaltstack ss_flags. */
export const SS = {
  ONSTACK: 1,
  DISABLE: 2,
  AUTODISARM: 0x80000000,
} as const;

export const MINSIGSTKSZ = 2048;
export const SIGSTKSZ = 8192;

/** si_code values for signals sent by user space (MIPS swaps TIMER, MESGQ and ASYNCIO). */
export const SI = {
  USER: 0,
  KERNEL: 0x80,
  QUEUE: -1,
  ASYNCIO: -2,
  TIMER: -3,
  MESGQ: -4,
  SIGIO: -5,
  TKILL: -6,
  DETHREAD: -7,
  ASYNCNL: -60,
} as const;

/** si_code values for SIGILL. */
export const ILL = {
  ILLOPC: 1,
  ILLOPN: 2,
  ILLADR: 3,
  ILLTRP: 4,
  PRVOPC: 5,
  PRVREG: 6,
  COPROC: 7,
  BADSTK: 8,
  BADIADDR: 9,
} as const;

/** si_code values for SIGFPE. */
export const FPE = {
  INTDIV: 1,
  INTOVF: 2,
  FLTDIV: 3,
  FLTOVF: 4,
  FLTUND: 5,
  FLTRES: 6,
  FLTINV: 7,
  FLTSUB: 8,
  FLTUNK: 14,
  CONDTRAP: 15,
} as const;

/** si_code values for SIGSEGV. */
export const SEGV = {
  MAPERR: 1,
  ACCERR: 2,
  BNDERR: 3,
  PKUERR: 4,
  ACCADI: 5,
  ADIDERR: 6,
  ADIPERR: 7,
  MTEAERR: 8,
  MTESERR: 9,
} as const;

/** si_code values for SIGBUS. */
export const BUS = {
  ADRALN: 1,
  ADRERR: 2,
  OBJERR: 3,
  MCEERR_AR: 4,
  MCEERR_AO: 5,
} as const;

/** si_code values for SIGTRAP. */
export const TRAP = {
  BRKPT: 1,
  TRACE: 2,
  BRANCH: 3,
  HWBKPT: 4,
  UNK: 5,
  PERF: 6,
} as const;

/** si_code values for SIGCHLD. */
export const CLD = {
  EXITED: 1,
  KILLED: 2,
  DUMPED: 3,
  TRAPPED: 4,
  STOPPED: 5,
  CONTINUED: 6,
} as const;

/** si_code values for SIGIO/SIGPOLL (C names POLL_IN ...; POLL is taken by poll events). */
export const POLL_CODE = {
  IN: 1,
  OUT: 2,
  MSG: 3,
  ERR: 4,
  PRI: 5,
  HUP: 6,
} as const;

/** si_code values for SIGSYS (C names SYS_SECCOMP ...). */
export const SYS_CODE = {
  SECCOMP: 1,
  USER_DISPATCH: 2,
} as const;

/** si_code values for SIGEMT. */
export const EMT = {
  TAGOVF: 1,
} as const;

/** sigcontext.sc_used_math bits (C names USED_FP ...). */
export const USED = {
  FP: 1 << 0,
  FR1: 1 << 1,
  HYBRID_FPRS: 1 << 2,
  EXTCONTEXT: 1 << 3,
} as const;

/** Magic words of the extended contexts after uc_sigmask ("xMSA", "xEND"). */
export const EXTCONTEXT_MAGIC = {
  MSA: 0x784d5341,
  END: 0x78454e44,
} as const;

/**
 * `break` codes (arch/mips/include/uapi/asm/break.h). The kernel turns
 * OVERFLOW and DIVZERO into SIGFPE, MEMU ends a dsemul frame, the rest give
 * SIGTRAP (reference §7).
 */
export const BRK = {
  USERBP: 0,
  SSTEPBP: 5,
  OVERFLOW: 6,
  DIVZERO: 7,
  RANGE: 8,
  BUG: 12,
  UPROBE: 13,
  UPROBE_XOL: 14,
  MEMU: 514,
  KPROBE_BP: 515,
  KPROBE_SSTEPBP: 516,
  MULOVF: 1023,
} as const;

export type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

/**
 * What the kernel does with a signal nobody handles (kernel/signal.c
 * SIG_KERNEL_*_MASK; MIPS adds SIGEMT to the core-dumping set). Signals not
 * listed, including all real-time signals, terminate.
 */
const DEFAULT_ACTIONS: ReadonlyMap<number, DefaultAction> = new Map<number, DefaultAction>([
  [Signal.SIGQUIT, 'core'],
  [Signal.SIGILL, 'core'],
  [Signal.SIGTRAP, 'core'],
  [Signal.SIGABRT, 'core'],
  [Signal.SIGEMT, 'core'],
  [Signal.SIGFPE, 'core'],
  [Signal.SIGBUS, 'core'],
  [Signal.SIGSEGV, 'core'],
  [Signal.SIGSYS, 'core'],
  [Signal.SIGXCPU, 'core'],
  [Signal.SIGXFSZ, 'core'],
  [Signal.SIGCHLD, 'ignore'],
  [Signal.SIGWINCH, 'ignore'],
  [Signal.SIGURG, 'ignore'],
  [Signal.SIGSTOP, 'stop'],
  [Signal.SIGTSTP, 'stop'],
  [Signal.SIGTTIN, 'stop'],
  [Signal.SIGTTOU, 'stop'],
  [Signal.SIGCONT, 'cont'],
]);

/** The default action of signal `n` (1..NSIG). */
export function defaultAction(n: number): DefaultAction {
  return DEFAULT_ACTIONS.get(n) ?? 'term';
}

const NAME_BY_NUMBER: ReadonlyMap<number, string> = (() => {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(Signal)) {
    if (!names.has(value)) names.set(value, name);
  }
  return names;
})();

/**
 * "SIGSEGV" for 11. Real-time signals are named relative to the kernel's
 * SIGRTMIN, as strace does: 32 is "SIGRTMIN", 33 "SIGRT_1" ... 128 "SIGRT_96".
 */
export function signalName(n: number): string | undefined {
  if (n > Signal.SIGRTMIN && n <= NSIG) return `SIGRT_${n - Signal.SIGRTMIN}`;
  return NAME_BY_NUMBER.get(n);
}

/** glibc 2.36's strsignal() text, which a shell prints for a process killed by the signal. */
const DESCRIPTIONS: Readonly<Record<number, string>> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  4: 'Illegal instruction',
  5: 'Trace/breakpoint trap',
  6: 'Aborted',
  7: 'EMT trap',
  8: 'Floating point exception',
  9: 'Killed',
  10: 'Bus error',
  11: 'Segmentation fault',
  12: 'Bad system call',
  13: 'Broken pipe',
  14: 'Alarm clock',
  15: 'Terminated',
  16: 'User defined signal 1',
  17: 'User defined signal 2',
  18: 'Child exited',
  19: 'Power failure',
  20: 'Window changed',
  21: 'Urgent I/O condition',
  22: 'I/O possible',
  23: 'Stopped (signal)',
  24: 'Stopped',
  25: 'Continued',
  26: 'Stopped (tty input)',
  27: 'Stopped (tty output)',
  28: 'Virtual timer expired',
  29: 'Profiling timer expired',
  30: 'CPU time limit exceeded',
  31: 'File size limit exceeded',
};

/**
 * glibc reserves kernel signals 32 and 33, so its SIGRTMIN is 34 and its
 * SIGRTMAX 127; strsignal numbers real-time signals from its own SIGRTMIN.
 */
const GLIBC_SIGRTMIN = 34;
const GLIBC_SIGRTMAX = 127;

/** What strsignal(n) returns under glibc 2.36 ("Segmentation fault", "Real-time signal 6", "Unknown signal 32"). */
export function signalDescription(n: number): string {
  const text = DESCRIPTIONS[n];
  if (text !== undefined) return text;
  if (n >= GLIBC_SIGRTMIN && n <= GLIBC_SIGRTMAX) return `Real-time signal ${n - GLIBC_SIGRTMIN}`;
  return `Unknown signal ${n}`;
}
