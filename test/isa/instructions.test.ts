/**
 * Differential test of every non-alias entry of the instruction table (src/isa/table.ts) against qemu-mipsel
 * running the same static binary.
 *
 * For each entry, cases are generated from its operand template (test/isa/insn-gen-*.ts) with a fixed-seed PRNG
 * plus edge values; each case is a small assembly function that loads inputs, runs the instruction(s) and stores
 * every result it may produce (GPRs, HI/LO, FPRs, FCSR, memory). Cases are batched into a few C programs built
 * with mipsel-linux-gnu-gcc -O1 -static at test time; each prints one line of hex per case; qemu-mipsel's and
 * Trapgate's lines must be equal. Where qemu-mipsel and Linux disagree, Linux wins (DESIGN.md): such a case
 * carries a `ref` variant that qemu runs instead (e.g. a misaligned lw done with lwl/lwr, the value Linux's
 * unaligned-access fix-up produces). Cases that end the process (overflow, traps, break, FPU exceptions,
 * privileged instructions) run one per process and are checked by exit status against Linux's rules.
 *
 * Coverage is checked on the built binaries: every case's tested region must contain its target entry's encoding,
 * and every non-alias entry must be matched by some word of some tested region, so a new table entry fails this
 * test until a generator makes cases for it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INSTRUCTIONS, type InstrDef } from '../../src/isa/table.js';
import { findQemu, runUnderQemu, runUnderTrapgate, type RunResult } from '../guests/run-guest.js';
import { Rng, type Case } from './insn-case.js';
import { branchCases } from './insn-gen-branch.js';
import { fpuCases } from './insn-gen-fpu.js';
import { intCases } from './insn-gen-int.js';
import { memCases } from './insn-gen-mem.js';
import { NONE, trapCases, type TrapCase } from './insn-gen-trap.js';
import { buildProgram, caseText, parseOutput, testedWords, toolsMissing } from './insn-program.js';

const SEED = 0x7a9e1234;
const BATCH = 700;
const RUN_TIMEOUT_MS = 150_000;

/** Entries that only occur in trap programs (they end the process), with the reason. */
const ONLY_IN_TRAP_PROGRAMS: Record<string, string> = {
  break: 'always raises Breakpoint: checked by exit status (SIGTRAP, or SIGFPE for codes 6/7 on Linux)',
  cache: 'privileged: user mode gets Coprocessor Unusable(0) → SIGILL; checked by exit status',
};

const NON_ALIAS: readonly InstrDef[] = INSTRUCTIONS.filter((d) => !d.alias);

function seedFor(name: string): number {
  let h = 0x811c9dc5 ^ SEED;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function generate(): { cases: Case[]; noGenerator: string[] } {
  const cases: Case[] = [];
  const noGenerator: string[] = [];
  for (const def of NON_ALIAS) {
    if (ONLY_IN_TRAP_PROGRAMS[def.name] !== undefined) continue;
    const rng = new Rng(seedFor(def.name));
    const made = branchCases(def, rng) ?? memCases(def, rng) ?? fpuCases(def, rng) ?? intCases(def, rng);
    if (made === undefined || made.length === 0) noGenerator.push(`${def.name} [${def.args}]`);
    else cases.push(...made);
  }
  return { cases, noGenerator };
}

interface Mismatch {
  c: Case;
  index: number;
  batch: number;
  qemu: string | undefined;
  trapgate: string | undefined;
}

interface Results {
  cases: Case[];
  noGenerator: string[];
  batches: Case[][];
  /** Per batch: the qemu and Trapgate runs. */
  runs: Array<{ qemu: RunResult; trapgate: RunResult }>;
  mismatches: Mismatch[];
  /** Tested-region words per batch and case. */
  words: number[][][];
  traps: TrapCase[];
  trapWords: number[][];
  trapRuns: Array<{ qemu: RunResult; trapgate: RunResult }>;
  timings: string[];
}

async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, async () => {
    while (next < jobs.length) {
      const k = next++;
      out[k] = await jobs[k]!();
    }
  }));
  return out;
}

const why = toolsMissing() ?? (findQemu() === null ? 'qemu-mipsel not found (install qemu-user or set QEMU_MIPSEL)' : undefined);
if (why) console.log(`# instructions.test: skipped — ${why}`);

describe('instruction table: differential test against qemu-mipsel', { skip: why }, () => {
  let dir = '';
  let results: Results;

  before(async () => {
    const t0 = Date.now();
    dir = mkdtempSync(path.join(os.tmpdir(), 'trapgate-insn-'));
    const { cases, noGenerator } = generate();
    const traps = trapCases();
    const batches: Case[][] = [];
    for (let i = 0; i < cases.length; i += BATCH) batches.push(cases.slice(i, i + BATCH));
    const timings: string[] = [`generated ${cases.length} cases + ${traps.length} trap cases in ${Date.now() - t0} ms`];

    const t1 = Date.now();
    const bins = await pool([...batches.map((b, i) => () => buildProgram(b, dir, `batch${i}`)), () => buildProgram(traps, dir, 'traps')], 2);
    const trapBin = bins.pop()!;
    timings.push(`built ${bins.length + 1} programs in ${Date.now() - t1} ms`);
    const words = await Promise.all(bins.map((b, i) => testedWords(b, batches[i]!.length)));
    const trapWords = await testedWords(trapBin, traps.length);

    const t2 = Date.now();
    const opts = { timeoutMs: RUN_TIMEOUT_MS };
    const runs = await pool(bins.map((bin) => async () => {
      const [qemu, trapgate] = await Promise.all([runUnderQemu(bin, ['ref'], opts), runUnderTrapgate(bin, ['real'], opts)]);
      return { qemu, trapgate };
    }), 2);
    timings.push(`ran ${bins.length} batches under qemu and Trapgate in ${Date.now() - t2} ms`);

    const t3 = Date.now();
    const trapRuns = await pool(traps.map((_, i) => async () => {
      const [qemu, trapgate] = await Promise.all([runUnderQemu(trapBin, ['ref', String(i)], opts), runUnderTrapgate(trapBin, ['real', String(i)], opts)]);
      return { qemu, trapgate };
    }), 3);
    timings.push(`ran ${traps.length} trap programs in ${Date.now() - t3} ms`);

    const mismatches: Mismatch[] = [];
    batches.forEach((b, bi) => {
      const q = parseOutput(runs[bi]!.qemu.stdout.toString('utf8'));
      const g = parseOutput(runs[bi]!.trapgate.stdout.toString('utf8'));
      b.forEach((c, i) => {
        if (q.get(i) === undefined || q.get(i) !== g.get(i)) mismatches.push({ c, index: i, batch: bi, qemu: q.get(i), trapgate: g.get(i) });
      });
    });
    results = { cases, noGenerator, batches, runs, mismatches, words, traps, trapWords, trapRuns, timings };
    timings.push(`total ${Date.now() - t0} ms`);
  });

  after(() => {
    if (dir && !process.env['KEEP_INSN_TMP']) rmSync(dir, { recursive: true, force: true });
    else if (dir) console.log(`# kept ${dir}`);
  });

  test('both emulators run every batch to completion', (t) => {
    for (const line of results.timings) t.diagnostic(line);
    results.runs.forEach((r, i) => {
      assert.equal(r.qemu.status, 0, `batch ${i} under qemu-mipsel: status ${r.qemu.status}\n${r.qemu.stderr}`);
      assert.equal(r.trapgate.status, 0, `batch ${i} under Trapgate: status ${r.trapgate.status}\n${r.trapgate.stderr.slice(0, 2000)}` +
        `\n(last case printed: ${lastIndex(r.trapgate.stdout.toString('utf8'))}; next case: ${describeCase(results.batches[i]!, lastIndex(r.trapgate.stdout.toString('utf8')) + 1)})`);
    });
  });

  test('every non-alias table entry is exercised (coverage on the built binaries)', (t) => {
    const covered = new Set<string>();
    const wrong: string[] = [];
    const note = (words: number[], c: Case, where: string): void => {
      for (const w of words) for (const d of NON_ALIAS) if (((w & d.mask) >>> 0) === d.match) covered.add(d.name);
      if (c.target === NONE) return;
      const d = NON_ALIAS.find((x) => x.name === c.target);
      if (!d || !words.some((w) => ((w & d.mask) >>> 0) === d.match)) wrong.push(`${where}: target ${c.target} not in its tested region (${c.label})`);
    };
    results.batches.forEach((b, bi) => b.forEach((c, i) => note(results.words[bi]![i]!, c, `batch ${bi} case ${i}`)));
    results.traps.forEach((c, i) => note(results.trapWords[i]!, c, `trap case ${i}`));
    const perEntry = new Map<string, number>();
    for (const c of [...results.cases, ...results.traps]) perEntry.set(c.target, (perEntry.get(c.target) ?? 0) + 1);
    t.diagnostic(`${NON_ALIAS.length} non-alias entries; ${results.cases.length} cases + ${results.traps.length} trap cases; ` +
      `fewest cases: ${[...perEntry].sort((a, b) => a[1] - b[1]).slice(0, 5).map(([n, k]) => `${n} ${k}`).join(', ')}`);
    for (const [name, reason] of Object.entries(ONLY_IN_TRAP_PROGRAMS)) t.diagnostic(`${name}: only in trap programs — ${reason}`);
    assert.deepEqual(results.noGenerator, [], `entries with no case generator (add one in test/isa/insn-gen-*.ts): ${results.noGenerator.join(', ')}`);
    assert.deepEqual(wrong, []);
    const missing = NON_ALIAS.filter((d) => !covered.has(d.name)).map((d) => d.name);
    assert.deepEqual(missing, [], `table entries no tested region exercises: ${missing.join(', ')}`);
  });

  const CATEGORIES = ['alu', 'hilo', 'trap-false', 'rdhwr', 'misc', 'branch', 'load', 'store', 'llsc', 'misaligned',
    'fpu', 'fpu-compare', 'fpu-move', 'fpu-mem', 'fpu-control'];
  test('every case belongs to a reported category', () => {
    const other = [...new Set(results.cases.map((c) => c.category))].filter((c) => !CATEGORIES.includes(c));
    assert.deepEqual(other, []);
  });
  for (const cat of CATEGORIES) {
    test(`${cat}: Trapgate matches qemu-mipsel (Linux where they differ)`, (t) => {
      const all = results.cases.filter((c) => c.category === cat);
      const bad = results.mismatches.filter((m) => m.c.category === cat);
      t.diagnostic(`${all.length} cases (${new Set(all.map((c) => c.target)).size} entries), ${bad.length} mismatches`);
      const noted = all.filter((c) => c.note).length;
      if (noted) t.diagnostic(`${noted} cases with a note (qemu-defined or Linux-vs-qemu), e.g.: ${all.find((c) => c.note)!.note}`);
      if (bad.length) {
        const byTarget = new Map<string, number>();
        for (const m of bad) byTarget.set(m.c.target, (byTarget.get(m.c.target) ?? 0) + 1);
        t.diagnostic(`mismatches by entry: ${[...byTarget].map(([n, k]) => `${n} ${k}`).join(', ')}`);
      }
      assert.ok(all.length > 0, `no ${cat} cases`);
      if (bad.length > 0) assert.fail(`${bad.length} of ${all.length} ${cat} cases differ; first ones:\n\n` + bad.slice(0, 12).map(report).join('\n\n'));
    });
  }

  test('rdhwr: hardware registers agree (values reported)', (t) => {
    const cases = results.cases.filter((c) => c.category === 'rdhwr');
    for (const c of cases) {
      const m = results.mismatches.find((x) => x.c === c);
      const loc = locate(c);
      const q = parseOutput(results.runs[loc.batch]!.qemu.stdout.toString('utf8')).get(loc.index);
      t.diagnostic(`${c.label}: qemu ${q ?? '(none)'}${m ? ` / Trapgate ${m.trapgate ?? '(none)'}` : ''}`);
    }
    // CCRes (rdhwr $3) is 2 on MIPS32r2 cores Linux runs on (reference linux-mips-abi.md §7: simulate_rdhwr
    // returns 1 only for 20KC/25KF, else 2); TP + tprel(isa_tls) must read the initialised TLS variable.
    for (const c of cases) {
      const loc = locate(c);
      const g = parseOutput(results.runs[loc.batch]!.trapgate.stdout.toString('utf8')).get(loc.index);
      if (/rdhwr \$\d+, \$3$/.test(c.label)) assert.equal(g, '00000002', `${c.label}: CCRes`);
      if (/\$29/.test(c.label)) assert.equal(g, '00000001 12345678', `${c.label}: TP non-zero and pointing at the TLS block`);
    }
  });

  test('trap programs: exit status is Linux\'s', (t) => {
    const bad: string[] = [];
    const qemuDiff: string[] = [];
    results.traps.forEach((c, i) => {
      const r = results.trapRuns[i]!;
      const expectQemu = c.qemu?.status ?? c.linux;
      if (r.trapgate.status !== c.linux) {
        bad.push(`trap case ${i} ${c.target}: ${c.label}\n  Linux ${c.linux}, Trapgate ${r.trapgate.status}` +
          ` (qemu ${r.qemu.status})\n  stdout: ${r.trapgate.stdout.toString('utf8').trim()} stderr: ${r.trapgate.stderr.trim().slice(0, 300)}\n` +
          caseText(c, i).replace(/^/gm, '    '));
      }
      if (r.qemu.status !== expectQemu) qemuDiff.push(`trap case ${i} ${c.label}: qemu ${r.qemu.status}, expected ${expectQemu}`);
      if (c.qemu && r.qemu.status === c.qemu.status) t.diagnostic(`known qemu difference: ${c.label}: Linux ${c.linux}, qemu ${r.qemu.status} — ${c.qemu.why}`);
    });
    t.diagnostic(`${results.traps.length} trap programs`);
    // qemu is the sanity check of the Linux model: it must agree except where a difference is documented.
    assert.deepEqual(qemuDiff, [], 'qemu-mipsel disagrees with the expected (Linux or documented qemu) status');
    if (bad.length) assert.fail(`${bad.length} trap cases end differently from Linux:\n\n${bad.join('\n\n')}`);
  });

  function locate(c: Case): { batch: number; index: number } {
    for (let b = 0; b < results.batches.length; b++) {
      const i = results.batches[b]!.indexOf(c);
      if (i >= 0) return { batch: b, index: i };
    }
    throw new Error('case not found');
  }
});

function lastIndex(stdout: string): number {
  const lines = stdout.trim().split('\n');
  const n = parseInt(lines[lines.length - 1] ?? '', 10);
  return Number.isNaN(n) ? -1 : n;
}

function describeCase(batch: Case[], i: number): string {
  const c = batch[i];
  return c ? `#${i} ${c.target}: ${c.label}\n${caseText(c, i)}` : '(none)';
}

function report(m: Mismatch): string {
  const q = m.qemu?.split(' ') ?? [];
  const g = m.trapgate?.split(' ') ?? [];
  const rows = m.c.outNames.map((n, k) => `    ${n.padEnd(22)} ${(q[k] ?? '-').padEnd(10)} ${(g[k] ?? '-').padEnd(10)}${q[k] !== g[k] ? ' <--' : ''}`);
  return [
    `[${m.c.category}] batch ${m.batch} case ${m.index}: ${m.c.target}: ${m.c.label}`,
    ...(m.c.note ? [`  note: ${m.c.note}`] : []),
    m.qemu === undefined ? '  (no qemu output for this case)' : m.trapgate === undefined ? '  (no Trapgate output: the run stopped before this case)' : '',
    `    ${'output'.padEnd(22)} ${'qemu'.padEnd(10)} trapgate`,
    ...rows,
    '  assembly (Trapgate):',
    caseText(m.c, m.index).replace(/^/gm, '    '),
    ...(m.c.ref ? ['  assembly (qemu, ref):', caseText(m.c, m.index, true).replace(/^/gm, '    ')] : []),
  ].filter((l) => l !== '').join('\n');
}
