/**
 * The operand templates of the instruction table (see the header of table.ts), parsed once into a form the
 * disassembler and the assembler share: which bits each template letter occupies and how its operand is shaped.
 * Keeping the bit positions here, next to nothing else, means the two directions cannot disagree.
 */

/** One template letter's bit field inside the instruction word. */
export interface BitField {
  readonly shift: number;
  readonly width: number;
}

/**
 * Where each template letter lives. `z` is printed but not encoded; `B` has two fields (see BREAK_FIELDS);
 * `W` is rd, and the assembler copies it into rt as well.
 */
export const FIELDS: Readonly<Record<string, BitField>> = {
  d: { shift: 11, width: 5 },
  W: { shift: 11, width: 5 },
  s: { shift: 21, width: 5 },
  t: { shift: 16, width: 5 },
  j: { shift: 0, width: 16 },
  u: { shift: 0, width: 16 },
  U: { shift: 0, width: 16 },
  o: { shift: 0, width: 16 },
  p: { shift: 0, width: 16 },
  a: { shift: 0, width: 26 },
  '<': { shift: 6, width: 5 },
  P: { shift: 6, width: 5 },
  Z: { shift: 11, width: 5 },
  I: { shift: 11, width: 5 },
  C: { shift: 6, width: 20 },
  q: { shift: 6, width: 10 },
  y: { shift: 6, width: 5 },
  h: { shift: 16, width: 5 },
  H: { shift: 11, width: 5 },
  K: { shift: 11, width: 5 },
  S: { shift: 11, width: 5 },
  T: { shift: 16, width: 5 },
  D: { shift: 6, width: 5 },
  R: { shift: 21, width: 5 },
  G: { shift: 11, width: 5 },
  N: { shift: 18, width: 3 },
  M: { shift: 8, width: 3 },
};

/** `break` carries a 10-bit code in bits 25..16 and an optional second 10-bit code in bits 15..6. */
export const BREAK_FIELDS: readonly [BitField, BitField] = [{ shift: 16, width: 10 }, { shift: 6, width: 10 }];

/** A single operand position of a template: a plain letter, or `offset(base)` memory syntax. */
export type OperandSpec =
  | { readonly kind: 'plain'; readonly letter: string }
  | { readonly kind: 'memory'; readonly offset: string; readonly base: string };

const parsedTemplates = new Map<string, readonly OperandSpec[]>();

/** Splits a template such as `t,o(s)` into operand specs; cached because every decode/encode asks. */
export function parseTemplate(args: string): readonly OperandSpec[] {
  let specs = parsedTemplates.get(args);
  if (specs === undefined) {
    specs = args === '' ? [] : args.split(',').map(parseOne);
    parsedTemplates.set(args, specs);
  }
  return specs;
}

function parseOne(part: string): OperandSpec {
  const memory = /^(.)\((.)\)$/.exec(part);
  if (memory !== null) return { kind: 'memory', offset: memory[1]!, base: memory[2]! };
  if (part.length !== 1) throw new Error(`malformed operand template '${part}'`);
  return { kind: 'plain', letter: part };
}

/** The raw (unsigned) content of a letter's field in `word`. */
export function fieldValue(word: number, letter: string): number {
  const f = FIELDS[letter];
  if (f === undefined) throw new Error(`template letter '${letter}' has no field`);
  return (word >>> f.shift) & (2 ** f.width - 1);
}

/** `value` placed in a letter's field (the caller has range-checked it). */
export function fieldBits(letter: string, value: number): number {
  const f = FIELDS[letter];
  if (f === undefined) throw new Error(`template letter '${letter}' has no field`);
  return ((value & (2 ** f.width - 1)) << f.shift) >>> 0;
}

/** Sign-extends the low 16 bits. */
export function signed16(v: number): number {
  return (v << 16) >> 16;
}

/** FPU control registers (cfc1/ctc1) that binutils prints by name; the others print as `$n`. */
export const FPU_CONTROL_NAMES: Readonly<Record<number, string>> = {
  0: 'c1_fir', 1: 'c1_ufr', 4: 'c1_unfr', 25: 'c1_fccr', 26: 'c1_fexr', 28: 'c1_fenr', 31: 'c1_fcsr',
};

/** Hardware registers (rdhwr) that binutils prints by name; the others print as `$n`. */
export const HWR_NAMES: Readonly<Record<number, string>> = {
  0: 'hwr_cpunum', 1: 'hwr_synci_step', 2: 'hwr_cc', 3: 'hwr_ccres',
};
