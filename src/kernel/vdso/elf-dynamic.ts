/**
 * The tables of an ELF32 little-endian shared object's dynamic view, as the System V gABI, the GNU symbol
 * versioning extension and the MIPS psABI define them: .hash, .dynsym/.symtab entries, .gnu.version,
 * .gnu.version_d, .dynamic, notes and .MIPS.abiflags. Each function returns the section's bytes; the caller
 * places them (the vDSO links at 0, so addresses are file offsets).
 */

export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_DYNSYM = 11;
export const SHT_GNU_VERDEF = 0x6ffffffd;
export const SHT_GNU_VERSYM = 0x6fffffff;
export const SHT_MIPS_ABIFLAGS = 0x7000002a;

export const DT_NULL = 0;
export const DT_HASH = 4;
export const DT_STRTAB = 5;
export const DT_SYMTAB = 6;
export const DT_STRSZ = 10;
export const DT_SYMENT = 11;
export const DT_SONAME = 14;
export const DT_VERSYM = 0x6ffffff0;
export const DT_VERDEF = 0x6ffffffc;
export const DT_VERDEFNUM = 0x6ffffffd;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STT_NOTYPE = 0;
export const STT_FUNC = 2;
export const SHN_ABS = 0xfff1;
export const VER_FLG_BASE = 1;
/** .gnu.version index of a local symbol (the null entry). */
export const VER_NDX_LOCAL = 0;

export const SYM_SIZE = 16;
export const DYN_SIZE = 8;
export const ABIFLAGS_SIZE = 24;
const VERDEF_SIZE = 20;
const VERDAUX_SIZE = 8;

/** One Elf32_Sym; `name` is the offset of its name in the linked string table. */
export interface ElfSymbol {
  name: number;
  value: number;
  size: number;
  info: number;
  other: number;
  shndx: number;
}

export const symbolInfo = (binding: number, type: number): number => (binding << 4) | type;

/** The SysV ELF hash of a name (gABI), as .hash buckets and Verdef vd_hash use it. */
export function elfHash(name: string): number {
  let h = 0;
  for (const c of new TextEncoder().encode(name)) {
    h = ((h << 4) + c) >>> 0;
    const g = h & 0xf0000000;
    if (g !== 0) h ^= g >>> 24;
    h = (h & ~g) >>> 0;
  }
  return h;
}

/**
 * GNU ld's bucket count for a SysV .hash of `hashed` global symbols: the largest of its prime sizes not above
 * the count (1, 3, 17, 37 ...), so that chains stay about one symbol long.
 */
export function hashBucketCount(hashed: number): number {
  const sizes = [1, 3, 17, 37, 67, 97, 131, 197, 263, 521, 1031, 2053, 4099, 8209, 16411, 32771];
  let best = sizes[0]!;
  for (let i = 0; i < sizes.length; i++) {
    best = sizes[i]!;
    if (i + 1 === sizes.length || hashed < sizes[i + 1]!) break;
  }
  return best;
}

/**
 * .hash for a symbol table whose names are `names` (index 0, the null symbol, has none): nbucket, nchain, the
 * buckets, then one chain slot per symbol. A lookup starts at bucket[hash % nbucket] and follows chain[] to 0.
 */
export function hashSection(names: readonly (string | null)[], nbucket: number): Uint8Array {
  const nchain = names.length;
  const out = new Uint8Array((2 + nbucket + nchain) * 4);
  const v = new DataView(out.buffer);
  v.setUint32(0, nbucket, true);
  v.setUint32(4, nchain, true);
  const bucket = (b: number): number => 8 + b * 4;
  const chain = (i: number): number => 8 + nbucket * 4 + i * 4;
  // Inserting from the last symbol keeps each chain in symbol-table order.
  for (let i = names.length - 1; i >= 1; i--) {
    const name = names[i];
    if (name === null || name === undefined) continue;
    const b = elfHash(name) % nbucket;
    v.setUint32(chain(i), v.getUint32(bucket(b), true), true);
    v.setUint32(bucket(b), i, true);
  }
  return out;
}

export function symbolTable(symbols: readonly ElfSymbol[]): Uint8Array {
  const out = new Uint8Array(symbols.length * SYM_SIZE);
  const v = new DataView(out.buffer);
  symbols.forEach((s, i) => writeSymbol(v, i * SYM_SIZE, s));
  return out;
}

export function writeSymbol(v: DataView, at: number, s: ElfSymbol): void {
  v.setUint32(at, s.name, true);
  v.setUint32(at + 4, s.value >>> 0, true);
  v.setUint32(at + 8, s.size >>> 0, true);
  v.setUint8(at + 12, s.info);
  v.setUint8(at + 13, s.other);
  v.setUint16(at + 14, s.shndx, true);
}

/** .gnu.version: one half-word version index per dynamic symbol. */
export function versymTable(indices: readonly number[]): Uint8Array {
  const out = new Uint8Array(indices.length * 2);
  const v = new DataView(out.buffer);
  indices.forEach((ndx, i) => v.setUint16(i * 2, ndx, true));
  return out;
}

export interface VersionDefinition {
  flags: number;
  /** The index that .gnu.version entries use for it. */
  index: number;
  name: string;
  /** Offset of `name` in .dynstr. */
  nameOffset: number;
}

/** .gnu.version_d: one Elf32_Verdef with a single Elf32_Verdaux (its name) per version. */
export function versionDefinitions(defs: readonly VersionDefinition[]): Uint8Array {
  const step = VERDEF_SIZE + VERDAUX_SIZE;
  const out = new Uint8Array(defs.length * step);
  const v = new DataView(out.buffer);
  defs.forEach((d, i) => {
    const at = i * step;
    v.setUint16(at, 1, true); // vd_version
    v.setUint16(at + 2, d.flags, true);
    v.setUint16(at + 4, d.index, true);
    v.setUint16(at + 6, 1, true); // vd_cnt: one Verdaux
    v.setUint32(at + 8, elfHash(d.name), true);
    v.setUint32(at + 12, VERDEF_SIZE, true); // vd_aux
    v.setUint32(at + 16, i + 1 < defs.length ? step : 0, true); // vd_next
    v.setUint32(at + 20, d.nameOffset, true); // vda_name
    v.setUint32(at + 24, 0, true); // vda_next
  });
  return out;
}

/** .dynamic from [tag, value] pairs; a DT_NULL entry ends it. */
export function dynamicSection(entries: readonly (readonly [number, number])[]): Uint8Array {
  const all = [...entries, [DT_NULL, 0] as const];
  const out = new Uint8Array(all.length * DYN_SIZE);
  const v = new DataView(out.buffer);
  all.forEach(([tag, value], i) => {
    v.setUint32(i * DYN_SIZE, tag >>> 0, true);
    v.setUint32(i * DYN_SIZE + 4, value >>> 0, true);
  });
  return out;
}

/** One ELF note: namesz, descsz, type, then name and descriptor each padded to 4 bytes. */
export function note(name: string, type: number, desc: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(`${name}\0`);
  const pad = (n: number): number => (n + 3) & ~3;
  const out = new Uint8Array(12 + pad(nameBytes.length) + pad(desc.length));
  const v = new DataView(out.buffer);
  v.setUint32(0, nameBytes.length, true);
  v.setUint32(4, desc.length, true);
  v.setUint32(8, type, true);
  out.set(nameBytes, 12);
  out.set(desc, 12 + pad(nameBytes.length));
  return out;
}

/** Elf_MIPS_ABIFlags_v0 (MIPS psABI): what ISA, register sizes and FP ABI the object needs. */
export interface MipsAbiFlags {
  isaLevel: number;
  isaRev: number;
  gprSize: number;
  cpr1Size: number;
  cpr2Size: number;
  fpAbi: number;
  isaExt: number;
  ases: number;
  flags1: number;
  flags2: number;
}

export function mipsAbiFlags(f: MipsAbiFlags): Uint8Array {
  const out = new Uint8Array(ABIFLAGS_SIZE);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0, true); // version 0
  [f.isaLevel, f.isaRev, f.gprSize, f.cpr1Size, f.cpr2Size, f.fpAbi].forEach((b, i) => v.setUint8(2 + i, b));
  [f.isaExt, f.ases, f.flags1, f.flags2].forEach((w, i) => v.setUint32(8 + i * 4, w, true));
  return out;
}
