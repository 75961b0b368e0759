/**
 * .eh_frame and .eh_frame_hdr from the assembler's recorded `.cfi_*` directives, in the form GNU as and ld give
 * them for MIPS o32: one CIE ("zR", code alignment 1, data alignment -4, return address column 31, FDE addresses
 * pc-relative sdata4, initial rule CFA = $sp + 0), then one FDE per .cfi_startproc/.cfi_endproc region, and a
 * binary-search table sorted by start address (the LSB/gcc .eh_frame_hdr format, version 1).
 *
 * Only what a frameless leaf needs is supported: .cfi_register, .cfi_restore, .cfi_same_value, .cfi_undefined,
 * .cfi_offset, .cfi_def_cfa_offset. Anything else is an error rather than a silently wrong unwind table.
 */
import type { CfiDirective } from '../../isa/asm.js';
import { parseGpr } from '../../isa/asm-encode.js';

const DW_EH_PE_udata4 = 0x03;
const DW_EH_PE_sdata4 = 0x0b;
const DW_EH_PE_pcrel = 0x10;
const DW_EH_PE_datarel = 0x30;

const DW_CFA_advance_loc = 0x40;
const DW_CFA_offset = 0x80;
const DW_CFA_restore = 0xc0;
const DW_CFA_nop = 0x00;
const DW_CFA_advance_loc1 = 0x02;
const DW_CFA_advance_loc2 = 0x03;
const DW_CFA_advance_loc4 = 0x04;
const DW_CFA_undefined = 0x07;
const DW_CFA_same_value = 0x08;
const DW_CFA_register = 0x09;
const DW_CFA_def_cfa_register = 0x0d;
const DW_CFA_def_cfa_offset = 0x0e;

const CODE_ALIGN = 1;
const DATA_ALIGN = -4;
const RA_COLUMN = 31;
const SP = 29;

/** A function's address range and its unwind table entry. */
export interface Fde {
  readonly start: number;
  readonly end: number;
  /** Address of the FDE inside .eh_frame. */
  readonly address: number;
}

export class CfiError extends Error {}

interface Region {
  readonly start: number;
  readonly end: number;
  readonly rows: readonly { readonly offset: number; readonly ops: readonly number[] }[];
}

/** The .cfi_startproc/.cfi_endproc regions of `section`, with their instructions in DWARF form. */
function regions(cfi: readonly CfiDirective[], section: string, sectionAddress: number): Region[] {
  const out: Region[] = [];
  let open: { start: number; rows: { offset: number; ops: number[] }[] } | undefined;
  for (const d of cfi) {
    if (d.section !== section) continue;
    const at = `line ${d.line}: ${d.directive}`;
    if (d.directive === '.cfi_sections') continue;
    if (d.directive === '.cfi_startproc') {
      if (open) throw new CfiError(`${at} inside another .cfi_startproc`);
      open = { start: d.offset, rows: [] };
      continue;
    }
    if (!open) throw new CfiError(`${at} outside .cfi_startproc/.cfi_endproc`);
    if (d.directive === '.cfi_endproc') {
      out.push({ start: sectionAddress + open.start, end: sectionAddress + d.offset, rows: open.rows.map((r) => ({ offset: sectionAddress + r.offset, ops: r.ops })) });
      open = undefined;
      continue;
    }
    open.rows.push({ offset: d.offset, ops: instruction(d, at) });
  }
  if (open) throw new CfiError('.cfi_startproc without .cfi_endproc');
  return out;
}

function register(text: string | undefined, at: string): number {
  if (text === undefined) throw new CfiError(`${at}: missing register`);
  const t = text.trim();
  if (/^[0-9]+$/.test(t)) return Number(t);
  const n = parseGpr(t);
  if (n === undefined) throw new CfiError(`${at}: bad register '${t}'`);
  return n;
}

function integer(text: string | undefined, at: string): number {
  const n = Number(text?.trim());
  if (text === undefined || !Number.isInteger(n)) throw new CfiError(`${at}: expected an integer, got '${text ?? ''}'`);
  return n;
}

function instruction(d: CfiDirective, at: string): number[] {
  const [a, b] = d.args;
  switch (d.directive) {
    case '.cfi_register': return [DW_CFA_register, ...uleb(register(a, at)), ...uleb(register(b, at))];
    case '.cfi_restore': {
      const r = register(a, at);
      return r < 64 ? [DW_CFA_restore | r] : [0x06, ...uleb(r)];
    }
    case '.cfi_same_value': return [DW_CFA_same_value, ...uleb(register(a, at))];
    case '.cfi_undefined': return [DW_CFA_undefined, ...uleb(register(a, at))];
    case '.cfi_def_cfa_offset': return [DW_CFA_def_cfa_offset, ...uleb(integer(a, at))];
    case '.cfi_offset': {
      const r = register(a, at);
      const offset = integer(b, at);
      if (offset % DATA_ALIGN !== 0 || offset / DATA_ALIGN < 0 || r >= 64) throw new CfiError(`${at}: offset ${offset} is not a multiple of ${DATA_ALIGN}`);
      return [DW_CFA_offset | r, ...uleb(offset / DATA_ALIGN)];
    }
    default:
      throw new CfiError(`${at} is not supported in the vDSO`);
  }
}

function advance(delta: number): number[] {
  const d = delta / CODE_ALIGN;
  if (d === 0) return [];
  if (d < 0x40) return [DW_CFA_advance_loc | d];
  if (d < 0x100) return [DW_CFA_advance_loc1, d];
  if (d < 0x10000) return [DW_CFA_advance_loc2, d & 0xff, d >>> 8];
  return [DW_CFA_advance_loc4, d & 0xff, (d >>> 8) & 0xff, (d >>> 16) & 0xff, d >>> 24];
}

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A CIE or FDE record: length word, then `body`, padded with DW_CFA_nop to a multiple of 4. */
function record(body: number[]): number[] {
  const padded = [...body];
  while ((padded.length + 4) % 4 !== 0) padded.push(DW_CFA_nop);
  return [...u32(padded.length), ...padded];
}

function u32(n: number): number[] {
  const v = n >>> 0;
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
}

export interface EhFrame {
  readonly bytes: Uint8Array;
  readonly fdes: readonly Fde[];
}

/** Number of FDEs the directives describe (to size .eh_frame_hdr before the addresses are known). */
export function countFdes(cfi: readonly CfiDirective[], section: string): number {
  return regions(cfi, section, 0).length;
}

/** .eh_frame at `address` for the code of `section` placed at `sectionAddress`. */
export function buildEhFrame(cfi: readonly CfiDirective[], section: string, sectionAddress: number, address: number): EhFrame {
  const bytes: number[] = [];
  const cie = record([
    ...u32(0), // CIE id
    1, // version
    ...new TextEncoder().encode('zR\0'),
    ...uleb(CODE_ALIGN),
    ...sleb(DATA_ALIGN),
    RA_COLUMN,
    ...uleb(1), // augmentation data length
    DW_EH_PE_pcrel | DW_EH_PE_sdata4, // FDE address encoding
    DW_CFA_def_cfa_register, SP, // CFA = $sp (+ 0)
  ]);
  bytes.push(...cie);
  const fdes: Fde[] = [];
  for (const r of regions(cfi, section, sectionAddress)) {
    const at = address + bytes.length;
    const ops: number[] = [];
    let loc = r.start;
    for (const row of r.rows) {
      ops.push(...advance(row.offset - loc), ...row.ops);
      loc = row.offset;
    }
    bytes.push(...record([
      ...u32(at + 4 - address), // CIE pointer: back from this field to the CIE
      ...u32(r.start - (at + 8)), // pc_begin, pc-relative to this field
      ...u32(r.end - r.start), // pc_range
      ...uleb(0), // no augmentation data
      ...ops,
    ]));
    fdes.push({ start: r.start, end: r.end, address: at });
  }
  return { bytes: Uint8Array.from(bytes), fdes };
}

export function ehFrameHdrSize(fdeCount: number): number {
  return 12 + 8 * fdeCount;
}

/** .eh_frame_hdr at `address`: version 1, eh_frame_ptr (pcrel sdata4), fde_count (udata4), table (datarel sdata4). */
export function buildEhFrameHdr(address: number, ehFrameAddress: number, fdes: readonly Fde[]): Uint8Array {
  const sorted = [...fdes].sort((a, b) => a.start - b.start);
  const bytes = [
    1,
    DW_EH_PE_pcrel | DW_EH_PE_sdata4,
    DW_EH_PE_udata4,
    DW_EH_PE_datarel | DW_EH_PE_sdata4,
    ...u32(ehFrameAddress - (address + 4)),
    ...u32(sorted.length),
  ];
  for (const f of sorted) bytes.push(...u32(f.start - address), ...u32(f.address - address));
  return Uint8Array.from(bytes);
}
