/**
 * The block compiler: straight-line guest code, translated into one JavaScript function per block.
 *
 * A block starts at a pc and runs to the first branch or jump and its delay slot, to the end of its page, or up to
 * (excluding) an instruction that compiled code leaves to the interpreter (`Flow.Stop`: syscall, break, synci,
 * ctc1, reserved and privileged encodings, unknown rdhwr registers). A branch whose delay slot would be on the next
 * page, or whose slot is itself a branch or a Stop instruction, ends the block before it. A block whose branch
 * targets its own start loops inside the function while the budget allows one more complete pass.
 *
 * The semantics are the interpreter's, instruction for instruction (the templates below mirror its switch). Every
 * check that can raise an exception (page maps, alignment, overflow, traps, FPU usable, FPU results) runs before the
 * instruction changes any state; when it fails, the function stops there and reports the instruction ("bails"), and
 * the run loop lets the interpreter execute that one instruction, so that exceptions have a single implementation
 * (src/cpu/interpreter.ts) and the CPU state at an exit is exactly the interpreter's.
 *
 * Calling convention (BlockFn): `lim` is the budget left (at least the block's length). A normal exit stores the next
 * pc in io[IO_PC] and returns the number of instructions retired (a not-taken likely branch annuls its slot, which
 * does not count). A bail stores the instruction's pc, the npc it must run with and whether it sits in a delay slot
 * (io[IO_PC], io[IO_NPC], io[IO_SLOT]) and returns ~retired (negative). io[IO_LL] holds LLbit's physical address.
 */
import { Op } from '../isa/ops.js';
import { executeCop1 } from '../fpu/cop1.js';
import { mulHighSigned, mulHighUnsigned } from './arith.js';
import { readFpuControl } from './fpu-control.js';
import { Frame } from '../mm/physical.js';
import { HwReg, type Cpu } from './interpreter.js';
import { HI, LO, type CpuState } from './state.js';

export type BlockFn = (
  r: Int32Array, io: Int32Array, u8: Uint8Array, i8: Int8Array, u16: Uint16Array, i16: Int16Array, i32: Int32Array,
  rmap: Int32Array, wmap: Int32Array, xmap: Int32Array, st: CpuState, lim: number, entry: number,
) => number;

/** Slots of the Int32Array shared by compiled blocks and the run loop. */
export const IO_PC = 0;
export const IO_NPC = 1;
export const IO_SLOT = 2;
export const IO_LL = 3;

/** How an instruction affects the extent of a block. */
export const enum Flow {
  /** Compiled inline; execution continues with the next instruction (or leaves through a bail). */
  Plain,
  /** Has a delay slot: the block ends after the slot. */
  Branch,
  /** Left to the interpreter: the block ends before it. */
  Stop,
}

/** Longest block, in instructions (a page holds 1024). */
export const MAX_BLOCK = 256;

export function flowOf(op: Op, w: number): Flow {
  switch (op) {
    case Op.Jr: case Op.Jalr: case Op.J: case Op.Jal:
    case Op.Beq: case Op.Bne: case Op.Blez: case Op.Bgtz: case Op.Bltz: case Op.Bgez: case Op.Bltzal: case Op.Bgezal:
    case Op.Beql: case Op.Bnel: case Op.Blezl: case Op.Bgtzl: case Op.Bltzl: case Op.Bgezl: case Op.Bltzall: case Op.Bgezall:
    case Op.Bc1f: case Op.Bc1t: case Op.Bc1fl: case Op.Bc1tl:
      return Flow.Branch;
    case Op.Undecoded: case Op.Invalid: case Op.Syscall: case Op.Break: case Op.CoprocessorUnusable:
    case Op.Synci: case Op.Ctc1:
      return Flow.Stop;
    case Op.Rdhwr: {
      const hw = (w >>> 11) & 31;
      return hw <= HwReg.CounterResolution || hw === HwReg.UserLocal ? Flow.Plain : Flow.Stop;
    }
    default:
      return OP_TEMPLATES_KNOWN.has(op) ? Flow.Plain : Flow.Stop;
  }
}

/**
 * The number of instructions of the block starting at word `idx` of a page (0: the first instruction must be
 * interpreted). `word(k)` and `op(k)` read and decode word k of the page.
 */
export function blockLength(idx: number, word: (k: number) => number, op: (k: number) => Op): number {
  for (let k = idx; k < 1024; k++) {
    const o = op(k);
    const f = flowOf(o, word(k));
    if (f === Flow.Stop) return k - idx;
    if (f === Flow.Branch) {
      if (k === 1023) return k - idx;
      const slot = op(k + 1);
      if (flowOf(slot, word(k + 1)) !== Flow.Plain) return k - idx;
      return k + 2 - idx;
    }
    if (k + 1 - idx >= MAX_BLOCK) return k + 1 - idx;
  }
  return 1024 - idx;
}

/**
 * The assertion mode's report: a local of compiled code holds something a 32-bit register cannot (a bug of the
 * block compiler, never of the guest), so the run stops with a host error naming the instruction.
 */
function notInt32(pc: number, reg: number, value: number): never {
  const name = reg === HI ? 'HI' : reg === LO ? 'LO' : reg < 32 ? `$${reg}` : `pc`;
  throw new Error(`block compiler: ${name} = ${value} is not an int32 (at 0x${(pc >>> 0).toString(16)})`);
}

/** Helpers generated code may call, bound once per compiled function. */
const HELPERS = {
  mulHighSigned, mulHighUnsigned, executeCop1, readFpuControl, notInt32,
};
type HelperName = keyof typeof HELPERS;

const hex = (v: number): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
const imm16 = (w: number): number => (w << 16) >> 16;

/** Ops the instruction templates cover (everything else stops a block). */
const OP_TEMPLATES_KNOWN = new Set<Op>([
  Op.Nop, Op.Sync, Op.Pref, Op.Prefx,
  Op.Sll, Op.Srl, Op.Sra, Op.Rotr, Op.Sllv, Op.Srlv, Op.Srav, Op.Rotrv,
  Op.Movz, Op.Movn, Op.Movci,
  Op.Tge, Op.Tgeu, Op.Tlt, Op.Tltu, Op.Teq, Op.Tne, Op.Tgei, Op.Tgeiu, Op.Tlti, Op.Tltiu, Op.Teqi, Op.Tnei,
  Op.Mfhi, Op.Mflo, Op.Mthi, Op.Mtlo, Op.Mult, Op.Multu, Op.Mul, Op.Madd, Op.Maddu, Op.Msub, Op.Msubu, Op.Div, Op.Divu,
  Op.Add, Op.Sub, Op.Addi, Op.Addu, Op.Subu, Op.And, Op.Or, Op.Xor, Op.Nor, Op.Slt, Op.Sltu,
  Op.Addiu, Op.Slti, Op.Sltiu, Op.Andi, Op.Ori, Op.Xori, Op.Lui, Op.Clz, Op.Clo, Op.Ext, Op.Ins, Op.Wsbh, Op.Seb, Op.Seh,
  Op.Rdhwr,
  Op.Lb, Op.Lbu, Op.Lh, Op.Lhu, Op.Lw, Op.Ll, Op.Lwl, Op.Lwr, Op.Sb, Op.Sh, Op.Sw, Op.Sc, Op.Swl, Op.Swr,
  Op.Lwc1, Op.Swc1, Op.Ldc1, Op.Sdc1, Op.Lwxc1, Op.Swxc1, Op.Ldxc1, Op.Sdxc1, Op.Luxc1, Op.Suxc1,
  Op.Mfc1, Op.Mfhc1, Op.Mtc1, Op.Mthc1, Op.Cfc1, Op.Cop1Arith,
]);

interface Gen {
  out: string[];
  helpers: Set<HelperName>;
  /** Registers live in locals (r1..r33), loaded at entry and stored back at exit, rather than in the register file. */
  local: boolean;
  /** Registers the block reads or writes, and those it writes. */
  regs: Set<number>;
  written: Set<number>;
  /** The block uses the FPU (declares fpu/fr). */
  fpu: boolean;
  /** Coprocessor 1 usability was already checked by an earlier instruction of the block (it dominates this one). */
  cu1Checked: boolean;
  /** The block uses the cpu object (rdhwr). */
  cpu: boolean;
  /** Bail table: pc, npc, in delay slot, instructions of its block retired before it — per bail. */
  bails: number[];
  /** Assertion mode (CompileOptions.checkLocals). */
  checkLocals: boolean;
  /** Address of the instruction being compiled (for the assertion mode's reports). */
  pc: number;
}

/** A guest register as a JavaScript expression: $zero is the constant 0, the others are locals. */
function get(g: Gen, x: number): string {
  if (x === 0) return '0';
  g.regs.add(x);
  return g.local ? `r${x}` : `r[${x}]`;
}

/**
 * Assigns a register; a local is truncated to int32 like a store into the register file's Int32Array, so that it
 * holds exactly what the register would. Only a register (a local, or an element of the Int32Array) and an int32
 * literal are known to be int32 already; a temporary (v, x, ...) is not: madd once left LO as the 33-bit sum that way.
 */
function set(g: Gen, x: number, e: string): void {
  if (x === 0) return;
  g.regs.add(x);
  g.written.add(x);
  if (!g.local) {
    g.out.push(`r[${x}] = ${e};`);
    return;
  }
  const plain = /^(r\d+|r\[\d+\])$/.test(e) || isInt32Literal(e);
  g.out.push(`r${x} = ${plain ? e : `(${e}) | 0`};${g.checkLocals ? ` ${checkLocal(g, x)}` : ''}`);
}

/** A decimal or hexadecimal literal (as `hex` writes it) whose value is an int32. */
function isInt32Literal(e: string): boolean {
  if (!/^-?(\d+|0x[0-9a-f]+)$/.test(e)) return false;
  const v = Number(e.startsWith('-') ? -Number(e.slice(1)) : Number(e));
  return v === (v | 0) && !Object.is(v, -0);
}

/** The assertion mode's check that local `x` holds an int32 after the instruction being compiled (see checkLocals). */
function checkLocal(g: Gen, x: number): string {
  return int32Check(x, hex(g.pc));
}

/** Source that calls notInt32 unless local `x` holds an int32; `at` is the address to report (an expression). */
function int32Check(x: number, at: string): string {
  return `if (r${x} !== (r${x} | 0) || Object.is(r${x}, -0)) notInt32(${at}, ${x}, r${x});`;
}


/**
 * Source of one instruction (not a branch). `bail` is the statement that leaves the block reporting this
 * instruction; it must run before the instruction changes anything. `index`: instructions of its block before it.
 */
function emitInsn(g: Gen, op: Op, w: number, bail: string, index: number): void {
  const rs = (w >>> 21) & 31, rt = (w >>> 16) & 31, rd = (w >>> 11) & 31, sa = (w >>> 6) & 31;
  const s = get(g, rs), t = get(g, rt);
  const o = g.out;
  const needCu1 = (): void => {
    g.fpu = true;
    if (!g.cu1Checked) o.push(`if (!st.cu1) ${bail}`);
    g.cu1Checked = true;
  };
  const setRd = (e: string): void => set(g, rd, e);
  const setRt = (e: string): void => set(g, rt, e);
  const trap = (cond: string): void => { o.push(`if (${cond}) ${bail}`); };
  const ea = imm16(w) === 0 ? `a = ${s};` : `a = (${s} + ${imm16(w)}) | 0;`;
  switch (op) {
    case Op.Nop: case Op.Sync: case Op.Pref: case Op.Prefx:
      return;

    case Op.Sll: setRd(`${t} << ${sa}`); return;
    case Op.Srl: setRd(`${t} >>> ${sa}`); return;
    case Op.Sra: setRd(`${t} >> ${sa}`); return;
    case Op.Rotr: setRd(`(${t} >>> ${sa}) | (${t} << ${32 - sa})`); return;
    case Op.Sllv: setRd(`${t} << (${s} & 31)`); return;
    case Op.Srlv: setRd(`${t} >>> (${s} & 31)`); return;
    case Op.Srav: setRd(`${t} >> (${s} & 31)`); return;
    case Op.Rotrv: o.push(`v = ${t}; x = ${s} & 31;`); setRd('(v >>> x) | (v << (32 - x))'); return;

    case Op.Movz: if (rd !== 0) { o.push(`if (${t} === 0)`); setRd(s); } return;
    case Op.Movn: if (rd !== 0) { o.push(`if (${t} !== 0)`); setRd(s); } return;
    case Op.Movci: {
      needCu1();
      const cc = (w >>> 18) & 7;
      if (rd !== 0) { o.push(`if (((fpu.fcsr >>> ${cc === 0 ? 23 : 24 + cc}) & 1) === ${(w >>> 16) & 1})`); setRd(s); }
      return;
    }

    case Op.Tge: trap(`${s} >= ${t}`); return;
    case Op.Tgeu: trap(`${s} >>> 0 >= ${t} >>> 0`); return;
    case Op.Tlt: trap(`${s} < ${t}`); return;
    case Op.Tltu: trap(`${s} >>> 0 < ${t} >>> 0`); return;
    case Op.Teq: trap(`${s} === ${t}`); return;
    case Op.Tne: trap(`${s} !== ${t}`); return;
    case Op.Tgei: trap(`${s} >= ${imm16(w)}`); return;
    case Op.Tgeiu: trap(`${s} >>> 0 >= ${imm16(w) >>> 0}`); return;
    case Op.Tlti: trap(`${s} < ${imm16(w)}`); return;
    case Op.Tltiu: trap(`${s} >>> 0 < ${imm16(w) >>> 0}`); return;
    case Op.Teqi: trap(`${s} === ${imm16(w)}`); return;
    case Op.Tnei: trap(`${s} !== ${imm16(w)}`); return;

    case Op.Mfhi: setRd(get(g, HI)); return;
    case Op.Mflo: setRd(get(g, LO)); return;
    case Op.Mthi: set(g, HI, s); return;
    case Op.Mtlo: set(g, LO, s); return;
    case Op.Mult:
    case Op.Multu: {
      const h: HelperName = op === Op.Mult ? 'mulHighSigned' : 'mulHighUnsigned';
      g.helpers.add(h);
      o.push(`v = ${s}; x = ${t};`);
      set(g, LO, 'Math.imul(v, x)');
      set(g, HI, `${h}(v, x)`);
      return;
    }
    case Op.Mul: setRd(`Math.imul(${s}, ${t})`); return;
    case Op.Madd: case Op.Maddu: case Op.Msub: case Op.Msubu: {
      const h: HelperName = op === Op.Madd || op === Op.Msub ? 'mulHighSigned' : 'mulHighUnsigned';
      g.helpers.add(h);
      o.push(`v = ${s}; x = ${t}; y = Math.imul(v, x) >>> 0; z = ${h}(v, x);`);
      const lo = get(g, LO), hi = get(g, HI);
      if (op === Op.Madd || op === Op.Maddu) {
        o.push(`v = (${lo} >>> 0) + y;`);
        set(g, LO, 'v');
        set(g, HI, `${hi} + z + (v > 0xffffffff ? 1 : 0)`);
      } else {
        o.push(`v = (${lo} >>> 0) - y;`);
        set(g, LO, 'v');
        set(g, HI, `${hi} - z - (v < 0 ? 1 : 0)`);
      }
      return;
    }
    case Op.Div: o.push(`v = ${s}; x = ${t} || 1;`); set(g, LO, 'v / x'); set(g, HI, 'v % x'); return;
    case Op.Divu: o.push(`v = ${s} >>> 0; x = (${t} >>> 0) || 1;`); set(g, LO, 'v / x'); set(g, HI, 'v % x'); return;

    case Op.Add: case Op.Sub: case Op.Addi: {
      const e = op === Op.Add ? `${s} + ${t}` : op === Op.Sub ? `${s} - ${t}` : `${s} + ${imm16(w)}`;
      o.push(`v = ${e}; if (v > 0x7fffffff || v < -0x80000000) ${bail}`);
      set(g, op === Op.Addi ? rt : rd, 'v');
      return;
    }
    // `move` is `or`/`addu` with $zero.
    case Op.Addu: setRd(t === '0' ? s : s === '0' ? t : `${s} + ${t}`); return;
    case Op.Subu: setRd(t === '0' ? s : `${s} - ${t}`); return;
    case Op.And: setRd(`${s} & ${t}`); return;
    case Op.Or: setRd(t === '0' ? s : s === '0' ? t : `${s} | ${t}`); return;
    case Op.Xor: setRd(t === '0' ? s : s === '0' ? t : `${s} ^ ${t}`); return;
    case Op.Nor: setRd(`~(${s} | ${t})`); return;
    case Op.Slt: setRd(`${s} < ${t} ? 1 : 0`); return;
    case Op.Sltu: setRd(`${s} >>> 0 < ${t} >>> 0 ? 1 : 0`); return;
    case Op.Addiu: setRt(imm16(w) === 0 ? s : s === '0' ? String(imm16(w)) : `${s} + ${imm16(w)}`); return;
    case Op.Slti: setRt(`${s} < ${imm16(w)} ? 1 : 0`); return;
    case Op.Sltiu: setRt(`${s} >>> 0 < ${imm16(w) >>> 0} ? 1 : 0`); return;
    case Op.Andi: setRt(`${s} & ${w & 0xffff}`); return;
    case Op.Ori: setRt(`${s} | ${w & 0xffff}`); return;
    case Op.Xori: setRt(`${s} ^ ${w & 0xffff}`); return;
    case Op.Lui: setRt(hex(w << 16)); return;
    case Op.Clz: setRd(`Math.clz32(${s})`); return;
    case Op.Clo: setRd(`Math.clz32(~${s})`); return;
    case Op.Ext: {
      const pos = sa, size = rd + 1;
      setRt(size === 32 ? `${s} >>> ${pos}` : `(${s} >>> ${pos}) & ${hex((1 << size) - 1)}`);
      return;
    }
    case Op.Ins: {
      const lsb = sa, size = rd - lsb + 1;
      const mask = (size >= 32 ? -1 : (1 << size) - 1) << lsb;
      setRt(`(${t} & ${hex(~mask)}) | ((${s} << ${lsb}) & ${hex(mask)})`);
      return;
    }
    case Op.Wsbh: setRd(`((${t} & 0x00ff00ff) << 8) | ((${t} >>> 8) & 0x00ff00ff)`); return;
    case Op.Seb: setRd(`(${t} << 24) >> 24`); return;
    case Op.Seh: setRd(`(${t} << 16) >> 16`); return;
    case Op.Rdhwr: {
      g.cpu = true;
      o.push(`if (((cpu.config.hwrEna >>> ${rd}) & 1) === 0) ${bail}`);
      const value = rd === HwReg.CpuNum ? 'cpu.cpuNumber'
        : rd === HwReg.SynciStep ? 'cpu.config.synciStep'
          // Instructions retired before it in this run: earlier pieces, this call's earlier blocks, this block's.
          : rd === HwReg.CycleCounter ? `cpu.config.readCounter(cpu.runRetired + n + ${index}) | 0`
            : rd === HwReg.CounterResolution ? '2'
              : 'st.userLocal';
      if (rt !== 0) setRt(value);
      else if (rd === HwReg.CycleCounter) o.push(`${value};`); // the interpreter reads the counter even for $0
      return;
    }

    // ---------------------------------------------------------------- loads and stores
    case Op.Lb: case Op.Lbu:
      o.push(`${ea} o = rmap[a >>> 12]; if (o === ${Frame.None}) ${bail}`);
      setRt(`${op === Op.Lb ? 'i8' : 'u8'}[o + (a & 4095)]`);
      return;
    case Op.Lh: case Op.Lhu:
      o.push(`${ea} o = rmap[a >>> 12]; if ((a & 1) !== 0 || o === ${Frame.None}) ${bail}`);
      setRt(`${op === Op.Lh ? 'i16' : 'u16'}[(o + (a & 4095)) >> 1]`);
      return;
    case Op.Lw: case Op.Ll:
      o.push(`${ea} o = rmap[a >>> 12]; if ((a & 3) !== 0 || o === ${Frame.None}) ${bail}`);
      setRt('i32[(o + (a & 4095)) >> 2]');
      if (op === Op.Ll) o.push('io[3] = o + (a & 4095);');
      return;
    case Op.Lwl:
      o.push(`${ea} o = rmap[a >>> 12]; if (o === ${Frame.None}) ${bail}`);
      o.push(`v = i32[(o + (a & 4092)) >> 2]; x = (3 - (a & 3)) << 3;`);
      setRt(`(v << x) | (${t} & ((1 << x) - 1))`);
      return;
    case Op.Lwr:
      o.push(`${ea} o = rmap[a >>> 12]; if (o === ${Frame.None}) ${bail}`);
      o.push(`v = i32[(o + (a & 4092)) >> 2]; x = (a & 3) << 3;`);
      setRt(`(v >>> x) | (${t} & ~(0xffffffff >>> x))`);
      return;
    case Op.Sb:
      o.push(`${ea} o = wmap[a >>> 12]; if (o === ${Frame.None}) ${bail}`);
      o.push(`u8[o + (a & 4095)] = ${t};`);
      return;
    case Op.Sh:
      o.push(`${ea} o = wmap[a >>> 12]; if ((a & 1) !== 0 || o === ${Frame.None}) ${bail}`);
      o.push(`u16[(o + (a & 4095)) >> 1] = ${t};`);
      return;
    case Op.Sw:
      o.push(`${ea} o = wmap[a >>> 12]; if ((a & 3) !== 0 || o === ${Frame.None}) ${bail}`);
      o.push(`i32[(o + (a & 4095)) >> 2] = ${t};`);
      return;
    case Op.Sc:
      o.push(`${ea} o = wmap[a >>> 12]; if ((a & 3) !== 0 || o === ${Frame.None}) ${bail}`);
      o.push(`o = o + (a & 4095); v = io[3] === o ? 1 : 0; if (v !== 0) i32[o >> 2] = ${t}; io[3] = -1;`);
      setRt('v');
      return;
    case Op.Swl:
      o.push(`${ea} o = wmap[a >>> 12]; if (o === ${Frame.None}) ${bail}`);
      o.push(`y = (o + (a & 4092)) >> 2; v = i32[y]; x = (3 - (a & 3)) << 3;`);
      o.push(`i32[y] = (${t} >>> x) | (v & ~(0xffffffff >>> x));`);
      return;
    case Op.Swr:
      o.push(`${ea} o = wmap[a >>> 12]; if (o === ${Frame.None}) ${bail}`);
      o.push(`y = (o + (a & 4092)) >> 2; v = i32[y]; x = (a & 3) << 3;`);
      o.push(`i32[y] = (${t} << x) | (v & ((1 << x) - 1));`);
      return;

    // ---------------------------------------------------------------- FPU
    case Op.Lwc1: case Op.Swc1: case Op.Ldc1: case Op.Sdc1:
    case Op.Lwxc1: case Op.Swxc1: case Op.Ldxc1: case Op.Sdxc1: case Op.Luxc1: case Op.Suxc1: {
      needCu1();
      let fd: number;
      if (op === Op.Lwc1 || op === Op.Swc1 || op === Op.Ldc1 || op === Op.Sdc1) {
        o.push(ea);
        fd = rt;
      } else {
        o.push(`a = (${s} + ${t}) | 0;`);
        fd = op === Op.Lwxc1 || op === Op.Ldxc1 || op === Op.Luxc1 ? sa : rd;
        if (op === Op.Luxc1 || op === Op.Suxc1) o.push('a &= ~7;');
      }
      const isStore = op === Op.Swc1 || op === Op.Sdc1 || op === Op.Swxc1 || op === Op.Sdxc1 || op === Op.Suxc1;
      const isDouble = op === Op.Ldc1 || op === Op.Sdc1 || op === Op.Ldxc1 || op === Op.Sdxc1 || op === Op.Luxc1 || op === Op.Suxc1;
      o.push(`o = ${isStore ? 'wmap' : 'rmap'}[a >>> 12]; if ((a & ${isDouble ? 7 : 3}) !== 0 || o === ${Frame.None}) ${bail}`);
      o.push('y = (o + (a & 4095)) >> 2;');
      if (isDouble) {
        const even = fd & ~1;
        o.push(isStore ? `i32[y] = fr[${even}]; i32[y + 1] = fr[${even + 1}];` : `fr[${even}] = i32[y]; fr[${even + 1}] = i32[y + 1];`);
      } else {
        o.push(isStore ? `i32[y] = fr[${fd}];` : `fr[${fd}] = i32[y];`);
      }
      return;
    }
    case Op.Mfc1: needCu1(); setRt(`fr[${rd}]`); return;
    case Op.Mfhc1: needCu1(); setRt(`fr[${rd | 1}]`); return;
    case Op.Mtc1: needCu1(); o.push(`fr[${rd}] = ${t};`); return;
    case Op.Mthc1: needCu1(); o.push(`fr[${rd | 1}] = ${t};`); return;
    case Op.Cfc1:
      needCu1();
      g.helpers.add('readFpuControl');
      setRt(`readFpuControl(fpu.fcsr, fpu.fir, ${rd})`);
      return;
    case Op.Cop1Arith:
      // A trapping FPU operation only rewrites FCSR.Cause (destination and Flags untouched), so the interpreter,
      // re-executing it after the bail, computes the same Cause and raises the exception itself.
      needCu1();
      g.helpers.add('executeCop1');
      o.push(`if (executeCop1(fpu, ${hex(w | 0)}, ${t}) !== 0) ${bail}`);
      return;
    default:
      throw new Error(`block compiler: no template for op ${op}`);
  }
}

/** A block to compile: its virtual address, its length, and its words and ops by index within the block. */
export interface BlockSource {
  pc: number;
  len: number;
  word(i: number): number;
  op(i: number): Op;
}

/** A block of a trace. */
export interface TraceBlock extends BlockSource {
  /** Its page and the frame it was read from: checked before it runs when the page is not the trace head's. */
  vpn: number;
  frame: number;
  /**
   * Where the trace continues after it: the next block's start (or the head's, to loop), the other way out being an
   * exit; undefined: the block leaves the trace whichever way it goes.
   */
  next: number | undefined;
}

/** Where a block's last instruction goes: its kind, and its targets as known at compile time. */
interface BlockEnd {
  /** 'fall': no branch (page end, Stop instruction or size limit); 'jump': register jump (target `t`). */
  kind: 'fall' | 'branch' | 'jump';
  /** Branch target (for 'branch'); the end of the block for 'fall'. */
  target: number;
  /** The pc after the delay slot. */
  fall: number;
  /** Condition (JS expression) for conditional branches; undefined when always taken (or for 'fall'/'jump'). */
  cond: string | undefined;
  likely: boolean;
}

/**
 * The code of one block of a trace, in the trace function (see compileTrace). On entry `n` counts the instructions
 * retired so far in this call; a path that continues the trace adds the block's count to it, every other path
 * leaves the function through `break out` with `pc` (where execution continues) and `k` (instructions of this
 * block retired) set, or with `e` = 1 and the bail state for an instruction the interpreter must execute.
 */
function emitTraceBlock(g: Gen, b: TraceBlock, head: TraceBlock, members: ReadonlySet<number>, following: number | undefined): void {
  const { pc, len } = b;
  const o = g.out;
  const at = (i: number): number => (pc + 4 * i) | 0;
  const hasBranch = len >= 2 && flowOf(b.op(len - 2), b.word(len - 2)) === Flow.Branch;
  const bodyEnd = hasBranch ? len - 2 : len;
  // A bail names its row of the trace's bail table (pc, npc, in slot, retired in the block); a delay slot's npc
  // depends on the branch, so it is computed into q.
  const bail = (i: number, npc: string, slot: boolean): string => {
    const id = g.bails.length / 4;
    g.bails.push(at(i), slot ? 0 : (at(i) + 4) | 0, slot ? 1 : 0, i);
    return slot ? `{ b = ${id}; q = ${npc}; break out; }` : `{ b = ${id}; break out; }`;
  };
  const exit = (next: string, count: number): string => `{ pc = ${next}; k = ${count}; break out; }`;

  o.push(`case ${hex(pc)}: {`);
  if (b !== head && b.vpn !== head.vpn) {
    // Fetching from another page: the interpreter would look it up and write-protect it if writable (markCode);
    // the run loop does that, so leave unless the page still maps this frame and is protected.
    o.push(`if (xmap[${b.vpn}] !== ${b.frame} || wmap[${b.vpn}] !== ${Frame.None}) ${exit(hex(pc), 0)}`);
  }

  // The branch at the end, analysed first: a block whose branch targets its own start is an inner loop.
  let end: BlockEnd = { kind: 'fall', target: at(len), fall: at(len), cond: undefined, likely: false };
  let w = 0, bop = Op.Nop;
  const k = len - 2;
  if (hasBranch) {
    w = b.word(k);
    bop = b.op(k);
    const cur = at(k);
    const rs = (w >>> 21) & 31, rt = (w >>> 16) & 31;
    const rel = (cur + 4 + ((w << 16) >> 14)) | 0;
    end = { kind: 'branch', target: rel, fall: at(k + 2), cond: undefined, likely: false };
    switch (bop) {
      case Op.J: case Op.Jal: end.target = (cur & 0xf0000000) | ((w & 0x03ffffff) << 2); break;
      case Op.Jr: case Op.Jalr: end.kind = 'jump'; break;
      case Op.Beq: case Op.Beql:
        if (rs !== rt) end.cond = `${get(g, rs)} === ${get(g, rt)}`;
        end.likely = bop === Op.Beql;
        break;
      case Op.Bne: case Op.Bnel:
        end.cond = rs === rt ? 'false' : `${get(g, rs)} !== ${get(g, rt)}`;
        end.likely = bop === Op.Bnel;
        break;
      case Op.Blez: case Op.Blezl: end.cond = `${get(g, rs)} <= 0`; end.likely = bop === Op.Blezl; break;
      case Op.Bgtz: case Op.Bgtzl: end.cond = `${get(g, rs)} > 0`; end.likely = bop === Op.Bgtzl; break;
      case Op.Bltz: case Op.Bltzl: end.cond = `${get(g, rs)} < 0`; end.likely = bop === Op.Bltzl; break;
      case Op.Bgez: case Op.Bgezl: end.cond = `${get(g, rs)} >= 0`; end.likely = bop === Op.Bgezl; break;
      case Op.Bltzal: case Op.Bltzall: case Op.Bgezal: case Op.Bgezall:
        // The condition is read before the link register is written: it is computed into `c` first.
        end.cond = 'c';
        end.likely = bop === Op.Bltzall || bop === Op.Bgezall;
        break;
      case Op.Bc1f: case Op.Bc1t: case Op.Bc1fl: case Op.Bc1tl: {
        const cc = (w >>> 18) & 7;
        end.cond = `((fpu.fcsr >>> ${cc === 0 ? 23 : 24 + cc}) & 1) === ${(w >>> 16) & 1}`;
        end.likely = bop === Op.Bc1fl || bop === Op.Bc1tl;
        break;
      }
      default:
        throw new Error(`block compiler: op ${bop} is not a branch`);
    }
  }
  const selfLoop = end.kind === 'branch' && end.target === pc && end.cond !== 'false';
  // Going on after this block (`count` instructions of it retired) towards `to`: around the inner loop, into the
  // block that follows in the switch, to another block of the trace through the switch, or out.
  const onward = (to: number, count: number): string => {
    if (selfLoop && to === pc) return `n += ${count}; continue;`;
    if (to === following) return `n += ${count};${selfLoop ? ' break;' : ''}`;
    if (to === head.pc) return `n += ${count}; pc = ${hex(to)}; continue trace;`;
    if (members.has(to)) return `n += ${count}; pc = ${hex(to)}; continue trace;`;
    return exit(hex(to), count);
  };

  if (selfLoop) o.push('for (;;) {');
  o.push(`if (n + ${len} > lim) ${exit(hex(pc), 0)}`);
  for (let i = 0; i < bodyEnd; i++) {
    g.pc = at(i);
    emitInsn(g, b.op(i), b.word(i), bail(i, hex((at(i) + 4) | 0), false), i);
  }

  if (end.kind === 'fall') {
    o.push(onward(end.target, len));
  } else {
    const cur = at(k);
    g.pc = cur;
    const rs = (w >>> 21) & 31;
    const link = hex((cur + 8) | 0);
    if (bop === Op.Bc1f || bop === Op.Bc1t || bop === Op.Bc1fl || bop === Op.Bc1tl) {
      g.fpu = true;
      if (!g.cu1Checked) o.push(`if (!st.cu1) ${bail(k, hex(at(k + 1)), false)}`);
      g.cu1Checked = true;
    }
    if (end.cond === 'c') {
      const lt = bop === Op.Bltzal || bop === Op.Bltzall;
      o.push(`const c = ${get(g, rs)} ${lt ? '<' : '>='} 0;`);
    } else if (end.cond !== undefined) {
      o.push(`const c = ${end.cond};`);
    }
    if (bop === Op.Jal || bop === Op.Bltzal || bop === Op.Bltzall || bop === Op.Bgezal || bop === Op.Bgezall) set(g, 31, link);
    if (end.kind === 'jump') {
      o.push(`const t = ${get(g, rs)};`);
      if (bop === Op.Jalr) set(g, (w >>> 11) & 31, link);
    }
    const T = end.kind === 'jump' ? 't' : hex(end.target);
    const F = hex(end.fall);
    const slotOp = b.op(k + 1), slotWord = b.word(k + 1);
    const emitSlot = (npc: string): void => {
      g.pc = at(k + 1);
      emitInsn(g, slotOp, slotWord, bail(k + 1, npc, true), k + 1);
    };
    if (end.kind === 'jump') {
      emitSlot('t');
      if (b.next !== undefined) o.push(`if (t !== ${hex(b.next)}) ${exit('t', len)}`, onward(b.next, len));
      else o.push(exit('t', len));
    } else if (end.cond === undefined) {
      // Always taken.
      emitSlot(T);
      o.push(onward(end.target, len));
    } else if (end.likely) {
      // Not taken: the slot is annulled and does not count. (Either arm may fall through into the next case.)
      if (end.cond === 'false') {
        o.push(onward(end.fall, len - 1));
      } else {
        o.push('if (c) {');
        emitSlot(T);
        o.push(onward(end.target, len), `} else { ${onward(end.fall, len - 1)} }`);
      }
    } else {
      emitSlot(end.cond === 'false' ? F : `c ? ${T} : ${F}`);
      if (end.cond === 'false' || end.target === end.fall) o.push(onward(end.fall, len));
      else o.push(`if (c) { ${onward(end.target, len)} } else { ${onward(end.fall, len)} }`);
    }
  }
  if (selfLoop) o.push('}');
  o.push('}');
}

export interface CompiledBlock {
  fn: BlockFn;
  source: string;
  /** The trace keeps registers in JavaScript locals (several blocks, or a loop) rather than in the register file. */
  locals: boolean;
}

export interface CompileOptions {
  /**
   * Assertion mode, for tests: compiled code checks, after every instruction that sets a register local and at the
   * trace's exit, that each local holds an int32 as the register would (a value outside that range survives in a
   * local until the register file's Int32Array truncates it, and a signed compare, a branch or a division in
   * between sees the wrong number); a failed check throws naming the instruction.
   */
  checkLocals?: boolean;
}

/**
 * Compiles a trace: blocks that follow each other at run time (each one's `next` usually the block after it),
 * possibly on several pages. They are the cases of a switch on the pc inside a loop, so that the function can be
 * entered at any of them (`entry`), a block falls through into the next, and any jump to a block of the trace stays
 * in the function; a block that branches to its own start is an inner loop. Every other way leaves the function.
 * Blocks on pages other than the first block's check their page as they start; a caller entering at a block on
 * another page must have checked the first block's page. Returns undefined when `new Function` is unavailable.
 */
export function compileTrace(cpu: Cpu, blocks: readonly TraceBlock[], options: CompileOptions = {}): CompiledBlock | undefined {
  const checkLocals = options.checkLocals === true;
  const g: Gen = {
    out: [], helpers: new Set(checkLocals ? ['notInt32'] : []), local: false, regs: new Set(), written: new Set(), fpu: false,
    cu1Checked: false, cpu: false, bails: [], checkLocals, pc: 0,
  };
  const head = blocks[0]!;
  // Registers live in locals when there is more than one block or a loop; one straight block uses the register file.
  g.local = blocks.length > 1 || blocks.some((b) => {
    const k = b.len - 2;
    return k >= 0 && flowOf(b.op(k), b.word(k)) === Flow.Branch && isSelfBranch(b, k);
  });
  const members = new Set(blocks.map((b) => b.pc));
  blocks.forEach((b, i) => emitTraceBlock(g, b, head, members, blocks[i + 1]?.pc));
  const regs = [...g.regs].sort((a, b) => a - b);
  const written = [...g.written].sort((a, b) => a - b);
  const source = [
    `"use strict";`,
    ...[...g.helpers].map((h) => `const ${h} = h.${h};`),
    ...(g.cpu ? ['const seat = h.seat;'] : []),
    `const B = new Int32Array([${g.bails.join(',')}]);`,
    // Parenthesized: compiled now rather than at its first call.
    `return (function trace_${(head.pc >>> 0).toString(16)}(r, io, u8, i8, u16, i16, i32, rmap, wmap, xmap, st, lim, entry) {`,
    ...(g.fpu ? ['const fpu = st.fpu, fr = fpu.raw;'] : []),
    // Compiled code is shared by the machine's CPUs: rdhwr reads the one running it.
    ...(g.cpu ? ['const cpu = seat.cpu;'] : []),
    ...(g.local && regs.length > 0 ? [`let ${regs.map((x) => `r${x} = r[${x}]`).join(', ')};`] : []),
    'let n = 0, pc = entry, k = 0, b = -1, q = 0, a = 0, o = 0, v = 0, x = 0, y = 0, z = 0;',
    'out: {',
    'trace: for (;;) {',
    'switch (pc) {',
    ...g.out,
    '}',
    // Unreachable: every path through a block continues into the next, jumps to a block of the trace, or leaves.
    'break out;',
    '}',
    '}',
    // The assertion mode checks, at the trace's one exit, that every local and the next pc are int32s.
    ...(checkLocals && g.local ? regs.map((x) => int32Check(x, 'pc')) : []),
    ...(checkLocals ? ['if (pc !== (pc | 0)) notInt32(pc, 34, pc);'] : []),
    ...(g.local ? written.map((x) => `r[${x}] = r${x};`) : []),
    'io[0] = pc;',
    'if (b >= 0) { b <<= 2; io[0] = B[b]; io[1] = B[b + 2] !== 0 ? q : B[b + 1]; io[2] = B[b + 2]; return ~(n + B[b + 3]); }',
    'return n + k;',
    '});',
  ].join('\n');
  let factory: (h: unknown) => BlockFn;
  try {
    factory = new Function('h', source) as (h: unknown) => BlockFn;
  } catch (e) {
    if (e instanceof EvalError) return undefined;
    throw e;
  }
  return { fn: factory({ ...HELPERS, seat: cpu.seat }), source, locals: g.local };
}

/** The branch at word k of the block targets the block's own start (and can be taken). */
function isSelfBranch(b: BlockSource, k: number): boolean {
  const w = b.word(k);
  const op = b.op(k);
  const cur = (b.pc + 4 * k) | 0;
  if (op === Op.Jr || op === Op.Jalr) return false;
  if ((op === Op.Bne || op === Op.Bnel) && ((w >>> 21) & 31) === ((w >>> 16) & 31)) return false;
  const target = op === Op.J || op === Op.Jal ? (cur & 0xf0000000) | ((w & 0x03ffffff) << 2) : (cur + 4 + ((w << 16) >> 14)) | 0;
  return target === b.pc;
}

/** Whether this environment lets the block compiler create functions (a strict CSP forbids `new Function`). */
export function canCompile(): boolean {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
}
