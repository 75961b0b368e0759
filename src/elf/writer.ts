/**
 * Writing ELF32 little-endian MIPS files from a description of their segments and sections. The caller places
 * the contents (file offsets and addresses); this module only lays out the headers and the tables.
 */
import * as C from './constants.js';

export interface SegmentSpec {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface SectionSpec {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  /** Index of a linked section (string table of a symbol table, ...). */
  link?: number;
  info?: number;
  align?: number;
  entsize?: number;
}

export interface ElfImage {
  type: number;
  entry: number;
  flags: number;
  /** The whole file except the section header table, which is appended. */
  contents: Uint8Array;
  /** Program headers are written at this offset (inside `contents`, reserved by the caller). */
  phoff: number;
  segments: SegmentSpec[];
  /** Section 0 (SHT_NULL) is added automatically; `.shstrtab` too. */
  sections: SectionSpec[];
}

export const EHDR_SIZE = 52;
export const PHDR_SIZE = 32;
const SHDR_SIZE = 40;

export const SHF_WRITE = 1;
export const SHF_ALLOC = 2;
export const SHF_EXECINSTR = 4;
export const SHT_PROGBITS = 1;

export function writeElf(image: ElfImage): Uint8Array {
  const names = new StringTable();
  const shstrtabName = names.add('.shstrtab');
  const nameOffsets = image.sections.map((s) => names.add(s.name));
  const shstrtab = names.bytes();
  const shstrtabOffset = image.contents.length;
  const shoff = align(shstrtabOffset + shstrtab.length, 4);
  const sectionCount = image.sections.length + 2;
  const out = new Uint8Array(shoff + sectionCount * SHDR_SIZE);
  out.set(image.contents);
  out.set(shstrtab, shstrtabOffset);
  const v = new DataView(out.buffer);

  out.set([0x7f, 0x45, 0x4c, 0x46, C.ELFCLASS32, C.ELFDATA2LSB, C.EV_CURRENT]);
  v.setUint16(16, image.type, true);
  v.setUint16(18, C.EM_MIPS, true);
  v.setUint32(20, C.EV_CURRENT, true);
  v.setUint32(24, image.entry, true);
  v.setUint32(28, image.segments.length ? image.phoff : 0, true);
  v.setUint32(32, shoff, true);
  v.setUint32(36, image.flags, true);
  v.setUint16(40, EHDR_SIZE, true);
  v.setUint16(42, PHDR_SIZE, true);
  v.setUint16(44, image.segments.length, true);
  v.setUint16(46, SHDR_SIZE, true);
  v.setUint16(48, sectionCount, true);
  v.setUint16(50, sectionCount - 1, true);

  image.segments.forEach((p, i) => {
    const o = image.phoff + i * PHDR_SIZE;
    [p.type, p.offset, p.vaddr, p.vaddr, p.filesz, p.memsz, p.flags, p.align]
      .forEach((value, j) => v.setUint32(o + j * 4, value >>> 0, true));
  });

  const all: Array<SectionSpec & { nameOffset: number }> = [
    ...image.sections.map((s, i) => ({ ...s, nameOffset: nameOffsets[i]! })),
    { name: '.shstrtab', type: C.SHT_STRTAB, flags: 0, addr: 0, offset: shstrtabOffset, size: shstrtab.length, align: 1, nameOffset: shstrtabName },
  ];
  all.forEach((s, i) => {
    const o = shoff + (i + 1) * SHDR_SIZE;
    [s.nameOffset, s.type, s.flags, s.addr, s.offset, s.size, s.link ?? 0, s.info ?? 0, s.align ?? 1, s.entsize ?? 0]
      .forEach((value, j) => v.setUint32(o + j * 4, value >>> 0, true));
  });
  return out;
}

/** A string table under construction (offset 0 is the empty string). */
export class StringTable {
  private parts: Uint8Array[] = [new Uint8Array(1)];
  private size = 1;
  private seen = new Map<string, number>();

  add(s: string): number {
    const known = this.seen.get(s);
    if (known !== undefined) return known;
    const bytes = new TextEncoder().encode(`${s}\0`);
    const offset = this.size;
    this.parts.push(bytes);
    this.size += bytes.length;
    this.seen.set(s, offset);
    return offset;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) { out.set(p, o); o += p.length; }
    return out;
  }
}

export function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}
