/**
 * Cases for FPU entries (COP1, COP1X arithmetic, moves, control registers, movci), by operand template; formats
 * come from the mnemonic (`round.l.d`: result l, operand d). Every computational case runs in all four rounding
 * modes over special values (±0, ±inf, legacy qNaN 0x7fbfffff, legacy sNaN, denormals, extremes, halfway values
 * for rounding, integer-conversion boundaries) and fixed-seed random values; it records the result bits and FCSR.
 *
 * The FCSR written before a case has the rounding mode, random sticky flags, stale cause bits, condition codes and
 * the read-only bits 22:18, but never Enables (so nothing traps — trapping is a separate program) nor FS.
 *
 * Register use is independent of the FR mode: doubles/longs in even registers written with mtc1+mthc1 and read with
 * mfc1+mfhc1, singles anywhere, no register used both ways. (qemu-mipsel 7.2 runs these FPXX binaries with FR=1,
 * Trapgate with FR=0; with this discipline both models give the same observations.)
 *
 * abs/neg: with legacy NaNs (FCSR.ABS2008 = 0) they are arithmetic instructions, which rewrite Cause; qemu 7.2
 * treats them as sign-bit operations that leave FCSR alone. With stale Cause bits qemu runs a ref that clears Cause
 * afterwards; a NaN operand is not generated at all (qemu flips its sign and raises nothing, where a legacy-NaN FPU
 * or Linux's emulator, ieee754sp_abs/neg, raises Invalid for a signalling NaN and returns a NaN).
 * Not generated either: FCSR.FS = 1 and enabled exceptions (qemu 7.2 ignores FS; enabled exceptions are trap cases).
 */
import type { InstrDef } from '../../src/isa/table.js';
import { GPR_POOL, hex32, Rng, Snippet, type Case } from './insn-case.js';
import { mkCase } from './insn-gen-int.js';

export type Fmt = 's' | 'd' | 'w' | 'l';
/** A value of a format: the low word, and the high word for d and l. */
export type Val = [number, number?];

const isFmt = (x: string | undefined): x is Fmt => x === 's' || x === 'd' || x === 'w' || x === 'l';
const wide = (f: Fmt): boolean => f === 'd' || f === 'l';

const S_SPECIAL: number[] = [
  0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
  0x7fbfffff, 0x7f800001, 0xffbfffff, // legacy quiet NaNs (quiet bit 22 clear)
  0x7fc00000, 0xffffffff, // legacy signalling NaNs (bit 22 set)
  0x00000001, 0x807fffff, 0x00400000, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
  0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000, 0x40200000, 0xc0200000, 0x3f400000,
  0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x5effffff, 0x5f000000, 0xdf000000, 0xdf000001,
  0x3eaaaaab, 0x40490fdb, 0x4b800001, 0x34000000, 0x1f800000, 0x60000000, 0x0c000000,
];
const D_SPECIAL: Val[] = [
  [0, 0], [0, 0x80000000], [0, 0x3ff00000], [0, 0xbff00000], [0, 0x7ff00000], [0, 0xfff00000],
  [0xffffffff, 0x7ff7ffff], [1, 0x7ff00000], [0xffffffff, 0xfff7ffff], // legacy quiet NaNs (quiet bit 51 clear)
  [0, 0x7ff80000], [0xffffffff, 0xffffffff], // legacy signalling NaNs
  [1, 0], [0xffffffff, 0x800fffff], [0, 0x00080000], [0, 0x00100000], [0, 0x80100000],
  [0xffffffff, 0x7fefffff], [0xffffffff, 0xffefffff],
  [0, 0x3fe00000], [0, 0xbfe00000], [0, 0x3ff80000], [0, 0xbff80000], [0, 0x40040000], [0, 0xc0040000],
  [0, 0x41e00000], [0xffe00000, 0x41dfffff], [0, 0xc1e00000], [0x00200000, 0xc1e00000],
  [0, 0x43e00000], [0xffffffff, 0x43dfffff], [0, 0xc3e00000], [1, 0xc3e00000],
  [0x55555555, 0x3fd55555], [0x54442d18, 0x400921fb], [0, 0x3cb00000], [0, 0x20000000], [0, 0x5ff00000],
  [0, 0x36a00000], [0, 0x36900000], [0xe0000000, 0x47efffff], [0, 0x47f00000], [0, 0x38100000], [0x10000000, 0x3ff00000],
];
const W_SPECIAL: number[] = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000001, 0x7fffffc0, 12345, 0xffffcfc7, 0x00ffffff];
const L_SPECIAL: Val[] = [
  [0, 0], [1, 0], [0xffffffff, 0xffffffff], [0xffffffff, 0x7fffffff], [0, 0x80000000], [1, 0x00200000],
  [0x01000001, 0], [0xffffffff, 0xffdfffff], [0x80000000, 0], [0, 1], [0x00000400, 0x00200000],
];

function randomVal(rng: Rng, f: Fmt): Val {
  switch (f) {
    case 's': {
      const e = rng.chance(0.8) ? 100 + rng.int(55) : rng.int(256);
      return [((rng.int(2) << 31) | (e << 23) | (rng.u32() & (rng.chance(0.3) ? 0x7f0000 : 0x7fffff))) >>> 0];
    }
    case 'd': {
      const e = rng.chance(0.8) ? 990 + rng.int(70) : rng.int(2048);
      return [rng.chance(0.3) ? 0 : rng.u32(), ((rng.int(2) << 31) | (e << 20) | (rng.u32() & 0xfffff)) >>> 0];
    }
    case 'w': return [rng.word()];
    case 'l': return rng.chance(0.5) ? [rng.u32(), rng.chance(0.5) ? 0 : 0xffffffff] : [rng.u32(), rng.word()];
  }
}

function special(rng: Rng, f: Fmt): Val {
  switch (f) {
    case 's': return [rng.pick(S_SPECIAL)];
    case 'd': return rng.pick(D_SPECIAL);
    case 'w': return [rng.pick(W_SPECIAL)];
    case 'l': return rng.pick(L_SPECIAL);
  }
}

export function value(rng: Rng, f: Fmt): Val {
  return rng.chance(0.6) ? special(rng, f) : randomVal(rng, f);
}

function isNaN(f: Fmt, v: Val): boolean {
  if (f === 's') return (v[0] & 0x7f800000) === 0x7f800000 && (v[0] & 0x7fffff) !== 0;
  if (f === 'd') return (v[1]! & 0x7ff00000) === 0x7ff00000 && ((v[1]! & 0xfffff) !== 0 || v[0] !== 0);
  return false;
}

function negate(f: Fmt, v: Val): Val {
  return f === 's' ? [(v[0] ^ 0x80000000) >>> 0] : [v[0], (v[1]! ^ 0x80000000) >>> 0];
}

const show = (f: Fmt, v: Val): string => (wide(f) ? `${hex32(v[1]!)}_${hex32(v[0]).slice(2)}` : hex32(v[0]));
const RM = ['RN', 'RZ', 'RP', 'RM'];

/** An FCSR value for a case with rounding mode `rm` (see the file comment for what may be set). */
function fcsrFor(rng: Rng, rm: number): number {
  let v = rm;
  if (rng.chance(0.5)) v |= rng.int(32) << 2; // sticky flags
  if (rng.chance(0.3)) v |= rng.int(32) << 12; // stale cause bits (never E, bit 17)
  if (rng.chance(0.2)) v |= rng.int(32) << 18; // read-only NAN2008/ABS2008/22:20: writes are ignored
  if (rng.chance(0.5)) v |= rng.u32() & 0xfe800000; // condition codes
  return v >>> 0;
}

/** Registers for the operands of one case, none sharing an even/odd pair with another unless equal by design. */
function fpRegs(rng: Rng, fmts: Fmt[], allowSame: boolean): number[] {
  const pairs = rng.distinct([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], fmts.length);
  const regs = fmts.map((f, i) => 2 * pairs[i]! + (!wide(f) && rng.chance(0.3) ? 1 : 0));
  // fd = fs sometimes (same format only)
  if (allowSame && fmts.length > 1 && fmts[0] === fmts[1] && rng.chance(0.2)) regs[0] = regs[1]!;
  return regs;
}

function setFpr(sn: Snippet, f: Fmt, reg: number, v: Val): void {
  if (wide(f)) sn.fpr(reg, v[0], v[1]!);
  else sn.fpr(reg, v[0]);
}

interface Formats {
  dst: Fmt;
  src: Fmt;
}
function formats(name: string): Formats {
  const parts = name.split('.');
  const src = parts[parts.length - 1];
  const dst = parts.length >= 3 && isFmt(parts[parts.length - 2]) ? parts[parts.length - 2] : src;
  if (!isFmt(src) || !isFmt(dst)) throw new Error(`no formats in ${name}`);
  return { dst, src };
}

/** Inputs qemu is known not to treat as MIPS hardware/Linux do (see the file comment); such cases are not made. */
function qemuDiffers(name: string, src: Fmt, vals: Val[]): boolean {
  return /^(abs|neg)\./.test(name) && vals.some((v) => isNaN(src, v));
}

export const ABS_NEG_NOTE = 'abs/neg with stale Cause bits: in legacy-NaN mode (FCSR.ABS2008 = 0) they are arithmetic and rewrite Cause ' +
  '(MIPS32 ABS.fmt/NEG.fmt; Linux ieee754sp_abs/neg); qemu 7.2 leaves FCSR alone, so qemu runs a ref that clears Cause after it';

function noteFor(name: string): string | undefined {
  if (/^(recip|rsqrt)\./.test(name)) {
    return 'qemu-defined: MIPS32 lets RECIP/RSQRT differ from the IEEE quotient by up to 1 ulp; qemu rounds 1/x (and sqrt, then 1/x)';
  }
  if (/^n?m(add|sub)\./.test(name)) return 'MIPS32r2 madd/msub family: product rounded, then sum rounded (unfused), as qemu does';
  return undefined;
}

function specialList(f: Fmt): Val[] {
  switch (f) {
    case 's': return S_SPECIAL.map((v) => [v]);
    case 'd': return D_SPECIAL;
    case 'w': return W_SPECIAL.map((v) => [v]);
    case 'l': return L_SPECIAL;
  }
}

/** Values whose result depends on the rounding mode (halfway cases, integers that do not fit the target): in every mode. */
const ROUNDING: Record<Fmt, Val[]> = {
  s: [[0x3f000000], [0x3fc00000], [0x40200000], [0xc0200000], [0xbf000000], [0x3eaaaaab], [0x4effffff]],
  d: [[0, 0x3fe00000], [0, 0x3ff80000], [0, 0x40040000], [0, 0xc0040000], [0, 0xbfe00000], [0x55555555, 0x3fd55555], [0x10000000, 0x3ff00000]],
  w: [[0x01000001], [0x7fffffc0], [0xfeffffff], [0x7fffffff]],
  l: [[1, 0x00200000], [0x01000001, 0], [0xffffffff, 0x7fffffff], [0xfffffffe, 0xffdfffff]],
};
/** Largest finite, a tiny normal just above the smallest, one half, one, two. */
const MAXF: Record<'s' | 'd', Val> = { s: [0x7f7fffff], d: [0xffffffff, 0x7fefffff] };
const TINY: Record<'s' | 'd', Val> = { s: [0x00800003], d: [3, 0x00100000] };
const HALF: Record<'s' | 'd', Val> = { s: [0x3f000000], d: [0, 0x3fe00000] };
const ONE: Record<'s' | 'd', Val> = { s: [0x3f800000], d: [0, 0x3ff00000] };
const TWO: Record<'s' | 'd', Val> = { s: [0x40000000], d: [0, 0x40000000] };
const ZERO: Record<'s' | 'd', Val> = { s: [0], d: [0, 0] };

/** Operand tuples for one rounding mode: specials (every one in some mode), rounding-sensitive values (every mode),
 *  overflow, underflow and exact-cancellation cases, and random values. */
function tuples(rng: Rng, src: Fmt, arity: 1 | 2 | 3, rm: number): Val[][] {
  const sp = specialList(src);
  const r = (): Val => randomVal(rng, src);
  const x = (): Val => value(rng, src);
  if (arity === 1) return [...sp.filter((_, i) => i % 4 === rm), ...ROUNDING[src], r(), r(), r()].map((v) => [v]);
  const f = src as 's' | 'd';
  if (arity === 2) {
    const a = x();
    return [[a, negate(f, a)], [r(), r()], [MAXF[f], MAXF[f]], [TINY[f], HALF[f]], [TINY[f], negate(f, [...TINY[f]] as Val)],
      [x(), x()], [x(), x()], [sp[(rm * 7) % sp.length]!, r()], [r(), x()], [ROUNDING[f][rm]!, r()]];
  }
  // fused: fr, fs, ft (result = fs * ft ± fr)
  return [[negate(f, ONE[f]), ONE[f], ONE[f]], [MAXF[f], MAXF[f], TWO[f]], [ZERO[f], TINY[f], HALF[f]],
    [r(), r(), r()], [x(), x(), x()], [x(), r(), x()], [r(), ROUNDING[f][rm]!, r()], [x(), x(), r()]];
}

/** Computational COP1/COP1X forms: binary, unary, fused (D,R,S,T). */
function compute(def: InstrDef, rng: Rng, arity: 1 | 2 | 3): Case[] {
  const { dst, src } = formats(def.name);
  const out: Case[] = [];
  for (let rm = 0; rm < 4; rm++) {
    for (const vals of tuples(rng, src, arity, rm)) {
      if (qemuDiffers(def.name, src, vals)) continue;
      const regs = fpRegs(rng, [dst, ...Array(arity).fill(src) as Fmt[]], arity <= 2);
      const fd = regs[0]!;
      const sn = new Snippet();
      const ops = regs.slice(1);
      // fused: text order is fd, fr, fs, ft (result = fs * ft ± fr)
      ops.forEach((r, i) => setFpr(sn, src, r, vals[i]!));
      if (!ops.includes(fd)) setFpr(sn, dst, fd, randomVal(rng, dst));
      const fcsr = fcsrFor(rng, rm);
      sn.fcsr(fcsr);
      sn.outFpr(fd, wide(dst)).outFcsr();
      const text = `${def.name} ${regs.map((r) => `$f${r}`).join(', ')}`;
      const names = arity === 3 ? ['fr', 'fs', 'ft'] : ['fs', 'ft'];
      const label = `${text} ; ${RM[rm]} ; FCSR=${hex32(fcsr)} ; ${vals.map((v, i) => `${names[i]}=${show(src, v)}`).join(' ')}`;
      const note = noteFor(def.name);
      const c = mkCase(def, 'fpu', label, sn, [text], note ? { note } : {});
      if (/^(abs|neg)\./.test(def.name) && (fcsr & 0x0003f000) !== 0) {
        // Legacy-NaN abs/neg are arithmetic: Cause is rewritten — to 0, the operand being no NaN. qemu 7.2 treats
        // them as bit operations that leave FCSR alone, so its run clears Cause after the instruction.
        c.ref = sn.build([text, 'cfc1 $1, $31', 'li $2, 0xfffc0fff', 'and $1, $1, $2', 'ctc1 $1, $31']);
        c.note = ABS_NEG_NOTE;
      }
      out.push(c);
    }
  }
  return out;
}

const CMP_PAIRS_S: Array<[number, number]> = [
  [0x3f800000, 0x40000000], [0x40000000, 0x3f800000], [0x3f800000, 0x3f800000], [0x00000000, 0x80000000],
  [0x7fbfffff, 0x3f800000], [0x3f800000, 0x7fbfffff], [0x7fc00000, 0x3f800000], [0x7f800000, 0x7f800000],
  [0xff800000, 0x7f800000], [0x00000001, 0x00000000], [0x7fbfffff, 0x7fbfffff], [0x7f7fffff, 0x7f800000],
];
const CMP_PAIRS_D: Array<[Val, Val]> = [
  [[0, 0x3ff00000], [0, 0x40000000]], [[0, 0x40000000], [0, 0x3ff00000]], [[5, 0x3ff00000], [5, 0x3ff00000]],
  [[0, 0], [0, 0x80000000]], [[0xffffffff, 0x7ff7ffff], [0, 0x3ff00000]], [[0, 0x3ff00000], [0xffffffff, 0x7ff7ffff]],
  [[0, 0x7ff80000], [0, 0x3ff00000]], [[0, 0x7ff00000], [0, 0x7ff00000]], [[0, 0xfff00000], [0, 0x7ff00000]],
  [[1, 0], [0, 0]], [[1, 0x3ff00000], [0, 0x3ff00000]], [[0xffffffff, 0x7fefffff], [0, 0x7ff00000]],
];

/** c.cond.fmt: every condition with a spread of condition-code numbers and ordered/unordered operand pairs. */
function compare(def: InstrDef, rng: Rng): Case[] {
  const { src } = formats(def.name);
  const out: Case[] = [];
  for (let i = 0; i < 16; i++) {
    const cc = i % 8;
    let a: Val, b: Val;
    if (i < 12) {
      if (src === 's') [a, b] = [[CMP_PAIRS_S[i]![0]], [CMP_PAIRS_S[i]![1]]];
      else [a, b] = CMP_PAIRS_D[i]!;
    } else if (i < 14) {
      a = value(rng, src);
      b = rng.chance(0.5) ? a : value(rng, src);
    } else {
      a = randomVal(rng, src);
      b = randomVal(rng, src);
    }
    const [fs, ft] = fpRegs(rng, [src, src], false) as [number, number];
    const same = i === 13;
    const sn = new Snippet();
    setFpr(sn, src, fs, a);
    if (!same) setFpr(sn, src, ft, b);
    const fcsr = fcsrFor(rng, rng.int(4));
    // start from the opposite of a likely result so that both writes (0 and 1) are seen across cases
    const bit = cc === 0 ? 1 << 23 : 1 << (24 + cc);
    sn.fcsr(i % 2 === 0 ? (fcsr | bit) >>> 0 : (fcsr & ~bit) >>> 0);
    sn.outFcsr();
    const text = `${def.name} $fcc${cc}, $f${fs}, $f${same ? fs : ft}`;
    out.push(mkCase(def, 'fpu-compare', `${text} ; fs=${show(src, a)} ft=${show(src, same ? a : b)}`, sn, [text]));
  }
  return out;
}

/** movf.fmt/movt.fmt (cc) and movz.fmt/movn.fmt (GPR). */
function condMove(def: InstrDef, rng: Rng, byGpr: boolean): Case[] {
  const { src } = formats(def.name);
  const out: Case[] = [];
  for (let i = 0; i < 10; i++) {
    const [fd, fs] = fpRegs(rng, [src, src], false) as [number, number];
    const sn = new Snippet();
    setFpr(sn, src, fs, value(rng, src));
    setFpr(sn, src, fd, randomVal(rng, src));
    let text: string;
    if (byGpr) {
      const g = rng.pick(GPR_POOL);
      const gv = [0, 1, 0x80000000, 0xffffffff, 0, rng.u32()][i % 6]!;
      sn.gpr(g, gv).fcsr(fcsrFor(rng, rng.int(4)));
      text = `${def.name} $f${fd}, $f${fs}, $${g}`;
    } else {
      const cc = (i * 3) % 8;
      const bit = cc === 0 ? 1 << 23 : 1 << (24 + cc);
      const base = fcsrFor(rng, rng.int(4));
      sn.fcsr(i % 2 === 0 ? (base | bit) >>> 0 : (base & ~bit) >>> 0);
      text = `${def.name} $f${fd}, $f${fs}, $fcc${cc}`;
    }
    sn.outFpr(fd, wide(src)).outFcsr();
    out.push(mkCase(def, 'fpu-move', text, sn, [text]));
  }
  return out;
}

/** movf/movt on GPRs (SPECIAL MOVCI). */
function movci(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < 16; i++) {
    const cc = i % 8;
    const [d, s] = rng.distinct(GPR_POOL, 2) as [number, number];
    const rd = i === 5 ? 0 : i === 7 ? s : d;
    const bit = cc === 0 ? 1 << 23 : 1 << (24 + cc);
    const base = fcsrFor(rng, rng.int(4));
    const sn = new Snippet().fcsr(((i >> 3) ^ (i & 1)) === 0 ? (base | bit) >>> 0 : (base & ~bit) >>> 0);
    sn.gpr(s, rng.u32());
    if (rd !== s) sn.gpr(rd, rng.u32());
    sn.outGpr(rd).outGpr(s).outFcsr();
    const text = `${def.name} $${rd}, $${s}, $fcc${cc}`;
    out.push(mkCase(def, 'fpu-move', text, sn, [text]));
  }
  return out;
}

/** mfc1/mtc1/mfhc1/mthc1. */
function gprFpr(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const n = def.name;
  const high = n.includes('hc1');
  for (let i = 0; i < 10; i++) {
    const g = i === 3 && n.startsWith('mf') ? 0 : rng.pick(GPR_POOL);
    const f = high ? 2 * rng.int(10) : rng.int(20);
    const v = i < 5 ? [0, 0xffffffff, 0x7fbfffff, 0x80000000, 1][i]! : rng.u32();
    const sn = new Snippet();
    let text: string;
    if (n.startsWith('mt')) {
      sn.fpr(f, rng.u32(), high ? rng.u32() : undefined).gpr(g, v).outGpr(g).outFpr(f, high);
      text = `${n} $${g}, $f${f}`;
    } else {
      sn.fpr(f, high ? rng.u32() : v, high ? v : undefined).gpr(g, 0xdeadbeef).outGpr(g);
      text = `${n} $${g}, $f${f}`;
    }
    out.push(mkCase(def, 'fpu-move', `${text} ; value ${hex32(v)}`, sn, [text]));
  }
  return out;
}

/** cfc1/ctc1 on FCSR (31) and its views FCCR (25), FEXR (26), FENR (28), and FIR (0). */
function control(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const readAll = (sn: Snippet): void => {
    for (const r of [25, 26, 28]) sn.outRaw(`fcr${r}`, [`cfc1 $1, $${r}`]);
  };
  if (def.name === 'cfc1') {
    for (let i = 0; i < 8; i++) {
      const g = i === 2 ? 0 : rng.pick(GPR_POOL);
      const sn = new Snippet().fcsr(fcsrFor(rng, rng.int(4))).gpr(g, 0xdeadbeef);
      const cr = [31, 25, 26, 28][i % 4]!;
      sn.outGpr(g, `fcr${cr}`);
      out.push(mkCase(def, 'fpu-control', `cfc1 $${g}, $${cr}`, sn, [`cfc1 $${g}, $${cr}`]));
    }
    // FIR: Trapgate models an FPU with 32-bit registers (FR=0), so FIR.F64 (bit 22) is clear; qemu's 24Kf has
    // a 64-bit FPU and runs FPXX programs with FR=1. Linux picks FR=1 for FPXX exactly when FIR.F64 is set
    // (arch/mips/kernel/elf.c), so the consistent FR=0 value is qemu's FIR without F64.
    const sn = new Snippet().gpr(9, 0).outGpr(9, 'FIR');
    out.push({
      ...mkCase(def, 'fpu-control', 'cfc1 $9, $0 (FIR)', sn, ['cfc1 $9, $0']),
      ref: sn.build(['cfc1 $9, $0', 'ins $9, $0, 22, 1']),
      note: 'FIR: expected = qemu 24Kf FIR with F64 (bit 22) cleared — Trapgate runs FPXX with FR=0, which Linux does ' +
        'only on an FPU without F64 (arch/mips/kernel/elf.c); FR=1-only observations are not tested',
    });
    return out;
  }
  // ctc1: defined values only (MIPS32: writing non-zero to a reserved field of FCCR/FEXR/FENR is UNPREDICTABLE)
  const masks: Record<number, number> = { 31: 0xfe83f07f & ~0x00020000 & ~0x01000f80, 25: 0xff, 26: 0x0001f07c, 28: 0x00000003 };
  for (let i = 0; i < 16; i++) {
    const cr = [31, 25, 26, 28][i % 4]!;
    const g = rng.pick(GPR_POOL);
    let v = i < 4 ? masks[cr]! : rng.u32() & masks[cr]!;
    if (cr === 31 && rng.chance(0.3)) v |= rng.int(32) << 18; // read-only bits: ignored
    const sn = new Snippet().fcsr(fcsrFor(rng, rng.int(4)) & ~0x0001f000).gpr(g, v);
    sn.outFcsr();
    readAll(sn);
    out.push(mkCase(def, 'fpu-control', `ctc1 $${g}, $${cr} ; value ${hex32(v)}`, sn, [`ctc1 $${g}, $${cr}`]));
  }
  // FENR: enables and FS only with no cause pending (an enabled pending cause traps: a trap case)
  for (let i = 0; i < 3; i++) {
    const g = rng.pick(GPR_POOL);
    const v = [0x00000f80, 0x00000004, 0x00000f87][i]!;
    const sn = new Snippet().fcsr(rng.int(4)).gpr(g, v);
    sn.outFcsr();
    readAll(sn);
    // restore a harmless FCSR before the next instruction could see enables/FS
    out.push(mkCase(def, 'fpu-control', `ctc1 $${g}, $28 ; value ${hex32(v)} (enables/FS, nothing pending)`, sn, [`ctc1 $${g}, $28`]));
  }
  return out;
}

/** Cases for an FPU entry, or undefined when its template is not handled here. */
export function fpuCases(def: InstrDef, rng: Rng): Case[] | undefined {
  if (!def.fpu || def.delay) return undefined;
  switch (def.args) {
    case 'D,S,T': return compute(def, rng, 2);
    case 'D,S': return compute(def, rng, 1);
    case 'D,R,S,T': return compute(def, rng, 3);
    case 'M,S,T': return compare(def, rng);
    case 'D,S,N': return condMove(def, rng, false);
    case 'D,S,t': return condMove(def, rng, true);
    case 'd,s,N': return movci(def, rng);
    case 't,S': return gprFpr(def, rng);
    case 't,G': return control(def, rng);
  }
  return undefined;
}
