/**
 * Deterministic test cases for every FPU instruction: all pairs of special values in every rounding mode, plus
 * thousands of fixed-seed random and near-boundary operands, each with a random FCSR (enables, flags, stale cause
 * bits, FS, condition codes) and a random destination value (to see that a trapping instruction leaves it alone).
 */
import type { Fmt, Op } from './ops.js';
import { expOf, floatWithExp, randomOperand, Rng, shortFloat, specials } from './values.js';

export interface Case {
  op: Op;
  fcsr: number;
  gpr: number;
  fs: bigint;
  ft: bigint;
  fr: bigint;
  fd: bigint;
}

/** Enable masks (FCSR bits 11:7 >> 7) drawn for a case: mostly none, sometimes one, some, or all. */
const ENABLES = [0, 0, 0, 0, 0, 0x1f, 0x01, 0x02, 0x04, 0x08, 0x10, 0x03, 0x06, 0x1e];

function fcsrFor(rng: Rng, rm: number): number {
  const enables = rng.pick(ENABLES);
  const flags = rng.int(32);
  const staleCause = rng.int(32) & ~enables; // a stale enabled cause would make the oracle's ctc1 itself trap
  const fs = rng.chance(0.25) ? 1 << 24 : 0;
  const cc = rng.u32() & 0xfe800000;
  return (rm | (flags << 2) | (enables << 7) | (staleCause << 12) | fs | cc) >>> 0;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const bitsD = (x: number): bigint => ((f64[0] = x), u64[0]!);
const bitsS = (x: number): bigint => ((f32[0] = x), BigInt(u32[0]!));
const valueD = (b: bigint): number => ((u64[0] = b), f64[0]!);

const EMAX: Record<'S' | 'D', number> = { S: 127, D: 1023 };
const EMIN: Record<'S' | 'D', number> = { S: -126, D: -1022 };
const FBITS: Record<'S' | 'D', number> = { S: 23, D: 52 };

function negate(f: Fmt, x: bigint): bigint {
  return x ^ (f === 'S' ? 0x80000000n : 1n << 63n);
}

/** Two operands chosen to stress one aspect of rounding or range. */
function structuredPair(rng: Rng, f: 'S' | 'D'): [bigint, bigint] {
  const a = floatWithExp(rng, f, rng.int(2 * EMAX[f]) - EMAX[f]);
  const ea = expOf(f, a);
  switch (rng.int(9)) {
    case 0: // alignment: the smaller operand's bits straddle the rounding position
      return [a, floatWithExp(rng, f, ea - rng.int(FBITS[f] + 4))];
    case 1: // cancellation
      return [a, negate(f, a) ^ BigInt(rng.int(4))];
    case 2: {
      // short significands: exact sums/products/quotients are common
      const e = rng.int(40) - 20;
      return [shortFloat(rng, f, e, rng.int(6)), shortFloat(rng, f, e - rng.int(8), rng.int(6))];
    }
    case 3: // products/quotients near overflow
      return [floatWithExp(rng, f, EMAX[f] - rng.int(4)), floatWithExp(rng, f, rng.int(5) - 2)];
    case 4: // products/quotients near underflow, results in and around the subnormal range
      return [floatWithExp(rng, f, EMIN[f] + rng.int(8) - 4), floatWithExp(rng, f, rng.int(FBITS[f] + 6) - FBITS[f] - 3)];
    case 5: // subnormal operands
      return [floatWithExp(rng, f, EMIN[f] - 1), floatWithExp(rng, f, rng.chance(0.5) ? EMIN[f] - 1 : rng.int(10) - 5)];
    case 6: // exponents summing to the edges (mul) or differing to the edges (div)
      return [floatWithExp(rng, f, (EMAX[f] >> 1) + rng.int(6) - 3), floatWithExp(rng, f, (rng.chance(0.5) ? EMAX[f] : EMIN[f]) / 2 + rng.int(6) - 3)];
    case 7:
      return [rng.pick(specials(f)), randomOperand(rng, f)];
    default:
      return [randomOperand(rng, f), randomOperand(rng, f)];
  }
}

/** Values around integers, halves and the int32/int64 limits, for the conversions to integer. */
function nearInteger(rng: Rng, f: Fmt): bigint {
  const bits = f === 'S' ? bitsS : bitsD;
  const scale = rng.pick([1, 1, 1, 2 ** 20, 2 ** 30, 2 ** 31, 2 ** 52, 2 ** 62, 2 ** 63]);
  const base = Math.floor((rng.u32() / 4294967296) * 8) * (scale > 1 ? scale / 4 : 1) + rng.int(3) * (scale > 1 ? scale / 4 : 1);
  const frac = rng.pick([0, 0.5, 0.25, 0.75, 0.5 + 2 ** -20, 0.5 - 2 ** -20, 1e-9, 1 - 1e-9]);
  const v = (base + (scale > 1 ? 0 : frac)) * (rng.chance(0.5) ? -1 : 1);
  let b = bits(v);
  if (rng.chance(0.3)) b += rng.chance(0.5) ? 1n : -1n; // one ulp away
  return b & (f === 'S' ? 0xffffffffn : 0xffffffffffffffffn);
}

/** Doubles around binary32 rounding boundaries and range limits, for cvt.s.d. */
function nearSingle(rng: Rng): bigint {
  const s = floatWithExp(rng, 'S', rng.int(300) - 160); // clamps to subnormal/max exponents at the ends
  let d = bitsD(f32From(s));
  const half = 1n << 28n; // half a binary32 ulp inside the binary64 fraction (normal range)
  switch (rng.int(4)) {
    case 0:
      d += half;
      break;
    case 1:
      d += half + (rng.chance(0.5) ? 1n : -1n);
      break;
    case 2:
      d += BigInt(rng.u32());
      break;
  }
  return d & 0xffffffffffffffffn;
}
function f32From(b: bigint): number {
  u32[0] = Number(b & 0xffffffffn);
  return f32[0]!;
}

function push(out: Case[], op: Op, rng: Rng, rm: number, fs: bigint, ft: bigint, fr: bigint): void {
  out.push({ op, fcsr: fcsrFor(rng, rm), gpr: rng.chance(0.5) ? 0 : rng.u32() | 1, fs, ft, fr, fd: rng.u64() });
}

const RANDOM_CASES = 3000;

/** Cases for one instruction (compares on condition codes 1..7 get a smaller sample than on cc0). */
export function casesFor(op: Op, seed: number): Case[] {
  const rng = new Rng(seed);
  const out: Case[] = [];
  const f = op.src;
  const sp = specials(f);
  const rmAll = [0, 1, 2, 3];
  const rand = (): bigint => randomOperand(rng, f);
  switch (op.kind) {
    case 'cmp':
      if (op.cc !== 0) {
        for (let i = 0; i < 400; i++) push(out, op, rng, rng.int(4), rng.chance(0.5) ? rng.pick(sp) : rand(), rng.chance(0.5) ? rng.pick(sp) : rand(), rng.u64());
      } else {
        pairs(out, op, rng, [rng.int(4)]);
      }
      break;
    case 'arith2':
      pairs(out, op, rng, rmAll);
      break;
    case 'arith1':
    case 'absneg':
      for (const a of sp) for (const rm of rmAll) for (let k = 0; k < 3; k++) push(out, op, rng, rm, a, rng.u64(), rng.u64());
      for (let i = 0; i < RANDOM_CASES; i++) {
        const [a] = structuredPair(rng, f as 'S' | 'D');
        // squares of short significands make exact square roots
        const x = rng.chance(0.2) ? squareOf(rng, f as 'S' | 'D') : rng.chance(0.5) ? a : rand();
        push(out, op, rng, rng.int(4), x, rng.u64(), rng.u64());
      }
      break;
    case 'madd':
      for (const a of sp) for (const b of sp) if (rng.chance(0.35)) push(out, op, rng, rng.int(4), a, b, rng.chance(0.5) ? rng.pick(sp) : rand());
      for (let i = 0; i < 2 * RANDOM_CASES; i++) {
        const [a, b] = structuredPair(rng, f as 'S' | 'D');
        // an addend near -(a*b) exposes whether the product is rounded first
        const c = rng.chance(0.4) ? negProductish(a, b, f as 'S' | 'D', rng) : rng.chance(0.5) ? rng.pick(sp) : rand();
        push(out, op, rng, rng.int(4), a, b, c);
      }
      break;
    case 'cvt':
      for (const a of sp) for (const rm of rmAll) for (let k = 0; k < 2; k++) push(out, op, rng, rm, a, rng.u64(), rng.u64());
      for (let i = 0; i < RANDOM_CASES; i++) {
        let x: bigint;
        if ((op.dst === 'W' || op.dst === 'L') && rng.chance(0.6)) x = nearInteger(rng, f);
        else if (op.name === 'cvt.s.d' && rng.chance(0.6)) x = nearSingle(rng);
        else x = rand();
        push(out, op, rng, rng.int(4), x, rng.u64(), rng.u64());
      }
      break;
    case 'mov':
    case 'movcc':
    case 'movgpr':
      for (let i = 0; i < 300; i++) push(out, op, rng, rng.int(4), rand(), rng.u64(), rng.u64());
      break;
  }
  return out;
}

/** Every pair of special values in the given rounding modes, then structured random pairs. */
function pairs(out: Case[], op: Op, rng: Rng, modes: number[]): void {
  const f = op.src as 'S' | 'D';
  const sp = specials(f);
  for (const a of sp) for (const b of sp) for (const rm of modes) push(out, op, rng, rm, a, b, rng.u64());
  for (let i = 0; i < RANDOM_CASES; i++) {
    const [a, b] = structuredPair(rng, f);
    push(out, op, rng, rng.int(4), rng.chance(0.5) ? a : b, rng.chance(0.5) ? b : a, rng.u64());
  }
}

function squareOf(rng: Rng, f: 'S' | 'D'): bigint {
  const r = valueD(bitsD(1 + rng.int(1 << (f === 'S' ? 11 : 26)))) * 2 ** (rng.int(60) - 30);
  return f === 'S' ? bitsS(r * r) : bitsD(r * r);
}

function negProductish(a: bigint, b: bigint, f: 'S' | 'D', rng: Rng): bigint {
  const x = f === 'S' ? f32From(a) * f32From(b) : valueD(a) * valueD(b);
  const p = f === 'S' ? bitsS(-x) : bitsD(-x);
  return (p + BigInt(rng.int(3)) - 1n) & (f === 'S' ? 0xffffffffn : 0xffffffffffffffffn);
}
