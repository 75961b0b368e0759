/** Identity, thread-pointer and exit system calls, plus uname, sysinfo, getrandom and resource limits. */
import { Errno } from '../../abi/errno.js';
import { GRND, RLIM, RLIM_NLIMITS, RLIMIT } from '../../abi/flags.js';
import { Rlimit, Rlimit64, RobustListHead, Sysinfo, Utsname, UTSNAME_FIELD_LENGTH } from '../../abi/layouts.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallResult, s32, u32 } from './context.js';
import { StructReader, StructWriter } from './guest-struct.js';
import type { SyscallFamily } from './registry.js';
import { exitRobustList } from './robust-futex.js';

/** What uname reports: a Linux 6.1 kernel (the UAPI of Debian's cross headers) on a MIPS machine. */
export const UNAME = {
  sysname: 'Linux',
  nodename: 'trapgate',
  release: '6.1.0-trapgate',
  version: '#1 SMP PREEMPT Trapgate',
  machine: 'mips',
  domainname: '(none)',
} as const;

function exitGroup(c: SyscallContext): SyscallResult {
  // Every thread of the group ends: each one's robust list is walked while the memory is still there.
  for (const t of c.process.threads) if (t.state !== 'dead') exitRobustList(c.kernel, t);
  c.kernel.exitGroup(c.process, (s32(c, 0) & 0xff) << 8);
  return KEEP_REGISTERS;
}

function uname(c: SyscallContext) {
  const w = new StructWriter(Utsname.size);
  for (const field of ['sysname', 'nodename', 'release', 'version', 'machine', 'domainname'] as const) {
    w.str(Utsname[field], UNAME[field], UTSNAME_FIELD_LENGTH);
  }
  c.as.write(u32(c, 0), w.bytes);
  return 0;
}

function sysinfo(c: SyscallContext) {
  const k = c.kernel;
  const uptime = Number(k.time.monotonicNs() / 1_000_000_000n);
  const total = k.mem.maxBytes;
  const w = new StructWriter(Sysinfo.size)
    .u32(Sysinfo.uptime, uptime)
    .u32(Sysinfo.totalram, total)
    .u32(Sysinfo.freeram, total - k.mem.bytesInUse)
    .u16(Sysinfo.procs, k.processes.size)
    .u32(Sysinfo.mem_unit, 1);
  c.as.write(u32(c, 0), w.bytes);
  return 0;
}

function getrandom(c: SyscallContext) {
  const flags = u32(c, 2);
  if ((flags & ~(GRND.NONBLOCK | GRND.RANDOM | GRND.INSECURE)) !== 0) return -Errno.EINVAL;
  if ((flags & GRND.RANDOM) !== 0 && (flags & GRND.INSECURE) !== 0) return -Errno.EINVAL;
  const length = Math.min(u32(c, 1), 33554431); // Linux caps one call at MAX_RW_COUNT-ish 32 MiB
  const buf = new Uint8Array(length);
  c.kernel.random.fill(buf);
  c.as.write(u32(c, 0), buf);
  return length;
}

/** prlimit64 on the calling process (other pids: ESRCH until there are other processes to name). */
function prlimit64(c: SyscallContext) {
  const pid = s32(c, 0);
  const resource = u32(c, 1);
  if (pid !== 0 && pid !== c.process.pid) return -Errno.ESRCH;
  if (resource >= RLIM_NLIMITS) return -Errno.EINVAL;
  const limits = c.process.rlimits;
  const newAddr = u32(c, 2);
  const oldAddr = u32(c, 3);
  let next: [bigint, bigint] | undefined;
  if (newAddr !== 0) {
    const r = new StructReader(c.as.read(newAddr, Rlimit64.size));
    next = [r.u64(Rlimit64.rlim_cur), r.u64(Rlimit64.rlim_max)];
    if (next[0] > next[1]) return -Errno.EINVAL;
    if (next[1] > limits[resource]![1]) return -Errno.EPERM; // raising a hard limit needs CAP_SYS_RESOURCE
  }
  if (oldAddr !== 0) {
    const [cur, max] = limits[resource]!;
    c.as.write(oldAddr, new StructWriter(Rlimit64.size).u64(Rlimit64.rlim_cur, cur).u64(Rlimit64.rlim_max, max).bytes);
  }
  if (next) applyLimit(c, resource, next);
  return 0;
}

function applyLimit(c: SyscallContext, resource: number, limit: [bigint, bigint]): void {
  c.process.rlimits[resource] = limit;
  if (resource === RLIMIT.STACK) {
    c.as.stackLimit = limit[0] > 0x7fffffffn ? 0x7fffffff : Number(limit[0]);
  }
}

/** The 32-bit getrlimit clamps values to RLIM_INFINITY (0x7fffffff on MIPS). */
function getrlimit(c: SyscallContext) {
  const resource = u32(c, 0);
  if (resource >= RLIM_NLIMITS) return -Errno.EINVAL;
  const clamp = (v: bigint) => (v > BigInt(RLIM.INFINITY) ? RLIM.INFINITY : Number(v));
  const [cur, max] = c.process.rlimits[resource]!;
  c.as.write(u32(c, 1), new StructWriter(Rlimit.size).u32(Rlimit.rlim_cur, clamp(cur)).u32(Rlimit.rlim_max, clamp(max)).bytes);
  return 0;
}

function setrlimit(c: SyscallContext) {
  const resource = u32(c, 0);
  if (resource >= RLIM_NLIMITS) return -Errno.EINVAL;
  const r = new StructReader(c.as.read(u32(c, 1), Rlimit.size));
  const widen = (v: number) => (v === RLIM.INFINITY ? RLIM.INFINITY64 : BigInt(v));
  const next: [bigint, bigint] = [widen(r.u32(Rlimit.rlim_cur)), widen(r.u32(Rlimit.rlim_max))];
  if (next[0] > next[1]) return -Errno.EINVAL;
  if (next[1] > c.process.rlimits[resource]![1]) return -Errno.EPERM;
  applyLimit(c, resource, next);
  return 0;
}

/** getresuid/getresgid: the real, effective and saved ids are all the configured one. */
const getres = (id: 'uid' | 'gid') => (c: SyscallContext) => {
  for (let i = 0; i < 3; i++) c.as.writeU32(u32(c, i), c.kernel.identity[id]);
  return 0;
};

/** set*id: changing to the current id always works; to another only for root (who then owns the process). */
const setId = (id: 'uid' | 'gid', args: number) => (c: SyscallContext) => {
  const current = c.kernel.identity[id];
  for (let i = 0; i < args; i++) {
    const v = s32(c, i);
    if (v !== -1 && v !== current && c.kernel.identity.uid !== 0) return -Errno.EPERM;
  }
  return 0;
};

export const PROCESS_SYSCALLS: SyscallFamily = {
  exit_group: exitGroup,
  getpid: (c) => c.process.pid,
  getppid: (c) => c.process.ppid,
  gettid: (c) => c.thread.tid,
  getuid: (c) => c.kernel.identity.uid,
  geteuid: (c) => c.kernel.identity.uid,
  getgid: (c) => c.kernel.identity.gid,
  getegid: (c) => c.kernel.identity.gid,
  getresuid: getres('uid'),
  getresgid: getres('gid'),
  setuid: setId('uid', 1),
  setgid: setId('gid', 1),
  setreuid: setId('uid', 2),
  setregid: setId('gid', 2),
  setresuid: setId('uid', 3),
  setresgid: setId('gid', 3),
  getgroups: (c) => (s32(c, 0) < 0 ? -Errno.EINVAL : 0),
  setgroups: (c) => (c.kernel.identity.uid === 0 ? 0 : -Errno.EPERM),
  set_tid_address: (c) => {
    c.thread.clearChildTid = u32(c, 0);
    return c.thread.tid;
  },
  set_robust_list: (c) => {
    if (u32(c, 1) !== RobustListHead.size) return -Errno.EINVAL;
    c.thread.robustList = u32(c, 0);
    c.thread.robustListLength = u32(c, 1);
    return 0;
  },
  set_thread_area: (c) => {
    c.thread.cpu.userLocal = s32(c, 0);
    return 0;
  },
  uname,
  sysinfo,
  getrandom,
  prlimit64,
  getrlimit,
  setrlimit,
};
