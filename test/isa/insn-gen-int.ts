/**
 * Cases for integer (non-branch, non-memory) table entries, chosen by the entry's operand template so that a new
 * entry with a known template gets cases without a change here. A few entries need semantics to pick operands:
 * add/sub/addi must not overflow here (overflow is a trap case), trap instructions must have a false condition
 * (true conditions are trap cases), ext/ins need a valid position/size.
 */
import type { InstrDef } from '../../src/isa/table.js';
import { EDGE32, GPR_POOL, hex32, Rng, Snippet, type Case } from './insn-case.js';

const s32 = (v: number): number => v | 0;
const sext16 = (v: number): number => (v << 16) >> 16;

export function mkCase(def: InstrDef | string, category: string, label: string, snip: Snippet, test: string[], extra: Partial<Case> = {}): Case {
  return { target: typeof def === 'string' ? def : def.name, category, label, real: snip.build(test), outNames: snip.outNames, ...extra };
}

/** True when the instruction would raise Integer Overflow with these operands (MIPS32 ADD/SUB/ADDI). */
export function overflows(name: string, a: number, b: number): boolean {
  if (name === 'add' || name === 'addi') return s32(a) + s32(b) > 0x7fffffff || s32(a) + s32(b) < -0x80000000;
  if (name === 'sub') return s32(a) - s32(b) > 0x7fffffff || s32(a) - s32(b) < -0x80000000;
  return false;
}

/** The trap condition of a conditional trap (MIPS32 manual, TEQ..TNE, TEQI..TNEI), with b the rt value or immediate. */
export function trapTaken(name: string, a: number, b: number): boolean {
  const sa = s32(a), sb = s32(b), ua = a >>> 0, ub = b >>> 0;
  switch (name.replace(/i(u?)$/, '$1')) {
    case 'tge': return sa >= sb;
    case 'tgeu': return ua >= ub;
    case 'tlt': return sa < sb;
    case 'tltu': return ua < ub;
    case 'teq': return sa === sb;
    case 'tne': return sa !== sb;
  }
  throw new Error(`not a trap: ${name}`);
}

interface Regs {
  d: number;
  s: number;
  t: number;
  what: string;
}
/** Register patterns: all distinct, rd = rs, rd = rt, rs = rt, all equal, rd = $zero. */
function regPattern(rng: Rng, k: number): Regs {
  const [a, b, c] = rng.distinct(GPR_POOL, 3) as [number, number, number];
  switch (k % 6) {
    case 0: return { d: a, s: b, t: c, what: 'distinct' };
    case 1: return { d: a, s: a, t: b, what: 'rd=rs' };
    case 2: return { d: a, s: b, t: a, what: 'rd=rt' };
    case 3: return { d: b, s: a, t: a, what: 'rs=rt' };
    case 4: return { d: a, s: a, t: a, what: 'rd=rs=rt' };
    default: return { d: 0, s: a, t: b, what: 'rd=$zero' };
  }
}

function outRegs(sn: Snippet, ...rs: number[]): void {
  for (const r of [...new Set(rs)]) sn.outGpr(r);
}

/** Three-register forms `op rd, rs, rt` (and `op rd, rt, rs` for variable shifts). */
function threeReg(def: InstrDef, rng: Rng, order: 'dst' | 'dts', n: number): Case[] {
  const out: Case[] = [];
  const E = EDGE32.length;
  for (let i = 0, tries = 0; out.length < n && tries < 10 * n; i++, tries++) {
    const r = regPattern(rng, i);
    const a = i < 2 * E ? EDGE32[i % E]! : rng.word();
    let b = i < 2 * E ? EDGE32[(i * 7 + (i >= E ? 5 : 3)) % E]! : rng.word();
    if (order === 'dts' && rng.chance(0.5)) b = rng.pick([0, 31, 32, 33, 0xffffffff, 16, 1]);
    if (r.s === r.t) b = a;
    if (i === 2 * E) b = a; // equal values in different registers
    if (overflows(def.name, a, b)) continue;
    const sn = new Snippet();
    sn.gpr(r.s, a).gpr(r.t, b);
    if (r.d !== r.s && r.d !== r.t) sn.gpr(r.d, rng.u32());
    outRegs(sn, r.d, r.s, r.t);
    const text = order === 'dst' ? `${def.name} $${r.d}, $${r.s}, $${r.t}` : `${def.name} $${r.d}, $${r.t}, $${r.s}`;
    out.push(mkCase(def, 'alu', `${text} ; rs=${hex32(a)} rt=${hex32(b)} (${r.what})`, sn, [text]));
  }
  return out;
}

function shiftImm(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const amounts = [0, 31, 1, 16, 8, 24, 30, 15];
  for (let i = 0; i < 16; i++) {
    const sa = i < amounts.length ? amounts[i]! : rng.int(32);
    const v = i < EDGE32.length ? EDGE32[(i * 3) % EDGE32.length]! : rng.word();
    const [d, t] = rng.distinct(GPR_POOL, 2) as [number, number];
    const dd = i % 5 === 3 ? t : i % 5 === 4 ? 0 : d;
    const sn = new Snippet().gpr(t, v);
    if (dd !== t) sn.gpr(dd, rng.u32());
    outRegs(sn, dd, t);
    const text = `${def.name} $${dd}, $${t}, ${sa}`;
    out.push(mkCase(def, 'alu', `${text} ; rt=${hex32(v)}`, sn, [text]));
  }
  return out;
}

function immediate(def: InstrDef, rng: Rng, kind: 'j' | 'u' | 'U'): Case[] {
  const out: Case[] = [];
  const imms = kind === 'j' ? [0, 1, -1, 0x7fff, -0x8000, 2, -2] : [0, 1, 0xffff, 0x8000, 0x7fff, 0xff00];
  for (let i = 0, tries = 0; out.length < 16 && tries < 100; i++, tries++) {
    const imm = i < imms.length ? imms[i]! : kind === 'j' ? sext16(rng.u32()) : rng.int(0x10000);
    const v = i < EDGE32.length ? EDGE32[(i * 5 + 1) % EDGE32.length]! : rng.word();
    if (overflows(def.name, v, imm)) continue;
    const [t, s] = rng.distinct(GPR_POOL, 2) as [number, number];
    const pattern = i % 4; // 0 distinct, 1 rt = rs, 2 rt = $zero
    const rt = pattern === 1 ? s : pattern === 2 ? 0 : t;
    const sn = new Snippet();
    if (kind !== 'U') sn.gpr(s, v);
    if (rt !== s) sn.gpr(rt, rng.u32());
    if (kind === 'U') outRegs(sn, rt);
    else outRegs(sn, rt, s);
    const text = kind === 'U' ? `${def.name} $${rt}, ${imm}` : `${def.name} $${rt}, $${s}, ${imm}`;
    out.push(mkCase(def, 'alu', `${text}${kind === 'U' ? '' : ` ; rs=${hex32(v)}`}`, sn, [text]));
  }
  return out;
}

function unary(def: InstrDef, rng: Rng, form: 'd,t' | 'W,s'): Case[] {
  const out: Case[] = [];
  const vals = [0, 0xffffffff, 1, 0x80000000, 0x7fffffff, 0x80, 0x7f, 0x8000, 0x7fff, 0xff, 0xff00, 0x12345678, 0xfffffffe, 0x00010000];
  for (let i = 0; i < 22; i++) {
    const v = i < vals.length ? vals[i]! : rng.chance(0.5) ? (rng.chance(0.5) ? ~(1 << rng.int(32)) : 1 << rng.int(32)) >>> 0 : rng.word();
    const [d, s] = rng.distinct(GPR_POOL, 2) as [number, number];
    const dd = i % 4 === 1 ? s : i % 7 === 3 ? 0 : d;
    const sn = new Snippet().gpr(s, v);
    if (dd !== s) sn.gpr(dd, rng.u32());
    outRegs(sn, dd, s);
    const text = `${def.name} $${dd}, $${s}`;
    out.push(mkCase(def, 'alu', `${text} ; src=${hex32(v)}`, sn, [text]));
  }
  void form;
  return out;
}

/** mult/multu/madd/maddu/msub/msubu: every sign combination, HI/LO preset (accumulating forms read them). */
function hiloArith(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const vals = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 2, 0xfffffffe, 0x10000, 0xffff];
  const accs: Array<[number, number]> = [[0, 0], [0xffffffff, 0xffffffff], [0x7fffffff, 0xffffffff], [0x80000000, 0], [0, 0xffffffff], [1, 1]];
  let i = 0;
  for (const a of vals) {
    for (const b of [vals[(i * 4) % vals.length]!, rng.word()]) {
      const [s, t] = rng.distinct(GPR_POOL, 2) as [number, number];
      const same = i % 9 === 4;
      const acc = i < accs.length * 3 ? accs[i % accs.length]! : [rng.u32(), rng.u32()] as [number, number];
      const sn = new Snippet().hiLo(acc[0], acc[1]).gpr(s, a);
      if (!same) sn.gpr(t, b);
      const tt = same ? s : t;
      outRegs(sn, s, tt);
      sn.outHiLo();
      const text = `${def.name} $${s}, $${tt}`;
      out.push(mkCase(def, 'hilo', `${text} ; rs=${hex32(a)} rt=${hex32(same ? a : b)} HI:LO=${hex32(acc[0])}:${hex32(acc[1])}`, sn, [text]));
      i++;
    }
  }
  for (let k = 0; k < 6; k++) {
    const [s, t] = rng.distinct(GPR_POOL, 2) as [number, number];
    const a = rng.u32(), b = rng.u32();
    const sn = new Snippet().hiLo(rng.u32(), rng.u32()).gpr(s, a).gpr(t, b);
    sn.outHiLo();
    const text = `${def.name} $${s}, $${t}`;
    out.push(mkCase(def, 'hilo', `${text} ; random`, sn, [text]));
  }
  return out;
}

function division(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const pairs: Array<[number, number]> = [
    [7, 2], [0xfffffff9, 2], [7, 0xfffffffe], [0xfffffff9, 0xfffffffe], [0, 5], [0x7fffffff, 1], [0x80000000, 1],
    [0x80000000, 0xffffffff], [0xffffffff, 0xffffffff], [0x80000000, 0x80000000], [0xffffffff, 1], [5, 7], [1, 0x80000000],
    [100, 0], [0xffffff9c, 0], [0, 0], [0x80000000, 0],
  ];
  for (let k = 0; k < 8; k++) pairs.push([rng.u32(), rng.word() || 3]);
  pairs.forEach(([a, b], i) => {
    const [s, t] = rng.distinct(GPR_POOL, 2) as [number, number];
    const same = i === 9;
    const sn = new Snippet().hiLo(0x11111111, 0x22222222).gpr(s, a);
    if (!same) sn.gpr(t, b);
    const tt = same ? s : t;
    outRegs(sn, s, tt);
    sn.outHiLo();
    const text = `${def.name} $0, $${s}, $${tt}`;
    let note: string | undefined;
    if (b === 0) note = 'qemu-defined: HI/LO after division by zero are UNPREDICTABLE (MIPS32 DIV/DIVU); qemu divides by 1';
    else if (def.name === 'div' && a === 0x80000000 && b === 0xffffffff) note = 'qemu-defined: 0x80000000 / -1 overflows; HI/LO UNPREDICTABLE (MIPS32 DIV)';
    out.push(mkCase(def, 'hilo', `${text} ; rs=${hex32(a)} rt=${hex32(same ? a : b)}`, sn, [text], note ? { note } : {}));
  });
  return out;
}

function moveHiLo(def: InstrDef, rng: Rng, form: 'd' | 's'): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < 8; i++) {
    const r = i === 5 && form === 'd' ? 0 : rng.pick(GPR_POOL);
    const sn = new Snippet().hiLo(i < 4 ? EDGE32[i]! : rng.u32(), i < 4 ? EDGE32[i + 4]! : rng.u32());
    const v = i < 4 ? EDGE32[i + 2]! : rng.u32();
    sn.gpr(r, v).outGpr(r).outHiLo();
    const text = `${def.name} $${r}`;
    out.push(mkCase(def, 'hilo', `${text} ; reg=${hex32(v)}`, sn, [text]));
  }
  return out;
}

/** Conditional traps with a FALSE condition: execution continues (true conditions are trap cases). */
function trapFalse(def: InstrDef, rng: Rng, imm: boolean): Case[] {
  const out: Case[] = [];
  const cands = [...EDGE32, 0xfffffffe, 0x7ffe];
  for (let tries = 0; out.length < 12 && tries < 2000; tries++) {
    const a = tries < cands.length ? cands[tries]! : rng.chance(0.5) ? rng.pick(cands) : rng.word();
    const b = imm ? sext16(rng.chance(0.5) ? rng.pick([0, 1, -1, 0x7fff, -0x8000, a]) : rng.u32()) : rng.chance(0.4) ? rng.pick(cands) : rng.chance(0.3) ? a : rng.word();
    if (trapTaken(def.name, a, b)) continue;
    const [s, t, m] = rng.distinct(GPR_POOL, 3) as [number, number, number];
    const sn = new Snippet().gpr(s, a).gpr(m, 0);
    let text: string;
    if (imm) text = `${def.name} $${s}, ${b}`;
    else {
      sn.gpr(t, b);
      text = `${def.name} $${s}, $${t}, ${rng.pick([0, 7, 6, 1023, rng.int(1024)])}`;
    }
    sn.outGpr(m, 'continued');
    out.push(mkCase(def, 'trap-false', `${text} ; rs=${hex32(a)} ${imm ? 'imm' : 'rt'}=${hex32(b)} (false)`, sn, [text, `addiu $${m}, $${m}, 1`]));
  }
  return out;
}

function extIns(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const edges: Array<[number, number]> = [[0, 32], [31, 1], [0, 1], [16, 16], [1, 31], [0, 31], [8, 8], [24, 8], [30, 2], [15, 17]];
  for (let i = 0; i < 20; i++) {
    let pos: number, size: number;
    if (i < edges.length) [pos, size] = edges[i]!;
    else {
      pos = rng.int(32);
      size = 1 + rng.int(32 - pos);
    }
    const [t, s] = rng.distinct(GPR_POOL, 2) as [number, number];
    const same = i % 6 === 5;
    const src = i % 3 === 0 ? 0xffffffff : rng.word();
    const old = i % 4 === 0 ? 0 : rng.u32();
    const sn = new Snippet().gpr(s, src);
    if (!same) sn.gpr(t, old);
    const tt = same ? s : t;
    outRegs(sn, tt, s);
    const text = `${def.name} $${tt}, $${s}, ${pos}, ${size}`;
    out.push(mkCase(def, 'alu', `${text} ; rs=${hex32(src)} rt=${hex32(same ? src : old)}`, sn, [text]));
  }
  return out;
}

function rdhwr(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  for (const hw of [0, 1, 3]) {
    for (const rt of [rng.pick(GPR_POOL), 3]) {
      const sn = new Snippet().gpr(rt, 0xdeadbeef).outGpr(rt, `hwr${hw}`);
      out.push(mkCase(def, 'rdhwr', `rdhwr $${rt}, $${hw}`, sn, [`rdhwr $${rt}, $${hw}`]));
    }
  }
  // $2 (CC) is a running counter: only check that it is readable (the value is not compared).
  {
    const sn = new Snippet().gpr(9, 0).outGpr(10, 'ran');
    out.push(mkCase(def, 'rdhwr', 'rdhwr $9, $2 (value not compared)', sn, ['rdhwr $9, $2', 'li $10, 1']));
  }
  // $29: UserLocal, set by glibc's set_thread_area. Compare that it is non-zero and that TP + %tprel(isa_tls)
  // reads the TLS variable's initial value (the TP values themselves may differ between the emulators).
  for (const rt of [3, 12]) {
    const sn = new Snippet().gpr(rt, 0);
    sn.outRaw('tp!=0', [`sltu $1, $0, $${rt}`]);
    sn.outRaw('*(tp+tprel(isa_tls))', ['lui $1, %tprel_hi(isa_tls)', 'addiu $1, $1, %tprel_lo(isa_tls)', `addu $1, $1, $${rt}`, 'lw $1, 0($1)']);
    out.push(mkCase(def, 'rdhwr', `rdhwr $${rt}, $29 (TP set by set_thread_area)`, sn, [`rdhwr $${rt}, $29`]));
  }
  return out;
}

function misc(def: InstrDef, rng: Rng): Case[] | undefined {
  switch (def.args) {
    case 'y': // sync: no register effect; a store/sync/load round trip must see the stored value
      return [0, 4, 0x10, 0x11, 0x12, 0x13, 0x1f].map((st) => {
        const v = rng.u32();
        const sn = new Snippet().mem(0, 0).gpr(9, v).outGpr(10, 'loaded').outMem(0, 1);
        sn.setupLines('lui $8, %hi(isa_mem+2048)', 'addiu $8, $8, %lo(isa_mem+2048)');
        return mkCase(def, 'misc', `sync ${st}`, sn, ['sw $9, 0($8)', `sync ${st}`, 'lw $10, 0($8)']);
      });
    case 'C': // syscall: an unknown number → ENOSYS (v0 = 89, a3 = 1) on both; the code field is ignored
      return [0, 0x12345, 0xfffff].map((code) => {
        const sn = new Snippet().gpr(2, 4999).gpr(7, 0).outGpr(2, 'v0').outGpr(7, 'a3');
        return mkCase(def, 'misc', `syscall ${code} with v0=4999 (ENOSYS)`, sn, ['li $2, 4999', code ? `syscall ${code}` : 'syscall']);
      });
    case 'o(s)': // synci: on data and on this very code
      return ['isa_mem+2048', '@L_t0', 'isa_mem+4092'].map((where) => {
        const sn = new Snippet().gpr(10, 5).outGpr(10, 'continued');
        sn.setupLines(`lui $9, %hi(${where})`, `addiu $9, $9, %lo(${where})`);
        return mkCase(def, 'misc', `synci 0(${where})`, sn, ['synci 0($9)', 'addiu $10, $10, 1']);
      });
    case 'h,o(s)': // pref: a hint, no architectural effect, never faults (not even on an unmapped address)
      return [[0, 'isa_mem+2048'], [1, 'isa_mem+2048'], [4, 'isa_mem+2056'], [5, '0'], [6, 'isa_mem'], [7, '0x10']].map(([hint, where]) => {
        const sn = new Snippet().gpr(10, 5).outGpr(10, 'continued').outGpr(9, 'base');
        sn.setupLines(`lui $9, %hi(${where})`, `addiu $9, $9, %lo(${where})`);
        return mkCase(def, 'misc', `pref ${hint}, 0(${where})`, sn, [`pref ${hint}, 0($9)`, 'addiu $10, $10, 1']);
      });
    case 'H,t(s)': // prefx
      return [[0, 8], [4, 0], [6, -8], [7, 0x10]].map(([hint, idx]) => {
        const sn = new Snippet().gpr(10, 5).gpr(11, idx!).outGpr(10, 'continued').outGpr(11, 'index');
        sn.setupLines('lui $9, %hi(isa_mem+2048)', 'addiu $9, $9, %lo(isa_mem+2048)');
        return mkCase(def, 'misc', `prefx ${hint}, ${idx}(isa_mem+2048)`, sn, [`prefx ${hint}, $11($9)`, 'addiu $10, $10, 1']);
      });
  }
  return undefined;
}

/** Cases for an integer entry, or undefined when its template is not handled here. */
export function intCases(def: InstrDef, rng: Rng): Case[] | undefined {
  if (def.delay || (def.fpu && def.args !== 'H,t(s)')) return undefined;
  switch (def.args) {
    case 'd,s,t': return threeReg(def, rng, 'dst', 24);
    case 'd,t,s': return threeReg(def, rng, 'dts', 20);
    case 'd,t,<': return shiftImm(def, rng);
    case 't,s,j': return immediate(def, rng, 'j');
    case 't,s,u': return immediate(def, rng, 'u');
    case 't,U': return immediate(def, rng, 'U');
    case 'd,t': return unary(def, rng, 'd,t');
    case 'W,s': return unary(def, rng, 'W,s');
    case 's,t': return hiloArith(def, rng);
    case 'z,s,t': return division(def, rng);
    case 'd': return moveHiLo(def, rng, 'd');
    case 's': return moveHiLo(def, rng, 's');
    case 's,t,q': return trapFalse(def, rng, false);
    case 's,j': return trapFalse(def, rng, true);
    case 't,s,P,Z':
    case 't,s,P,I': return extIns(def, rng);
    case 't,K': return rdhwr(def, rng);
  }
  return misc(def, rng);
}
