/**
 * Signal system calls that keep the books: actions (rt_sigaction and the old sigaction), masks, pending sets,
 * and sending with kill/tkill/tgkill. Delivery to handlers is done on return to user (signal/deliver.ts).
 */
import { Errno } from '../../abi/errno.js';
import { Sigaction } from '../../abi/layouts.js';
import { NSIG, SIG, SIGSET_SIZE, SI, Signal } from '../../abi/signals.js';
import { queueProcessSignal, queueThreadSignal, sigBit } from '../signal/send.js';
import { type SyscallContext, s32, u32 } from './context.js';
import { StructReader, StructWriter } from './guest-struct.js';
import { registerSyscalls } from './registry.js';

const UNBLOCKABLE = sigBit(Signal.SIGKILL) | sigBit(Signal.SIGSTOP);
const ALL_SIGNALS = (1n << BigInt(NSIG)) - 1n;

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
    next = { handler: r.u32(Sigaction.sa_handler), flags: r.u32(Sigaction.sa_flags), mask: mask & ~UNBLOCKABLE };
  }
  if (oact !== 0) {
    const w = new StructWriter(rt ? Sigaction.size : Sigaction.sa_mask + 16)
      .u32(Sigaction.sa_flags, action.flags).u32(Sigaction.sa_handler, action.handler)
      .u64(Sigaction.sa_mask, action.mask & (rt ? 0xffffffffffffffffn : 0xffffffffn)).u64(Sigaction.sa_mask + 8, rt ? action.mask >> 64n : 0n);
    c.as.write(oact, w.bytes);
  }
  if (next) {
    Object.assign(action, next);
    // Setting SIG_IGN (or SIG_DFL for a default-ignored signal) discards it if pending (do_sigaction).
    if (next.handler === SIG.IGN) for (const t of c.process.threads) t.pending &= ~sigBit(sig);
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
  writeSigset(c, u32(c, 0), c.thread.pending & c.thread.sigmask);
  return 0;
}

function validSignal(sig: number): boolean {
  return sig >= 0 && sig <= NSIG;
}

function kill(c: SyscallContext) {
  const pid = s32(c, 0);
  const sig = s32(c, 1);
  if (!validSignal(sig)) return -Errno.EINVAL;
  const self = c.process;
  // Until there are other processes, every pid that names this one (itself, its group, "all") reaches it.
  const targets = pid === self.pid || pid === 0 || pid === -1 || pid === -self.pgid ? [self] : [];
  if (targets.length === 0) return -Errno.ESRCH;
  if (sig !== 0) for (const p of targets) queueProcessSignal(c.kernel, p, { signo: sig, code: SI.USER, pid: self.pid, uid: 0 });
  return 0;
}

function tgkill(c: SyscallContext, tgid: number, tid: number, sig: number) {
  if (!validSignal(sig) || tid <= 0 || (tgid !== -1 && tgid <= 0)) return -Errno.EINVAL;
  const thread = c.kernel.findThread(tid);
  if (!thread || (tgid !== -1 && thread.process.pid !== tgid)) return -Errno.ESRCH;
  if (sig !== 0) queueThreadSignal(c.kernel, thread, { signo: sig, code: SI.TKILL, pid: c.process.pid, uid: 0 });
  return 0;
}

registerSyscalls({
  rt_sigaction: sigaction(true),
  sigaction: sigaction(false),
  rt_sigprocmask: rtSigprocmask,
  rt_sigpending: rtSigpending,
  kill,
  tkill: (c) => tgkill(c, -1, s32(c, 0), s32(c, 1)),
  tgkill: (c) => tgkill(c, s32(c, 0), s32(c, 1), s32(c, 2)),
});
