/**
 * Creating, replacing and ending tasks: clone (MIPS argument order, CLONE_BACKWARDS: flags, newsp, parent_tid,
 * tls, child_tid) — glibc's vfork is clone(CLONE_VM|CLONE_VFORK) on o32, which has no vfork call —, fork, execve (ELF programs and `#!` scripts; anything else is ENOEXEC, as Linux without
 * binfmt_misc), exit (one thread) and the waits (wait4, waitpid, waitid) with their exit statuses.
 */
import { Errno, KernelErrno } from '../../abi/errno.js';
import { CLONE, P, W } from '../../abi/flags.js';
import { Rusage, Siginfo } from '../../abi/layouts.js';
import { CLD, Signal } from '../../abi/signals.js';
import { ExecError } from '../kernel.js';
import { Process, Thread } from '../process.js';
import { BLOCKED } from '../wait.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';
import { futexWake } from './futex.js';
import { exitRobustList } from './robust-futex.js';
import { checkProgram, startProgram, type CheckedProgram } from '../exec/pipeline.js';
import { procLookup } from '../fs/proc.js';

const V0 = 2;
const A3 = 7;
const SP = 29;
/** BINPRM_MAX_RECURSION: how many `#!` interpreters may lead to one another. */
const MAX_INTERPRETER_DEPTH = 4;
const ARG_MAX = 32 * 4096;

// ---------------------------------------------------------------------- clone, fork, vfork

function cloneTask(c: SyscallContext, flags: number, newsp: number, parentTid: number, tls: number, childTid: number): SyscallResult {
  const k = c.kernel;
  const parent = c.thread;
  if ((flags & CLONE.THREAD) !== 0 && (flags & CLONE.SIGHAND) === 0) return -Errno.EINVAL;
  if ((flags & CLONE.SIGHAND) !== 0 && (flags & CLONE.VM) === 0) return -Errno.EINVAL;
  const tid = k.allocPid();
  let process: Process;
  if ((flags & CLONE.THREAD) !== 0) {
    process = c.process;
  } else {
    const src = c.process;
    const as = (flags & CLONE.VM) !== 0 ? src.as : src.as.fork();
    const fds = (flags & CLONE.FILES) !== 0 ? src.fds : src.fds.clone();
    const fs = (flags & CLONE.FS) !== 0 ? src.fs : { ...src.fs };
    process = new Process(tid, (flags & CLONE.PARENT) !== 0 ? src.ppid : src.pid, as, fds, fs, src.exePath, src.rlimits);
    process.pgid = src.pgid;
    process.sid = src.sid;
    process.vdso = src.vdso;
    process.exitSignal = flags & CLONE.CSIGNAL;
    // CLONE_SIGHAND shares the actions; otherwise the child starts with a copy.
    process.actions.splice(0, process.actions.length, ...((flags & CLONE.SIGHAND) !== 0 ? src.actions : src.actions.map((a) => ({ ...a }))));
  }
  const child = new Thread(tid, process);
  child.cpu.copyFrom(parent.cpu);
  child.sigmask = parent.sigmask;
  child.sched = parent.sched.inherit();
  child.altStack = (flags & CLONE.VM) !== 0 && (flags & CLONE.VFORK) === 0 ? { sp: 0, size: 0, flags: 2 } : { ...parent.altStack };
  // The child returns from the same system call with v0 = 0 and a3 = 0 (copy_thread), on its own stack if given.
  child.cpu.r[V0] = 0;
  child.cpu.r[A3] = 0;
  if (newsp !== 0) child.cpu.r[SP] = newsp;
  if ((flags & CLONE.SETTLS) !== 0) child.cpu.userLocal = tls;
  if ((flags & CLONE.PARENT_SETTID) !== 0) c.as.writeU32(parentTid, tid);
  if ((flags & CLONE.CHILD_SETTID) !== 0) process.as.writeU32(childTid, tid);
  if ((flags & CLONE.CHILD_CLEARTID) !== 0) child.clearChildTid = childTid;
  k.lifecycle.fork(k, parent, child, flags);
  process.threads.push(child);
  k.addThread(child);
  if ((flags & CLONE.VFORK) !== 0) {
    // The parent sleeps until the child execs or exits (it borrowed the parent's memory).
    k.blockThread(parent, { kind: 'vfork', childTid: tid, reason: 'vfork', interruptible: false });
    process.vforkParent = parent;
    return BLOCKED;
  }
  return tid;
}

// ---------------------------------------------------------------------- execve

const decoder = new TextDecoder();

/** Reads a NULL-terminated array of string pointers (argv/envp). */
function readStringArray(c: SyscallContext, addr: number): Uint8Array[] | number {
  const out: Uint8Array[] = [];
  let total = 0;
  if (addr === 0) return out;
  for (let i = 0; ; i++) {
    const p = c.as.readU32(addr + 4 * i);
    if (p === 0) return out;
    const s = c.as.readCString(p, ARG_MAX);
    if (s === undefined) return -Errno.E2BIG;
    total += s.length + 1;
    if (total > ARG_MAX * 4) return -Errno.E2BIG;
    out.push(s);
  }
}

function execve(c: SyscallContext): SyscallResult {
  const pathBytes = c.as.readCString(u32(c, 0), 4095);
  if (pathBytes === undefined) return -Errno.ENAMETOOLONG;
  const argv = readStringArray(c, u32(c, 1));
  if (typeof argv === 'number') return argv;
  const envp = readStringArray(c, u32(c, 2));
  if (typeof envp === 'number') return envp;
  return execProgram(c, decoder.decode(pathBytes), argv, envp, 0);
}

function execProgram(c: SyscallContext, path: string, argv: Uint8Array[], envp: Uint8Array[], depth: number): SyscallResult {
  const k = c.kernel;
  const resolved = k.paths.resolve(path, c.process.fs.cwd, { followLast: true, virtual: procLookup(k, c.process, c.thread) });
  if (typeof resolved === 'number') return resolved;
  if (!resolved.exists) return -Errno.ENOENT;
  let bytes: Uint8Array;
  let device = 0;
  let inode = 0;
  try {
    const st = k.host.fs.stat(resolved.host);
    if ((st.mode & 0o170000) === 0o040000) return -Errno.EACCES;
    if ((st.mode & 0o111) === 0) return -Errno.EACCES;
    device = st.dev;
    inode = st.ino;
    bytes = k.host.fs.readFile(resolved.host);
  } catch {
    return -Errno.EACCES;
  }
  if (bytes.length >= 2 && bytes[0] === 0x23 && bytes[1] === 0x21) {
    // binfmt_script: "#!interpreter [one argument]" — the interpreter gets the script's path as given.
    if (depth >= MAX_INTERPRETER_DEPTH) return -Errno.ELOOP;
    const end = bytes.indexOf(10);
    const line = decoder.decode(bytes.subarray(2, end < 0 ? Math.min(bytes.length, 256) : Math.min(end, 256))).trim();
    if (line.length === 0) return -Errno.ENOEXEC;
    const space = line.search(/[ \t]/);
    const interp = space < 0 ? line : line.slice(0, space);
    const arg = space < 0 ? '' : line.slice(space).trim();
    const encoder = new TextEncoder();
    const newArgv = [encoder.encode(interp), ...(arg ? [encoder.encode(arg)] : []), encoder.encode(path), ...argv.slice(1)];
    return execProgram(c, interp, newArgv, envp, depth + 1);
  }
  const isElf = bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
  if (!isElf) return -Errno.ENOEXEC; // no binfmt_misc: a host program never runs
  const process = c.process;
  // The binfmt check first, so that a program that cannot run changes nothing. Past it, the old image is as good
  // as gone: like the threads de_thread kills and the exec-ing thread's own exec_mm_release, every thread's robust
  // list is walked in the old memory before the new program replaces it.
  let program: CheckedProgram;
  try {
    program = checkProgram(k, { bytes, guestPath: resolved.guest, execFn: path, device, inode, argv, envp });
  } catch (e) {
    if (e instanceof ExecError) return -Errno.ENOEXEC;
    throw e;
  }
  for (const t of process.threads) if (t !== c.thread && t.state !== 'dead') exitRobustList(k, t);
  exitRobustList(k, c.thread);
  const others = process.threads.filter((t) => t !== c.thread && t.state !== 'dead');
  startProgram(k, c.thread, program);
  // de_thread and the rest of begin_new_exec: other threads die, close-on-exec descriptors close, caught
  // signals return to their default action, the alternate stack is forgotten.
  for (const t of process.threads) if (t !== c.thread) t.state = 'dead';
  for (const t of others) k.lifecycle.exit(k, t);
  process.threads.splice(0, process.threads.length, c.thread);
  process.fds.closeOnExec();
  for (const a of process.actions) if (a.handler > 1) Object.assign(a, { handler: 0, flags: 0, mask: 0n });
  c.thread.altStack = { sp: 0, size: 0, flags: 2 };
  c.thread.clearChildTid = 0;
  process.releaseVfork();
  return KEEP_REGISTERS;
}

// ---------------------------------------------------------------------- exit and wait

function exitThread(c: SyscallContext): SyscallResult {
  const status = (s32(c, 0) & 0xff) << 8;
  const t = c.thread;
  // futex_exit_release comes first in exit_mm: robust locks the thread holds get FUTEX_OWNER_DIED.
  exitRobustList(c.kernel, t);
  const live = c.process.threads.filter((x) => x.state !== 'dead');
  if (live.length <= 1) {
    c.kernel.exitGroup(c.process, status);
    return KEEP_REGISTERS;
  }
  // mm_release: the thread's clear_child_tid word is zeroed and one waiter woken (pthread_join).
  if (t.clearChildTid !== 0) {
    try {
      c.as.writeU32(t.clearChildTid, 0);
      futexWake(c.kernel, c.as, t.clearChildTid, 1);
    } catch { /* an unmapped word is ignored, as put_user's failure is */ }
  }
  t.state = 'dead';
  c.kernel.lifecycle.exit(c.kernel, t);
  c.kernel.tracer.emit({ kind: 'exit', pid: c.process.pid, tid: t.tid, status });
  return KEEP_REGISTERS;
}

/** Which children a wait selects: pid > 0 that child, -1 any, 0 this group, < -1 group -pid. */
function selects(c: SyscallContext, p: Process, pid: number): boolean {
  if (pid > 0) return p.pid === pid;
  if (pid === -1) return true;
  if (pid === 0) return p.pgid === c.process.pgid;
  return p.pgid === -pid;
}

/** The live or exited children of the caller that `pid` selects. */
function children(c: SyscallContext, pid: number): Process[] {
  return [...c.kernel.processes.values()].filter((p) => p.ppid === c.process.pid && !p.reaped && selects(c, p, pid));
}

function writeRusage(c: SyscallContext, addr: number, p: Process): void {
  if (addr === 0) return;
  const ns = BigInt(p.threads.reduce((n, t) => n + t.retired, 0)) * 10n;
  const w = new StructWriter(Rusage.size)
    .i32(Rusage.ru_utime, Number(ns / 1_000_000_000n)).i32(Rusage.ru_utime + 4, Number((ns % 1_000_000_000n) / 1000n));
  c.as.write(addr, w.bytes);
}

/** Sleeps until a child changes state; the call is then re-issued (or interrupted by a signal). */
function sleepForChild(c: SyscallContext): SyscallResult {
  c.kernel.blockThread(c.thread, { kind: 'childExit', reason: 'wait' });
  c.process.childWaiters.add(c.thread);
  return BLOCKED;
}

function wait4(c: SyscallContext, pid: number, statusAddr: number, options: number, rusageAddr: number): SyscallResult {
  if ((options & ~(W.NOHANG | W.UNTRACED | W.CONTINUED | W.NOTHREAD | W.ALL | W.CLONE)) !== 0) return -Errno.EINVAL;
  const candidates = children(c, pid);
  if (candidates.length === 0) return -Errno.ECHILD;
  const done = candidates.find((p) => !p.alive);
  if (done) {
    if (statusAddr !== 0) c.as.writeU32(statusAddr, done.exitStatus!);
    writeRusage(c, rusageAddr, done);
    c.kernel.reap(done);
    return done.pid;
  }
  if ((options & W.NOHANG) !== 0) return 0;
  return sleepForChild(c);
}

/** waitid: the same, reporting through a siginfo (si_code CLD_EXITED/KILLED, si_status). */
function waitid(c: SyscallContext): SyscallResult {
  const idtype = s32(c, 0);
  const id = s32(c, 1);
  const infop = u32(c, 2);
  const options = s32(c, 3);
  if ((options & (W.EXITED | W.STOPPED | W.CONTINUED)) === 0) return -Errno.EINVAL;
  const pid = idtype === P.ALL ? -1 : idtype === P.PID ? id : idtype === P.PGID ? (id === 0 ? 0 : -id) : undefined;
  if (pid === undefined || (idtype === P.PID && id <= 0)) return -Errno.EINVAL;
  const candidates = children(c, pid);
  if (candidates.length === 0) return -Errno.ECHILD;
  const done = (options & W.EXITED) !== 0 ? candidates.find((p) => !p.alive) : undefined;
  if (done) {
    const status = done.exitStatus!;
    const signal = status & 0x7f;
    if (infop !== 0) {
      c.as.write(infop, new StructWriter(Siginfo.size).i32(Siginfo.si_signo, Signal.SIGCHLD)
        .i32(Siginfo.si_code, signal ? CLD.KILLED : CLD.EXITED).i32(Siginfo.si_pid, done.pid)
        .u32(Siginfo.si_uid, c.kernel.identity.uid).i32(Siginfo.si_status, signal || (status >> 8) & 0xff).bytes);
    }
    writeRusage(c, u32(c, 4), done);
    if ((options & W.NOWAIT) === 0) c.kernel.reap(done);
    return 0;
  }
  if ((options & W.NOHANG) !== 0) {
    if (infop !== 0) c.as.write(infop, new Uint8Array(Siginfo.size));
    return 0;
  }
  return sleepForChild(c);
}

export const LIFECYCLE_SYSCALLS: SyscallFamily = {
  clone: (c) => cloneTask(c, u32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3), u32(c, 4)),
  fork: (c) => cloneTask(c, Signal.SIGCHLD, 0, 0, 0, 0),
  execve,
  exit: exitThread,
  wait4: (c) => wait4(c, s32(c, 0), u32(c, 1), s32(c, 2), u32(c, 3)),
  waitpid: (c) => wait4(c, s32(c, 0), u32(c, 1), s32(c, 2), 0),
  waitid,
};

