/**
 * What an instruction of the table writes that a later instruction can read as an integer: a GPR, HI/LO, or
 * nothing a register local holds (stores, traps, hints, FPU arithmetic and compares). Derived from the operand
 * templates of src/isa/table.ts (the first operand is the destination when it is rd, rt or the clz/clo pair),
 * with the few entries whose first operand is a source named here. Shared by the fuzz generator's uses of results
 * (fuzz-gen-use.ts) and the audit of the block compiler's locals (test/cpu/locals.test.ts).
 */
import { INSTRUCTIONS, type InstrDef } from '../../src/isa/table.js';

/** HI/LO writers (their operands are all sources). */
const WRITES_HILO = new Set(['mult', 'multu', 'madd', 'maddu', 'msub', 'msubu', 'mthi', 'mtlo', 'div', 'divu']);
/** Entries whose first operand `t` is read, not written. */
const FIRST_IS_SOURCE = new Set(['sb', 'sh', 'sw', 'swl', 'swr', 'mtc1', 'mthc1', 'ctc1']);

export function resultOfInstruction(def: InstrDef): 'gpr' | 'hilo' | undefined {
  if (WRITES_HILO.has(def.name)) return 'hilo';
  if (FIRST_IS_SOURCE.has(def.name)) return undefined;
  return /^[dtW](,|$)/.test(def.args) ? 'gpr' : undefined;
}

const BY_NAME = new Map<string, InstrDef>();
for (const d of INSTRUCTIONS) if (!BY_NAME.has(d.name)) BY_NAME.set(d.name, d);

/** The table entry spelled `name` (the first, as the disassembler would pick it). */
export function instructionNamed(name: string): InstrDef | undefined {
  return BY_NAME.get(name);
}
