/**
 * Random-program differential test of the CPU: a few hundred seeded random sequences (straight-line and branchy,
 * ~50 instructions each, fuzz-gen.ts) run from random initial states under qemu-mipsel (the oracle), under Trapgate's
 * interpreter and under its block compiler, two ways: every block compiled at its first execution (one block per
 * function, registers in the register file), and past a threshold of 2 (the second of each sequence's three passes
 * compiles traces of several blocks, which keep registers in JavaScript locals), that one in the compiler's
 * assertion mode (every local checked to be an int32). The final GPRs, HI/LO, FCSR, FPRs, the signal log, the
 * scratch buffer and the state at every block boundary of most programs (checkpoints, fuzz-program.ts) must be
 * equal, pass by pass. Results are used at once, in the same block, in ways that tell a true int32 from a wrong
 * one (fuzz-gen-use.ts): before those, a wrong local went unseen (issue 8, madd/msub).
 *
 * The per-instruction test (instructions.test.ts) checks each table entry alone; this one checks what only
 * sequences reach: values flowing between instructions, delay slots of every kind (likely, linking, register jumps,
 * FPU branches) with any instruction in them, FR=0 register pairs written as singles and read as doubles, condition
 * codes set by compares and read by branches and moves, exceptions in the middle of compiled blocks.
 *
 * FUZZ_SEED=<n> runs another seed; FUZZ_PROGRAMS=<n> another count. A failure prints the program's seed and index,
 * the differing words and the assembly.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGuest, type MachineResult } from '../cpu/machine.js';
import { findQemu, runUnderQemu, type RunResult } from '../guests/run-guest.js';
import { compile, cSource, makeProgram, OUTPUT_NAMES, PASSES, type FuzzProgram } from './fuzz-program.js';
import { parseOutput, toolsMissing } from './insn-program.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed1e55) >>> 0;
const PROGRAMS = Number(process.env['FUZZ_PROGRAMS'] ?? 320);
const LENGTH = 50;
const BATCHES = 2;

function programs(): FuzzProgram[] {
  const out: FuzzProgram[] = [];
  for (let i = 0; i < PROGRAMS; i++) {
    // A quarter straight-line, the rest with branches at rising densities; results used at once in two thirds;
    // checkpoints at block boundaries in half (without them, traces run on across blocks).
    const branchiness = [0, 0.1, 0.2, 0.35][i % 4]!;
    const uses = [0.5, 0.8, 0][(i >> 2) % 3]!;
    const checkpoints = ((i >> 2) & 1) === 0;
    out.push(makeProgram((SEED + Math.imul(i, 0x9e3779b1)) >>> 0, i, { length: LENGTH, branchiness, uses, checkpoints }));
  }
  return out;
}

const ENGINES = {
  interpreter: { jit: false },
  compiler: { jit: true, threshold: 1 },
  traces: { jit: true, threshold: 2, checkLocals: true },
} as const;
type Engine = keyof typeof ENGINES;

interface Batch extends Record<Engine, MachineResult> {
  programs: FuzzProgram[];
  qemu: RunResult;
}

const why = toolsMissing() ?? (findQemu() === null ? 'qemu-mipsel not found (install qemu-user or set QEMU_MIPSEL)' : undefined);
if (why) console.log(`# fuzz.test: skipped — ${why}`);

describe('random programs: qemu-mipsel = interpreter = block compiler', { skip: why }, () => {
  let dir = '';
  const batches: Batch[] = [];
  const timings: string[] = [];

  before(async () => {
    const t0 = Date.now();
    dir = mkdtempSync(path.join(os.tmpdir(), 'trapgate-fuzz-'));
    const all = programs();
    const parts: FuzzProgram[][] = [];
    const per = Math.ceil(all.length / BATCHES);
    for (let i = 0; i < all.length; i += per) parts.push(all.slice(i, i + per));
    // real and ref of a batch are built together; the batches one after the other (2 cores).
    const bins: Array<[string, string]> = [];
    for (const [k, ps] of parts.entries()) {
      bins.push(await Promise.all([compile(cSource(ps, false), dir, `real${k}`), compile(cSource(ps, true), dir, `ref${k}`)]));
    }
    timings.push(`generated and built ${all.length} programs in ${parts.length} batches: ${Date.now() - t0} ms`);
    const t1 = Date.now();
    const qemuRuns = Promise.all(bins.map(([, ref]) => runUnderQemu(ref, [], { timeoutMs: 60_000 })));
    const ours = bins.map(([real]) => ({
      interpreter: runGuest(real, [], ENGINES.interpreter),
      compiler: runGuest(real, [], ENGINES.compiler),
      traces: runGuest(real, [], ENGINES.traces),
    }));
    const qemu = await qemuRuns;
    parts.forEach((ps, k) => batches.push({ programs: ps, qemu: qemu[k]!, ...ours[k]! }));
    timings.push(`ran them under qemu-mipsel, the interpreter and the block compiler: ${Date.now() - t1} ms`);
  });

  after(() => {
    if (dir && !process.env['KEEP_FUZZ_TMP']) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`# kept ${dir}`);
  });

  test('every run completes', (t) => {
    for (const line of timings) t.diagnostic(line);
    for (const [k, b] of batches.entries()) {
      assert.equal(b.qemu.status, 0, `batch ${k} under qemu: ${b.qemu.stderr}`);
      assert.equal(b.interpreter.status, 0, `batch ${k} under the interpreter: ${b.interpreter.stderr}`);
      assert.equal(b.compiler.status, 0, `batch ${k} under the block compiler: ${b.compiler.stderr}`);
      assert.equal(b.traces.status, 0, `batch ${k} under the block compiler (threshold 2): ${b.traces.stderr}`);
      assert.ok(b.compiler.compiled > b.programs.length, `batch ${k}: the block compiler compiled only ${b.compiler.compiled} blocks`);
      // The mechanism the threshold-2 run is there for: traces that keep registers in locals.
      assert.ok(b.traces.compiledWithLocals > b.programs.length,
        `batch ${k}: only ${b.traces.compiledWithLocals} of ${b.traces.compiled} traces kept registers in locals`);
      t.diagnostic(`batch ${k}: threshold 1 compiled ${b.compiler.compiled} traces; threshold 2 ${b.traces.compiled}, ${b.traces.compiledWithLocals} with locals`);
    }
  });

  test('checkpoints are reached', () => {
    // The checkpoint handler must work on qemu-mipsel, or the per-block comparison would compare nothing.
    let passed = 0;
    for (const b of batches) {
      for (const line of parseOutput(b.qemu.stdout.toString('utf8')).values()) passed += Number(line.split(' ')[OUTPUT_NAMES.length]);
    }
    assert.ok(passed > PROGRAMS * PASSES, `only ${passed} checkpoints passed under qemu-mipsel`);
  });

  for (const engine of Object.keys(ENGINES) as Engine[]) {
    test(`${engine}: every program passes qemu-mipsel's states`, (t) => {
      const bad: string[] = [];
      let compared = 0;
      for (const b of batches) {
        const q = parseOutput(b.qemu.stdout.toString('utf8'));
        const g = parseOutput(b[engine].stdout);
        b.programs.forEach((p, i) => {
          for (let pass = 0; pass < PASSES; pass++) {
            compared++;
            const line = i * PASSES + pass;
            const diff = difference(q.get(line), g.get(line));
            if (diff !== undefined) bad.push(report(p, i, pass, diff));
          }
        });
      }
      t.diagnostic(`${compared} program runs compared, ${bad.length} differ`);
      for (const line of bad) t.diagnostic(line.split('\n').slice(0, 2).join(' '));
      if (bad.length > 0) assert.fail(`${bad.length} of ${compared} program runs differ; first ones:\n\n${bad.slice(0, 4).join('\n\n')}`);
    });
  }
});

/**
 * The first checkpoint whose state differs, then the differing words of the final state as `name: qemu, trapgate`;
 * undefined when equal.
 */
function difference(qemu: string | undefined, ours: string | undefined): string | undefined {
  if (qemu === undefined || ours === undefined) return qemu === ours ? undefined : `line missing (qemu ${qemu === undefined ? 'none' : 'present'})`;
  if (qemu === ours) return undefined;
  const a = qemu.split(' '), b = ours.split(' ');
  const out: string[] = [];
  const n = OUTPUT_NAMES.length;
  const ca = a.slice(n + 1), cb = b.slice(n + 1);
  const first = ca.findIndex((h, k) => h !== cb[k]);
  if (a[n] !== b[n] || first >= 0) {
    out.push(`checkpoints: qemu passed ${a[n]}, trapgate ${b[n]}${first >= 0 ? `; the state first differs at checkpoint ${first}` : ''}`);
  }
  OUTPUT_NAMES.forEach((name, k) => { if (a[k] !== b[k]) out.push(`${name}: qemu ${a[k]} trapgate ${b[k]}`); });
  return out.join('\n  ');
}

function report(p: FuzzProgram, index: number, pass: number, diff: string): string {
  return [
    `program ${index} pass ${pass} (seed 0x${p.seed.toString(16)}; checkpoints are the \`teq $0, $0, 1023\` lines, from 0):`,
    `  ${diff}`,
    `  initial state: ${OUTPUT_NAMES.slice(0, p.init.length).map((n, k) => `${n}=${p.init[k]!.toString(16)}`).join(' ')}`,
    '  assembly:',
    ...p.real.map((l) => (l.endsWith(':') ? `  ${l}` : `      ${l}`)),
  ].join('\n');
}
