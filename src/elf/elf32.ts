/**
 * Reading ELF32 little-endian files: the header, program headers, sections and symbols.
 * Every malformed input becomes an ElfError with one clear sentence — never an exception from a typed array.
 */
import * as C from './constants.js';

export class ElfError extends Error {}

export interface ProgramHeader {
  type: number; offset: number; vaddr: number; filesz: number; memsz: number; flags: number; align: number;
}
export interface SectionHeader {
  name: string; type: number; flags: number; addr: number; offset: number; size: number; link: number; entsize: number;
}
export interface ElfSymbol {
  name: string; value: number; size: number; type: number; bind: number; shndx: number;
}

export interface Elf32 {
  readonly bytes: Uint8Array;
  readonly type: number;
  readonly machine: number;
  readonly entry: number;
  readonly flags: number;
  readonly phoff: number;
  readonly phentsize: number;
  readonly programHeaders: ProgramHeader[];
  readonly sections: SectionHeader[];
}

const EHDR_SIZE = 52;
const PHDR_SIZE = 32;
const SHDR_SIZE = 40;

export function parseElf32(bytes: Uint8Array): Elf32 {
  if (bytes.length === 0) throw new ElfError('empty file');
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file');
  }
  if (bytes.length < EHDR_SIZE) throw new ElfError('truncated ELF header');
  if (bytes[4] !== C.ELFCLASS32) throw new ElfError(bytes[4] === 2 ? 'a 64-bit ELF file: Trapgate runs 32-bit MIPS programs' : 'not a 32-bit ELF file');
  if (bytes[5] !== C.ELFDATA2LSB) throw new ElfError('big-endian ELF file: Trapgate runs little-endian MIPS (mipsel)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const elf = {
    bytes,
    type: u16(16),
    machine: u16(18),
    entry: u32(24),
    phoff: u32(28),
    flags: u32(36),
    phentsize: u16(42),
    programHeaders: [] as ProgramHeader[],
    sections: [] as SectionHeader[],
  };
  const phnum = u16(44);
  if (phnum > 0) {
    if (elf.phentsize !== PHDR_SIZE) throw new ElfError(`bad program header size ${elf.phentsize}`);
    if (elf.phoff + phnum * PHDR_SIZE > bytes.length) throw new ElfError('truncated program headers');
    for (let i = 0; i < phnum; i++) {
      const o = elf.phoff + i * PHDR_SIZE;
      elf.programHeaders.push({
        type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), filesz: u32(o + 16), memsz: u32(o + 20),
        flags: u32(o + 24), align: u32(o + 28),
      });
    }
  }
  elf.sections = readSections(bytes, view);
  return elf;
}

function readSections(bytes: Uint8Array, view: DataView): SectionHeader[] {
  const shoff = view.getUint32(32, true);
  const shentsize = view.getUint16(46, true);
  const shnum = view.getUint16(48, true);
  const shstrndx = view.getUint16(50, true);
  // Section headers are optional for execution: a stripped or damaged table only loses symbols.
  if (shoff === 0 || shnum === 0 || shentsize !== SHDR_SIZE || shoff + shnum * SHDR_SIZE > bytes.length) return [];
  const raw = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * SHDR_SIZE;
    raw.push({
      nameOff: view.getUint32(o, true), type: view.getUint32(o + 4, true), flags: view.getUint32(o + 8, true),
      addr: view.getUint32(o + 12, true), offset: view.getUint32(o + 16, true), size: view.getUint32(o + 20, true),
      link: view.getUint32(o + 24, true), entsize: view.getUint32(o + 36, true),
    });
  }
  const names = raw[shstrndx];
  return raw.map(({ nameOff, ...s }) => ({ ...s, name: names ? cString(bytes, names.offset + nameOff) : '' }));
}

export function cString(bytes: Uint8Array, offset: number): string {
  if (offset >= bytes.length) return '';
  let end = offset;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(offset, end));
}

/** Symbols of .symtab (or .dynsym when there is no .symtab). */
export function readSymbols(elf: Elf32): ElfSymbol[] {
  const table = elf.sections.find((s) => s.type === C.SHT_SYMTAB) ?? elf.sections.find((s) => s.type === C.SHT_DYNSYM);
  if (!table) return [];
  const strings = elf.sections[table.link];
  if (!strings || table.offset + table.size > elf.bytes.length) return [];
  const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset, elf.bytes.byteLength);
  const out: ElfSymbol[] = [];
  for (let o = table.offset; o + 16 <= table.offset + table.size; o += 16) {
    const info = view.getUint8(o + 12);
    out.push({
      name: cString(elf.bytes, strings.offset + view.getUint32(o, true)),
      value: view.getUint32(o + 4, true), size: view.getUint32(o + 8, true),
      type: info & 15, bind: info >> 4, shndx: view.getUint16(o + 14, true),
    });
  }
  return out;
}
