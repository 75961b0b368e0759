/**
 * src/fpu against the real instructions: every COP1/COP1X computational instruction, run on thousands of
 * deterministic cases through qemu-mipsel (guests/fpu/fpu_oracle.c) and through executeCop1, comparing result bits,
 * FCSR and whether the instruction trapped. Where qemu differs from Linux, expected.ts derives Linux's answer.
 * Also: FCSR/FIR/FpuState unit checks and hand-worked cases of the Linux-vs-qemu differences (these need no qemu).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeCop1, fpConditionBit, FpuOutcome, writeFcsr } from '../../src/fpu/cop1.js';
import { FpuState } from '../../src/fpu/state.js';
import { casesFor, type Case } from './cases.js';
import { Expectations, linuxRule, type Outcome } from './expected.js';
import { OPS } from './ops.js';
import { OracleBatch, oracleUnavailable } from './oracle.js';

function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const M32 = 0xffffffffn;
function set64(st: FpuState, reg: number, v: bigint): void {
  st.raw[reg] = Number(v & M32) | 0;
  st.raw[reg + 1] = Number((v >> 32n) & M32) | 0;
}
function get64(st: FpuState, reg: number): bigint {
  return (BigInt(st.raw[reg + 1]! >>> 0) << 32n) | BigInt(st.raw[reg]! >>> 0);
}

const st = new FpuState();
function runCase(c: Case): Outcome & { reserved: boolean } {
  st.raw.fill(0);
  set64(st, 0, c.fd);
  set64(st, 2, c.fs);
  set64(st, 4, c.ft);
  set64(st, 6, c.fr);
  st.fcsr = c.fcsr;
  const r = executeCop1(st, c.op.insn, c.gpr);
  return { fcsr: st.fcsr, fd: get64(st, 0), trapped: r === FpuOutcome.Exception, reserved: r === FpuOutcome.Reserved };
}

const hex = (x: bigint | number, n: number): string => x.toString(16).padStart(n, '0');
const show = (o: Outcome): string => `fcsr=${hex(o.fcsr, 8)} fd=${hex(o.fd, 16)}${o.trapped ? ' SIGFPE' : ''}`;

const unavailable = oracleUnavailable();

test('FPU instructions match qemu-mipsel (Linux rules where qemu differs)', { skip: unavailable ? `skipped: ${unavailable}` : false }, async (t) => {
  const cases: Case[] = OPS.flatMap((o) => casesFor(o, seedOf(o.name)));
  const batch = new OracleBatch();
  const exp = new Expectations(batch, cases);
  batch.run();
  exp.resolve();
  batch.run();

  const groups = new Map<string, { cases: number; derived: number; failures: string[] }>();
  cases.forEach((c, i) => {
    const g = groups.get(c.op.group) ?? { cases: 0, derived: 0, failures: [] };
    groups.set(c.op.group, g);
    g.cases++;
    const want = exp.outcome(i);
    const rule = want.derived ? linuxRule(c) : undefined;
    if (rule) g.derived++;
    const got = runCase(c);
    if (got.reserved || got.fcsr !== want.fcsr || got.fd !== want.fd || got.trapped !== want.trapped) {
      g.failures.push(
        `${c.op.name} fcsr=${hex(c.fcsr, 8)} gpr=${hex(c.gpr >>> 0, 8)} fs=${hex(c.fs, 16)} ft=${hex(c.ft, 16)} fr=${hex(c.fr, 16)} fd=${hex(c.fd, 16)}\n` +
          `    want ${show(want)}${rule ? ` (Linux rule: ${rule}; qemu says ${show(exp.qemu(i))})` : ''}\n` +
          `    got  ${got.reserved ? 'Reserved' : show(got)}`,
      );
    }
  });

  for (const [name, g] of groups) {
    await t.test(`${name}: ${g.cases} cases (${g.derived} by Linux rules)`, () => {
      assert.equal(g.failures.length, 0, `${g.failures.length} mismatches, first ones:\n${g.failures.slice(0, 8).join('\n')}`);
    });
  }
});

// ---- Cases worked by hand from the Linux / MIPS rules (independent of qemu) --------------------------------------

const ADD_S = 0x46041000; // add.s $f0,$f2,$f4
const MUL_S = 0x46041002; // mul.s $f0,$f2,$f4
const ABS_S = 0x46001005; // abs.s $f0,$f2
const MOV_D = 0x46201006; // mov.d $f0,$f2
const C_EQ_S_FCC0 = 0x46041032; // c.eq.s $f2,$f4
const CVT_W_S = 0x46001024; // cvt.w.s $f0,$f2

function single(insn: number, fcsr: number, a: number, b: number, fd = 0x12345678): { out: FpuOutcome; fcsr: number; fd: number } {
  const s = new FpuState();
  s.fcsr = fcsr;
  s.raw[2] = a;
  s.raw[4] = b;
  s.raw[0] = fd;
  const out = executeCop1(s, insn, 0);
  return { out, fcsr: s.fcsr, fd: s.raw[0]! >>> 0 };
}

test('FS=1 flushes a tiny result by rounding mode with Underflow+Inexact (Linux ieee754sp_format)', () => {
  // 0x00800001 * 0.5 = 2^-127 + 2^-150: tiny before rounding.
  const FS = 1 << 24;
  assert.deepEqual(single(MUL_S, FS | 0, 0x00800001, 0x3f000000), { out: FpuOutcome.Ok, fcsr: (FS | 0x3000 | 0x0c) >>> 0, fd: 0x00000000 });
  assert.deepEqual(single(MUL_S, FS | 2, 0x00800001, 0x3f000000), { out: FpuOutcome.Ok, fcsr: (FS | 2 | 0x3000 | 0x0c) >>> 0, fd: 0x00800000 });
  assert.deepEqual(single(MUL_S, FS | 3, 0x80800001, 0x3f000000), { out: FpuOutcome.Ok, fcsr: (FS | 3 | 0x3000 | 0x0c) >>> 0, fd: 0x80800000 });
  assert.deepEqual(single(MUL_S, FS | 3, 0x00800001, 0x3f000000), { out: FpuOutcome.Ok, fcsr: (FS | 3 | 0x3000 | 0x0c) >>> 0, fd: 0x00000000 });
});

test('FS=1 reads a subnormal operand as zero and raises Inexact (Linux FLUSHSP)', () => {
  const FS = 1 << 24;
  // 2^-149 + 2^-126 would be exact without FS; with FS the subnormal addend is dropped.
  assert.deepEqual(single(ADD_S, FS, 0x00000001, 0x00800000), { out: FpuOutcome.Ok, fcsr: (FS | 0x1000 | 0x04) >>> 0, fd: 0x00800000 });
  // compares flush silently: 2^-149 == 0
  const r = single(C_EQ_S_FCC0, FS, 0x00000001, 0x00000000);
  assert.equal(r.fcsr, (FS | (1 << 23)) >>> 0);
});

test('an exact tiny result signals Underflow when Underflow is enabled (IEEE 754 §7.4), destination untouched', () => {
  // 2^-126 * 0.5 = 2^-127, exact subnormal; U enabled (bit 8) -> cause U, trap.
  assert.deepEqual(single(MUL_S, 0x100, 0x00800000, 0x3f000000), { out: FpuOutcome.Exception, fcsr: 0x2100, fd: 0x12345678 });
  // without the enable: no exception at all
  assert.deepEqual(single(MUL_S, 0, 0x00800000, 0x3f000000), { out: FpuOutcome.Ok, fcsr: 0, fd: 0x00400000 });
});

test('abs.fmt is arithmetic with ABS2008=0: sNaN raises Invalid, cause is rewritten (Linux sp_simple.c)', () => {
  // legacy sNaN 0x7fc00000 -> default NaN 0x7fbfffff, Invalid cause+flag
  assert.deepEqual(single(ABS_S, 0, 0x7fc00000, 0), { out: FpuOutcome.Ok, fcsr: 0x10040, fd: 0x7fbfffff });
  // an ordinary value clears a stale cause
  assert.deepEqual(single(ABS_S, 0x1000, 0xbf800000, 0), { out: FpuOutcome.Ok, fcsr: 0, fd: 0x3f800000 });
});

test('mov.fmt copies bits and leaves FCSR alone, even with a stale cause', () => {
  const s = new FpuState();
  s.fcsr = 0x0001f000;
  s.raw[2] = 0x7fc00000; // sNaN halves: copied, not quieted
  s.raw[3] = 0x7ff80000;
  assert.equal(executeCop1(s, MOV_D, 0), FpuOutcome.Ok);
  assert.equal(s.fcsr, 0x0001f000);
  assert.deepEqual([s.raw[0], s.raw[1]], [0x7fc00000, 0x7ff80000]);
});

test('cvt.w.s of NaN or an out-of-range value gives 2^31-1 with Invalid only', () => {
  assert.deepEqual(single(CVT_W_S, 0, 0xcf000001, 0), { out: FpuOutcome.Ok, fcsr: 0x10040, fd: 0x7fffffff });
  assert.deepEqual(single(CVT_W_S, 0, 0x7f800001, 0), { out: FpuOutcome.Ok, fcsr: 0x10040, fd: 0x7fffffff });
  assert.deepEqual(single(CVT_W_S, 0x800, 0xcf000001, 0), { out: FpuOutcome.Exception, fcsr: 0x10800, fd: 0x12345678 });
});

test('FR=0: an odd register number in a double operation names the even/odd pair below it (Linux cp1emu)', () => {
  const s = new FpuState();
  s.double[1] = 1.25; // $f2/$f3
  s.double[2] = 2.5; // $f4/$f5
  assert.equal(executeCop1(s, 0x46251840, 0), FpuOutcome.Ok); // add.d $f1,$f3,$f5
  assert.equal(s.double[0], 3.75);
});

test('fpConditionBit: cc0 is bit 23, cc1..cc7 are bits 25..31', () => {
  assert.equal(fpConditionBit(0), 0x00800000);
  assert.equal(fpConditionBit(1), 0x02000000);
  assert.equal(fpConditionBit(7), 0x80000000);
});

test('writeFcsr keeps the read-only bits 22:18 and reports a pending enabled cause', () => {
  const s = new FpuState();
  assert.equal(writeFcsr(s, 0xffffffff & ~0x3f000), false);
  assert.equal(s.fcsr, 0xff80_0fff);
  assert.equal(writeFcsr(s, 0x00001080), true); // Inexact cause with Inexact enabled
  assert.equal(writeFcsr(s, 0x00001000), false); // cause without enable: nothing pending
  assert.equal(writeFcsr(s, 0x00020000), true); // Unimplemented is always enabled
});

test('Reserved: unknown functions and formats, paired single, cvt.s.s, W/L arithmetic', () => {
  const s = new FpuState();
  assert.equal(executeCop1(s, 0x46c41000, 0), FpuOutcome.Reserved); // add.ps
  assert.equal(executeCop1(s, 0x46001020, 0), FpuOutcome.Reserved); // cvt.s.s
  assert.equal(executeCop1(s, 0x46201021, 0), FpuOutcome.Reserved); // cvt.d.d
  assert.equal(executeCop1(s, 0x46841000, 0), FpuOutcome.Reserved); // add.w
  assert.equal(executeCop1(s, 0x46041010, 0), FpuOutcome.Reserved); // function 0x10 (unused)
  assert.equal(executeCop1(s, 0x4c000026, 0), FpuOutcome.Reserved); // COP1X op4=4 fmt=6: madd.ps
  assert.equal(executeCop1(s, 0x44000000, 0), FpuOutcome.Reserved); // not COP1 computational (rs=0 handled by caller, fmt 0 reserved here)
});

test('FpuState: doubles live in even/odd pairs, low word first; copyFrom copies everything', () => {
  const s = new FpuState();
  s.double[1] = 1.5; // $f2/$f3
  assert.equal(s.raw[2], 0);
  assert.equal(s.raw[3], 0x3ff80000);
  s.single[5] = -2;
  assert.equal(s.raw[5]! >>> 0, 0xc0000000);
  s.fcsr = 0x01000003;
  const t = new FpuState();
  t.copyFrom(s);
  assert.deepEqual([...t.raw], [...s.raw]);
  assert.equal(t.fcsr, 0x01000003);
  assert.equal(t.fir, s.fir);
  assert.equal(s.fir & 0x00f30000, 0x00330000); // S, D, W, L; no F64 (FR=0), no HAS2008 (legacy NaN)
});
