/**
 * The block compiler on whole programs: every guest of guests/build (c, cxx), the instruction-table programs of
 * test/isa, and instruction limits, each run on the interpreter and with the block compiler, on a deterministic
 * machine (test/cpu/machine.ts: virtual clock, fixed seed and environment), must give the same stdout, stderr and
 * exit status and retire exactly as many instructions (and make as many system calls). The compiling runs use a
 * threshold of 1, so that every block is compiled at its first execution, and some use a small scheduler quantum, so
 * that runs end inside blocks and loops.
 *
 * The CLI's own runs use the host clock, so their instruction counts vary from run to run in either mode (a vDSO
 * data-page update racing a reader, thread interleavings); the CLI test here compares what they print.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, TRAPGATE_CLI } from '../guests/run-guest.js';
import { runGuest, type MachineOptions, type MachineResult } from './machine.js';
import { INSTRUCTIONS } from '../../src/isa/table.js';
import { Rng, type Case } from '../isa/insn-case.js';
import { branchCases } from '../isa/insn-gen-branch.js';
import { fpuCases } from '../isa/insn-gen-fpu.js';
import { intCases } from '../isa/insn-gen-int.js';
import { memCases } from '../isa/insn-gen-mem.js';
import { trapCases } from '../isa/insn-gen-trap.js';
import { buildProgram, toolsMissing } from '../isa/insn-program.js';

const BUILD = path.join(REPO_ROOT, 'guests', 'build');
/** Guests that take a fresh directory as their first argument (as in test/guests/differential.test.ts). */
const WANTS_DIR = new Set(['fileio', 'dirs', 'dupfd', 'memory', 'madvise', 'errno', 'readdir32']);
const STDIN = new TextEncoder().encode('line one\nline two\n' + 'x'.repeat(5000) + '\n');

function guests(): string[] {
  const out: string[] = [];
  for (const dir of ['c', 'cxx']) {
    const d = path.join(BUILD, dir);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isFile()) out.push(p);
    }
  }
  return out;
}

function same(t: { diagnostic(s: string): void }, what: string, a: MachineResult, b: MachineResult): void {
  t.diagnostic(`${what}: ${a.instructions} instructions, ${a.syscalls} system calls, status ${a.status}; ${b.compiled} traces compiled`);
  assert.equal(b.status, a.status, `${what}: exit status`);
  assert.equal(b.stdout, a.stdout, `${what}: stdout`);
  assert.equal(b.stderr, a.stderr, `${what}: stderr`);
  assert.equal(b.instructions, a.instructions, `${what}: instructions retired`);
  assert.equal(b.syscalls, a.syscalls, `${what}: system calls`);
}

describe('every guest: the same results with and without the block compiler', { skip: guests().length === 0 ? 'guests not built (make -C guests)' : false }, () => {
  let scratch = '';
  before(() => { scratch = mkdtempSync(path.join(os.tmpdir(), 'trapgate-jit-')); });
  after(() => { rmSync(scratch, { recursive: true, force: true }); });
  const run = (bin: string, opts: MachineOptions): MachineResult => {
    const name = path.basename(bin);
    // The same directory name for both runs: a guest that prints it, or measures it, sees the same thing.
    const dir = path.join(scratch, 'dir');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const args = WANTS_DIR.has(name) ? [dir] : name === 'args' ? ['alpha', 'beta gamma', '', '--flag=1'] : [];
    return runGuest(bin, args, { ...opts, stdin: STDIN });
  };
  for (const bin of guests()) {
    const name = path.relative(BUILD, bin);
    test(name, (t) => {
      const interpreted = run(bin, { jit: false });
      same(t, name, interpreted, run(bin, { jit: true, threshold: 1 }));
      // Short quanta: runs end inside blocks and compiled loops, and threads interleave differently.
      const q = { kernel: { quantum: 997 } };
      same(t, `${name} (quantum 997)`, run(bin, { jit: false, ...q }), run(bin, { jit: true, threshold: 2, ...q }));
    });
  }
});

describe('instruction limits stop both at the same instruction', { skip: existsSync(path.join(BUILD, 'bench', 'crc32')) ? false : 'benchmarks not built' }, () => {
  const limits = [1, 2, 3, 4, 5, 7, 10, 16, 17, 31, 100, 1000, 4099, 20000, 33333, 100001, 123457, 250000];
  for (const [guest, args] of [['bench/crc32', ['1']], ['bench/sort', ['1']], ['c/strings', []]] as const) {
    test(`${guest}: --max-insns N for N in ${limits.length} values`, (t) => {
      const bin = path.join(BUILD, guest);
      for (const n of limits) {
        for (const threshold of [1, 3]) {
          const opts = { kernel: { maxInstructions: n } };
          const a = runGuest(bin, [...args], { jit: false, ...opts });
          const b = runGuest(bin, [...args], { jit: true, threshold, ...opts });
          const what = `${guest} limit ${n} threshold ${threshold}`;
          // At the limit, or one past it when the limit falls between a branch and its delay slot.
          assert.ok(a.instructions === n || a.instructions === n + 1, `${what}: the interpreter stops at the limit (${a.instructions})`);
          assert.equal(b.instructions, a.instructions, `${what}: instructions`);
          assert.equal(b.pc, a.pc, `${what}: pc`);
          assert.deepEqual(b.regs, a.regs, `${what}: registers`);
          assert.deepEqual(b.fpu, a.fpu, `${what}: FPRs`);
          assert.equal(b.stdout, a.stdout, `${what}: stdout`);
        }
      }
      t.diagnostic(`${limits.length} limits, thresholds 1 and 3`);
    });
  }
});

const why = toolsMissing();
describe('instruction-table programs (test/isa): the same output with and without the block compiler', { skip: why ?? false }, () => {
  let dir = '';
  let batches: string[] = [];
  let traps = '';
  let trapCount = 0;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'trapgate-jit-insn-'));
    const cases: Case[] = [];
    for (const def of INSTRUCTIONS.filter((d) => !d.alias)) {
      if (def.name === 'break' || def.name === 'cache') continue;
      let h = 0x811c9dc5 ^ 0x7a9e1234;
      for (let i = 0; i < def.name.length; i++) h = Math.imul(h ^ def.name.charCodeAt(i), 0x01000193);
      const rng = new Rng(h >>> 0);
      cases.push(...(branchCases(def, rng) ?? memCases(def, rng) ?? fpuCases(def, rng) ?? intCases(def, rng) ?? []));
    }
    const groups: Case[][] = [];
    for (let i = 0; i < cases.length; i += 700) groups.push(cases.slice(i, i + 700));
    batches = await Promise.all(groups.map((g, i) => buildProgram(g, dir, `batch${i}`)));
    const tc = trapCases();
    trapCount = tc.length;
    traps = await buildProgram(tc, dir, 'traps');
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  test('every batch', (t) => {
    for (const bin of batches) {
      const a = runGuest(bin, ['real'], { jit: false });
      assert.equal(a.status, 0, `${path.basename(bin)} runs to completion`);
      same(t, path.basename(bin), a, runGuest(bin, ['real'], { jit: true, threshold: 1 }));
    }
  });

  test('every trap program', (t) => {
    for (let i = 0; i < trapCount; i++) {
      const a = runGuest(traps, ['real', String(i)], { jit: false });
      const b = runGuest(traps, ['real', String(i)], { jit: true, threshold: 1 });
      assert.equal(b.status, a.status, `trap case ${i}: status`);
      assert.equal(b.stdout, a.stdout, `trap case ${i}: stdout`);
      assert.equal(b.instructions, a.instructions, `trap case ${i}: instructions`);
    }
    t.diagnostic(`${trapCount} trap programs`);
  });
});

/** Writes code into an RWX mapping, runs it hot, rewrites it (with __builtin___clear_cache), in a loop. */
const SMC_SOURCE = `
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
typedef int (*fn_t)(int);
/* addiu v0, a0, imm ; jr ra ; nop */
static void emit(uint32_t *p, int imm) { p[0] = 0x24820000u | (uint16_t)imm; p[1] = 0x03e00008u; p[2] = 0; }
int main(void) {
  uint32_t *code = mmap(0, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) return 1;
  long sum = 0;
  for (int round = 0; round < 200; round++) {
    emit(code, round);
    emit(code + 16, -round);
    __builtin___clear_cache((char *)code, (char *)(code + 32));
    fn_t f = (fn_t)code, g = (fn_t)(code + 16);
    for (int i = 0; i < 50; i++) sum += f(i) + 2 * g(i);
  }
  /* Data written next to the code it runs, on the same page (as a JIT does). */
  for (int round = 0; round < 100; round++) {
    code[1000] = round;
    emit(code + 512, round * 3);
    __builtin___clear_cache((char *)(code + 512), (char *)(code + 520));
    sum += ((fn_t)(code + 512))(round) + (int)code[1000];
  }
  printf("sum %ld\\n", sum);
  return 0;
}
`;

describe('self-modifying code through the kernel\'s write protection', { skip: why ?? false }, () => {
  test('code rewritten between hot calls runs as written, compiled or not', (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trapgate-jit-smc-'));
    try {
      writeFileSync(path.join(dir, 'smc.c'), SMC_SOURCE);
      const cc = spawnSync('mipsel-linux-gnu-gcc', ['-O2', '-static', '-o', path.join(dir, 'smc'), path.join(dir, 'smc.c')], { encoding: 'utf8' });
      assert.equal(cc.status, 0, cc.stderr);
      const bin = path.join(dir, 'smc');
      const a = runGuest(bin, [], { jit: false });
      // The value qemu-mipsel prints for this program.
      assert.equal(a.stdout, 'sum -235250\n');
      for (const threshold of [1, 2, 40]) same(t, `threshold ${threshold}`, a, runGuest(bin, [], { jit: true, threshold }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the CLI', () => {
  test('--no-jit is documented and accepted; both modes print the same', (t) => {
    const help = spawnSync(process.execPath, [TRAPGATE_CLI, '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /--no-jit/);
    const bin = path.join(BUILD, 'c', 'hello');
    if (!existsSync(bin)) {
      t.skip('guests not built');
      return;
    }
    const env = { PATH: '/usr/bin:/bin', LANG: 'C' };
    const a = spawnSync(process.execPath, [TRAPGATE_CLI, 'run', '--no-jit', bin], { encoding: 'utf8', env });
    const b = spawnSync(process.execPath, [TRAPGATE_CLI, 'run', bin], { encoding: 'utf8', env });
    assert.equal(a.status, 0);
    assert.equal(b.status, a.status);
    assert.equal(b.stdout, a.stdout);
  });
});
