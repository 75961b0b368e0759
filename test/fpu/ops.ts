/**
 * The instructions the FPU tests exercise: oracle name, encoding (written here from the MIPS32 encoding tables, not
 * taken from src/), operand formats and what kind of result they produce. Registers are fixed as in the oracle:
 * fd = $f0, fs = $f2, ft = $f4, fr = $f6, GPR rt = $9.
 */

export type Fmt = 'S' | 'D' | 'W' | 'L';
export type Kind = 'arith2' | 'arith1' | 'absneg' | 'madd' | 'cvt' | 'cmp' | 'movcc' | 'movgpr' | 'mov';

export interface Op {
  /** name understood by guests/fpu/fpu_oracle.c */
  name: string;
  /** name without the condition-code suffix, for grouping */
  group: string;
  insn: number;
  kind: Kind;
  /** format of the fs/ft/fr operands */
  src: Fmt;
  /** format of the result (CC: a condition bit) */
  dst: Fmt | 'CC';
  /** number of fs/ft/fr operands read */
  inputs: number;
  /** the result is a float produced by one rounding (tiny results are flushed under FS; exact tiny ones trap when
   *  Underflow is enabled) */
  rounds: boolean;
  /** condition code used by c.cond / movf / movt */
  cc: number;
}

const FD = 0;
const FS = 2;
const FT = 4;
const FR = 6;
const GPR = 9;
const FMT_CODE: Record<Fmt, number> = { S: 16, D: 17, W: 20, L: 21 };

function cop1(fmt: Fmt, ft: number, fs: number, fd: number, func: number): number {
  return ((0x11 << 26) | (FMT_CODE[fmt] << 21) | (ft << 16) | (fs << 11) | (fd << 6) | func) >>> 0;
}
function cop1x(fr: number, ft: number, fs: number, fd: number, op4: number, fmt3: number): number {
  return ((0x13 << 26) | (fr << 21) | (ft << 16) | (fs << 11) | (fd << 6) | (op4 << 3) | fmt3) >>> 0;
}
const lower = (f: Fmt): string => f.toLowerCase();

export const COND_NAMES = ['f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt'];

function build(): Op[] {
  const ops: Op[] = [];
  const add = (o: Omit<Op, 'group' | 'cc'> & { cc?: number; group?: string }): void => {
    ops.push({ cc: 0, group: o.name, ...o });
  };
  for (const f of ['S', 'D'] as const) {
    const s = lower(f);
    const arith2: Array<[string, number]> = [['add', 0], ['sub', 1], ['mul', 2], ['div', 3]];
    for (const [n, func] of arith2) add({ name: `${n}.${s}`, insn: cop1(f, FT, FS, FD, func), kind: 'arith2', src: f, dst: f, inputs: 2, rounds: true });
    const arith1: Array<[string, number]> = [['sqrt', 4], ['recip', 21], ['rsqrt', 22]];
    for (const [n, func] of arith1) add({ name: `${n}.${s}`, insn: cop1(f, 0, FS, FD, func), kind: 'arith1', src: f, dst: f, inputs: 1, rounds: n !== 'rsqrt' });
    add({ name: `abs.${s}`, insn: cop1(f, 0, FS, FD, 5), kind: 'absneg', src: f, dst: f, inputs: 1, rounds: false });
    add({ name: `neg.${s}`, insn: cop1(f, 0, FS, FD, 7), kind: 'absneg', src: f, dst: f, inputs: 1, rounds: false });
    add({ name: `mov.${s}`, insn: cop1(f, 0, FS, FD, 6), kind: 'mov', src: f, dst: f, inputs: 1, rounds: false });
    add({ name: `movz.${s}`, insn: cop1(f, GPR, FS, FD, 18), kind: 'movgpr', src: f, dst: f, inputs: 1, rounds: false });
    add({ name: `movn.${s}`, insn: cop1(f, GPR, FS, FD, 19), kind: 'movgpr', src: f, dst: f, inputs: 1, rounds: false });
    const madd: Array<[string, number]> = [['madd', 4], ['msub', 5], ['nmadd', 6], ['nmsub', 7]];
    for (const [n, op4] of madd) add({ name: `${n}.${s}`, insn: cop1x(FR, FT, FS, FD, op4, f === 'S' ? 0 : 1), kind: 'madd', src: f, dst: f, inputs: 3, rounds: false });
    const toInt: Array<[string, number]> = [['round', 8], ['trunc', 9], ['ceil', 10], ['floor', 11]];
    for (const [n, func] of toInt) {
      add({ name: `${n}.l.${s}`, insn: cop1(f, 0, FS, FD, func), kind: 'cvt', src: f, dst: 'L', inputs: 1, rounds: false });
      add({ name: `${n}.w.${s}`, insn: cop1(f, 0, FS, FD, func + 4), kind: 'cvt', src: f, dst: 'W', inputs: 1, rounds: false });
    }
    add({ name: `cvt.w.${s}`, insn: cop1(f, 0, FS, FD, 36), kind: 'cvt', src: f, dst: 'W', inputs: 1, rounds: false });
    add({ name: `cvt.l.${s}`, insn: cop1(f, 0, FS, FD, 37), kind: 'cvt', src: f, dst: 'L', inputs: 1, rounds: false });
    for (let cc = 0; cc < 8; cc++) {
      COND_NAMES.forEach((cn, cond) => {
        add({ name: `c.${cn}.${s}.${cc}`, group: `c.${cn}.${s}`, insn: cop1(f, FT, FS, cc << 2, 48 + cond), kind: 'cmp', src: f, dst: 'CC', inputs: 2, rounds: false, cc });
      });
      add({ name: `movf.${s}.${cc}`, group: `movf.${s}`, insn: cop1(f, cc << 2, FS, FD, 17), kind: 'movcc', src: f, dst: f, inputs: 1, rounds: false, cc });
      add({ name: `movt.${s}.${cc}`, group: `movt.${s}`, insn: cop1(f, (cc << 2) | 1, FS, FD, 17), kind: 'movcc', src: f, dst: f, inputs: 1, rounds: false, cc });
    }
  }
  add({ name: 'cvt.s.d', insn: cop1('D', 0, FS, FD, 32), kind: 'cvt', src: 'D', dst: 'S', inputs: 1, rounds: true });
  add({ name: 'cvt.d.s', insn: cop1('S', 0, FS, FD, 33), kind: 'cvt', src: 'S', dst: 'D', inputs: 1, rounds: false });
  add({ name: 'cvt.s.w', insn: cop1('W', 0, FS, FD, 32), kind: 'cvt', src: 'W', dst: 'S', inputs: 1, rounds: true });
  add({ name: 'cvt.d.w', insn: cop1('W', 0, FS, FD, 33), kind: 'cvt', src: 'W', dst: 'D', inputs: 1, rounds: true });
  add({ name: 'cvt.s.l', insn: cop1('L', 0, FS, FD, 32), kind: 'cvt', src: 'L', dst: 'S', inputs: 1, rounds: true });
  add({ name: 'cvt.d.l', insn: cop1('L', 0, FS, FD, 33), kind: 'cvt', src: 'L', dst: 'D', inputs: 1, rounds: true });
  return ops;
}

export const OPS: readonly Op[] = build();
