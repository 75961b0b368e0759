/**
 * How traces are built (src/cpu/jit.ts), checked on the blocks and traces left in the code cache after a program
 * ran with the block compiler:
 *  - successors are recorded only from interpreter runs of exactly one block, so every successor a block remembers
 *    is one its last instruction can really go to (a successor guessed for a run of several blocks misled the
 *    trace builder into following paths the code never takes);
 *  - a block already compiled is not copied into a later trace: every block of a live trace enters that trace
 *    (copies buried hot loops in the middle of bigger functions, which the engine optimizes worse).
 * Lock-step equality of the two modes is test/cpu/compiler.test.ts's job; this file checks the shapes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { build, Machine, TEXT, type Program } from './lockstep.js';
import { ARITH, PAGES } from './programs.js';
import { CodeCache } from '../../src/cpu/code-cache.js';
import type { Block, Trace } from '../../src/cpu/jit.js';
import { decodeOp } from '../../src/isa/decode.js';
import { Op } from '../../src/isa/ops.js';
import { Frame } from '../../src/mm/physical.js';

/** Runs the program to its end with the block compiler; returns the machine and its code cache. */
function run(program: Program, threshold: number, budget: number): { m: Machine; code: CodeCache } {
  const m = new Machine(program, { jit: true, threshold });
  for (let i = 0; !m.done && i < 100_000; i++) m.step(budget);
  assert.ok(m.done, 'the program finished');
  assert.ok(m.cpu.compiledBlocks > 0, 'something was compiled');
  const code = m.mem.codeObserver;
  assert.ok(code instanceof CodeCache);
  return { m, code };
}

/** The blocks and live traces of the program's text pages. */
function shapes(m: Machine, code: CodeCache, program: Program): { blocks: Block[]; traces: Trace[] } {
  const blocks: Block[] = [];
  const traces = new Set<Trace>();
  for (let vpn = TEXT >>> 12; vpn <= (TEXT + program.text.length) >>> 12; vpn++) {
    const frame = m.as.execMap[vpn]!;
    if (frame === Frame.None) continue;
    const page = code.existingBlocks(frame);
    if (page === undefined) continue;
    for (const b of page.at) if (b !== undefined && b.len > 0) blocks.push(b);
    for (const t of page.traces) if (t.live) traces.add(t);
  }
  return { blocks, traces: [...traces] };
}

/** Where the last instruction of a block can go: its targets, or undefined for a register jump (anywhere). */
function successors(m: Machine, b: Block): number[] | undefined {
  const end = (b.pc + 4 * b.len) | 0;
  if (b.len < 2) return [end];
  const cur = (b.pc + 4 * (b.len - 2)) | 0;
  const w = m.mem.i32[(b.frame + (cur & 4095)) >> 2]!;
  const op = decodeOp(w);
  switch (op) {
    case Op.Jr: case Op.Jalr: return undefined;
    case Op.J: case Op.Jal: return [(cur & 0xf0000000) | ((w & 0x03ffffff) << 2)];
    case Op.Beq: case Op.Bne: case Op.Blez: case Op.Bgtz: case Op.Bltz: case Op.Bgez: case Op.Bltzal: case Op.Bgezal:
    case Op.Beql: case Op.Bnel: case Op.Blezl: case Op.Bgtzl: case Op.Bltzl: case Op.Bgezl: case Op.Bltzall: case Op.Bgezall:
    case Op.Bc1f: case Op.Bc1t: case Op.Bc1fl: case Op.Bc1tl:
      return [(cur + 4 + ((w << 16) >> 14)) | 0, end];
    default: return [end];
  }
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

for (const [name, source] of [['ARITH', ARITH], ['PAGES', PAGES]] as const) {
  describe(`trace shapes: ${name}`, () => {
    const program = build(source);
    // A threshold above 1 so that blocks are interpreted (and their successors recorded) before compiling; budgets
    // long enough for cold runs of several blocks.
    for (const threshold of [4, 16]) {
      test(`threshold ${threshold}: every remembered successor is a real one`, () => {
        const { m, code } = run(program, threshold, 5000);
        const { blocks } = shapes(m, code, program);
        let checked = 0;
        for (const b of blocks) {
          const can = successors(m, b);
          if (can === undefined) continue;
          for (const to of b.next) {
            assert.ok(can.includes(to), `block ${hex(b.pc)} (${b.len} insns) remembers ${hex(to)}; it can go to ${can.map(hex).join(', ')}`);
            checked++;
          }
        }
        assert.ok(checked > 0, 'no successors were recorded');
      });
      test(`threshold ${threshold}: every block of a live trace enters that trace`, () => {
        const { m, code } = run(program, threshold, 5000);
        const { traces } = shapes(m, code, program);
        assert.ok(traces.length > 0, 'no live traces');
        for (const t of traces) {
          for (const b of t.members) {
            assert.equal(b.fn, t.fn, `block ${hex(b.pc)} of the trace headed ${hex(t.members[0]!.pc)} enters another trace`);
          }
        }
      });
    }
  });
}
