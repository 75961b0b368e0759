/**
 * Audit of the block compiler's register locals (issue 8): every instruction the compiler compiles inline that
 * writes a GPR or HI/LO runs in a loop that the compiler turns into one self-looping block, so registers live in
 * JavaScript locals, over all pairs of edge values (signs, 2^31, 2^32 - 1, 16-bit boundaries, shift amounts). In the
 * same block, every result is used the ways that tell a true int32 from a number that is only right modulo 2^32:
 * signed and unsigned compares, an equality test (movz), an arithmetic shift, a division. It runs in lock step with
 * the interpreter (test/cpu/lockstep.ts: registers after every run, memory at the end) with the compiler's assertion
 * mode on (a local that is not an int32 throws), at several budgets.
 *
 * The instruction list is derived from the instruction table, and a coverage test fails when an instruction the
 * compiler compiles inline is neither audited here nor listed as writing no GPR and no HI/LO, so a new template
 * cannot skip the audit. The FPU-to-integer paths (mfc1, mfhc1, cfc1, and the conversions to a word read back with
 * mfc1) are audited with the FPU enabled.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, lockstep } from './lockstep.js';
import { INSTRUCTIONS, type InstrDef } from '../../src/isa/table.js';
import { flowOf, Flow } from '../../src/cpu/compiler.js';
import { resultOfInstruction } from '../isa/insn-results.js';

/** Edge values for rs and rt: each pair is one pass of the loop. */
const VALUES = [
  0, 1, 2, -1, -2, -10, 0x7fffffff, -0x80000000, -0x7fffffff, 0xffff, 0x8000, 0x10000, 0x9000, 31, 32, 33,
  0x55555555, -0x55555556,
];

/** Operand choices per template letter (see src/isa/table.ts). */
function operandChoices(d: InstrDef): string[][] {
  const size = d.name === 'lh' || d.name === 'lhu' ? 2 : d.name === 'lw' || d.name === 'll' ? 4 : 1;
  return d.args.split(',').map((a) => {
    switch (a) {
      case 'd': case 'W': return ['$10'];
      case 's': return ['$8'];
      case 't': return ['$9'];
      case 'z': return ['$0'];
      case 'j': return ['-1', '0', '1', '32767', '-32768'];
      case 'u': return ['1', '32768', '65535'];
      case 'U': return ['1', '0x8000', '0xffff'];
      case '<': return ['0', '1', '16', '31'];
      case 'P': return ['0', '4', '16', '31'];
      case 'Z': case 'I': return ['1', '28'];
      case 'K': return ['$0', '$1', '$2', '$3', '$29'];
      case 'N': return ['$fcc0', '$fcc3'];
      case 'S': return d.name === 'mfhc1' ? ['$f0'] : ['$f0', '$f1'];
      case 'G': return ['$0', '$25', '$26', '$28', '$31'];
      case 'o(s)': return Array.from({ length: 4 / size }, (_, k) => `${k * size}($25)`);
      default: throw new Error(`no choices for operand ${a} of ${d.name}`);
    }
  });
}

/** The instances of an entry: the product of its operands' choices, dropping ext/ins fields past bit 31. */
function instances(d: InstrDef): string[] {
  let lines = [''];
  for (const choices of operandChoices(d)) lines = lines.flatMap((l) => choices.map((c) => (l === '' ? c : `${l}, ${c}`)));
  return lines
    .filter((ops) => {
      if (d.name !== 'ext' && d.name !== 'ins') return true;
      const [, , pos, size] = ops.split(', ').map(Number);
      return pos! + size! <= 32;
    })
    .map((ops) => (d.name === 'sc' ? `ll $9, 0($22)\n\tsc $9, 0($22)` : `${d.name} ${ops}`.trim()));
}

/** FPU results read back as integers: conversions to a word, then mfc1. */
const FPU_TO_INTEGER = ['cvt.w.s', 'cvt.w.d', 'round.w.s', 'round.w.d', 'trunc.w.s', 'trunc.w.d', 'ceil.w.s', 'ceil.w.d',
  'floor.w.s', 'floor.w.d'].map((op) => `${op} $f4, $f${op.endsWith('.d') ? 2 : 0}\n\tmfc1 $10, $f4\n\tmfhc1 $9, $f2`);

/** Uses of register `r` that see the difference between an int32 and the same number modulo 2^32. */
const uses = (r: number): string => `
	slt	$13, $${r}, $0
	addu	$20, $20, $13
	sltu	$13, $8, $${r}
	addu	$20, $20, $13
	movz	$14, $20, $${r}
	xor	$21, $21, $14
	sra	$13, $${r}, 7
	xor	$21, $21, $13
	div	$0, $${r}, $15
	mflo	$13
	xor	$21, $21, $13`;

/** A loop over all pairs of VALUES whose inner body is one self-looping block around `insn`. */
function program(insn: string, fpu: boolean): string {
  return `
	.set noreorder
	.text
	.globl _start
_start:
	la	$16, vals
	li	$17, 0
	li	$23, ${VALUES.length * 4}
	la	$22, scratch
	li	$15, 7
	li	$20, 0
	li	$21, 0
outer:
	li	$18, 0
inner:
	addu	$24, $16, $17
	lw	$8, 0($24)
	addu	$25, $16, $18
	lw	$9, 0($25)
	mthi	$9
	mtlo	$8
	xori	$10, $9, 0x5a5a
${fpu ? `	mtc1	$8, $f0
	mtc1	$9, $f1
	mtc1	$9, $f2
	mtc1	$8, $f3
	c.lt.s	$f0, $f1
	c.eq.s	$fcc3, $f0, $f1` : ''}
	${insn}
	mflo	$11
	mfhi	$12
${[9, 10, 11, 12].map(uses).join('')}
	addiu	$18, $18, 4
	bne	$18, $23, inner
	nop
	addiu	$17, $17, 4
	bne	$17, $23, outer
	nop
	li	$v0, 4001
	syscall
	.data
vals:	.word ${VALUES.map((v) => v | 0).join(', ')}
scratch:	.word 0x12345678
`;
}

const audited = INSTRUCTIONS.filter((d) => !d.alias && flowOf(d.op, d.match) === Flow.Plain && resultOfInstruction(d) !== undefined);

test('the audit covers every instruction the block compiler compiles inline that writes a GPR or HI/LO', () => {
  const names = audited.map((d) => d.name);
  // Spot checks that the classification does not drop what issue 8 was about.
  for (const n of ['madd', 'maddu', 'msub', 'msubu', 'mult', 'multu', 'div', 'divu', 'srl', 'ext', 'lwr', 'mfc1', 'cfc1', 'sc']) {
    assert.ok(names.includes(n), `${n} is audited`);
  }
  // What the audit leaves out must be, by a description independent of the classifier, something that writes
  // neither a GPR nor HI/LO: a store, a conditional trap, a hint, a move to the FPU, or an FPU entry whose first
  // operand is an FPR or a condition code.
  const compiled = INSTRUCTIONS.filter((d) => !d.alias && flowOf(d.op, d.match) === Flow.Plain);
  const writesNothing = (d: InstrDef): boolean => /^(s[bhw]|sw[lr]|t(ge|lt|eq|ne)\w*|sync|pref|prefx|mtc1|mthc1)$/.test(d.name)
    || (d.fpu === true && /^[DSTM]/.test(d.args));
  const left = compiled.filter((d) => !audited.includes(d) && !writesNothing(d));
  assert.deepEqual(left.map((d) => d.name), []);
  assert.ok(audited.length >= 60, `${audited.length} instructions audited`);
});

// One run for the whole loop, and runs that end at varying points inside the compiled loop.
const BUDGETS: Array<[string, (step: number) => number]> = [['200000', () => 200_000], ['varying 1..500', (i) => ((i * 7919) % 500) + 1]];

describe('register locals hold int32s: every result, every edge value, used in its block', () => {
  const cases: Array<[string, string, boolean]> = [
    ...audited.flatMap((d) => instances(d).map((insn): [string, string, boolean] => [d.name, insn, d.fpu === true])),
    ...FPU_TO_INTEGER.map((insn): [string, string, boolean] => [insn.split(' ')[0]!, insn, true]),
  ];
  const byName = new Map<string, string[]>();
  for (const [name, insn] of cases) byName.set(name, [...(byName.get(name) ?? []), insn]);
  for (const [name, insns] of byName) {
    test(`${name} (${insns.length} forms)`, () => {
      for (const insn of insns) {
        const fpu = cases.find((c) => c[1] === insn)![2];
        const prog = build(program(insn, fpu));
        for (const [label, budget] of BUDGETS) {
          const res = lockstep(prog, budget, { threshold: 1 });
          assert.equal(res.mismatch, undefined, `${insn.replace(/\n\t/g, '; ')}, budget ${label}`);
          if (budget(0) >= 1000) assert.ok(res.compiledWithLocals > 0, `${insn}: the loop ran compiled with registers in locals`);
        }
      }
    });
  }
});
