/**
 * The disassembler against GNU objdump: the table-coverage object (every non-alias entry, random operands) and
 * every instruction of a real static glibc binary must print exactly as `objdump -d` prints them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { disassemble, formatInstructionLine } from '../../src/isa/disasm.js';
import { Op } from '../../src/isa/ops.js';
import { makeSymbolizer } from '../../src/isa/symbolizer.js';
import { INSTRUCTIONS } from '../../src/isa/table.js';
import {
  binutilsMissing, gas, objdumpLines, sectionHeaders, staticBinary, symbolizersFor, tempDir, type ObjdumpLine,
} from './binutils.js';
import { coverageSource } from './coverage-source.js';
import { prng } from './insn-case.js';

const missing = binutilsMissing();
const skip = missing === undefined ? false : `needs GNU cross binutils: ${missing}`;

/** Every line of `file` whose disassembly differs from objdump's, as readable strings. */
function differences(file: string, lines: readonly ObjdumpLine[]): string[] {
  const symbolizerOf = symbolizersFor(file);
  const out: string[] = [];
  for (const l of lines) {
    const ours = disassemble(l.word, l.address, symbolizerOf(l.section));
    if (ours !== l.text) out.push(`${l.address.toString(16)} ${l.word.toString(16).padStart(8, '0')}: objdump '${l.text}', trapgate '${ours}'`);
  }
  return out;
}

test('the table-coverage object disassembles exactly as objdump prints it', { skip }, () => {
  const { source, lines } = coverageSource();
  const dir = tempDir();
  const obj = gas(source, dir);
  const dumped = objdumpLines(obj).filter((l) => l.section === '.text').slice(0, lines.length);
  assert.equal(dumped.length, lines.length);
  assert.deepEqual(differences(obj, dumped), []);
});

test('every table entry, with random bits in every field it does not fix, disassembles as objdump prints it', { skip }, () => {
  // Known gap: the `cop0`/`cop2` placeholders (privileged and absent coprocessors, Op.CoprocessorUnusable) stand
  // for dozens of binutils mnemonics (mfc0, c0, wait, lwc2...) that user programs never contain.
  const entries = INSTRUCTIONS.filter((d) => d.op !== Op.CoprocessorUnusable || d.name === 'cache');
  const rnd = prng(0xd15a5);
  const all: number[] = [];
  for (const def of entries) {
    for (let i = 0; i < 24; i++) all.push(((Math.floor(rnd() * 2 ** 32) & ~def.mask) | def.match) >>> 0);
  }
  const dir = tempDir();
  const obj = gas(`.text\n${all.map((w) => `.word ${w}`).join('\n')}\n`, dir, 'fields');
  const dumped = objdumpLines(obj).slice(0, all.length);
  assert.equal(dumped.length, all.length);
  // No symbols in this object: objdump prints bare 0x targets, as disassemble does without a symbolizer.
  const wrong = dumped.filter((l) => disassemble(l.word, l.address) !== l.text)
    .map((l) => `${l.word.toString(16).padStart(8, '0')}: objdump '${l.text}', trapgate '${disassemble(l.word, l.address)}'`);
  assert.deepEqual(wrong.slice(0, 20), []);
});

test('every instruction of a static glibc binary disassembles exactly as objdump prints it', { skip }, () => {
  const dir = tempDir();
  const binary = staticBinary(dir);
  if (binary === undefined) return void assert.fail('no static binary and no cross gcc to build one');
  const lines = objdumpLines(binary);
  assert.ok(lines.filter((l) => l.section === '.text').length > 50_000, 'a whole glibc .text');
  assert.deepEqual(differences(binary, lines).slice(0, 20), []);
});

test('formatInstructionLine reproduces objdump lines, address column included', { skip }, () => {
  const dir = tempDir();
  const binary = staticBinary(dir);
  if (binary === undefined) return void assert.fail('no static binary and no cross gcc to build one');
  // A relocatable object too: its small addresses exercise objdump's leading-zero trimming.
  const objects = [binary, gas(coverageSource(1).source, dir)];
  for (const file of objects) {
    const headers = sectionHeaders(file);
    const symbolizerOf = symbolizersFor(file);
    const lines = objdumpLines(file);
    const wrong = lines.filter((l) => {
      const h = headers.get(l.section)!;
      return formatInstructionLine(l.word, l.address, symbolizerOf(l.section), h.address + h.size) !== l.line;
    });
    assert.deepEqual(wrong.slice(0, 5).map((l) => l.line), [], file);
  }
});

test('words outside the table print as .word, like objdump prints an invalid word', { skip }, () => {
  // SPECIAL funct 0x3f and 0x0e (no MIPS32 instruction), primary opcode 0x3f, movf with its must-be-zero bits set.
  const invalid = [0x0000003f, 0xfc000000, 0x0000000e, 0x00000401];
  const dir = tempDir();
  const obj = gas(`.text\n${invalid.map((w) => `.word ${w}`).join('\n')}\n`, dir, 'invalid');
  const dumped = objdumpLines(obj).slice(0, invalid.length);
  assert.deepEqual(dumped.map((l) => l.text), invalid.map((w) => disassemble(w, 0)));
  assert.equal(disassemble(0x0000003f, 0), '.word\t0x3f');
});

test('branch targets: symbol+offset when the symbolizer names them, bare 0x address otherwise', () => {
  const symbolize = makeSymbolizer([
    { name: 'main', value: 0x400100, type: 'func', binding: 'global', section: 7 },
    // Same address: objdump prefers the function over the object and the global over the local.
    { name: 'data_alias', value: 0x400100, type: 'object', binding: 'local', section: 7 },
    { name: 'sect', value: 0x400000, type: 'section', binding: 'local', section: 7 },
  ], 7);
  // beq zero,zero at 0x400110 with offset 3 → 0x400110 + 4 + 12 = 0x400120.
  assert.equal(disassemble(0x10000003, 0x400110, symbolize), 'b\t400120 <main+0x20>');
  assert.equal(disassemble(0x10000003, 0x400110), 'b\t0x400120');
  // jal 0x400100 → exactly main.
  assert.equal(disassemble(0x0c100040, 0x400000, symbolize), 'jal\t400100 <main>');
  // Below every symbol: no name.
  assert.equal(disassemble(0x0c000040, 0x400000, symbolize), 'jal\t0x100');
});
