/**
 * Decoding, derived from the instruction table: the first entry whose mask and match fit the word.
 * Candidates are grouped by primary opcode so a lookup scans only the entries that can match.
 */
import { Op } from './ops.js';
import { INSTRUCTIONS, type InstrDef } from './table.js';

const byOpcode: InstrDef[][] = Array.from({ length: 64 }, () => []);
for (const def of INSTRUCTIONS) {
  // An entry constrains the opcode field entirely (every mask includes it), so it belongs to exactly one group.
  byOpcode[def.match >>> 26]!.push(def);
}

/** The table entry that spells `word` the way binutils does (aliases first), or undefined for a reserved encoding. */
export function decode(word: number): InstrDef | undefined {
  const w = word >>> 0;
  for (const def of byOpcode[w >>> 26]!) {
    if (((w & def.mask) >>> 0) === def.match) return def;
  }
  return undefined;
}

/**
 * Instructions whose only effect is to write GPR rd (or rt): with $zero as destination they do nothing,
 * so the interpreter may treat them as Nop and never has to re-zero $0 after them.
 */
const PURE_WRITES_RD = new Set<Op>([
  Op.Sll, Op.Srl, Op.Sra, Op.Rotr, Op.Sllv, Op.Srlv, Op.Srav, Op.Rotrv, Op.Movz, Op.Movn, Op.Mfhi, Op.Mflo,
  Op.Mul, Op.Addu, Op.Subu, Op.And, Op.Or, Op.Xor, Op.Nor, Op.Slt, Op.Sltu, Op.Clz, Op.Clo,
  Op.Wsbh, Op.Seb, Op.Seh,
]);
const PURE_WRITES_RT = new Set<Op>([
  Op.Addiu, Op.Slti, Op.Sltiu, Op.Andi, Op.Ori, Op.Xori, Op.Lui, Op.Ext, Op.Ins,
]);

/** The semantic operation the interpreter executes for `word`. */
export function decodeOp(word: number): Op {
  const def = decode(word);
  if (def === undefined) return Op.Invalid;
  if (PURE_WRITES_RD.has(def.op) && ((word >>> 11) & 31) === 0) return Op.Nop;
  if (PURE_WRITES_RT.has(def.op) && ((word >>> 16) & 31) === 0) return Op.Nop;
  return def.op;
}
