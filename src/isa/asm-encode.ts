/**
 * Encoding one instruction from its written operands, derived from the instruction table: the candidates are the
 * table entries spelled like the mnemonic (aliases first, as listed), and the first whose operand template accepts
 * the operands gives the word. Bit positions come from operands.ts, the same place the disassembler reads them.
 */
import { evaluate, ExprError, type Expr, type Resolver } from './asm-expr.js';
import {
  BREAK_FIELDS, FPU_CONTROL_NAMES, HWR_NAMES, fieldBits, parseTemplate, type OperandSpec,
} from './operands.js';
import { Op } from './ops.js';
import { GPR_NAMES, INSTRUCTIONS, type InstrDef } from './table.js';

/** An operand as written, pre-parsed once (expressions must be parsed where `1b`/`1f` are resolved). */
export interface Operand {
  readonly text: string;
  /** The operand read as an expression, or why it is not one (e.g. `$f2`). */
  readonly expr: Expr | ExprError;
  /** `offset(base)` syntax: the text before the final parenthesis, parsed like an operand, and the base text. */
  readonly memory?: { readonly offset: Operand | undefined; readonly base: string };
}

/** Thrown when one candidate entry does not accept the operands; the message explains why. */
export class OperandError extends Error {}

const byName = new Map<string, InstrDef[]>();
for (const def of INSTRUCTIONS) {
  const list = byName.get(def.name);
  if (list === undefined) byName.set(def.name, [def]);
  else list.push(def);
}

/** Table entries spelled `mnemonic`, in table order. */
export function candidates(mnemonic: string): readonly InstrDef[] {
  return byName.get(mnemonic) ?? [];
}

const GPR_BY_NAME = new Map<string, number>(GPR_NAMES.map((n, i) => [n, i]));
GPR_BY_NAME.set('fp', 30);

/** `$4`, `$a0`, `a0`, `$sp`, `fp` ... → register number. */
export function parseGpr(text: string): number | undefined {
  const t = text.trim();
  const numeric = /^\$([0-9]+)$/.exec(t);
  if (numeric !== null) {
    const n = Number(numeric[1]);
    return n < 32 ? n : undefined;
  }
  return GPR_BY_NAME.get(t.startsWith('$') ? t.slice(1) : t);
}

function parseFpr(text: string): number | undefined {
  const m = /^\$f([0-9]+)$/.exec(text.trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n < 32 ? n : undefined;
}

/** A register written `$n` or by one of `names` (cfc1/ctc1 control registers, rdhwr hardware registers). */
function parseNamedRegister(text: string, names: Readonly<Record<number, string>>): number | undefined {
  const t = text.trim();
  const m = /^\$([0-9]+)$/.exec(t);
  if (m !== null) return Number(m[1]) < 32 ? Number(m[1]) : undefined;
  for (const [n, name] of Object.entries(names)) if (name === t) return Number(n);
  return undefined;
}

export interface EncodeEnv {
  /** Address of the instruction (branch offsets and jump regions are relative to pc + 4). */
  readonly pc: number;
  readonly resolver: Resolver;
}

/** The first candidate that accepts the operands, encoded; throws OperandError with the most useful reason. */
export function encodeInstruction(mnemonic: string, operands: readonly Operand[], env: EncodeEnv): number {
  const defs = candidates(mnemonic);
  if (defs.length === 0) throw new OperandError(`unknown instruction '${mnemonic}'`);
  let countMatched: OperandError | undefined;
  for (const def of defs) {
    const specs = parseTemplate(def.args);
    if (!operandCountFits(specs, operands.length)) continue;
    try {
      return encodeWith(def, specs, operands, env);
    } catch (e) {
      if (!(e instanceof OperandError) && !(e instanceof ExprError)) throw e;
      countMatched ??= e instanceof OperandError ? e : new OperandError(e.message);
    }
  }
  if (countMatched !== undefined) throw countMatched;
  const shapes = defs.map((d) => `${mnemonic} ${d.args}`.trim()).join("' or '");
  throw new OperandError(`wrong number of operands for '${mnemonic}' (expected '${shapes}')`);
}

/** `break` takes one or two codes behind its single `B` letter; every other letter takes one operand. */
function operandCountFits(specs: readonly OperandSpec[], count: number): boolean {
  const hasBreak = specs.some((s) => s.kind === 'plain' && s.letter === 'B');
  return count === specs.length || (hasBreak && count === specs.length + 1);
}

function encodeWith(def: InstrDef, specs: readonly OperandSpec[], operands: readonly Operand[], env: EncodeEnv): number {
  let word = def.match;
  const values = new Map<string, number>();
  let next = 0;
  for (const spec of specs) {
    const operand = operands[next++]!;
    if (spec.kind === 'memory') {
      const memory = operand.memory;
      if (memory === undefined) throw new OperandError(`expected '${spec.offset}(${spec.base})' memory operand, got '${operand.text}'`);
      word |= letterBits(spec.base, memory.base, undefined, env, values);
      if (memory.offset === undefined) {
        if (spec.offset !== 'o') throw new OperandError(`missing index register in '${operand.text}'`);
      } else {
        word |= letterBits(spec.offset, memory.offset.text, memory.offset, env, values);
      }
      continue;
    }
    if (spec.letter === 'B') {
      const code1 = immediate(operand, env, 0, 0x3ff, 'break code');
      let code2 = 0;
      if (operands.length > specs.length) code2 = immediate(operands[next++]!, env, 0, 0x3ff, 'break code');
      word |= (code1 << BREAK_FIELDS[0].shift) | (code2 << BREAK_FIELDS[1].shift);
      continue;
    }
    word |= letterBits(spec.letter, operand.text, operand, env, values);
  }
  refuseUnpredictable(def, word >>> 0);
  return word >>> 0;
}

const LINKING_BRANCHES = new Set<Op>([Op.Bltzal, Op.Bgezal, Op.Bltzall, Op.Bgezall]);

/** Encodings the architecture leaves UNPREDICTABLE and gas refuses to produce. */
function refuseUnpredictable(def: InstrDef, word: number): void {
  const rs = (word >>> 21) & 31;
  if (LINKING_BRANCHES.has(def.op) && rs === 31) {
    throw new OperandError(`the source register of '${def.name}' must not be $31 (the link overwrites it)`);
  }
  if (def.op === Op.Jalr && ((word >>> 11) & 31) === rs) {
    throw new OperandError(`'${def.name}' source and destination must be different`);
  }
}

function gpr(text: string): number {
  const n = parseGpr(text);
  if (n === undefined) throw new OperandError(`expected a general register, got '${text.trim()}'`);
  return n;
}

function letterBits(letter: string, text: string, operand: Operand | undefined, env: EncodeEnv, values: Map<string, number>): number {
  const imm = (lo: number, hi: number, what: string): number => {
    if (operand === undefined) throw new OperandError(`expected ${what}, got '${text}'`);
    return immediate(operand, env, lo, hi, what);
  };
  switch (letter) {
    case 'd': case 's': case 't':
      return fieldBits(letter, gpr(text));
    case 'W': {
      const r = gpr(text);
      return fieldBits('d', r) | fieldBits('t', r);
    }
    case 'z':
      if (gpr(text) !== 0) throw new OperandError(`operand must be $zero, got '${text.trim()}'`);
      return 0;
    case 'j': case 'o':
      return fieldBits(letter, sixteen(operand, env, text, true));
    case 'u':
      return fieldBits(letter, sixteen(operand, env, text, false));
    case 'U':
      return fieldBits(letter, imm(0, 0xffff, 'a 16-bit immediate'));
    case '<':
      return fieldBits(letter, imm(0, 31, 'a shift amount'));
    case 'P': {
      const pos = imm(0, 31, 'a bit position');
      values.set('P', pos);
      return fieldBits('P', pos);
    }
    case 'Z': case 'I': {
      const pos = values.get('P') ?? 0;
      const size = imm(1, 32 - pos, `a field size (1..${32 - pos} at position ${pos})`);
      return fieldBits(letter, letter === 'Z' ? size - 1 : pos + size - 1);
    }
    case 'C':
      return fieldBits(letter, imm(0, 0xfffff, 'a syscall code'));
    case 'q':
      return fieldBits(letter, imm(0, 0x3ff, 'a trap code'));
    case 'y':
      return fieldBits(letter, imm(0, 31, 'a sync type'));
    case 'h': case 'H':
      return fieldBits(letter, imm(0, 31, 'a 5-bit hint'));
    case 'K': case 'G': {
      const names = letter === 'K' ? HWR_NAMES : FPU_CONTROL_NAMES;
      const n = parseNamedRegister(text, names);
      if (n !== undefined) return fieldBits(letter, n);
      return fieldBits(letter, imm(0, 31, letter === 'K' ? 'a hardware register' : 'an FPU control register'));
    }
    case 'S': case 'T': case 'D': case 'R': {
      const n = parseFpr(text);
      if (n === undefined) throw new OperandError(`expected a floating-point register, got '${text.trim()}'`);
      return fieldBits(letter, n);
    }
    case 'N': case 'M': {
      const m = /^\$fcc([0-9]+)$/.exec(text.trim());
      const cc = m !== null ? Number(m[1]) : imm(0, 7, 'a condition code');
      if (cc > 7) throw new OperandError(`condition code out of range: '${text.trim()}'`);
      return fieldBits(letter, cc);
    }
    case 'p':
      return fieldBits(letter, branchOffset(operand, env, text));
    case 'a':
      return fieldBits(letter, jumpField(operand, env, text));
    default:
      throw new OperandError(`unsupported operand template letter '${letter}'`);
  }
}

/** The operand's absolute value (an address is already placed by the time instructions are encoded). */
export function absoluteValue(operand: Operand, env: EncodeEnv, what: string): number {
  if (operand.expr instanceof ExprError) {
    if (parseGpr(operand.text) !== undefined || /^\$/.test(operand.text.trim())) {
      throw new OperandError(`expected ${what}, got register '${operand.text.trim()}'`);
    }
    throw new OperandError(`bad expression '${operand.text.trim()}': ${operand.expr.message}`);
  }
  const v = evaluate(operand.expr, env.resolver);
  if (v.section !== null) throw new OperandError(`'${operand.text.trim()}' is not a constant`);
  return v.value;
}

function immediate(operand: Operand, env: EncodeEnv, lo: number, hi: number, what: string): number {
  const v = absoluteValue(operand, env, what);
  if (v < lo || v > hi) throw new OperandError(`${what} out of range (${lo}..${hi}): ${v}`);
  return v;
}

/** A 16-bit immediate or offset; `%hi(x)`/`%lo(x)` fill the field as they are, without a range check. */
function sixteen(operand: Operand | undefined, env: EncodeEnv, text: string, signed: boolean): number {
  if (operand === undefined) return 0; // `(base)` with no offset
  const v = absoluteValue(operand, env, 'an immediate');
  if (!(operand.expr instanceof ExprError) && operand.expr.k === 'reloc') return v & 0xffff;
  const [lo, hi] = signed ? [-0x8000, 0x7fff] : [0, 0xffff];
  if (v < lo || v > hi) throw new OperandError(`immediate out of range (${lo}..${hi}): '${text.trim()}' = ${v}`);
  return v & 0xffff;
}

function branchOffset(operand: Operand | undefined, env: EncodeEnv, text: string): number {
  if (operand === undefined) throw new OperandError(`expected a branch target, got '${text}'`);
  const target = absoluteValue(operand, env, 'a branch target');
  const delta = target - (env.pc + 4);
  if (delta % 4 !== 0) throw new OperandError(`branch target ${hex(target)} is not word aligned`);
  if (delta < -0x20000 || delta > 0x1fffc) throw new OperandError(`branch out of range: ${hex(target)} from ${hex(env.pc)}`);
  return (delta >> 2) & 0xffff;
}

function jumpField(operand: Operand | undefined, env: EncodeEnv, text: string): number {
  if (operand === undefined) throw new OperandError(`expected a jump target, got '${text}'`);
  const target = absoluteValue(operand, env, 'a jump target') >>> 0;
  if (target % 4 !== 0) throw new OperandError(`jump target ${hex(target)} is not word aligned`);
  if (((target ^ (env.pc + 4)) & 0xf0000000) !== 0) {
    throw new OperandError(`jump out of range: ${hex(target)} is outside the 256 MiB region of ${hex(env.pc)}`);
  }
  return (target >>> 2) & 0x3ffffff;
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
