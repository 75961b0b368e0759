/**
 * Puts a program into an empty address space the way fs/binfmt_elf.c does: segments mapped from the file,
 * bss zeroed, brk placed after the data, and the initial stack built byte for byte like create_elf_tables
 * (reference linux-mips-abi.md §2.1): strings at the top, then AT_BASE_PLATFORM and AT_RANDOM bytes, then
 * argc, argv, envp and the auxiliary vector, with sp 16-byte aligned.
 */
import * as C from '../../elf/constants.js';
import type { Elf32 } from '../../elf/elf32.js';
import { type AddressSpace, pageAlignDown, pageAlignUp } from '../../mm/address-space.js';
import { PAGE_MASK, PAGE_SIZE } from '../../mm/physical.js';
import { Perm } from '../../mm/vma.js';
import { Auxv } from '../../abi/flags.js';
import { ET_DYN_BASE, MMAP_MIN_GAP, STACK_INITIAL_EXPAND } from './layout.js';

export interface ExecRequest {
  elf: Elf32;
  /** Guest path of the program, for /proc/self/exe and [maps]. */
  path: string;
  /** The file name as passed to execve (AT_EXECFN); defaults to `path`. */
  execFn?: string;
  device: number;
  inode: number;
  argv: Uint8Array[];
  envp: Uint8Array[];
  /** The 16 bytes AT_RANDOM points at. */
  random: Uint8Array;
  /** AT_SYSINFO_EHDR, when a vDSO is mapped. */
  vdsoBase?: number;
  uid: number;
  gid: number;
  /** The program's interpreter (PT_INTERP), already read and validated by the caller. */
  interpreter?: { elf: Elf32; path: string; device: number; inode: number };
  /** mips_stack_top() for this machine (it depends on the vDSO's size). */
  stackTop: number;
  /** Randomisation offsets (page multiples), 0 when disabled. */
  stackRandom?: number;
  mmapRandom?: number;
}

export interface ExecImage {
  /** Where execution starts: the interpreter's entry for dynamic programs, else the program's. */
  entry: number;
  sp: number;
  /** Address of the program headers in memory (AT_PHDR). */
  phdr: number;
  loadBias: number;
  executableStack: boolean;
}

/** AT_BASE_PLATFORM of a MIPS32 Release 2 CPU (cpu-probe.c set_isa). */
const BASE_PLATFORM = 'mips32r2';
const AT_HWCAP_VALUE = 0;
const CLOCK_TICKS = 100;

export function loadProgram(as: AddressSpace, req: ExecRequest): ExecImage {
  const { elf } = req;
  const loads = elf.programHeaders.filter((p) => p.type === C.PT_LOAD);
  const minVaddr = pageAlignDown(Math.min(...loads.map((p) => p.vaddr)));
  const loadBias = elf.type === C.ET_DYN ? pageAlignDown(ET_DYN_BASE - minVaddr) : 0;
  let brk = 0;
  for (const p of loads) {
    mapSegment(as, req, p, loadBias);
    brk = Math.max(brk, p.vaddr + p.memsz + loadBias);
  }
  as.brkStart = as.brk = pageAlignUp(brk);
  as.mmapBase = pageAlignDown(req.stackTop - (req.stackRandom ?? 0) - MMAP_MIN_GAP - (req.mmapRandom ?? 0));

  const gnuStack = elf.programHeaders.find((p) => p.type === C.PT_GNU_STACK);
  const executableStack = gnuStack !== undefined && (gnuStack.flags & C.PF_X) !== 0;
  const phdr = programHeaderAddress(elf, loadBias);
  const entry = (elf.entry + loadBias) >>> 0;
  // The dynamic loader goes where mmap would put it (load_elf_interp maps it without a fixed address).
  let interpBase = 0;
  let start = entry;
  if (req.interpreter) {
    const interp = req.interpreter;
    const iloads = interp.elf.programHeaders.filter((p) => p.type === C.PT_LOAD);
    const lo = pageAlignDown(Math.min(...iloads.map((p) => p.vaddr)));
    const hi = pageAlignUp(Math.max(...iloads.map((p) => p.vaddr + p.memsz)));
    const base = as.findFreeArea(hi - lo);
    if (base === undefined) throw new Error('no room for the program interpreter');
    interpBase = base - lo;
    for (const p of iloads) mapSegment(as, { ...req, elf: interp.elf, path: interp.path, device: interp.device, inode: interp.inode }, p, interpBase);
    start = (interp.elf.entry + interpBase) >>> 0;
  }
  const sp = buildStack(as, req, { phdr, entry, executableStack, interpBase });
  return { entry: start, sp, phdr, loadBias, executableStack };
}

function segmentPerm(flags: number): Perm {
  return ((flags & C.PF_R) ? Perm.Read : 0) | ((flags & C.PF_W) ? Perm.Write : 0) | ((flags & C.PF_X) ? Perm.Exec : 0);
}

function mapSegment(as: AddressSpace, req: ExecRequest, p: { vaddr: number; offset: number; filesz: number; memsz: number; flags: number }, bias: number): void {
  const start = pageAlignDown(p.vaddr + bias);
  const pageOffset = (p.vaddr + bias) & PAGE_MASK;
  const fileEnd = pageAlignUp(p.vaddr + bias + p.filesz);
  const memEnd = pageAlignUp(p.vaddr + bias + p.memsz);
  const perm = segmentPerm(p.flags);
  const all = Perm.Read | Perm.Write | Perm.Exec;
  if (fileEnd > start) {
    as.map({
      start, end: fileEnd, perm, maxPerm: all, shared: false, growsDown: false, name: req.path,
      file: {
        data: req.elf.bytes, offset: p.offset - pageOffset, length: pageOffset + p.filesz, fileOffset: p.offset - pageOffset,
        path: req.path, device: req.device, inode: req.inode,
      },
    });
  }
  if (memEnd > fileEnd) {
    as.map({ start: fileEnd, end: memEnd, perm, maxPerm: all, shared: false, growsDown: false, name: '' });
  }
}

/** Where the program headers are in memory: inside the segment that maps file offset e_phoff. */
function programHeaderAddress(elf: Elf32, bias: number): number {
  const explicit = elf.programHeaders.find((p) => p.type === C.PT_PHDR);
  if (explicit) return (explicit.vaddr + bias) >>> 0;
  for (const p of elf.programHeaders) {
    if (p.type === C.PT_LOAD && elf.phoff >= p.offset && elf.phoff < p.offset + p.filesz) {
      return (elf.phoff - p.offset + p.vaddr + bias) >>> 0;
    }
  }
  return 0;
}

const encoder = new TextEncoder();

function buildStack(as: AddressSpace, req: ExecRequest, img: { phdr: number; entry: number; executableStack: boolean; interpBase: number }): number {
  const top = req.stackTop - (req.stackRandom ?? 0);
  const perm = Perm.Read | Perm.Write | (img.executableStack ? Perm.Exec : 0);
  const all = Perm.Read | Perm.Write | Perm.Exec;

  // Strings, copied downwards from just below the top: the file name, then envp, then argv (each list last first).
  let p = top - 4;
  const putString = (bytes: Uint8Array): number => {
    p -= bytes.length + 1;
    return p;
  };
  const strings: Array<[number, Uint8Array]> = [];
  const execFnBytes = encoder.encode(req.execFn ?? req.path);
  const execFn = putString(execFnBytes);
  strings.push([execFn, execFnBytes]);
  const envAddrs = new Array<number>(req.envp.length);
  for (let i = req.envp.length - 1; i >= 0; i--) { envAddrs[i] = putString(req.envp[i]!); strings.push([envAddrs[i]!, req.envp[i]!]); }
  const argAddrs = new Array<number>(req.argv.length);
  for (let i = req.argv.length - 1; i >= 0; i--) { argAddrs[i] = putString(req.argv[i]!); strings.push([argAddrs[i]!, req.argv[i]!]); }

  p &= ~7; // arch_align_stack (without its random part)
  const platform = encoder.encode(BASE_PLATFORM);
  p -= platform.length + 1;
  const platformAddr = p;
  p -= 16;
  const randomAddr = p;

  const aux: Array<[number, number]> = [];
  if (req.vdsoBase !== undefined) aux.push([Auxv.SYSINFO_EHDR, req.vdsoBase]);
  aux.push(
    [Auxv.HWCAP, AT_HWCAP_VALUE], [Auxv.PAGESZ, PAGE_SIZE], [Auxv.CLKTCK, CLOCK_TICKS],
    [Auxv.PHDR, img.phdr], [Auxv.PHENT, 32], [Auxv.PHNUM, req.elf.programHeaders.length],
    [Auxv.BASE, img.interpBase], [Auxv.FLAGS, 0], [Auxv.ENTRY, img.entry],
    [Auxv.UID, req.uid], [Auxv.EUID, req.uid], [Auxv.GID, req.gid], [Auxv.EGID, req.gid],
    [Auxv.SECURE, 0], [Auxv.RANDOM, randomAddr], [Auxv.EXECFN, execFn],
    [Auxv.BASE_PLATFORM, platformAddr], [Auxv.NULL, 0],
  );
  const words = [req.argv.length, ...argAddrs, 0, ...envAddrs, 0, ...aux.flat()];
  const sp = (p - words.length * 4) & ~15;

  const low = pageAlignDown(sp) - STACK_INITIAL_EXPAND;
  as.map({ start: low, end: top, perm, maxPerm: all, shared: false, growsDown: true, name: '[stack]' });

  for (const [addr, bytes] of strings) {
    const withNul = new Uint8Array(bytes.length + 1);
    withNul.set(bytes);
    as.write(addr, withNul);
  }
  as.write(platformAddr, new Uint8Array([...platform, 0]));
  as.write(randomAddr, req.random);
  const table = new Uint8Array(words.length * 4);
  const view = new DataView(table.buffer);
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true));
  as.write(sp, table);
  return sp >>> 0;
}
