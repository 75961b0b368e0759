/**
 * The one instruction table of Trapgate: every MIPS32 Release 2 instruction a user-mode program can execute.
 * Encodings are written here once; the decoder, disassembler, assembler and interpreter are derived from it.
 *
 * Each entry matches a 32-bit word when `(word & mask) === match`. Aliases (binutils' pseudo-instructions such as
 * `move`, `li`, `b`, `beqz`, `nop`) are listed BEFORE the general entry they specialise, so a first-match search
 * yields the mnemonic objdump prints; they share the general entry's semantic `op`.
 *
 * Operand templates (comma separated; `(` `)` are literal):
 *   d rd · s rs · t rt · z the literal register `zero` (printed, not encoded)
 *   W rd that must also be written into rt (clz/clo); binutils prints `rd or rt` when the two differ
 *   j signed 16-bit immediate · u unsigned 16-bit immediate · U `lui` immediate
 *   o signed 16-bit offset, always followed by `(s)` for base+offset memory operands
 *   p branch target (PC-relative) · a jump target (256 MiB region)
 *   < shift amount · P `ext`/`ins` position · Z `ext` size · I `ins` size
 *   B `break` code (bits 25..16, then bits 15..6 when non-zero) · C `syscall` code · q trap code (bits 15..6)
 *   y `sync` type · h `pref`/`cache` hint (rt field) · H `prefx` hint (bits 15..11, the fs field)
 *   K `rdhwr` hardware register
 *   S fs · T ft · D fd · R fr (COP1X) · G FPU control register (fs field) · N condition code in bits 20..18
 *   M condition code in bits 10..8 (`c.cond.fmt`)
 */
import { Op } from './ops.js';

export interface InstrDef {
  readonly name: string;
  readonly match: number;
  readonly mask: number;
  readonly args: string;
  readonly op: Op;
  /** A more specific spelling of a later entry (binutils pseudo-instruction). */
  readonly alias?: boolean;
  /** The instruction has a delay slot; 'likely' annuls it when not taken. */
  readonly delay?: 'branch' | 'likely' | 'jump';
  /** Needs coprocessor 1 to be usable (raises Coprocessor Unusable(1) otherwise). */
  readonly fpu?: boolean;
}

// Field masks of the standard instruction formats.
const OPCODE = 0xfc000000;
const RS = 0x03e00000;
const RT = 0x001f0000;
const RD = 0x0000f800;
const SA = 0x000007c0;
const FUNCT = 0x0000003f;

type Extra = Partial<Pick<InstrDef, 'alias' | 'delay' | 'fpu'>>;

const defs: InstrDef[] = [];
function add(name: string, match: number, mask: number, args: string, op: Op, extra: Extra = {}): void {
  defs.push({ name, match: match >>> 0, mask: mask >>> 0, args, op, ...extra });
}
const primary = (opcode: number) => (opcode << 26) >>> 0;
/** SPECIAL (opcode 0) instruction; `zero` lists fields that must be zero. */
function special(name: string, funct: number, args: string, op: Op, zero = 0, extra: Extra = {}): void {
  add(name, funct, OPCODE | FUNCT | zero, args, op, extra);
}
function regimm(name: string, rt: number, args: string, op: Op, extra: Extra = {}): void {
  add(name, primary(1) | (rt << 16), OPCODE | RT, args, op, extra);
}
function special2(name: string, funct: number, args: string, op: Op, zero = 0): void {
  add(name, primary(0x1c) | funct, OPCODE | FUNCT | zero, args, op);
}

// ---------------------------------------------------------------- SPECIAL
add('nop', 0x00000000, 0xffffffff, '', Op.Nop, { alias: true });
add('ssnop', 0x00000040, 0xffffffff, '', Op.Nop, { alias: true });
add('ehb', 0x000000c0, 0xffffffff, '', Op.Nop, { alias: true });
special('sll', 0x00, 'd,t,<', Op.Sll, RS);
add('movf', 0x00000001, OPCODE | 0x00030000 | SA | FUNCT, 'd,s,N', Op.Movci, { fpu: true });
add('movt', 0x00010001, OPCODE | 0x00030000 | SA | FUNCT, 'd,s,N', Op.Movci, { fpu: true });
special('srl', 0x02, 'd,t,<', Op.Srl, RS);
// objdump spells rotations `ror`/`rorv`; gas accepts both spellings.
add('ror', 0x00200002, OPCODE | RS | FUNCT, 'd,t,<', Op.Rotr, { alias: true });
add('rotr', 0x00200002, OPCODE | RS | FUNCT, 'd,t,<', Op.Rotr);
special('sra', 0x03, 'd,t,<', Op.Sra, RS);
special('sllv', 0x04, 'd,t,s', Op.Sllv, SA);
special('srlv', 0x06, 'd,t,s', Op.Srlv, SA);
add('rorv', 0x00000046, OPCODE | SA | FUNCT, 'd,t,s', Op.Rotrv, { alias: true });
add('rotrv', 0x00000046, OPCODE | SA | FUNCT, 'd,t,s', Op.Rotrv);
special('srav', 0x07, 'd,t,s', Op.Srav, SA);
special('jr.hb', 0x408, 's', Op.Jr, RT | RD | SA, { delay: 'jump' });
special('jr', 0x08, 's', Op.Jr, RT | RD | SA, { delay: 'jump' });
add('jalr.hb', 0x0000f809 | 0x400, OPCODE | RT | RD | SA | FUNCT, 's', Op.Jalr, { alias: true, delay: 'jump' });
special('jalr.hb', 0x409, 'd,s', Op.Jalr, RT | SA, { delay: 'jump' });
add('jalr', 0x0000f809, OPCODE | RT | RD | SA | FUNCT, 's', Op.Jalr, { alias: true, delay: 'jump' });
special('jalr', 0x09, 'd,s', Op.Jalr, RT | SA, { delay: 'jump' });
special('movz', 0x0a, 'd,s,t', Op.Movz, SA);
special('movn', 0x0b, 'd,s,t', Op.Movn, SA);
add('syscall', 0x0000000c, 0xffffffff, '', Op.Syscall, { alias: true });
special('syscall', 0x0c, 'C', Op.Syscall);
add('break', 0x0000000d, 0xffffffff, '', Op.Break, { alias: true });
special('break', 0x0d, 'B', Op.Break);
add('sync', 0x0000000f, 0xffffffff, '', Op.Sync, { alias: true });
// The MIPS32r2 lightweight barrier stypes binutils names.
add('sync_wmb', 0x0000010f, 0xffffffff, '', Op.Sync, { alias: true });
add('sync_mb', 0x0000040f, 0xffffffff, '', Op.Sync, { alias: true });
add('sync_acquire', 0x0000044f, 0xffffffff, '', Op.Sync, { alias: true });
add('sync_release', 0x0000048f, 0xffffffff, '', Op.Sync, { alias: true });
add('sync_rmb', 0x000004cf, 0xffffffff, '', Op.Sync, { alias: true });
special('sync', 0x0f, 'y', Op.Sync, RS | RT | RD);
special('mfhi', 0x10, 'd', Op.Mfhi, RS | RT | SA);
special('mthi', 0x11, 's', Op.Mthi, RT | RD | SA);
special('mflo', 0x12, 'd', Op.Mflo, RS | RT | SA);
special('mtlo', 0x13, 's', Op.Mtlo, RT | RD | SA);
special('mult', 0x18, 's,t', Op.Mult, RD | SA);
special('multu', 0x19, 's,t', Op.Multu, RD | SA);
special('div', 0x1a, 'z,s,t', Op.Div, RD | SA);
special('divu', 0x1b, 'z,s,t', Op.Divu, RD | SA);
add('neg', 0x00000022, OPCODE | RS | SA | FUNCT, 'd,t', Op.Sub, { alias: true });
// gas assembles `move` as `or` (the first spelling an assembler finds); objdump prints both as `move`.
add('move', 0x00000025, OPCODE | RT | SA | FUNCT, 'd,s', Op.Or, { alias: true });
add('move', 0x00000021, OPCODE | RT | SA | FUNCT, 'd,s', Op.Addu, { alias: true });
add('negu', 0x00000023, OPCODE | RS | SA | FUNCT, 'd,t', Op.Subu, { alias: true });
special('add', 0x20, 'd,s,t', Op.Add, SA);
special('addu', 0x21, 'd,s,t', Op.Addu, SA);
special('sub', 0x22, 'd,s,t', Op.Sub, SA);
special('subu', 0x23, 'd,s,t', Op.Subu, SA);
special('and', 0x24, 'd,s,t', Op.And, SA);
special('or', 0x25, 'd,s,t', Op.Or, SA);
special('xor', 0x26, 'd,s,t', Op.Xor, SA);
special('nor', 0x27, 'd,s,t', Op.Nor, SA);
special('slt', 0x2a, 'd,s,t', Op.Slt, SA);
special('sltu', 0x2b, 'd,s,t', Op.Sltu, SA);
const trapOps: Array<[string, number, Op]> = [
  ['tge', 0x30, Op.Tge], ['tgeu', 0x31, Op.Tgeu], ['tlt', 0x32, Op.Tlt],
  ['tltu', 0x33, Op.Tltu], ['teq', 0x34, Op.Teq], ['tne', 0x36, Op.Tne],
];
for (const [name, funct, op] of trapOps) {
  add(name, funct, OPCODE | 0xffc0 | FUNCT, 's,t', op, { alias: true });
  special(name, funct, 's,t,q', op);
}

// ---------------------------------------------------------------- REGIMM
// objdump prints both `beq zero,zero` and `bgez zero` as `b`; gas assembles `b` as the former, so it is listed
// first (the assembler takes the first spelling that fits; the decoder only compares entries of one opcode).
add('b', primary(0x04), OPCODE | RS | RT, 'p', Op.Beq, { alias: true, delay: 'branch' });
regimm('bltz', 0x00, 's,p', Op.Bltz, { delay: 'branch' });
add('b', primary(1) | (0x01 << 16), OPCODE | RS | RT, 'p', Op.Bgez, { alias: true, delay: 'branch' });
regimm('bgez', 0x01, 's,p', Op.Bgez, { delay: 'branch' });
regimm('bltzl', 0x02, 's,p', Op.Bltzl, { delay: 'likely' });
regimm('bgezl', 0x03, 's,p', Op.Bgezl, { delay: 'likely' });
regimm('tgei', 0x08, 's,j', Op.Tgei);
regimm('tgeiu', 0x09, 's,j', Op.Tgeiu);
regimm('tlti', 0x0a, 's,j', Op.Tlti);
regimm('tltiu', 0x0b, 's,j', Op.Tltiu);
regimm('teqi', 0x0c, 's,j', Op.Teqi);
regimm('tnei', 0x0e, 's,j', Op.Tnei);
regimm('bltzal', 0x10, 's,p', Op.Bltzal, { delay: 'branch' });
add('bal', 0x04110000, OPCODE | RS | RT, 'p', Op.Bgezal, { alias: true, delay: 'branch' });
regimm('bgezal', 0x11, 's,p', Op.Bgezal, { delay: 'branch' });
regimm('bltzall', 0x12, 's,p', Op.Bltzall, { delay: 'likely' });
regimm('bgezall', 0x13, 's,p', Op.Bgezall, { delay: 'likely' });
regimm('synci', 0x1f, 'o(s)', Op.Synci);

// ---------------------------------------------------------------- jumps, branches, immediates
add('j', primary(0x02), OPCODE, 'a', Op.J, { delay: 'jump' });
add('jal', primary(0x03), OPCODE, 'a', Op.Jal, { delay: 'jump' });
add('beqz', primary(0x04), OPCODE | RT, 's,p', Op.Beq, { alias: true, delay: 'branch' });
add('beq', primary(0x04), OPCODE, 's,t,p', Op.Beq, { delay: 'branch' });
add('bnez', primary(0x05), OPCODE | RT, 's,p', Op.Bne, { alias: true, delay: 'branch' });
add('bne', primary(0x05), OPCODE, 's,t,p', Op.Bne, { delay: 'branch' });
add('blez', primary(0x06), OPCODE | RT, 's,p', Op.Blez, { delay: 'branch' });
add('bgtz', primary(0x07), OPCODE | RT, 's,p', Op.Bgtz, { delay: 'branch' });
add('addi', primary(0x08), OPCODE, 't,s,j', Op.Addi);
add('li', primary(0x09), OPCODE | RS, 't,j', Op.Addiu, { alias: true });
add('addiu', primary(0x09), OPCODE, 't,s,j', Op.Addiu);
add('slti', primary(0x0a), OPCODE, 't,s,j', Op.Slti);
add('sltiu', primary(0x0b), OPCODE, 't,s,j', Op.Sltiu);
add('andi', primary(0x0c), OPCODE, 't,s,u', Op.Andi);
add('li', primary(0x0d), OPCODE | RS, 't,u', Op.Ori, { alias: true });
add('ori', primary(0x0d), OPCODE, 't,s,u', Op.Ori);
add('xori', primary(0x0e), OPCODE, 't,s,u', Op.Xori);
add('lui', primary(0x0f), OPCODE | RS, 't,U', Op.Lui);
add('beqzl', primary(0x14), OPCODE | RT, 's,p', Op.Beql, { alias: true, delay: 'likely' });
add('beql', primary(0x14), OPCODE, 's,t,p', Op.Beql, { delay: 'likely' });
add('bnezl', primary(0x15), OPCODE | RT, 's,p', Op.Bnel, { alias: true, delay: 'likely' });
add('bnel', primary(0x15), OPCODE, 's,t,p', Op.Bnel, { delay: 'likely' });
add('blezl', primary(0x16), OPCODE | RT, 's,p', Op.Blezl, { delay: 'likely' });
add('bgtzl', primary(0x17), OPCODE | RT, 's,p', Op.Bgtzl, { delay: 'likely' });

// ---------------------------------------------------------------- SPECIAL2 / SPECIAL3
special2('madd', 0x00, 's,t', Op.Madd, RD | SA);
special2('maddu', 0x01, 's,t', Op.Maddu, RD | SA);
special2('mul', 0x02, 'd,s,t', Op.Mul, SA);
special2('msub', 0x04, 's,t', Op.Msub, RD | SA);
special2('msubu', 0x05, 's,t', Op.Msubu, RD | SA);
special2('clz', 0x20, 'W,s', Op.Clz, SA);
special2('clo', 0x21, 'W,s', Op.Clo, SA);
add('ext', primary(0x1f) | 0x00, OPCODE | FUNCT, 't,s,P,Z', Op.Ext);
add('ins', primary(0x1f) | 0x04, OPCODE | FUNCT, 't,s,P,I', Op.Ins);
add('wsbh', primary(0x1f) | (0x02 << 6) | 0x20, OPCODE | RS | SA | FUNCT, 'd,t', Op.Wsbh);
add('seb', primary(0x1f) | (0x10 << 6) | 0x20, OPCODE | RS | SA | FUNCT, 'd,t', Op.Seb);
add('seh', primary(0x1f) | (0x18 << 6) | 0x20, OPCODE | RS | SA | FUNCT, 'd,t', Op.Seh);
add('rdhwr', primary(0x1f) | 0x3b, OPCODE | RS | SA | FUNCT, 't,K', Op.Rdhwr);

// ---------------------------------------------------------------- loads and stores
const memOps: Array<[string, number, Op, string?]> = [
  ['lb', 0x20, Op.Lb], ['lh', 0x21, Op.Lh], ['lwl', 0x22, Op.Lwl], ['lw', 0x23, Op.Lw],
  ['lbu', 0x24, Op.Lbu], ['lhu', 0x25, Op.Lhu], ['lwr', 0x26, Op.Lwr],
  ['sb', 0x28, Op.Sb], ['sh', 0x29, Op.Sh], ['swl', 0x2a, Op.Swl], ['sw', 0x2b, Op.Sw], ['swr', 0x2e, Op.Swr],
  ['ll', 0x30, Op.Ll], ['pref', 0x33, Op.Pref, 'h,o(s)'], ['sc', 0x38, Op.Sc],
];
for (const [name, opcode, op, args] of memOps) add(name, primary(opcode), OPCODE, args ?? 't,o(s)', op);
add('lwc1', primary(0x31), OPCODE, 'T,o(s)', Op.Lwc1, { fpu: true });
add('ldc1', primary(0x35), OPCODE, 'T,o(s)', Op.Ldc1, { fpu: true });
add('swc1', primary(0x39), OPCODE, 'T,o(s)', Op.Swc1, { fpu: true });
add('sdc1', primary(0x3d), OPCODE, 'T,o(s)', Op.Sdc1, { fpu: true });

// ---------------------------------------------------------------- COP1
const COP1 = primary(0x11);
const FMT = RS;
function cop1Move(name: string, rs: number, args: string, op: Op): void {
  add(name, COP1 | (rs << 21), OPCODE | FMT | 0x7ff, args, op, { fpu: true });
}
cop1Move('mfc1', 0x00, 't,S', Op.Mfc1);
cop1Move('cfc1', 0x02, 't,G', Op.Cfc1);
cop1Move('mfhc1', 0x03, 't,S', Op.Mfhc1);
cop1Move('mtc1', 0x04, 't,S', Op.Mtc1);
cop1Move('ctc1', 0x06, 't,G', Op.Ctc1);
cop1Move('mthc1', 0x07, 't,S', Op.Mthc1);
const fpBranches: Array<[string, number, Op]> = [
  ['bc1f', 0, Op.Bc1f], ['bc1t', 1, Op.Bc1t], ['bc1fl', 2, Op.Bc1fl], ['bc1tl', 3, Op.Bc1tl],
];
for (const [name, tf, op] of fpBranches) {
  const delay = tf >= 2 ? 'likely' : 'branch';
  add(name, COP1 | (0x08 << 21) | (tf << 16), OPCODE | FMT | RT, 'p', op, { alias: true, delay, fpu: true });
  add(name, COP1 | (0x08 << 21) | (tf << 16), OPCODE | FMT | 0x00030000, 'N,p', op, { delay, fpu: true });
}

/** Formats of computational COP1 instructions, with the fmt field value. */
const FMTS = { s: 0x10, d: 0x11, w: 0x14, l: 0x15 } as const;
type Fmt = keyof typeof FMTS;
function arith(name: string, fmts: readonly Fmt[], funct: number, args: string, zero = 0, extraMatch = 0, extraMask = 0): void {
  for (const f of fmts) {
    add(`${name}.${f}`, COP1 | (FMTS[f] << 21) | funct | extraMatch, OPCODE | FMT | FUNCT | zero | extraMask,
      args, Op.Cop1Arith, { fpu: true });
  }
}
const FT = RT;
const FS = RD;
const SD: readonly Fmt[] = ['s', 'd'];
arith('add', SD, 0x00, 'D,S,T');
arith('sub', SD, 0x01, 'D,S,T');
arith('mul', SD, 0x02, 'D,S,T');
arith('div', SD, 0x03, 'D,S,T');
arith('sqrt', SD, 0x04, 'D,S', FT);
arith('abs', SD, 0x05, 'D,S', FT);
arith('mov', SD, 0x06, 'D,S', FT);
arith('neg', SD, 0x07, 'D,S', FT);
arith('round.l', SD, 0x08, 'D,S', FT);
arith('trunc.l', SD, 0x09, 'D,S', FT);
arith('ceil.l', SD, 0x0a, 'D,S', FT);
arith('floor.l', SD, 0x0b, 'D,S', FT);
arith('round.w', SD, 0x0c, 'D,S', FT);
arith('trunc.w', SD, 0x0d, 'D,S', FT);
arith('ceil.w', SD, 0x0e, 'D,S', FT);
arith('floor.w', SD, 0x0f, 'D,S', FT);
arith('movf', SD, 0x11, 'D,S,N', 0x00030000);
arith('movt', SD, 0x11, 'D,S,N', 0, 0x00010000, 0x00030000);
arith('movz', SD, 0x12, 'D,S,t');
arith('movn', SD, 0x13, 'D,S,t');
arith('recip', SD, 0x15, 'D,S', FT);
arith('rsqrt', SD, 0x16, 'D,S', FT);
arith('cvt.s', ['d', 'w', 'l'], 0x20, 'D,S', FT);
arith('cvt.d', ['s', 'w', 'l'], 0x21, 'D,S', FT);
arith('cvt.w', SD, 0x24, 'D,S', FT);
arith('cvt.l', SD, 0x25, 'D,S', FT);
/** The 16 conditions of c.cond.fmt, in encoding order (cond field = index). */
export const FP_CONDITIONS = [
  'f', 'un', 'eq', 'ueq', 'olt', 'ult', 'ole', 'ule', 'sf', 'ngle', 'seq', 'ngl', 'lt', 'nge', 'le', 'ngt',
] as const;
FP_CONDITIONS.forEach((cond, i) => {
  const CC = 0x700;
  for (const f of SD) {
    const match = COP1 | (FMTS[f] << 21) | 0x30 | i;
    add(`c.${cond}.${f}`, match, OPCODE | FMT | FUNCT | CC | 0xc0, 'S,T', Op.Cop1Arith, { alias: true, fpu: true });
    add(`c.${cond}.${f}`, match, OPCODE | FMT | FUNCT | 0xc0, 'M,S,T', Op.Cop1Arith, { fpu: true });
  }
});

// ---------------------------------------------------------------- COP1X (indexed memory, fused-style arithmetic)
const COP1X = primary(0x13);
function cop1x(name: string, funct: number, args: string, op: Op, zero: number): void {
  add(name, COP1X | funct, OPCODE | FUNCT | zero, args, op, { fpu: true });
}
cop1x('lwxc1', 0x00, 'D,t(s)', Op.Lwxc1, FS);
cop1x('ldxc1', 0x01, 'D,t(s)', Op.Ldxc1, FS);
cop1x('luxc1', 0x05, 'D,t(s)', Op.Luxc1, FS);
cop1x('swxc1', 0x08, 'S,t(s)', Op.Swxc1, 0x7c0);
cop1x('sdxc1', 0x09, 'S,t(s)', Op.Sdxc1, 0x7c0);
cop1x('suxc1', 0x0d, 'S,t(s)', Op.Suxc1, 0x7c0);
cop1x('prefx', 0x0f, 'H,t(s)', Op.Prefx, 0x7c0);
const fused: Array<[string, number]> = [['madd', 0x20], ['msub', 0x28], ['nmadd', 0x30], ['nmsub', 0x38]];
for (const [name, base] of fused) {
  cop1x(`${name}.s`, base | 0, 'D,R,S,T', Op.Cop1Arith, 0);
  cop1x(`${name}.d`, base | 1, 'D,R,S,T', Op.Cop1Arith, 0);
}

// ---------------------------------------------------------------- privileged coprocessors
add('cache', primary(0x2f), OPCODE, 'h,o(s)', Op.CoprocessorUnusable);
for (const opcode of [0x10, 0x12, 0x32, 0x36, 0x3a, 0x3e]) {
  add(`cop${opcode & 3}`, primary(opcode), OPCODE, '', Op.CoprocessorUnusable, { alias: true });
}

export const INSTRUCTIONS: readonly InstrDef[] = defs;

/** Register names as binutils prints them (o32). */
export const GPR_NAMES = [
  'zero', 'at', 'v0', 'v1', 'a0', 'a1', 'a2', 'a3', 't0', 't1', 't2', 't3', 't4', 't5', 't6', 't7',
  's0', 's1', 's2', 's3', 's4', 's5', 's6', 's7', 't8', 't9', 'k0', 'k1', 'gp', 'sp', 's8', 'ra',
] as const;
