/**
 * Expected outcome of a case. The oracle (qemu-mipsel 7.2 running the real instruction) is the truth, except where
 * qemu is known to differ from Linux / the MIPS architecture; there the expectation is derived from oracle answers
 * to related questions plus the documented Linux rule, never from src/fpu:
 *
 * 1. FS = 1. qemu 7.2 only flushes results, to a signed zero, raising nothing (target/mips/fpu_helper.h sets
 *    flush_to_zero only, and softfloat's output_denormal flag is not mapped to a MIPS cause). Linux math-emu
 *    (arch/mips/math-emu/ieee754int.h FLUSHSP/FLUSHDP, ieee754sp.c/ieee754dp.c *_format) reads a subnormal operand
 *    as a zero of its sign and raises Inexact (compares flush silently: ieee754sp_cmp clears the cause afterwards),
 *    and replaces a result that is tiny before rounding by ±0 or ±smallest-normal per rounding mode, raising
 *    Underflow and Inexact. Derivation: ask the oracle with FS = 0 and flushed operands, and again in RZ to learn
 *    whether the exact result is tiny (|x| < 2^emin <=> RZ(x) is subnormal, or RZ(x) = 0 with Inexact).
 * 2. Underflow enabled and an exact tiny result. IEEE 754-1985 §7.4 and Linux (*_format: "if (ieee754_csr.mx &
 *    IEEE754_UNDERFLOW) ieee754_setcx(IEEE754_UNDERFLOW)") signal Underflow; qemu 7.2 does not. Linux's add returns
 *    a zero operand's partner directly, so 0 + subnormal is exempt.
 * 3. abs.fmt / neg.fmt with ABS2008 = 0 are arithmetic: Linux computes them as 0 + x / 0 - x rounding down
 *    (dp_simple.c / sp_simple.c, Maciej Rozycki 2015, "MIPS: math-emu: Add IEEE Std 754-2008 ABS.fmt and NEG.fmt
 *    emulation"); qemu 7.2 flips the sign bit and leaves FCSR alone. Derivation: the oracle's add/sub in RD.
 * 4. madd family when 1 or 2 applies: the unfused product and sum are derived step by step (the composition itself
 *    is checked against qemu directly in every other case).
 * Trap semantics applied to derived causes (as qemu's update_fcr31 and the MIPS manual): Cause = all exceptions of
 * the operation; if Cause & (Enables | Unimplemented): no write, Flags unchanged; else Flags |= Cause.
 */
import type { Case } from './cases.js';
import type { Fmt, Op } from './ops.js';
import { OPS } from './ops.js';
import type { OracleBatch } from './oracle.js';

const FS_BIT = 1 << 24;
const ENABLES = 0x1f << 7;
const CAUSE = 0x3f << 12;
const I = 0x01;
const U = 0x02;

export interface Outcome {
  fcsr: number;
  fd: bigint;
  trapped: boolean;
}

/** Result of an operation before trap handling. */
interface Untrapped {
  fd: bigint;
  cause: number;
  /** oracle FCSR after the operation (source of a compare's condition bit) */
  fcsr: number;
  /** a Linux rule changed something: without it, qemu's direct answer is the expectation */
  changed: boolean;
}

const opByName = new Map(OPS.map((o) => [o.name, o]));
function op(name: string): Op {
  const o = opByName.get(name);
  if (!o) throw new Error(`no op ${name}`);
  return o;
}

const width = (f: Fmt): bigint => (f === 'S' || f === 'W' ? 32n : 64n);
const mask = (f: Fmt): bigint => (1n << width(f)) - 1n;
const signBit = (f: Fmt): bigint => 1n << (width(f) - 1n);
const fracBits = (f: Fmt): bigint => (f === 'S' ? 23n : 52n);
const expMask = (f: Fmt): bigint => (f === 'S' ? 0xffn : 0x7ffn);

function field(x: bigint, f: Fmt): bigint {
  return x & mask(f);
}
function isSubnormal(x: bigint, f: Fmt): boolean {
  const v = field(x, f);
  return ((v >> fracBits(f)) & expMask(f)) === 0n && (v & ((1n << fracBits(f)) - 1n)) !== 0n;
}
function isZero(x: bigint, f: Fmt): boolean {
  return (field(x, f) & ~signBit(f)) === 0n;
}
function isNegative(x: bigint, f: Fmt): boolean {
  return (field(x, f) & signBit(f)) !== 0n;
}
/** Replaces the low `f`-sized part of a register value. */
function withField(reg: bigint, v: bigint, f: Fmt): bigint {
  return (reg & ~mask(f)) | (v & mask(f));
}
function minNormal(f: Fmt): bigint {
  return 1n << fracBits(f);
}
/** Linux's FS replacement of a tiny result (ieee754sp_format / ieee754dp_format with ieee754_csr.nod). */
function flushedTiny(neg: boolean, rm: number, f: Fmt): bigint {
  const sign = neg ? signBit(f) : 0n;
  if (rm === 2 && !neg) return minNormal(f);
  if (rm === 3 && neg) return sign | minNormal(f);
  return sign;
}

interface Question {
  op: Op;
  fcsr: number;
  gpr: number;
  fs: bigint;
  ft: bigint;
  fr: bigint;
  fd: bigint;
}

/** One rounding (or no rounding) operation with Linux's FS and exact-underflow rules. */
function planSimple(b: OracleBatch, q: Question): () => Untrapped {
  const o = q.op;
  const fsOn = (q.fcsr & FS_BIT) !== 0;
  const uEnabled = (q.fcsr & (U << 7)) !== 0;
  const operands = [q.fs, q.ft, q.fr];
  let extra = 0;
  if (fsOn && (o.src === 'S' || o.src === 'D')) {
    for (let i = 0; i < o.inputs; i++) {
      if (isSubnormal(operands[i]!, o.src)) {
        operands[i] = operands[i]! & ~mask(o.src) | (isNegative(operands[i]!, o.src) ? signBit(o.src) : 0n);
        if (o.kind !== 'cmp') extra |= I;
      }
    }
  }
  const base = (q.fcsr & ~(FS_BIT | ENABLES | CAUSE)) >>> 0;
  const [a, c, d] = operands as [bigint, bigint, bigint];
  const iB = b.ask(o.name, base, q.gpr, a, c, d, q.fd);
  const iC = fsOn && o.rounds ? b.ask(o.name, ((base & ~3) | 1) >>> 0, q.gpr, a, c, d, q.fd) : -1;
  const zeroAddend = (o.group.startsWith('add.') || o.group.startsWith('sub.')) && (isZero(a, o.src) || isZero(c, o.src));
  return () => {
    const B = b.answer(iB);
    let fd = B.fd;
    let cause = ((B.fcsr >>> 12) & 0x3f) | extra;
    let changed = extra !== 0 || operands.some((v, i) => v !== [q.fs, q.ft, q.fr][i]);
    const dst = o.dst as Fmt;
    if (iC >= 0) {
      const C = b.answer(iC);
      const rz = field(C.fd, dst);
      const inexactRz = ((C.fcsr >>> 12) & I) !== 0;
      if (isSubnormal(rz, dst) || (isZero(rz, dst) && inexactRz)) {
        fd = withField(q.fd, flushedTiny(isNegative(rz, dst), q.fcsr & 3, dst), dst);
        cause = extra | U | I;
        changed = true;
      }
    } else if (uEnabled && o.rounds && !zeroAddend && isSubnormal(field(fd, dst), dst) && (cause & I) === 0) {
      cause |= U;
      changed = true;
    }
    return { fd, cause, fcsr: B.fcsr, changed };
  };
}

/** Linux legacy abs/neg: 0 + x or 0 - x, rounding down. */
function planAbsNeg(b: OracleBatch, c: Case): () => Untrapped {
  const f = c.op.src;
  const useSub = c.op.name.startsWith('neg') || isNegative(c.fs, f);
  return planSimple(b, { op: op(`${useSub ? 'sub' : 'add'}.${f.toLowerCase()}`), fcsr: (c.fcsr | 3) >>> 0, gpr: 0, fs: 0n, ft: c.fs, fr: 0n, fd: c.fd });
}

/** Unfused madd family: the product question now, the sum question once the product is known. */
function planMadd(b: OracleBatch, c: Case): (b2: OracleBatch) => () => Untrapped {
  const f = c.op.src;
  const s = f.toLowerCase();
  const name = c.op.name.split('.')[0]!;
  const product = planSimple(b, { op: op(`mul.${s}`), fcsr: c.fcsr, gpr: 0, fs: c.fs, ft: c.ft, fr: 0n, fd: c.fd });
  return (b2) => {
    const p = product();
    const sumOp = op(`${name === 'msub' || name === 'nmsub' ? 'sub' : 'add'}.${s}`);
    const sum = planSimple(b2, { op: sumOp, fcsr: c.fcsr, gpr: 0, fs: field(p.fd, f), ft: c.fr, fr: 0n, fd: c.fd });
    return () => {
      const r = sum();
      const negate = name.startsWith('n');
      return { fd: negate ? r.fd ^ signBit(f) : r.fd, cause: p.cause | r.cause, fcsr: r.fcsr, changed: p.changed || r.changed };
    };
  };
}

function applyTraps(c: Case, r: Untrapped): Outcome {
  const enables = (c.fcsr >>> 7) & 0x1f;
  let fcsr = (c.fcsr & ~CAUSE) | (r.cause << 12);
  if ((r.cause & (enables | 0x20)) !== 0) return { fcsr: fcsr >>> 0, fd: c.fd, trapped: true };
  fcsr |= (r.cause & 0x1f) << 2;
  if (c.op.kind === 'cmp') {
    const bit = c.op.cc === 0 ? 1 << 23 : 1 << (24 + c.op.cc);
    fcsr = r.fcsr & bit ? fcsr | bit : fcsr & ~bit;
  }
  return { fcsr: fcsr >>> 0, fd: r.fd, trapped: false };
}

/** Which rule (if any) makes the expectation differ from what qemu would say. */
export function linuxRule(c: Case): 'fs' | 'underflow' | 'absneg' | undefined {
  const o = c.op;
  if (o.kind === 'mov' || o.kind === 'movcc' || o.kind === 'movgpr') return undefined;
  if (o.kind === 'absneg') return 'absneg';
  if ((c.fcsr & FS_BIT) !== 0 && (o.src === 'S' || o.src === 'D' || o.rounds)) return 'fs';
  if ((c.fcsr & (U << 7)) !== 0 && (o.rounds || o.kind === 'madd')) return 'underflow';
  return undefined;
}

/**
 * Plans the oracle questions for every case. Call run() on the batch, then resolve(), run() again, and read
 * outcome(i).
 */
export class Expectations {
  private direct: number[] = [];
  private stage1: Array<((b2: OracleBatch) => () => Untrapped) | (() => Untrapped) | undefined> = [];
  private final: Array<(() => Untrapped) | undefined> = [];

  constructor(private readonly batch: OracleBatch, private readonly cases: readonly Case[]) {
    for (const c of cases) {
      this.direct.push(batch.ask(c.op.name, c.fcsr, c.gpr, c.fs, c.ft, c.fr, c.fd));
      const rule = linuxRule(c);
      if (rule === undefined) this.stage1.push(undefined);
      else if (rule === 'absneg') this.stage1.push(planAbsNeg(batch, c));
      else if (c.op.kind === 'madd') this.stage1.push(planMadd(batch, c));
      else this.stage1.push(planSimple(batch, { ...c }));
    }
  }

  /** After the first run: queue the questions that depend on first answers (the sums of madd). */
  resolve(): void {
    this.final = this.cases.map((c, i) => {
      const s = this.stage1[i];
      if (s === undefined) return undefined;
      return c.op.kind === 'madd' && linuxRule(c) !== 'absneg' ? (s as (b2: OracleBatch) => () => Untrapped)(this.batch) : (s as () => Untrapped);
    });
  }

  /** The expectation, and whether a Linux rule (rather than qemu's direct answer) produced it. */
  outcome(i: number): Outcome & { derived: boolean } {
    const c = this.cases[i]!;
    const f = this.final[i];
    if (f) {
      const r = f();
      // abs/neg always follow Linux; the other rules only when they made a difference.
      if (r.changed || c.op.kind === 'absneg') return { ...applyTraps(c, r), derived: true };
    }
    const a = this.batch.answer(this.direct[i]!);
    return { fcsr: a.fcsr, fd: a.fd, trapped: a.sigfpe, derived: false };
  }

  /** qemu's own answer, for reporting. */
  qemu(i: number): Outcome {
    const a = this.batch.answer(this.direct[i]!);
    return { fcsr: a.fcsr, fd: a.fd, trapped: a.sigfpe };
  }
}
