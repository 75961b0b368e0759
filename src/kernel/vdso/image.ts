/**
 * The vDSO image: vdso.S assembled by Trapgate's own assembler and written as the ELF shared object Linux's
 * arch/mips/vdso build produces (reference §4.1, §4.2, §7), so that glibc, readelf, objdump and gdb read it like
 * Linux's:
 *
 *  - ET_DYN, EM_MIPS, e_flags of o32 PIC MIPS32r2 code assembled noreorder; linked at 0, so every address is an
 *    offset from wherever the kernel maps it, and nothing needs relocating (no relocation sections at all).
 *  - Sections in Linux's linker-script order: .MIPS.abiflags, .hash (SysV: glibc's MIPS ld.so looks for DT_HASH
 *    or DT_MIPS_XHASH, never DT_GNU_HASH), .dynsym, .dynstr, .gnu.version, .gnu.version_d, .note (the Linux
 *    version note), .text, .eh_frame_hdr, .eh_frame, .dynamic; then .symtab/.strtab for gdb and objdump (Linux
 *    keeps those in its unstripped copy only), .shstrtab and the section headers.
 *  - Program headers in Linux's PHDRS order: PT_MIPS_ABIFLAGS, one PT_LOAD (R+X) from the ELF header through
 *    .dynamic, PT_DYNAMIC, PT_NOTE, PT_GNU_EH_FRAME. No PT_TLS (glibc's setup_vdso asserts there is none).
 *  - Exported: the global functions of vdso.S, all in version LINUX_2.6 (index 2; index 1 is the base version,
 *    named by the soname). Local: the sigreturn trampolines (their offsets go to the signal code, as genvdso's
 *    off_sigreturn/off_rt_sigreturn do), the CPU variants and the helpers.
 *  - One FDE per .cfi_startproc region of vdso.S — every function except the trampolines, which must have none
 *    (reference §3.4, §7) — so every exported symbol is covered, whichever variant it points at.
 *
 * Differences from Linux's image, on purpose: no .reginfo/PT_MIPS_REGINFO and no build-id note (neither is read
 * by anyone at run time), no absolute `LINUX_2.6` symbol in .dynsym (ld adds one per version node; lookups never
 * need it), and DT_SYMBOLIC is not set (nothing in the image refers to a symbol).
 *
 * The image does not depend on the CPU, so it is built once per JavaScript process (image-cache.ts). CPU-specific
 * variants are chosen later by rewriting a copy (variants.ts), like ppc64's vdso_fixup_alt_funcs.
 */
import { assemble, type AssembledSymbol, type AssemblyResult } from '../../isa/asm.js';
import * as C from '../../elf/constants.js';
import { align, EHDR_SIZE, PHDR_SIZE, SHF_ALLOC, SHF_EXECINSTR, StringTable, writeElf, type SectionSpec, type SegmentSpec } from '../../elf/writer.js';
import { PAGE_SIZE } from '../../mm/physical.js';
import { buildEhFrame, buildEhFrameHdr, countFdes, ehFrameHdrSize } from './eh-frame.js';
import * as D from './elf-dynamic.js';
import { vdsoPrelude } from './prelude.js';

export const VDSO_SONAME = 'linux-vdso.so.1';
export const VDSO_VERSION = 'LINUX_2.6';
/** The version node's index in .gnu.version (1 is the base version). */
export const VDSO_VERSION_INDEX = 2;
/** LINUX_VERSION_CODE of the kernel Trapgate stands in for: 6.1.0, the UAPI its ABI tables follow. */
export const LINUX_VERSION_CODE = 0x060100;

// e_flags bits of the MIPS psABI that src/elf/constants.ts does not name.
const EF_MIPS_NOREORDER = 0x1;
const EF_MIPS_PIC = 0x2;
const EF_MIPS_CPIC = 0x4;
const EF_MIPS_ARCH_32R2 = 0x70000000;
const E_FLAGS = EF_MIPS_ARCH_32R2 | C.EF_MIPS_ABI_O32 | EF_MIPS_CPIC | EF_MIPS_PIC | EF_MIPS_NOREORDER;
/** GNU ld's default maximum page size for MIPS, which it writes as the PT_LOAD alignment. */
const LOAD_ALIGN = 0x10000;
const SEGMENT_COUNT = 5;

/** The fields of an Elf32_Sym that a variant patch copies. */
export interface SymbolFields {
  readonly st_value: number;
  readonly st_size: number;
  readonly st_info: number;
  readonly st_other: number;
  readonly st_shndx: number;
}

/**
 * A generic exported symbol with CPU variants (local functions named `<generic>_<variant>`): where its .dynsym
 * entry is, and the fields each variant would give it. The variants' st_info carries the generic symbol's own
 * binding (GLOBAL: a .dynsym entry past sh_info cannot be local) with the variant's type.
 */
export interface VariantPatchSite {
  readonly generic: string;
  readonly dynsymIndex: number;
  /** File offset of the generic symbol's Elf32_Sym in .dynsym. */
  readonly dynsymOffset: number;
  /** The variant the pristine image points at. */
  readonly defaultVariant: string;
  readonly variants: ReadonlyMap<string, SymbolFields & { readonly symbol: string }>;
}

export interface VdsoImage {
  /** The pristine image (never patched), a whole number of pages. */
  readonly bytes: Uint8Array;
  readonly size: number;
  /** Offsets of the signal-return trampolines, from .symtab (genvdso's off_sigreturn / off_rt_sigreturn). */
  readonly offsets: { readonly sigreturn: number; readonly rt_sigreturn: number };
  /** Exported name → offset from the image base. */
  readonly symbols: ReadonlyMap<string, number>;
  readonly variantPatchSites: readonly VariantPatchSite[];
}

interface Placed {
  readonly name: string;
  readonly type: number;
  readonly flags: number;
  readonly align: number;
  readonly entsize?: number;
  readonly bytes: Uint8Array;
  offset: number;
}

export function buildVdsoImage(source: string): VdsoImage {
  // First pass: which functions there are and how big .text is; the header tables' sizes follow from that.
  const probe = assemble(vdsoPrelude(0) + source, { origin: 0 });
  const text0 = probe.section('.text');
  if (!text0) throw new Error('vdso.S has no .text');
  const unexpected = probe.sections.filter((s) => s.name !== '.text' && s.size > 0);
  if (unexpected.length > 0) throw new Error(`vdso.S may only have .text, not ${unexpected.map((s) => s.name).join(', ')}`);
  const exported = exportedFunctions(probe);

  const dynstr = new StringTable();
  const sonameOffset = dynstr.add(VDSO_SONAME);
  const versionOffset = dynstr.add(VDSO_VERSION);
  const exportNames = exported.map((s) => s.name);
  const exportNameOffsets = exportNames.map((n) => dynstr.add(n));
  const dynNames = [null, ...exportNames];
  const nbucket = D.hashBucketCount(exportNames.length);

  const abiflags = section('.MIPS.abiflags', D.SHT_MIPS_ABIFLAGS, SHF_ALLOC, 8, D.mipsAbiFlags({
    isaLevel: 32, isaRev: 2, gprSize: 1, cpr1Size: 1, cpr2Size: 0, fpAbi: 0, isaExt: 0, ases: 0, flags1: 0, flags2: 0,
  }), D.ABIFLAGS_SIZE);
  const hash = section('.hash', D.SHT_HASH, SHF_ALLOC, 4, D.hashSection(dynNames, nbucket), 4);
  // .dynsym's values need .text's final address: reserve it now, fill it after the second pass.
  const dynsymBytes = new Uint8Array(dynNames.length * D.SYM_SIZE);
  const dynsym = section('.dynsym', D.SHT_DYNSYM, SHF_ALLOC, 4, dynsymBytes, D.SYM_SIZE);
  const dynstrSection = section('.dynstr', C.SHT_STRTAB, SHF_ALLOC, 1, dynstr.bytes());
  const versym = section('.gnu.version', D.SHT_GNU_VERSYM, SHF_ALLOC, 2,
    D.versymTable([D.VER_NDX_LOCAL, ...exportNames.map(() => VDSO_VERSION_INDEX)]), 2);
  const verdef = section('.gnu.version_d', D.SHT_GNU_VERDEF, SHF_ALLOC, 4, D.versionDefinitions([
    { flags: D.VER_FLG_BASE, index: 1, name: VDSO_SONAME, nameOffset: sonameOffset },
    { flags: 0, index: VDSO_VERSION_INDEX, name: VDSO_VERSION, nameOffset: versionOffset },
  ]));
  const versionCode = new Uint8Array(4);
  new DataView(versionCode.buffer).setUint32(0, LINUX_VERSION_CODE, true);
  // ELFNOTE_START(Linux, 0, "a") .long LINUX_VERSION_CODE (arch/mips/vdso/elf.S).
  const noteSection = section('.note', D.SHT_NOTE, SHF_ALLOC, 4, D.note('Linux', 0, versionCode));

  const head = [abiflags, hash, dynsym, dynstrSection, versym, verdef, noteSection];
  let offset = EHDR_SIZE + SEGMENT_COUNT * PHDR_SIZE;
  for (const s of head) offset = place(s, offset);
  const textOffset = align(offset, text0.align);

  // Second pass at the final address: only the [vvar] distance in the code depends on it.
  const result = assemble(vdsoPrelude(textOffset) + source, { origin: textOffset });
  const text = result.section('.text')!;
  if (text.size !== text0.size) throw new Error('vdso.S changed size between passes');
  const textSection: Placed = { ...section('.text', D.SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, text.align, text.bytes), offset: textOffset };
  const textIndex = 1 + head.length;

  const fdeCount = countFdes(result.cfi, '.text');
  const hdrOffset = align(textOffset + text.size, 4);
  const ehFrameOffset = align(hdrOffset + ehFrameHdrSize(fdeCount), 4);
  const ehFrame = buildEhFrame(result.cfi, '.text', textOffset, ehFrameOffset);
  const ehFrameHdr = section('.eh_frame_hdr', D.SHT_PROGBITS, SHF_ALLOC, 4, buildEhFrameHdr(hdrOffset, ehFrameOffset, ehFrame.fdes));
  ehFrameHdr.offset = hdrOffset;
  const ehFrameSection = section('.eh_frame', D.SHT_PROGBITS, SHF_ALLOC, 4, ehFrame.bytes);
  ehFrameSection.offset = ehFrameOffset;

  const dynamicOffset = align(ehFrameOffset + ehFrame.bytes.length, 4);
  // d_ptr values are link-time addresses: glibc's MIPS ld.so never rebases .dynamic in place (DL_RO_DYN_SECTION).
  const dynamic = section('.dynamic', D.SHT_DYNAMIC, SHF_ALLOC, 4, D.dynamicSection([
    [D.DT_SONAME, sonameOffset],
    [D.DT_HASH, hash.offset],
    [D.DT_SYMTAB, dynsym.offset],
    [D.DT_STRTAB, dynstrSection.offset],
    [D.DT_STRSZ, dynstrSection.bytes.length],
    [D.DT_SYMENT, D.SYM_SIZE],
    [D.DT_VERSYM, versym.offset],
    [D.DT_VERDEF, verdef.offset],
    [D.DT_VERDEFNUM, 2],
  ]), D.DYN_SIZE);
  dynamic.offset = dynamicOffset;
  const loadEnd = dynamicOffset + dynamic.bytes.length;

  // .dynsym: the null symbol, then the exports (st_value = offset, in .text, version LINUX_2.6).
  const finalExports = exportNames.map((n) => result.symbol(n)!);
  const dv = new DataView(dynsymBytes.buffer);
  finalExports.forEach((s, i) => D.writeSymbol(dv, (i + 1) * D.SYM_SIZE, elfSymbol(s, exportNameOffsets[i]!, textIndex)));

  // .symtab for gdb and objdump: every label of .text (locals first, as the gABI requires), no equates.
  const strtab = new StringTable();
  const labels = result.symbols.filter((s) => s.section === '.text');
  const locals = labels.filter((s) => s.binding === 'local').sort(byAddress);
  const globals = labels.filter((s) => s.binding !== 'local').sort(byAddress);
  const symtabEntries: D.ElfSymbol[] = [
    { name: 0, value: 0, size: 0, info: 0, other: 0, shndx: 0 },
    ...[...locals, ...globals].map((s) => elfSymbol(s, strtab.add(s.name), textIndex)),
  ];
  const symtab = section('.symtab', D.SHT_SYMTAB, 0, 4, D.symbolTable(symtabEntries), D.SYM_SIZE);
  symtab.offset = align(loadEnd, 4);
  const strtabSection = section('.strtab', C.SHT_STRTAB, 0, 1, strtab.bytes());
  strtabSection.offset = symtab.offset + symtab.bytes.length;

  const all = [...head, textSection, ehFrameHdr, ehFrameSection, dynamic, symtab, strtabSection];
  const contents = new Uint8Array(strtabSection.offset + strtabSection.bytes.length);
  for (const s of all) contents.set(s.bytes, s.offset);

  const index = (s: Placed): number => 1 + all.indexOf(s);
  const links = new Map<Placed, { link: number; info?: number }>([
    [hash, { link: index(dynsym) }],
    [dynsym, { link: index(dynstrSection), info: 1 }],
    [versym, { link: index(dynsym) }],
    [verdef, { link: index(dynstrSection), info: 2 }],
    [dynamic, { link: index(dynstrSection) }],
    [symtab, { link: index(strtabSection), info: 1 + locals.length }],
  ]);
  const sections: SectionSpec[] = all.map((s) => ({
    name: s.name, type: s.type, flags: s.flags, addr: s.flags & SHF_ALLOC ? s.offset : 0, offset: s.offset,
    size: s.bytes.length, align: s.align, entsize: s.entsize, ...links.get(s),
  }));
  const segment = (type: number, flags: number, s: Placed, alignment: number): SegmentSpec => ({
    type, flags, offset: s.offset, vaddr: s.offset, filesz: s.bytes.length, memsz: s.bytes.length, align: alignment,
  });
  const segments: SegmentSpec[] = [
    segment(C.PT_MIPS_ABIFLAGS, C.PF_R, abiflags, 8),
    { type: C.PT_LOAD, flags: C.PF_R | C.PF_X, offset: 0, vaddr: 0, filesz: loadEnd, memsz: loadEnd, align: LOAD_ALIGN },
    segment(C.PT_DYNAMIC, C.PF_R, dynamic, 4),
    segment(C.PT_NOTE, C.PF_R, noteSection, 4),
    segment(C.PT_GNU_EH_FRAME, C.PF_R, ehFrameHdr, 4),
  ];
  if (segments.length !== SEGMENT_COUNT) throw new Error('program header count changed');
  const elf = writeElf({ type: C.ET_DYN, entry: 0, flags: E_FLAGS, contents, phoff: EHDR_SIZE, segments, sections });
  const size = align(elf.length, PAGE_SIZE);
  const bytes = new Uint8Array(size);
  bytes.set(elf);

  const dynsymOffsetOf = (name: string): number => dynsym.offset + (1 + exportNames.indexOf(name)) * D.SYM_SIZE;
  return {
    bytes,
    size,
    offsets: { sigreturn: localFunction(result, '__vdso_sigreturn'), rt_sigreturn: localFunction(result, '__vdso_rt_sigreturn') },
    symbols: new Map(finalExports.map((s) => [s.name, s.value])),
    variantPatchSites: variantSites(result, finalExports, textIndex, dynsymOffsetOf),
  };
}

function section(name: string, type: number, flags: number, alignment: number, bytes: Uint8Array, entsize?: number): Placed {
  return { name, type, flags, align: alignment, bytes, offset: 0, ...(entsize === undefined ? {} : { entsize }) };
}

function place(s: Placed, at: number): number {
  s.offset = align(at, s.align);
  return s.offset + s.bytes.length;
}

const byAddress = (a: AssembledSymbol, b: AssembledSymbol): number => a.value - b.value || (a.name < b.name ? -1 : 1);

/** Global functions of .text, in address order; each must be a sized function at a non-zero offset. */
function exportedFunctions(r: AssemblyResult): AssembledSymbol[] {
  const out = r.symbols.filter((s) => s.section === '.text' && s.binding === 'global').sort(byAddress);
  for (const s of out) {
    if (s.type !== 'func' || s.size === 0) throw new Error(`exported vDSO symbol ${s.name} must be a function with a .size`);
  }
  return out;
}

function elfSymbol(s: AssembledSymbol, name: number, textIndex: number): D.ElfSymbol {
  const binding = s.binding === 'local' ? D.STB_LOCAL : D.STB_GLOBAL;
  const type = s.type === 'func' ? D.STT_FUNC : D.STT_NOTYPE;
  const visibility = { default: 0, internal: 1, hidden: 2, protected: 3 }[s.visibility];
  return { name, value: s.value, size: s.size, info: D.symbolInfo(binding, type), other: visibility, shndx: textIndex };
}

function localFunction(r: AssemblyResult, name: string): number {
  const s = r.symbol(name);
  if (!s || s.section !== '.text' || s.binding !== 'local') throw new Error(`vdso.S must define the local function ${name}`);
  return s.value;
}

/** Every export that has local `<name>_<variant>` functions, with the fields each variant would give it. */
function variantSites(r: AssemblyResult, exported: readonly AssembledSymbol[], textIndex: number, dynsymOffsetOf: (n: string) => number): VariantPatchSite[] {
  const sites: VariantPatchSite[] = [];
  exported.forEach((g, i) => {
    const variants = new Map<string, SymbolFields & { symbol: string }>();
    for (const s of r.symbols) {
      if (s.section !== '.text' || s.binding !== 'local' || !s.name.startsWith(`${g.name}_`)) continue;
      const own = elfSymbol(s, 0, textIndex);
      variants.set(s.name.slice(g.name.length + 1), {
        symbol: s.name, st_value: own.value, st_size: own.size,
        st_info: D.symbolInfo(D.STB_GLOBAL, own.info & 0xf), st_other: own.other, st_shndx: own.shndx,
      });
    }
    if (variants.size === 0) return;
    const current = [...variants].find(([, f]) => f.st_value === g.value && f.st_size === g.size);
    if (!current) throw new Error(`${g.name} has variants but is none of them`);
    sites.push({ generic: g.name, dynsymIndex: i + 1, dynsymOffset: dynsymOffsetOf(g.name), defaultVariant: current[0], variants });
  });
  return sites;
}
