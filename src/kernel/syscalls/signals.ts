/**
 * Signal system calls: actions (rt_sigaction and the old sigaction, MIPS layout: flags first, no restorer),
 * masks, pending sets, sending (kill/tkill/tgkill/rt_sigqueueinfo), waiting (rt_sigsuspend, pause,
 * rt_sigtimedwait), the alternate stack, return from handlers (sigreturn/rt_sigreturn), and ITIMER_REAL/alarm.
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { ITIMER } from '../../abi/flags.js';
import { Itimerval, KernelTimespec, Sigaction, Siginfo, StackT, Timespec } from '../../abi/layouts.js';
import { MINSIGSTKSZ, NSIG, SA, SIG, SIGSET_SIZE, SI, Signal, SS } from '../../abi/signals.js';
import { altStackFlags, encodeSiginfo, onSigStack, restoreFrame } from '../signal/frame.js';
import { forceSignal, queueProcessSignal, queueThreadSignal, UNBLOCKABLE, type SigInfo } from '../signal/send.js';
import type { Kernel } from '../kernel.js';
import type { Thread } from '../process.js';
import { BLOCKED, type WaitOf, type WakeReason } from '../wait.js';
import { continueRestartBlock } from '../wait-handlers.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { StructReader, StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';

const ALL_SIGNALS = (1n << BigInt(NSIG)) - 1n;
/** UAPI_SA_FLAGS: the sa_flags bits a sigaction keeps (kernel/signal.c). */
const UAPI_SA_FLAGS = (SA.NOCLDSTOP | SA.NOCLDWAIT | SA.SIGINFO | SA.ONSTACK | SA.RESTART | SA.NODEFER | SA.RESETHAND | SA.EXPOSE_TAGBITS) >>> 0;
const NS = 1_000_000_000n;

export function readSigset(c: SyscallContext, addr: number): bigint {
  const r = new StructReader(c.as.read(addr, SIGSET_SIZE));
  return r.u64(0) | (r.u64(8) << 64n);
}

export function writeSigset(c: SyscallContext, addr: number, set: bigint): void {
  c.as.write(addr, new StructWriter(SIGSET_SIZE).u64(0, set & 0xffffffffffffffffn).u64(8, set >> 64n).bytes);
}

/** rt_sigaction and sigaction share the MIPS layout (flags first, no restorer); the old call uses one mask word. */
const sigaction = (rt: boolean) => (c: SyscallContext) => {
  const sig = s32(c, 0);
  const act = u32(c, 1);
  const oact = u32(c, 2);
  if (rt && u32(c, 3) !== SIGSET_SIZE) return -Errno.EINVAL;
  if (sig < 1 || sig > NSIG) return -Errno.EINVAL;
  if (act !== 0 && (sig === Signal.SIGKILL || sig === Signal.SIGSTOP)) return -Errno.EINVAL;
  const action = c.process.actions[sig]!;
  let next;
  if (act !== 0) {
    const r = new StructReader(c.as.read(act, rt ? Sigaction.size : Sigaction.sa_mask + 4));
    const mask = rt ? readSigset(c, act + Sigaction.sa_mask) : BigInt(r.u32(Sigaction.sa_mask));
    // Unknown flag bits are dropped (5.11+), so a program can tell which flags this kernel understands.
    next = { handler: r.u32(Sigaction.sa_handler), flags: r.u32(Sigaction.sa_flags) & UAPI_SA_FLAGS, mask: mask & ~UNBLOCKABLE };
  }
  if (oact !== 0) {
    const w = new StructWriter(rt ? Sigaction.size : Sigaction.sa_mask + 16)
      .u32(Sigaction.sa_flags, action.flags).u32(Sigaction.sa_handler, action.handler)
      .u64(Sigaction.sa_mask, action.mask & (rt ? 0xffffffffffffffffn : 0xffffffffn)).u64(Sigaction.sa_mask + 8, rt ? action.mask >> 64n : 0n);
    c.as.write(oact, w.bytes);
  }
  if (next) {
    Object.assign(action, next);
    // do_sigaction: a signal that is now ignored is discarded if pending.
    if (next.handler === SIG.IGN) {
      c.process.sharedPending.remove(sig);
      for (const t of c.process.threads) t.pending.remove(sig);
    }
  }
  return 0;
};

function rtSigprocmask(c: SyscallContext) {
  const how = s32(c, 0);
  const setAddr = u32(c, 1);
  const oldAddr = u32(c, 2);
  if (u32(c, 3) !== SIGSET_SIZE) return -Errno.EINVAL;
  const t = c.thread;
  const old = t.sigmask;
  if (setAddr !== 0) {
    const set = readSigset(c, setAddr) & ALL_SIGNALS;
    if (how === SIG.BLOCK) t.sigmask = old | set;
    else if (how === SIG.UNBLOCK) t.sigmask = old & ~set;
    else if (how === SIG.SETMASK) t.sigmask = set;
    else return -Errno.EINVAL;
    t.sigmask &= ~UNBLOCKABLE;
  }
  if (oldAddr !== 0) writeSigset(c, oldAddr, old);
  return 0;
}

function rtSigpending(c: SyscallContext) {
  if (u32(c, 1) > SIGSET_SIZE) return -Errno.EINVAL;
  writeSigset(c, u32(c, 0), (c.thread.pending.set | c.process.sharedPending.set) & c.thread.sigmask);
  return 0;
}

const validSignal = (sig: number) => sig >= 0 && sig <= NSIG;

function kill(c: SyscallContext) {
  const pid = s32(c, 0);
  const sig = s32(c, 1);
  if (!validSignal(sig)) return -Errno.EINVAL;
  const self = c.process;
  // kill_something_info: a process, the caller's group (0), every process but init and the caller (-1), a group.
  const live = [...c.kernel.processes.values()].filter((p) => p.alive);
  const targets = pid > 0 ? live.filter((p) => p.pid === pid)
    : pid === 0 ? live.filter((p) => p.pgid === self.pgid)
      : pid === -1 ? live.filter((p) => p.pid > 1 && p !== self)
        : live.filter((p) => p.pgid === -pid);
  if (targets.length === 0) return -Errno.ESRCH;
  if (sig !== 0) for (const p of targets) queueProcessSignal(c.kernel, p, { signo: sig, code: SI.USER, pid: self.pid, uid: c.kernel.identity.uid });
  return 0;
}

function tgkill(c: SyscallContext, tgid: number, tid: number, sig: number, info?: SigInfo) {
  if (!validSignal(sig) || tid <= 0 || (tgid !== -1 && tgid <= 0)) return -Errno.EINVAL;
  const thread = c.kernel.findThread(tid);
  if (!thread || (tgid !== -1 && thread.process.pid !== tgid)) return -Errno.ESRCH;
  if (sig !== 0) queueThreadSignal(c.kernel, thread, info ?? { signo: sig, code: SI.TKILL, pid: c.process.pid, uid: c.kernel.identity.uid });
  return 0;
}

/** rt_sigqueueinfo / rt_tgsigqueueinfo: the sender supplies the siginfo; it may not pose as the kernel. */
function readQueuedInfo(c: SyscallContext, sig: number, addr: number, targetPid: number): SigInfo | number {
  const raw = c.as.read(addr, Siginfo.size);
  const code = new StructReader(raw).i32(Siginfo.si_code);
  if ((code >= 0 || code === SI.TKILL) && targetPid !== c.process.pid) return -Errno.EPERM;
  return { signo: sig, code, raw };
}

function rtSigqueueinfo(c: SyscallContext) {
  const pid = s32(c, 0);
  const sig = s32(c, 1);
  if (!validSignal(sig)) return -Errno.EINVAL;
  const info = readQueuedInfo(c, sig, u32(c, 2), pid);
  if (typeof info === 'number') return info;
  if (pid !== c.process.pid) return -Errno.ESRCH;
  if (sig !== 0) queueProcessSignal(c.kernel, c.process, info);
  return 0;
}

function rtTgsigqueueinfo(c: SyscallContext) {
  const sig = s32(c, 2);
  if (!validSignal(sig)) return -Errno.EINVAL;
  const info = readQueuedInfo(c, sig, u32(c, 3), s32(c, 0));
  if (typeof info === 'number') return info;
  return tgkill(c, s32(c, 0), s32(c, 1), sig, info);
}

/** sigaltstack with MIPS's stack_t (sp, size, flags). */
function sigaltstack(c: SyscallContext) {
  const t = c.thread;
  const sp = t.cpu.r[29]! >>> 0;
  const ussAddr = u32(c, 0);
  const ossAddr = u32(c, 1);
  let next;
  if (ussAddr !== 0) {
    const r = new StructReader(c.as.read(ussAddr, StackT.size));
    const flags = r.u32(StackT.ss_flags);
    if (onSigStack(t, sp)) return -Errno.EPERM;
    const mode = flags & ~SS.AUTODISARM;
    if (mode !== 0 && mode !== SS.DISABLE && mode !== SS.ONSTACK) return -Errno.EINVAL;
    // do_sigaltstack keeps ss_flags exactly as passed (uc_stack of later frames shows them).
    if (mode === SS.DISABLE) next = { sp: 0, size: 0, flags };
    else {
      const size = r.u32(StackT.ss_size);
      if (size < MINSIGSTKSZ) return -Errno.ENOMEM;
      next = { sp: r.u32(StackT.ss_sp), size, flags };
    }
  }
  if (ossAddr !== 0) {
    c.as.write(ossAddr, new StructWriter(StackT.size).u32(StackT.ss_sp, t.altStack.sp).u32(StackT.ss_size, t.altStack.size)
      .u32(StackT.ss_flags, altStackFlags(t, sp) | (t.altStack.flags & SS.AUTODISARM)).bytes);
  }
  if (next) t.altStack = next;
  return 0;
}

/** sys_sigreturn / sys_rt_sigreturn: v0 and a3 come back as the frame had them (no syscall result is written). */
const sigreturn = (rt: boolean) => (c: SyscallContext): SyscallResult => {
  const t = c.thread;
  const frame = t.cpu.r[29]! >>> 0;
  const restored = restoreFrame(t, rt);
  t.restart = { nr: 0, a3: 0 };
  t.restartBlock = undefined;
  if (!restored) {
    forceSignal(c.kernel, t, { signo: Signal.SIGSEGV, code: SI.KERNEL, addr: 0 });
    return KEEP_REGISTERS;
  }
  if (restored.fpePending) forceSignal(c.kernel, t, { signo: Signal.SIGFPE, code: SI.KERNEL, addr: 0 }); // force_sig
  if (c.kernel.tracer.wants('signal')) {
    c.kernel.tracer.emit({ kind: 'signal', pid: c.process.pid, tid: t.tid, signal: 0, action: 'return', frame });
  }
  return KEEP_REGISTERS;
};

/** Sleeps until a signal is delivered; the call then returns -ERESTARTNOHAND (EINTR once a handler runs). */
function sleepUntilSignal(c: SyscallContext, reason: string): SyscallResult {
  c.kernel.blockThread(c.thread, { kind: 'signalSuspend', reason });
  return BLOCKED;
}

/** The end of sigsuspend and pause: only a signal ends them. */
export function completeSignalSuspend(): number {
  return -KernelErrno.ERESTARTNOHAND;
}

/** Takes a pending signal of `set` (even a blocked one), writing its siginfo to `infoAddr` if not 0. */
function takeSignal(thread: Thread, set: bigint, infoAddr: number): number | undefined {
  const info = thread.pending.take(set) ?? thread.process.sharedPending.take(set);
  if (!info) return undefined;
  if (infoAddr !== 0) thread.process.as.write(infoAddr, encodeSiginfo(info));
  return info.signo;
}

const sigsuspend = (rt: boolean) => (c: SyscallContext): SyscallResult => {
  let mask: bigint;
  if (rt) {
    if (u32(c, 1) !== SIGSET_SIZE) return -Errno.EINVAL;
    mask = readSigset(c, u32(c, 0));
  } else {
    mask = BigInt(u32(c, 0));
  }
  const t = c.thread;
  t.savedSigmask = t.sigmask;
  t.sigmask = mask & ~UNBLOCKABLE;
  return sleepUntilSignal(c, 'sigsuspend');
};

/** rt_sigtimedwait: take a pending signal of the set (even if blocked), else sleep with those unblocked. */
const sigtimedwait = (wide: boolean) => (c: SyscallContext): SyscallResult => {
  if (u32(c, 3) !== SIGSET_SIZE) return -Errno.EINVAL;
  const these = readSigset(c, u32(c, 0)) & ~UNBLOCKABLE;
  const infoAddr = u32(c, 1);
  const t = c.thread;
  const now = takeSignal(t, these, infoAddr);
  if (now !== undefined) return now;
  let deadlineNs: bigint | undefined;
  const timeoutAddr = u32(c, 2);
  if (timeoutAddr !== 0) {
    const r = new StructReader(c.as.read(timeoutAddr, wide ? KernelTimespec.size : Timespec.size));
    const sec = wide ? r.i64(KernelTimespec.tv_sec) : BigInt(r.i32(Timespec.tv_sec));
    const nsec = BigInt(r.i32(wide ? KernelTimespec.tv_nsec : Timespec.tv_nsec));
    if (sec < 0n || nsec < 0n || nsec >= NS) return -Errno.EINVAL;
    if (sec === 0n && nsec === 0n) return -Errno.EAGAIN;
    deadlineNs = c.kernel.time.monotonicNs() + sec * NS + nsec;
  }
  // The set's signals may wake the sleeper while it waits (real_blocked in the kernel).
  const realBlocked = t.sigmask;
  t.sigmask &= ~these;
  c.kernel.blockThread(t, {
    kind: 'sigtimedwait',
    set: these,
    infoAddr,
    realBlocked,
    reason: 'rt_sigtimedwait',
    ...(deadlineNs !== undefined ? { deadlineNs } : {}),
  });
  return BLOCKED;
};

/** The end of rt_sigtimedwait: the old mask back, then a signal of the set if one came, else EAGAIN or EINTR. */
export function completeSigtimedwait(_kernel: Kernel, thread: Thread, wait: WaitOf<'sigtimedwait'>, reason: WakeReason): number {
  thread.sigmask = wait.realBlocked;
  const got = takeSignal(thread, wait.set, wait.infoAddr);
  if (got !== undefined) return got;
  return reason === 'timeout' ? -Errno.EAGAIN : -Errno.EINTR;
}

// ------------------------------------------------------------------ ITIMER_REAL and alarm

function readItimer(c: SyscallContext): { valueNs: bigint; intervalNs: bigint } {
  const timer = c.process.realTimer;
  if (!timer) return { valueNs: 0n, intervalNs: 0n };
  const left = timer.deadlineNs - c.kernel.time.monotonicNs();
  return { valueNs: left > 0n ? left : 1000n, intervalNs: timer.intervalNs };
}

function armItimer(c: SyscallContext, valueNs: bigint, intervalNs: bigint): void {
  c.process.realTimer = valueNs > 0n ? { deadlineNs: c.kernel.time.monotonicNs() + valueNs, intervalNs } : undefined;
}

function writeItimerval(c: SyscallContext, addr: number, t: { valueNs: bigint; intervalNs: bigint }): void {
  const w = new StructWriter(Itimerval.size);
  const put = (at: number, ns: bigint) => w.i32(at, Number(ns / NS)).i32(at + 4, Number((ns % NS) / 1000n));
  put(Itimerval.it_interval, t.intervalNs);
  put(Itimerval.it_value, t.valueNs);
  c.as.write(addr, w.bytes);
}

function setitimer(c: SyscallContext) {
  const which = s32(c, 0);
  if (which !== ITIMER.REAL) return which === ITIMER.VIRTUAL || which === ITIMER.PROF ? -Errno.ENOSYS : -Errno.EINVAL;
  const r = new StructReader(c.as.read(u32(c, 1), Itimerval.size));
  const get = (at: number): bigint | undefined => {
    const sec = r.i32(at);
    const usec = r.i32(at + 4);
    return usec < 0 || usec >= 1_000_000 || sec < 0 ? undefined : BigInt(sec) * NS + BigInt(usec) * 1000n;
  };
  const value = get(Itimerval.it_value);
  const interval = get(Itimerval.it_interval);
  if (value === undefined || interval === undefined) return -Errno.EINVAL;
  if (u32(c, 2) !== 0) writeItimerval(c, u32(c, 2), readItimer(c));
  armItimer(c, value, interval);
  return 0;
}

function getitimer(c: SyscallContext) {
  const which = s32(c, 0);
  if (which !== ITIMER.REAL) return which === ITIMER.VIRTUAL || which === ITIMER.PROF ? -Errno.ENOSYS : -Errno.EINVAL;
  writeItimerval(c, u32(c, 1), readItimer(c));
  return 0;
}

/** alarm: seconds left of the previous alarm (rounded, at least 1 if one was pending), then re-arms. */
function alarm(c: SyscallContext) {
  const previous = readItimer(c).valueNs;
  armItimer(c, BigInt(u32(c, 0)) * NS, 0n);
  if (previous === 0n) return 0;
  const seconds = Number((previous + NS / 2n) / NS);
  return Math.max(1, seconds);
}

/** restart_syscall: continues the call an ERESTART_RESTARTBLOCK interruption left behind. */
function restartSyscall(c: SyscallContext): SyscallResult {
  const block = c.thread.restartBlock;
  c.thread.restartBlock = undefined;
  return block ? continueRestartBlock(c, block) : -Errno.EINTR;
}

export const SIGNAL_SYSCALLS: SyscallFamily = {
  rt_sigaction: sigaction(true),
  sigaction: sigaction(false),
  rt_sigprocmask: rtSigprocmask,
  rt_sigpending: rtSigpending,
  kill,
  tkill: (c) => tgkill(c, -1, s32(c, 0), s32(c, 1)),
  tgkill: (c) => tgkill(c, s32(c, 0), s32(c, 1), s32(c, 2)),
  rt_sigqueueinfo: rtSigqueueinfo,
  rt_tgsigqueueinfo: rtTgsigqueueinfo,
  sigaltstack,
  sigreturn: sigreturn(false),
  rt_sigreturn: sigreturn(true),
  rt_sigsuspend: sigsuspend(true),
  sigsuspend: sigsuspend(false),
  pause: (c) => sleepUntilSignal(c, 'pause'),
  rt_sigtimedwait: sigtimedwait(false),
  rt_sigtimedwait_time64: sigtimedwait(true),
  setitimer,
  getitimer,
  alarm,
  restart_syscall: restartSyscall,
};

