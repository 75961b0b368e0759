/**
 * Linking an assembly program into a static mipsel o32 executable, the way `ld -static` lays out a small one:
 * headers and read-only sections in an R+X segment at 0x400000, writable sections in an R+W segment on later
 * pages, a non-executable stack (PT_GNU_STACK RW), and a symbol table so objdump and gdb can name things.
 */
import { assemble, type AssemblyResult } from '../isa/asm.js';
import * as C from './constants.js';
import { align, EHDR_SIZE, PHDR_SIZE, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_PROGBITS, StringTable, writeElf, type SectionSpec, type SegmentSpec } from './writer.js';

export const TEXT_BASE = 0x400000;
const PAGE = 4096;
const SEGMENTS = 3;
const TEXT_START = TEXT_BASE + align(EHDR_SIZE + SEGMENTS * PHDR_SIZE, 16);
/** MIPS32r2, o32, non-PIC code assembled with noreorder. */
const E_FLAGS = 0x70000000 | C.EF_MIPS_ABI_O32 | 0x1;
const SYM_SIZE = 16;

export interface LinkOptions {
  /** Symbol where execution starts (default `__start`, else `_start`). */
  entry?: string;
}

/** Assembles `source` and links it; throws AssemblyError for bad source and Error for a missing entry symbol. */
export function linkExecutable(source: string, options: LinkOptions = {}): Uint8Array {
  const probe = assemble(source, { addresses: { '.text': TEXT_START } });
  const textEnd = Math.max(TEXT_START, ...readOnly(probe).map((s) => s.address + s.size));
  const dataOffset = align(textEnd - TEXT_BASE, PAGE);
  const dataAddress = TEXT_BASE + dataOffset + 16 * PAGE;
  const writable = probe.sections.filter((s) => s.flags.alloc && s.flags.write);
  const result = writable.length === 0 ? probe
    : assemble(source, { addresses: { '.text': TEXT_START, [writable[0]!.name]: dataAddress } });

  const entryName = options.entry ?? (result.symbol('__start') ? '__start' : '_start');
  const entry = result.symbol(entryName);
  if (!entry) throw new Error(`no entry symbol '${entryName}'`);

  const alloc = result.sections.filter((s) => s.flags.alloc);
  const dataSections = alloc.filter((s) => s.flags.write);
  const fileEnd = Math.max(dataOffset, ...alloc.map((s) => fileOffset(s.address, dataAddress, dataOffset) + s.bytes.length));

  // Symbol table and its strings follow the loaded contents.
  const strings = new StringTable();
  const sectionIndex = new Map(alloc.map((s, i) => [s.name, i + 1]));
  const symbols = [...result.symbols].sort((a, b) => (a.binding === 'local' ? 0 : 1) - (b.binding === 'local' ? 0 : 1));
  const symtab = new Uint8Array((symbols.length + 1) * SYM_SIZE);
  const sv = new DataView(symtab.buffer);
  symbols.forEach((s, i) => {
    const o = (i + 1) * SYM_SIZE;
    sv.setUint32(o, strings.add(s.name), true);
    sv.setUint32(o + 4, s.value >>> 0, true);
    sv.setUint32(o + 8, s.size, true);
    const bind = s.binding === 'local' ? 0 : s.binding === 'global' ? 1 : 2;
    const type = s.type === 'func' ? C.STT_FUNC : s.type === 'object' ? 1 : 0;
    sv.setUint8(o + 12, (bind << 4) | type);
    sv.setUint16(o + 14, s.section === null ? 0xfff1 : sectionIndex.get(s.section) ?? 0xfff1, true);
  });
  const strtab = strings.bytes();
  const symtabOffset = align(fileEnd, 4);
  const strtabOffset = symtabOffset + symtab.length;
  const contents = new Uint8Array(strtabOffset + strtab.length);
  for (const s of alloc) contents.set(s.bytes, fileOffset(s.address, dataAddress, dataOffset));
  contents.set(symtab, symtabOffset);
  contents.set(strtab, strtabOffset);

  const segments: SegmentSpec[] = [
    { type: C.PT_LOAD, flags: C.PF_R | C.PF_X, offset: 0, vaddr: TEXT_BASE, filesz: textEnd - TEXT_BASE, memsz: textEnd - TEXT_BASE, align: 0x10000 },
  ];
  if (dataSections.length > 0) {
    const start = dataSections[0]!.address;
    const end = Math.max(...dataSections.map((s) => s.address + s.size));
    const fileBytes = Math.max(0, ...dataSections.filter((s) => s.type === 'progbits').map((s) => s.address + s.size)) - start;
    segments.push({ type: C.PT_LOAD, flags: C.PF_R | C.PF_W, offset: dataOffset, vaddr: start, filesz: Math.max(0, fileBytes), memsz: end - start, align: 0x10000 });
  }
  segments.push({ type: C.PT_GNU_STACK, flags: C.PF_R | C.PF_W, offset: 0, vaddr: 0, filesz: 0, memsz: 0, align: 16 });

  const sections: SectionSpec[] = alloc.map((s) => ({
    name: s.name, type: s.type === 'nobits' ? C.SHT_NOBITS : SHT_PROGBITS,
    flags: SHF_ALLOC | (s.flags.write ? SHF_WRITE : 0) | (s.flags.exec ? SHF_EXECINSTR : 0),
    addr: s.address, offset: fileOffset(s.address, dataAddress, dataOffset), size: s.size, align: s.align,
  }));
  const symtabIndex = sections.length + 1;
  const firstGlobal = 1 + symbols.filter((s) => s.binding === 'local').length;
  sections.push({ name: '.symtab', type: C.SHT_SYMTAB, flags: 0, addr: 0, offset: symtabOffset, size: symtab.length, link: symtabIndex + 1, info: firstGlobal, align: 4, entsize: SYM_SIZE });
  sections.push({ name: '.strtab', type: C.SHT_STRTAB, flags: 0, addr: 0, offset: strtabOffset, size: strtab.length, align: 1 });
  return writeElf({ type: C.ET_EXEC, entry: entry.value >>> 0, flags: E_FLAGS, contents, phoff: EHDR_SIZE, segments, sections });
}

function readOnly(r: AssemblyResult) {
  return r.sections.filter((s) => s.flags.alloc && !s.flags.write);
}

function fileOffset(address: number, dataAddress: number, dataOffset: number): number {
  return address >= dataAddress ? address - dataAddress + dataOffset : address - TEXT_BASE;
}
