/**
 * Turning a system call into a line like qemu-user's `-strace`:  `1234 openat(AT_FDCWD,"/etc/passwd",O_RDONLY) = 3`.
 * Arguments are decoded at entry from the ABI table's argument kinds (strings read from guest memory, flags
 * named); the result is formatted when the event is printed.
 */
import { AT, CLOCK, F, MAP, O, PROT, SEEK } from '../../abi/flags.js';
import { Errno, errnoName } from '../../abi/errno.js';
import { SIG, signalName } from '../../abi/signals.js';
import { syscallSpec, type ArgKind } from '../../abi/syscalls.js';
import type { SyscallEvent } from './events.js';
import type { SyscallContext } from '../syscalls/context.js';

const MAX_SHOWN_STRING = 64;

export function describeArguments(ctx: SyscallContext, nr: number): string[] {
  const spec = syscallSpec(nr);
  const kinds: readonly ArgKind[] = spec?.args ?? [];
  const out: string[] = [];
  let slot = 0;
  for (const kind of kinds) {
    if (slot >= 8) break;
    if (kind === 'pad') { slot++; continue; }
    if (kind === 'u64' || kind === 'off64') {
      const v = (BigInt(ctx.args[slot + 1]! >>> 0) << 32n) | BigInt(ctx.args[slot]! >>> 0);
      out.push(kind === 'off64' ? BigInt.asIntN(64, v).toString() : v.toString());
      slot += 2;
      continue;
    }
    out.push(formatArgument(ctx, kind, ctx.args[slot]!));
    slot++;
  }
  return out;
}

function formatArgument(ctx: SyscallContext, kind: ArgKind, raw: number): string {
  const u = raw >>> 0;
  switch (kind) {
    case 'int':
    case 'pid':
    case 'fd':
      return String(raw | 0);
    case 'uint':
    case 'size':
      return String(u);
    case 'dirfd':
      return (raw | 0) === AT.FDCWD ? 'AT_FDCWD' : String(raw | 0);
    case 'path':
    case 'str':
      return quoteGuestString(ctx, u);
    case 'openflags':
      return openFlags(u);
    case 'mode':
      return `0${u.toString(8)}`;
    case 'prot':
      return u === 0 ? 'PROT_NONE' : flagNames(u, PROT, 'PROT_', ['NONE']);
    case 'mapflags':
      return flagNames(u, MAP, 'MAP_', ['FILE', 'TYPE']);
    case 'atflags':
      return u === 0 ? '0' : flagNames(u, AT, 'AT_', ['FDCWD']);
    case 'whence':
      return enumName(u, SEEK, 'SEEK_');
    case 'fcntlcmd':
      return enumName(u, F, 'F_');
    case 'clockid':
      return enumName(u, CLOCK, 'CLOCK_');
    case 'signal':
      return signalName(u) ?? String(u);
    case 'sighow':
      return enumName(u, SIG, 'SIG_');
    default:
      return u === 0 ? 'NULL' : `0x${u.toString(16)}`;
  }
}

function quoteGuestString(ctx: SyscallContext, addr: number): string {
  if (addr === 0) return 'NULL';
  try {
    const bytes = ctx.as.readCString(addr, MAX_SHOWN_STRING);
    if (bytes === undefined) return `"${escape(ctx.as.read(addr, MAX_SHOWN_STRING))}"...`;
    return `"${escape(bytes)}"`;
  } catch {
    return `0x${addr.toString(16)}`;
  }
}

function escape(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b === 10) s += '\\n';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString(8)}`;
  }
  return s;
}

function openFlags(flags: number): string {
  const access = flags & O.ACCMODE;
  const base = access === O.RDONLY ? 'O_RDONLY' : access === O.WRONLY ? 'O_WRONLY' : access === O.RDWR ? 'O_RDWR' : `${access}`;
  const rest = flags & ~O.ACCMODE;
  return rest === 0 ? base : `${base}|${flagNames(rest, O, 'O_', ['RDONLY', 'WRONLY', 'RDWR', 'ACCMODE', 'NDELAY', 'SYNC', 'TMPFILE'])}`;
}

/** Names of the single-bit-or-more flags of `table` set in `value`, then any unnamed remainder in hex. */
function flagNames(value: number, table: Record<string, number | bigint>, prefix: string, skip: string[] = []): string {
  const names: string[] = [];
  let rest = value >>> 0;
  for (const [name, bits] of Object.entries(table)) {
    if (typeof bits !== 'number' || bits <= 0 || skip.includes(name)) continue;
    if ((rest & bits) === bits) {
      names.push(prefix + name);
      rest = (rest & ~bits) >>> 0;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names.length ? names.join('|') : '0';
}

function enumName(value: number, table: Record<string, number | bigint>, prefix: string): string {
  const hit = Object.entries(table).find(([, v]) => v === value);
  return hit ? prefix + hit[0] : String(value | 0);
}

/** The whole line, as qemu-user prints it (pid first; errors as `-1 errno=N (text)`). */
export function formatSyscallLine(e: SyscallEvent, describeError: (errno: number) => string = defaultErrorText): string {
  // The calling task's id: the process id for its main thread (as qemu-user prints), the thread's id otherwise.
  const call = `${e.tid} ${e.name}(${e.args.join(',')})`;
  if (e.name === 'exit' || e.name === 'exit_group') return call; // they do not return
  if (e.result < 0 && e.result >= -Errno.EDQUOT) {
    const errno = -e.result;
    return `${call} = -1 errno=${errno} (${describeError(errno)})`;
  }
  const shown = e.name === 'brk' || e.name.startsWith('mmap') || e.name === 'mremap'
    ? `0x${(e.result >>> 0).toString(16)}` : String(e.result);
  return `${call} = ${shown}${e.note ? ` ${e.note}` : ''}`;
}

function defaultErrorText(errno: number): string {
  return errnoName(errno) ?? 'Unknown error';
}
