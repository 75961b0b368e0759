/**
 * The virtual /proc and /sys/devices/system/cpu trees. They are generated from the kernel's own state at the
 * moment a path is looked up (listings) or a file is opened (contents), never taken from the host, whose /proc
 * describes other processes: every name under /proc and /sys that is not generated here does not exist.
 *
 * Formats follow Linux 6.1 for a 32-bit MIPS kernel: fs/proc/task_mmu.c (maps), fs/proc/array.c (status, stat),
 * arch/mips/kernel/proc.c (cpuinfo), fs/proc/meminfo.c, fs/proc/stat.c, drivers/base/cpu.c (online/possible).
 */
import { DT, O, S } from '../../abi/flags.js';
import { SIG, Signal } from '../../abi/signals.js';
import type { HostStat } from '../../host/host.js';
import { PAGE_SIZE } from '../../mm/physical.js';
import { Perm, type Vma } from '../../mm/vma.js';
import type { Kernel } from '../kernel.js';
import type { Process, Thread } from '../process.js';
import { UNAME } from '../syscalls/process.js';
import { majorOf, minorOf } from './device-number.js';
import type { DirEntry } from './directory.js';
import type { OpenFile } from './file.js';
import { splitPath, type VirtualLookup, type VirtualNode } from './path.js';
import { PipeEnd } from './pipe.js';
import { MAX_CPUS } from '../sched/scheduler.js';

/** Anonymous device numbers of procfs and sysfs (host dev_t encoding of 0:22 and 0:21, their usual values). */
const PROC_DEV = 22;
const SYS_DEV = 21;
/** procfs reports 1 KiB blocks (s_blocksize of proc_fill_super); sysfs attributes are one page. */
const PROC_BLKSIZE = 1024;
/** PROC_ROOT_INO (fs/proc/internal.h). */
const PROC_ROOT_INO = 1;
/** Clock ticks per second in /proc (USER_HZ). */
const USER_HZ = 100;
/** The full capability set of Linux 6.1 (CAP_LAST_CAP = 40), what root's CapEff shows. */
const ALL_CAPABILITIES = (1n << 41n) - 1n;

type Content = () => string | Uint8Array;

/** What a virtual path names, before it is given an inode. */
type Spec =
  | { kind: 'dir'; perm: number; entries: () => Array<[string, Spec]>; lookup?: (name: string) => Spec | undefined }
  | { kind: 'file'; perm: number; content: Content }
  | { kind: 'symlink'; perm: number; target: () => string; magic?: () => OpenFile | undefined };

interface NodeCommon {
  /** Marks nodes made here (so callers can tell them from other virtual trees). */
  readonly proc: true;
  readonly guestPath: string;
  /** Attributes as stat reports them. */
  stat(): HostStat;
  /** A name under /proc or /sys that does not exist: looks like a dangling link to the resolver, so it fails with ENOENT. */
  readonly absent?: true;
}

export type ProcNode =
  | (NodeCommon & { type: 'dir'; list(): DirEntry[] })
  | (NodeCommon & { type: 'file'; content(): Uint8Array })
  | (NodeCommon & { type: 'symlink'; target: string; magic?: () => OpenFile | undefined });

export function isProcNode(v: VirtualNode | undefined): v is ProcNode & VirtualNode {
  return v !== undefined && (v as Partial<NodeCommon>).proc === true;
}

/** True for a lookup result that stands for "no such file" inside a virtual tree. */
export function isAbsent(v: VirtualNode | undefined): boolean {
  return isProcNode(v) && v.absent === true;
}

const encoder = new TextEncoder();

/** A stable inode number for a virtual path (FNV-1a); the /proc root is PROC_ROOT_INO as on Linux. */
function inodeOf(path: string): number {
  if (path === '/proc') return PROC_ROOT_INO;
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 2 + (h % 0x7ffffff0);
}

function dtOf(spec: Spec): number {
  return spec.kind === 'dir' ? DT.DIR : spec.kind === 'file' ? DT.REG : DT.LNK;
}

/**
 * The lookup function for the path resolver, seen from `process` (for /proc/self) and `thread` (for
 * /proc/thread-self). Returns undefined for paths outside /proc and /sys, which belong to the host.
 */
export function procLookup(kernel: Kernel, process: Process, thread?: Thread): VirtualLookup {
  const tree = new ProcTree(kernel, process, thread);
  return (guestPath: string) => tree.lookup(guestPath);
}

class ProcTree {
  constructor(private readonly kernel: Kernel, private readonly caller: Process, private readonly thread: Thread | undefined) {}

  lookup(guestPath: string): ProcNode | undefined {
    // Fast exit: the resolver asks about every component of every path.
    if (!guestPath.startsWith('/proc') && !guestPath.startsWith('/sys')) return undefined;
    const comps = splitPath(guestPath);
    const top = comps[0];
    let spec: Spec | undefined;
    if (top === 'proc') spec = this.procRoot();
    else if (top === 'sys') spec = this.sysRoot();
    else return undefined;
    for (const name of comps.slice(1)) {
      if (spec.kind !== 'dir') return this.absent(guestPath, top);
      const next: Spec | undefined = spec.lookup ? spec.lookup(name) : spec.entries().find(([n]) => n === name)?.[1];
      if (!next) return this.absent(guestPath, top);
      spec = next;
    }
    return this.node(guestPath, spec, top === 'sys');
  }

  private absent(guestPath: string, top: string): ProcNode {
    return { proc: true, absent: true, guestPath, type: 'symlink', target: '', stat: () => this.attributes(guestPath, S.IFLNK, 0, top === 'sys') };
  }

  private node(guestPath: string, spec: Spec, sys: boolean): ProcNode {
    switch (spec.kind) {
      case 'dir':
        return {
          proc: true, guestPath, type: 'dir',
          list: () => spec.entries().map(([name, s]) => ({ name, ino: inodeOf(`${guestPath}/${name}`), type: dtOf(s) })),
          stat: () => {
            const subdirs = spec.entries().filter(([, s]) => s.kind === 'dir').length;
            return this.attributes(guestPath, S.IFDIR | spec.perm, 2 + subdirs, sys);
          },
        };
      case 'file':
        return {
          proc: true, guestPath, type: 'file',
          content: () => {
            const c = spec.content();
            return typeof c === 'string' ? encoder.encode(c) : c;
          },
          stat: () => this.attributes(guestPath, S.IFREG | spec.perm, 1, sys),
        };
      case 'symlink':
        return {
          proc: true, guestPath, type: 'symlink', target: spec.target(),
          ...(spec.magic ? { magic: spec.magic } : {}),
          stat: () => this.attributes(guestPath, S.IFLNK | spec.perm, 1, sys),
        };
    }
  }

  /** procfs inodes: size 0 (a sysfs attribute is one page), owned by the caller's identity, times of now. */
  private attributes(guestPath: string, mode: number, nlink: number, sys: boolean): HostStat {
    const now = this.kernel.time.realtimeNs();
    const { uid, gid } = this.kernel.identity;
    const isSysFile = sys && (mode & S.IFMT) === S.IFREG;
    return {
      dev: sys ? SYS_DEV : PROC_DEV, ino: inodeOf(guestPath), mode, nlink, uid, gid, rdev: 0,
      size: isSysFile ? PAGE_SIZE : 0, blksize: sys ? PAGE_SIZE : PROC_BLKSIZE, blocks: 0,
      atimeNs: now, mtimeNs: now, ctimeNs: now, birthtimeNs: 0n,
    };
  }

  // ------------------------------------------------------------------ /proc

  private procRoot(): Spec {
    const files: Array<[string, Spec]> = [
      ['cpuinfo', file(() => cpuinfo(this.kernel))],
      ['meminfo', file(() => meminfo(this.kernel))],
      ['stat', file(() => procStat(this.kernel))],
      ['uptime', file(() => uptime(this.kernel))],
      ['loadavg', file(() => `0.00 0.00 0.00 1/${this.liveProcesses().length} ${this.lastPid()}\n`)],
      ['version', file(() => `${UNAME.sysname} version ${UNAME.release} (trapgate@trapgate) ${UNAME.version}\n`)],
      ['filesystems', file(() => 'nodev\tsysfs\nnodev\tproc\nnodev\ttmpfs\nnodev\tpipefs\n\text4\n')],
      ['mounts', link(() => 'self/mounts')],
      ['self', link(() => String(this.caller.pid))],
      ['thread-self', link(() => `${this.caller.pid}/task/${this.thread?.tid ?? this.caller.pid}`)],
    ];
    return {
      kind: 'dir', perm: 0o555,
      entries: () => [...files, ...this.liveProcesses().map((p): [string, Spec] => [String(p.pid), this.pidDir(p)])],
      lookup: (name) => {
        const fixed = files.find(([n]) => n === name);
        if (fixed) return fixed[1];
        if (!/^[1-9][0-9]*$/.test(name)) return undefined;
        const id = Number(name);
        const p = this.kernel.processes.get(id);
        if (p) return this.pidDir(p);
        // A thread id works too (not listed), as /proc/<tid> does on Linux.
        const t = this.kernel.findThread(id);
        return t ? this.pidDir(t.process) : undefined;
      },
    };
  }

  private liveProcesses(): Process[] {
    return [...this.kernel.processes.values()].filter((p) => p.alive).sort((a, b) => a.pid - b.pid);
  }

  private lastPid(): number {
    return Math.max(0, ...[...this.kernel.processes.keys()]);
  }

  private pidDir(p: Process): Spec {
    const entries = (): Array<[string, Spec]> => [
      ['cmdline', file(() => cmdline(p))],
      ['comm', file(() => `${commOf(p)}\n`, 0o644)],
      ['cwd', link(() => p.fs.cwd)],
      ['exe', link(() => p.exePath)],
      ['fd', this.fdDir(p)],
      ['maps', file(() => maps(p))],
      ['mounts', file(() => mounts())],
      ['root', link(() => '/')],
      ['stat', file(() => pidStat(this.kernel, p))],
      ['statm', file(() => statm(p))],
      ['status', file(() => status(this.kernel, p))],
      ['task', {
        kind: 'dir', perm: 0o555,
        entries: () => p.threads.filter((t) => t.state !== 'dead').map((t): [string, Spec] => [String(t.tid), this.taskDir(p, t)]),
      }],
    ];
    return { kind: 'dir', perm: 0o555, entries };
  }

  private taskDir(p: Process, t: Thread): Spec {
    return {
      kind: 'dir', perm: 0o555,
      entries: () => [
        ['comm', file(() => `${commOf(p)}\n`, 0o644)],
        ['stat', file(() => pidStat(this.kernel, p, t))],
        ['status', file(() => status(this.kernel, p, t))],
      ],
    };
  }

  private fdDir(p: Process): Spec {
    return {
      kind: 'dir', perm: 0o500,
      entries: () => p.fds.openDescriptors().map((fd): [string, Spec] => {
        const f = p.fds.get(fd)!;
        const access = f.statusFlags & O.ACCMODE;
        const readable = access === O.RDONLY || access === O.RDWR;
        const writable = access === O.WRONLY || access === O.RDWR;
        // proc_fd_link's inode mode: r-x for readable, -wx for writable descriptors (fs/proc/fd.c).
        const perm = (readable ? S.IRUSR | S.IXUSR : 0) | (writable ? S.IWUSR | S.IXUSR : 0);
        return [String(fd), { kind: 'symlink', perm, target: () => fdLinkName(f), magic: () => p.fds.get(fd) }];
      }),
    };
  }

  // ------------------------------------------------------------------ /sys

  private sysRoot(): Spec {
    const cpu = this.cpuDir();
    const only = (name: string, child: Spec): Spec => ({ kind: 'dir', perm: 0o755, entries: () => [[name, child]] });
    return only('devices', only('system', only('cpu', cpu)));
  }

  private cpuDir(): Spec {
    const n = this.kernel.cpuCount;
    const range = n === 1 ? '0\n' : `0-${n - 1}\n`;
    const cpus = Array.from({ length: n }, (_, i): [string, Spec] => [`cpu${i}`, { kind: 'dir', perm: 0o755, entries: () => [] }]);
    return {
      kind: 'dir', perm: 0o755,
      entries: () => [
        ...cpus,
        ['kernel_max', file(() => `${n - 1}\n`)],
        ['offline', file(() => '\n')],
        ['online', file(() => range)],
        ['possible', file(() => range)],
        ['present', file(() => range)],
      ],
    };
  }
}

function file(content: Content, perm = 0o444): Spec {
  return { kind: 'file', perm, content };
}

function link(target: () => string): Spec {
  return { kind: 'symlink', perm: 0o777, target };
}

/** What readlink of /proc/<pid>/fd/N shows (d_path, or the dentry name of pipefs/sockfs/ttys). */
export function fdLinkName(f: OpenFile): string {
  if (f instanceof PipeEnd) return f.linkName;
  if (f.isTerminal) return '/dev/pts/0';
  if (f.guestPath !== undefined) return f.guestPath;
  const st = f.stat();
  if (typeof st !== 'number') {
    const type = st.mode & S.IFMT;
    if (type === S.IFIFO) return `pipe:[${st.ino}]`;
    if (type === S.IFSOCK) return `socket:[${st.ino}]`;
    if (type === S.IFCHR) return '/dev/null';
  }
  return 'anon_inode:[trapgate]';
}

// ---------------------------------------------------------------------- /proc/<pid>/maps

/** One line of /proc/<pid>/maps, in the fields show_map_vma prints. */
export interface MapsLine {
  start: number | bigint;
  end: number | bigint;
  read: boolean;
  write: boolean;
  exec: boolean;
  shared: boolean;
  /** File offset in bytes (vm_pgoff << PAGE_SHIFT), 0 for anonymous memory. */
  offset: number | bigint;
  major: number;
  minor: number;
  inode: number | bigint;
  /** '' for anonymous memory without a name. */
  name: string;
}

const hex = (v: number | bigint, width: number) => BigInt(v).toString(16).padStart(width, '0');

/**
 * Formats one maps line as show_map_vma does (fs/proc/task_mmu.c): `%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu `
 * (show_vma_header_prefix, after `seq_setwidth(m, 25 + sizeof(void *) * 6 - 1)`), then, for a named mapping,
 * `seq_pad(m, ' ')` (spaces up to that width, then one more space) and the name. On a 32-bit kernel the width
 * is 48, so names start in column 49; a 64-bit kernel (pointerBytes 8) pads to 72. No trailing newline.
 */
export function formatMapsLine(l: MapsLine, pointerBytes = 4): string {
  let line = `${hex(l.start, 8)}-${hex(l.end, 8)} ${l.read ? 'r' : '-'}${l.write ? 'w' : '-'}${l.exec ? 'x' : '-'}`
    + `${l.shared ? 's' : 'p'} ${hex(l.offset, 8)} ${hex(l.major, 2)}:${hex(l.minor, 2)} ${BigInt(l.inode).toString()} `;
  if (l.name !== '') {
    const width = 25 + pointerBytes * 6 - 1;
    if (line.length < width) line = line.padEnd(width, ' ');
    // seq_file_path escapes a newline in a file name as \012.
    line += ` ${l.name.replace(/\n/g, '\\012')}`;
  }
  return line;
}

function mapsLineOf(v: Vma): MapsLine {
  const f = v.file;
  return {
    start: v.start, end: v.end,
    read: (v.perm & Perm.Read) !== 0, write: (v.perm & Perm.Write) !== 0, exec: (v.perm & Perm.Exec) !== 0,
    shared: v.shared,
    offset: f ? f.fileOffset : 0,
    major: f ? majorOf(f.device) : 0, minor: f ? minorOf(f.device) : 0, inode: f ? f.inode : 0,
    name: v.name,
  };
}

function maps(p: Process): string {
  return p.as.areas.map((v) => `${formatMapsLine(mapsLineOf(v))}\n`).join('');
}

// ---------------------------------------------------------------------- per-process files

/** The task's comm: the executable's base name, at most TASK_COMM_LEN - 1 = 15 bytes. */
function commOf(p: Process): string {
  const base = p.exePath.slice(p.exePath.lastIndexOf('/') + 1);
  return new TextDecoder().decode(encoder.encode(base).subarray(0, 15)).replace(/\uFFFD+$/, '');
}

/** Linux's mm->arg_start/arg_end, when the exec code records them on the address space. */
interface ArgumentArea {
  argStart?: number;
  argEnd?: number;
}

/**
 * The argument strings, NUL-terminated, read from the process's own memory between arg_start and arg_end as
 * get_mm_cmdline does. Without a recorded argument area, the executable's path stands in for argv[0].
 */
function cmdline(p: Process): Uint8Array {
  const area = p.as as unknown as ArgumentArea;
  if (area.argStart !== undefined && area.argEnd !== undefined && area.argEnd > area.argStart) {
    try {
      return p.as.read(area.argStart, area.argEnd - area.argStart);
    } catch {
      return new Uint8Array(0);
    }
  }
  return encoder.encode(`${p.exePath}\0`);
}

function vmKb(p: Process, pick: (v: Vma) => boolean = () => true): number {
  return p.as.areas.filter(pick).reduce((n, v) => n + (v.end - v.start), 0) / 1024;
}

const kbLine = (label: string, kb: number) => `${label}:\t${String(Math.floor(kb)).padStart(8)} kB\n`;

/** A signal set as render_sigset_t prints it: _NSIG / 4 = 32 hex digits on MIPS. */
const sigset = (s: bigint) => s.toString(16).padStart(32, '0');

function status(kernel: Kernel, p: Process, t: Thread = p.threads[0]!): string {
  const { uid, gid } = kernel.identity;
  const caps = uid === 0 ? ALL_CAPABILITIES : 0n;
  const live = p.threads.filter((x) => x.state !== 'dead');
  let ignored = 0n;
  let caught = 0n;
  p.actions.forEach((a, sig) => {
    if (sig === 0 || sig > 128) return;
    const bit = 1n << BigInt(sig - 1);
    if (a.handler === SIG.IGN) ignored |= bit;
    else if (a.handler !== SIG.DFL) caught |= bit;
  });
  const exe = (v: Vma) => v.file !== undefined && (v.perm & Perm.Exec) !== 0;
  const data = (v: Vma) => v.file === undefined && !v.growsDown && (v.perm & Perm.Write) !== 0;
  const allowed = t.sched.affinity & kernel.sched.allCpus;
  return [
    `Name:\t${commOf(p)}\n`,
    `Umask:\t${p.fs.umask.toString(8).padStart(4, '0')}\n`,
    `State:\t${t.state === 'dead' ? 'Z (zombie)' : t.state === 'blocked' ? 'S (sleeping)' : 'R (running)'}\n`,
    `Tgid:\t${p.pid}\n`,
    'Ngid:\t0\n',
    `Pid:\t${t.tid}\n`,
    `PPid:\t${p.ppid}\n`,
    'TracerPid:\t0\n',
    `Uid:\t${uid}\t${uid}\t${uid}\t${uid}\n`,
    `Gid:\t${gid}\t${gid}\t${gid}\t${gid}\n`,
    `FDSize:\t${Math.max(64, 2 ** Math.ceil(Math.log2(Math.max(1, ...p.fds.openDescriptors().map((fd) => fd + 1)))))}\n`,
    'Groups:\t\n',
    `NStgid:\t${p.pid}\n`,
    `NSpid:\t${t.tid}\n`,
    `NSpgid:\t${p.pgid}\n`,
    `NSsid:\t${p.sid}\n`,
    kbLine('VmPeak', vmKb(p)),
    kbLine('VmSize', vmKb(p)),
    kbLine('VmLck', 0),
    kbLine('VmPin', 0),
    kbLine('VmHWM', vmKb(p)),
    kbLine('VmRSS', vmKb(p)),
    kbLine('RssAnon', vmKb(p, (v) => !v.file)),
    kbLine('RssFile', vmKb(p, (v) => v.file !== undefined)),
    kbLine('RssShmem', 0),
    kbLine('VmData', vmKb(p, data)),
    kbLine('VmStk', vmKb(p, (v) => v.growsDown)),
    kbLine('VmExe', vmKb(p, exe)),
    kbLine('VmLib', 0),
    kbLine('VmPTE', 0),
    kbLine('VmSwap', 0),
    `HugetlbPages:\t${String(0).padStart(8)} kB\n`,
    'CoreDumping:\t0\n',
    'THP_enabled:\t0\n',
    `Threads:\t${live.length}\n`,
    `SigQ:\t${live.reduce((n, x) => n + x.pending.size, 0)}/4096\n`,
    `SigPnd:\t${sigset(t.pending.set)}\n`,
    `ShdPnd:\t${sigset(t.process.sharedPending.set)}\n`,
    `SigBlk:\t${sigset(t.sigmask)}\n`,
    `SigIgn:\t${sigset(ignored)}\n`,
    `SigCgt:\t${sigset(caught)}\n`,
    `CapInh:\t${(0n).toString(16).padStart(16, '0')}\n`,
    `CapPrm:\t${caps.toString(16).padStart(16, '0')}\n`,
    `CapEff:\t${caps.toString(16).padStart(16, '0')}\n`,
    `CapBnd:\t${ALL_CAPABILITIES.toString(16).padStart(16, '0')}\n`,
    `CapAmb:\t${(0n).toString(16).padStart(16, '0')}\n`,
    'NoNewPrivs:\t0\n',
    'Seccomp:\t0\n',
    'Seccomp_filters:\t0\n',
    'Speculation_Store_Bypass:\tnot vulnerable\n',
    'SpeculationIndirectBranch:\tunknown\n',
    // %*pb: hex, zero-padded to the number of CPU ids (bitmap_string in lib/vsprintf.c).
    `Cpus_allowed:\t${allowed.toString(16).padStart(Math.ceil(kernel.cpuCount / 4), '0')}\n`,
    `Cpus_allowed_list:\t${cpuList(allowed)}\n`,
    'Mems_allowed:\t1\n',
    'Mems_allowed_list:\t0\n',
    `voluntary_ctxt_switches:\t${t.sched.voluntarySwitches}\n`,
    `nonvoluntary_ctxt_switches:\t${t.sched.involuntarySwitches}\n`,
  ].join('');
}

/** A CPU mask as Linux's cpumask_print list format: "0-1,3". */
function cpuList(mask: number): string {
  const parts: string[] = [];
  for (let n = 0; n < MAX_CPUS; n++) {
    if (((mask >>> n) & 1) === 0) continue;
    let end = n;
    while (end + 1 < MAX_CPUS && ((mask >>> (end + 1)) & 1) !== 0) end++;
    parts.push(end === n ? `${n}` : `${n}-${end}`);
    n = end;
  }
  return parts.join(',');
}

/** /proc/<pid>/stat (do_task_stat): 52 space-separated fields; times in USER_HZ ticks. */
function pidStat(kernel: Kernel, p: Process, t: Thread = p.threads[0]!): string {
  const state = t.state === 'dead' ? 'Z' : t.state === 'blocked' ? 'S' : 'R';
  const ticks = (insns: number) => Math.floor((insns * 10) / (1_000_000_000 / USER_HZ));
  const utime = ticks(p.threads.reduce((n, x) => n + x.retired, 0));
  const vsize = p.as.areas.reduce((n, v) => n + (v.end - v.start), 0);
  const stack = p.as.areas.find((v) => v.growsDown);
  const exec = p.as.areas.find((v) => v.file !== undefined && (v.perm & Perm.Exec) !== 0);
  const fields: Array<number | string> = [
    t.tid, `(${commOf(p)})`, state, p.ppid, p.pgid, p.sid, 0 /* tty_nr */, -1 /* tpgid */, 0x400000 /* flags: PF_RANDOMIZE, as an ordinary exec gives */,
    0, 0, 0, 0, utime, 0, 0, 0, 20 /* priority */, 0 /* nice */, p.threads.filter((x) => x.state !== 'dead').length, 0,
    0 /* starttime */, vsize, Math.floor(vsize / PAGE_SIZE), 0xffffffff, exec?.start ?? 0, exec?.end ?? 0,
    stack?.end ?? 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Signal.SIGCHLD /* exit_signal */,
    kernel.sched.cpuOf(t), t.sched.rtPriority, t.sched.policy, 0, 0, 0, p.as.brkStart, p.as.brkStart, p.as.brkStart, 0, 0, 0, 0, 0,
  ];
  return `${fields.join(' ')}\n`;
}

function statm(p: Process): string {
  const pages = (pick: (v: Vma) => boolean) => p.as.areas.filter(pick).reduce((n, v) => n + (v.end - v.start), 0) / PAGE_SIZE;
  const size = pages(() => true);
  const text = pages((v) => v.file !== undefined && (v.perm & Perm.Exec) !== 0);
  const data = pages((v) => v.file === undefined);
  return `${size} ${size} ${pages((v) => v.file !== undefined)} ${text} 0 ${data} 0\n`;
}

function mounts(): string {
  return [
    '/dev/root / ext4 rw,relatime 0 0\n',
    'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n',
    'sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n',
  ].join('');
}

// ---------------------------------------------------------------------- system-wide files

/**
 * /proc/cpuinfo of a MIPS 24K-class core (show_cpuinfo in arch/mips/kernel/proc.c): "system type" once, then
 * one block per CPU ending in a blank line. The CPU reports an FPU only when the machine has one; without it
 * the kernel's emulator runs FP code and cpuinfo says so by omission, as on an FPU-less 24Kc.
 */
function cpuinfo(kernel: Kernel): string {
  const fpu = kernel.config.hardwareFpu;
  // udelay_val (loops_per_jiffy) of a nominal 100 MHz core at HZ=250: 199680 loops → BogoMIPS 99.84.
  const lpj = 199680;
  const hz = 250;
  const bogo = `${Math.floor(lpj / (500000 / hz))}.${String(Math.floor(lpj / (5000 / hz)) % 100).padStart(2, '0')}`;
  const options = ['tlb', '4kex', '4k_cache', ...(fpu ? ['fpu', '32fpr'] : []), 'prefetch', 'mcheck', 'ejtag', 'llsc',
    'rixi', 'userlocal', 'nan_legacy'];
  let out = 'system type\t\t: Trapgate virtual machine\n';
  for (let n = 0; n < kernel.cpuCount; n++) {
    out += `processor\t\t: ${n}\n`;
    out += `cpu model\t\t: ${fpu ? 'MIPS 24Kf V7.12  FPU V7.12' : 'MIPS 24Kc V7.12'}\n`;
    out += `BogoMIPS\t\t: ${bogo}\n`;
    out += 'wait instruction\t: yes\n';
    out += 'microsecond timers\t: yes\n';
    out += 'tlb_entries\t\t: 16\n';
    out += 'extra interrupt vector\t: yes\n';
    out += 'hardware watchpoint\t: no\n';
    out += 'isa\t\t\t: mips1 mips2 mips32r1 mips32r2\n';
    out += 'ASEs implemented\t:\n';
    out += `Options implemented\t: ${options.join(' ')}\n`;
    out += 'shadow register sets\t: 1\n';
    out += 'kscratch registers\t: 0\n';
    out += 'package\t\t\t: 0\n';
    out += `core\t\t\t: ${n}\n`;
    out += 'VCED exceptions\t\t: not available\n';
    out += 'VCEI exceptions\t\t: not available\n';
    out += '\n';
  }
  return out;
}

/** /proc/meminfo lines: a 16-character label, the value right-aligned in 8 columns, " kB" (show_val_kb). */
function meminfo(kernel: Kernel): string {
  const total = Math.floor(kernel.mem.maxBytes / 1024);
  const free = Math.floor((kernel.mem.maxBytes - kernel.mem.bytesInUse) / 1024);
  const line = (label: string, kb: number) => `${`${label}:`.padEnd(16)}${String(kb).padStart(8)} kB\n`;
  return [
    line('MemTotal', total), line('MemFree', free), line('MemAvailable', free), line('Buffers', 0), line('Cached', 0),
    line('SwapCached', 0), line('Active', total - free), line('Inactive', 0), line('HighTotal', 0), line('HighFree', 0),
    line('LowTotal', total), line('LowFree', free), line('SwapTotal', 0), line('SwapFree', 0), line('Dirty', 0),
    line('Writeback', 0), line('AnonPages', total - free), line('Mapped', 0), line('Shmem', 0),
    line('CommitLimit', total), line('Committed_AS', total - free), line('VmallocTotal', 0),
  ].join('');
}

/** Seconds since boot: the monotonic clock, which the host starts just after boot. */
function uptimeSeconds(kernel: Kernel): number {
  return Number(kernel.time.monotonicNs() / 10_000_000n) / 100;
}

function uptime(kernel: Kernel): string {
  const up = uptimeSeconds(kernel);
  return `${up.toFixed(2)} ${(up * kernel.cpuCount).toFixed(2)}\n`;
}

/** /proc/stat (fs/proc/stat.c show_stat), enough for get_nprocs's fallback and for `top`-style readers. */
function procStat(kernel: Kernel): string {
  const ticks = Math.floor(kernel.stats.instructions * 10 / (1_000_000_000 / USER_HZ));
  const idle = Math.max(0, Math.floor(uptimeSeconds(kernel) * USER_HZ) - ticks);
  const cpuLine = (label: string, user: number, idleTicks: number) => `${label} ${user} 0 0 ${idleTicks} 0 0 0 0 0 0\n`;
  const clock = kernel.time;
  const btime = Number((clock.realtimeNs() - clock.monotonicNs()) / 1_000_000_000n);
  const cpuTicks = kernel.sched.cpus.map((c) => Math.floor(c.instructions * 10 / (1_000_000_000 / USER_HZ)));
  let out = cpuLine('cpu ', ticks, idle * kernel.cpuCount);
  cpuTicks.forEach((busy, n) => { out += cpuLine(`cpu${n}`, busy, Math.max(0, idle + ticks - busy)); });
  out += `intr 0\nctxt ${kernel.sched.switches}\n`;
  out += `btime ${btime}\n`;
  out += `processes ${kernel.processes.size}\n`;
  out += 'procs_running 1\nprocs_blocked 0\n';
  out += 'softirq 0 0 0 0 0 0 0 0 0 0 0\n';
  return out;
}
