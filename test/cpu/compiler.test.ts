/**
 * The block compiler against the interpreter, instruction for instruction: assembly programs run on two machines in
 * lock step (test/cpu/lockstep.ts) with many budgets, so that runs end inside blocks, on delay slots and inside
 * compiled loops, and with thresholds that compile at once or after some interpreted passes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, lockstep, Machine, TEXT, type Program } from './lockstep.js';
import { Perm } from '../../src/mm/vma.js';
import { ARITH, ATOMICS, FAULTS, FLOAT, PAGES, SELF_MODIFYING } from './programs.js';

const BUDGETS: Array<[string, (step: number) => number]> = [
  ['1', () => 1],
  ['2', () => 2],
  ['3', () => 3],
  ['5', () => 5],
  ['7', () => 7],
  ['16', () => 16],
  ['61', () => 61],
  ['1000', () => 1000],
  ['200000', () => 200_000],
  ['varying 1..37', (i) => ((i * 7919) % 37) + 1],
  ['varying 1..500', (i) => ((i * 104729) % 500) + 1],
];

const PROGRAMS: Array<[string, string, { fpuOff?: boolean }]> = [
  ['integer work, branches, calls', ARITH, {}],
  ['exceptions in bodies and delay slots', FAULTS, {}],
  ['self-modifying code', SELF_MODIFYING, {}],
  ['LL/SC, system calls, rdhwr', ATOMICS, {}],
  ['FPU, starting disabled', FLOAT, { fpuOff: true }],
  ['page boundaries', PAGES, {}],
];

for (const [name, source, opts] of PROGRAMS) {
  describe(`compiled = interpreted: ${name}`, () => {
    let program: Program;
    test('assembles', () => {
      program = build(source);
      assert.ok(program.text.length > 0);
    });
    for (const threshold of [1, 3]) {
      for (const [label, budget] of BUDGETS) {
        test(`threshold ${threshold}, budget ${label}`, (t) => {
          const res = lockstep(program, budget, { threshold, ...opts });
          t.diagnostic(`${res.steps} runs, ${res.instructions} instructions, ${res.compiled} traces compiled, exits ${JSON.stringify(res.exits)}`);
          assert.equal(res.mismatch, undefined);
          // Budgets below a block's length leave everything to the interpreter.
          if (budget(0) >= 8) assert.ok(res.compiled > 0, 'nothing was compiled');
        });
      }
    }
  });
}

describe('compiled traces follow the page maps', () => {
  // PAGES calls `far` on the third page of its text; its trace runs through the second and third pages.
  const program = build(PAGES);
  const page = (i: number): number => TEXT + i * 4096;
  for (const threshold of [1, 2]) {
    test(`threshold ${threshold}: a page of a trace loses execute permission between runs, then gets it back`, (t) => {
      const res = lockstep(program, (i) => 40 + (i % 7), {
        threshold,
        between: (m, step) => {
          if (step % 10 === 5) m.as.protect(page(2), 4096, Perm.Read | Perm.Write);
        },
        execFault: (m, addr) => {
          if (addr >>> 12 !== page(2) >>> 12) return false;
          m.as.protect(page(2), 4096, Perm.Read | Perm.Write | Perm.Exec);
          return true;
        },
      });
      t.diagnostic(`${res.steps} runs, ${res.instructions} instructions, ${res.compiled} traces, exits ${JSON.stringify(res.exits)}`);
      assert.equal(res.mismatch, undefined);
      assert.ok((res.exits['PageFault'] ?? 0) > 10, 'the fetch faults happened');
    });
    test(`threshold ${threshold}: a page of a trace is remapped to a copy (another frame) between runs`, (t) => {
      const res = lockstep(program, (i) => 33 + (i % 5), {
        threshold,
        between: (m, step) => {
          if (step % 9 !== 4) return;
          // Same bytes, new frame: unmap and map again, then rewrite the page.
          const bytes = m.as.read(page(1), 8192);
          m.as.unmap(page(1), 8192);
          m.as.map({ start: page(1), end: page(1) + 8192, perm: Perm.Read | Perm.Write | Perm.Exec,
            maxPerm: Perm.Read | Perm.Write | Perm.Exec, shared: false, growsDown: false, name: 'text' });
          m.as.write(page(1), bytes, true);
        },
      });
      t.diagnostic(`${res.steps} runs, ${res.instructions} instructions, ${res.compiled} traces, exits ${JSON.stringify(res.exits)}`);
      assert.equal(res.mismatch, undefined);
    });
  }
});

// Page maps say "no access" with Frame.None (0, the reserved frame): loads and stores to a page nothing maps must
// still leave with a page fault at the right address, interpreted and compiled alike.
test('loads and stores to an unmapped page fault in the interpreter and in compiled code', () => {
  const program = build(`
	.set noreorder
	.text
	.globl _start
_start:
	lui	$s0, 0x2000           # 0x20000000: unmapped
	li	$s1, 50
loop:
	lw	$t0, 0($s0)
	sw	$t0, 8($s0)
	addiu	$s1, $s1, -1
	bnez	$s1, loop
	nop
	li	$v0, 4001
	syscall
`);
  for (const opts of [{ jit: false }, { jit: true, threshold: 1 }]) {
    const m = new Machine(program, opts);
    const faults: string[] = [];
    for (let i = 0; i < 1000 && !m.done; i++) {
      const s = m.step(10_000);
      if (s.exit === 'PageFault') faults.push(`${s.access}@${(s.badVAddr! >>> 0).toString(16)}`);
    }
    assert.ok(m.done, `the program ran to its exit (${JSON.stringify(opts)})`);
    assert.deepEqual(new Set(faults), new Set([`${Perm.Read}@20000000`, `${Perm.Write}@20000008`]), JSON.stringify(opts));
    assert.equal(faults.length, 100, 'every access faulted');
  }
});
