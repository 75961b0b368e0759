/**
 * The assembler against GNU as: every table entry with random operands, the pseudo-instructions and data
 * directives (linked with GNU ld at the same addresses), and a round trip through the disassembler over a whole
 * static glibc binary. Error reporting is checked without binutils.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assemble, AssemblyError } from '../../src/isa/asm.js';
import { decode } from '../../src/isa/decode.js';
import { disassemble } from '../../src/isa/disasm.js';
import { Op } from '../../src/isa/ops.js';
import {
  binutilsMissing, gas, objdumpLines, readSymbols, sectionBytes, staticBinary, tempDir, tool, words,
} from './binutils.js';
import { coverageSource, coveredEntries } from './coverage-source.js';

const missing = binutilsMissing();
const skip = missing === undefined ? false : `needs GNU cross binutils: ${missing}`;

function textWords(source: string, origin = 0): number[] {
  const text = assemble(source, { origin }).section('.text');
  assert.ok(text !== undefined, 'no .text section');
  return words(text.bytes);
}

test('every non-alias table entry assembles to the word gas produces, and decodes back to it', { skip }, () => {
  const { source, lines } = coverageSource();
  const dir = tempDir();
  const gasWords = words(sectionBytes(gas(source, dir), '.text', dir));
  const ours = textWords(source);
  assert.equal(ours.length, lines.length, 'one word per generated instruction');
  const covered = new Set<string>();
  const failures: string[] = [];
  lines.forEach((line, i) => {
    const expected = gasWords[i]!;
    if (ours[i] !== expected) {
      failures.push(`${line.text}: gas ${hex(expected)}, trapgate ${hex(ours[i]!)}`);
      return;
    }
    // The word must decode to this entry, or to an alias listed before it that covers the same word.
    const def = line.def;
    const back = decode(expected);
    const ok = back === def || (back !== undefined && back.alias === true && ((expected & def.mask) >>> 0) === def.match
      && (back.op === def.op || back.op === Op.Nop));
    if (!ok) failures.push(`${line.text}: ${hex(expected)} decodes to ${back?.name ?? 'nothing'}`);
    else covered.add(`${def.name} ${def.args}`);
  });
  assert.deepEqual(failures, []);
  assert.equal(covered.size, new Set(coveredEntries().map((d) => `${d.name} ${d.args}`)).size, 'every entry covered');
});

const PSEUDO_SOURCE = `
	.set noreorder
	.set noat
	SMALL = 42
	.equ BIG, 0x12345678
	.set NEXT, BIG + 1
	.text
	.globl _start
	.type _start, @function
_start:
	li $2, 0
	li $3, 32767
	li $4, -32768
	li $5, 0x8000
	li $6, 0xffff
	li $7, 0x10000
	li $8, 0x12345678
	li $9, -1
	li $10, 0xffff8000
	li $11, -32769
	li $12, 0x80000000
	li $13, SMALL
	li $14, BIG
	li $15, NEXT - BIG
	la $4, message
	la $5, table+8          # low half crosses 0x8000: %hi must carry
	la $6, 0x1234
	lui $2, %hi(table + 12)
	addiu $2, $2, %lo(table + 12)
	lw $3, %lo(table)($2)
	sw $3, ($2)
	move $2, $3
	move $sp, $fp
	negu $4, $5
	neg $4, $5
	not $6, $7
	nop
1:	b 1b
	bal 1f
	beqz $2, 1b
	bnez $3, 1f
	beqzl $4, 1b
	bnezl $4, 1f
	nop
1:	j _start
	jal helper
	jalr $25
	jalr $2, $25
	jr $ra
	syscall
	break
	break 7
	teq $2, $3
	teq $2, $0, 7
	c.eq.d $f2, $f4
	bc1t 1b
	sync
	ror $2, $3, 4
	rotr $2, $3, 5
	clz $2, $3
	ext $4, $5, 3, 8
	ins $4, $5, 30, 2
	rdhwr $3, $29
	.size _start, .-_start

	.type helper, @function
helper:
	jr $ra
	 nop
	.size helper, .-helper
	.align 4
	.balign 8
	lw $2, 0x7ffc($sp)

	.rdata
message:
	.asciz "hello\\n"
	.ascii "a\\tb", "c\\\\\\"\\101"
	.string "x"
	.byte 'q

	.data
	.byte 1, 2, -1
	.half 0x1234
table:
	.word 1, _start, message, table+4, (2+3)*4, 1<<4 | 1, -1, 0xffffffff
	.hword 7
	.space 5
	.space 3, 0xaa
	.align 3
	.float 1.5
	.double 2.25
	.globl obj
	.type obj, @object
	.size obj, 8
obj:	.word 0, 0
	.byte 9

	.bss
	.space 100
big:	.skip 16
`;

const LAYOUT = { '.text': 0x400000, '.rodata': 0x480000, '.data': 0x4a7ff0, '.bss': 0x4b0000 };

test('pseudo-instructions, labels, expressions and data directives match gas + ld at the same addresses', { skip }, () => {
  const dir = tempDir();
  const obj = gas(PSEUDO_SOURCE, dir, 'pseudo');
  const exe = join(dir, 'pseudo');
  // A script that puts exactly these four sections where Trapgate is asked to (ld's default one would place
  // its MIPS ABI sections in front of .text).
  const script = join(dir, 'layout.ld');
  writeFileSync(script, `SECTIONS {
${Object.entries(LAYOUT).map(([name, at]) => `  ${name} ${hex(at)} : { *(${name}) }`).join('\n')}
  /DISCARD/ : { *(.MIPS.abiflags) *(.reginfo) *(.pdr) *(.gnu.attributes) }
}
`);
  tool('ld', ['-EL', '-m', 'elf32ltsmip', '-e', '_start', '-T', script, obj, '-o', exe]);
  const ours = assemble(PSEUDO_SOURCE, { addresses: LAYOUT });
  for (const name of ['.text', '.rodata', '.data'] as const) {
    const section = ours.section(name);
    assert.ok(section !== undefined, name);
    assert.equal(section.address, LAYOUT[name], `${name} address`);
    const theirs = sectionBytes(exe, name, dir);
    // gas pads sections to their alignment with zeros; the bytes Trapgate wrote must be gas's, and the rest zero.
    assert.deepEqual([...section.bytes], [...theirs.subarray(0, section.size)], `${name} contents`);
    assert.ok(theirs.subarray(section.size).every((b) => b === 0), `${name} tail`);
  }
  assert.equal(ours.section('.bss')?.size, 116);
  assert.equal(ours.section('.bss')?.type, 'nobits');
  const theirs = new Map(readSymbols(exe).map((s) => [s.name, s]));
  for (const name of ['_start', 'helper', 'message', 'table', 'obj', 'big']) {
    const mine = ours.symbol(name);
    const ref = theirs.get(name);
    assert.ok(mine !== undefined && ref !== undefined, name);
    assert.equal(mine.value, ref.value, `${name} value`);
    assert.equal(mine.size, ref.size, `${name} size`);
    assert.equal(mine.type, ref.type, `${name} type`);
    assert.equal(mine.binding, ref.binding, `${name} binding`);
  }
  assert.equal(ours.symbol('BIG')?.value, 0x12345678);
  assert.equal(ours.symbol('BIG')?.section, null);
});

test('assemble(disassemble(w)) gives back every instruction word of a static glibc binary', { skip }, () => {
  const dir = tempDir();
  const binary = staticBinary(dir);
  if (binary === undefined) return void assert.fail('no static binary and no cross gcc to build one');
  const bySection = new Map<string, ReturnType<typeof objdumpLines>>();
  for (const line of objdumpLines(binary)) {
    const list = bySection.get(line.section) ?? [];
    list.push(line);
    bySection.set(line.section, list);
  }
  let compared = 0;
  const failures: string[] = [];
  for (const [section, lines] of bySection) {
    // Without a symbolizer, targets print as 0x... addresses the assembler reads back.
    const text = lines.map((l) => disassemble(l.word, l.address)).join('\n');
    const got = textWords(text, lines[0]!.address);
    lines.forEach((l, i) => {
      compared++;
      if (got[i] !== l.word) failures.push(`${section} ${hex(l.address)}: ${disassemble(l.word, l.address)} → ${hex(got[i] ?? 0)}, want ${hex(l.word)}`);
    });
  }
  assert.ok(compared > 50_000, `only ${compared} instructions`);
  assert.deepEqual(failures.slice(0, 20), []);
});

/** Macros as gas expands them: parameters, defaults, \@, \(), labels on an invocation, a macro calling a macro. */
const MACRO_SOURCE = `
	.set	noreorder
	.macro	SUM dst, a, b=$zero
	addu	\\dst, \\a, \\b
	.endm
	.macro	COUNTDOWN reg, n
	li	\\reg, \\n
.Lloop\\@:
	addiu	\\reg, \\reg, -1
	bnez	\\reg, .Lloop\\@
	 nop
	.endm
	.macro	FUNC name
	.globl	\\name
	.type	\\name, @function
\\name:
	COUNTDOWN $8, 3
	SUM	$2, $8
	jr	$31
	 nop
\\name\\()_end:
	.size	\\name, . - \\name
	.endm
	.text
start:	SUM	$3, $4, $5
	FUNC	first
	FUNC	second
	b	start
	 nop
`;

test('macros expand as gas expands them', { skip }, () => {
  const dir = tempDir();
  const obj = gas(MACRO_SOURCE, dir, 'macro');
  const ours = assemble(MACRO_SOURCE, { origin: 0 });
  const mine = words(ours.section('.text')!.bytes);
  const gasWords = words(sectionBytes(obj, '.text', dir));
  // gas pads the section to its alignment with zeros.
  assert.deepEqual(mine, gasWords.slice(0, mine.length));
  assert.ok(gasWords.slice(mine.length).every((w) => w === 0), 'gas has no more code');
  const theirs = new Map(readSymbols(obj).map((s) => [s.name, s]));
  for (const name of ['start', 'first', 'second', 'first_end', 'second_end']) {
    assert.equal(ours.symbol(name)?.value, theirs.get(name)?.value, name);
  }
  assert.equal(ours.symbol('second')?.size, theirs.get('second')?.size);
});

function assemblyError(source: string): AssemblyError {
  try {
    assemble(source);
  } catch (e) {
    assert.ok(e instanceof AssemblyError, `expected AssemblyError, got ${String(e)}`);
    return e;
  }
  assert.fail(`assembled without error:\n${source}`);
}

test('errors name the line and the problem', () => {
  const cases: Array<[string, number, RegExp]> = [
    ['nop\n\tfrobnicate $2', 2, /unknown instruction 'frobnicate'/],
    ['addu $2, $3, 5', 1, /expected a general register, got '5'/],
    ['addiu $2, $3, 40000', 1, /immediate out of range/],
    ['andi $2, $3, -1', 1, /immediate out of range/],
    ['sll $2, $3, 32', 1, /shift amount out of range/],
    ['nop\nnop\n\tj nowhere', 3, /undefined symbol 'nowhere'/],
    ['b far\n.space 0x20000\nfar: nop', 1, /branch out of range/],
    ['li $2, 0x100000000', 1, /does not fit in 32 bits/],
    ['lw $2, 4($f2)', 1, /memory operand/],
    ['addu $2, $3', 1, /wrong number of operands/],
    ['jalr $2, $2', 1, /source and destination must be different/],
    ['bltzal $31, 0', 1, /must not be \$31/],
    ['x: nop\nx: nop', 2, /already defined/],
    ['b 1f\nnop', 1, /no later local label for '1f'/],
    ['.frob 3', 1, /unknown directive '\.frob'/],
    ['ext $2, $3, 30, 3', 1, /field size/],
    ['.bss\n.word 1', 2, /nobits/],
    ['nop\n.macro M a\nnop', 2, /\.macro without \.endm/],
    ['.endm', 1, /\.endm without \.macro/],
    ['.macro M a\naddu \\a, \\a, \\a\n.endm\nnop\nM $2, $3', 5, /takes 1 arguments, got 2/],
    ['.macro M a\nnop\n.endm\nM', 4, /missing value for a/],
    ['.macro M\nM\n.endm\nnop\nM', 5, /nested more than 100 deep/],
    ['.macro M\n.endm\n.macro M\n.endm', 3, /defined twice/],
  ];
  for (const [source, line, message] of cases) {
    const e = assemblyError(source);
    assert.equal(e.line, line, `${source}: ${e.message}`);
    assert.match(e.message, message, source);
    assert.match(e.message, new RegExp(`^line ${line}: `));
  }
});

test('numeric local labels, .set options, .cfi records and section layout', () => {
  const r = assemble(`
	.set noreorder
	.text
1:	b 1f
	nop
1:	b 1b
	.cfi_startproc
	.cfi_def_cfa_offset 16
	nop
	.cfi_endproc
	.rodata
	.word 5
	.set B, 3
	A = B + B
	.word A
`, { origin: 0x1000 });
  const text = words(r.section('.text')!.bytes);
  // b 1f at 0x1000 → 0x1008: offset (0x1008 - 0x1004) / 4 = 1. `1: b 1b` at 0x1008 branches to its own label
  // (the latest `1:` is the one on its line): offset -1.
  assert.deepEqual(text.slice(0, 3), [0x10000001, 0x00000000, 0x1000ffff]);
  assert.deepEqual(r.options.map((o) => o.option), ['noreorder']);
  assert.deepEqual(r.cfi.map((c) => [c.directive, c.offset, c.args]), [
    ['.cfi_startproc', 12, []], ['.cfi_def_cfa_offset', 12, ['16']], ['.cfi_endproc', 16, []],
  ]);
  assert.equal(r.section('.text')!.address, 0x1000);
  // .rodata (the directive gas lacks; Trapgate also accepts MIPS gas's .rdata) follows .text.
  assert.equal(r.section('.rodata')!.address, 0x1010);
  assert.equal(r.section('.rodata')!.flags.write, false);
  assert.deepEqual([...r.section('.rodata')!.bytes], [5, 0, 0, 0, 6, 0, 0, 0]);
  // Numeric local labels stay out of the symbol table; equates are absolute symbols.
  assert.deepEqual(r.symbols.map((s) => [s.name, s.section, s.value]), [['B', null, 3], ['A', null, 6]]);
});

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;
