/**
 * Cases for loads and stores (integer and FPU), by name: every width, signed/unsigned, positive and negative
 * offsets (including the ends of the 16-bit range), lwl/lwr/swl/swr at all four byte alignments and in pairs that
 * make an unaligned word, ll/sc, indexed FPU accesses — and misaligned lw/lh/lhu/sw/sh, which Linux completes in
 * the kernel (arch/mips/kernel/unaligned.c, emulate_load_store_insn) while qemu-mipsel raises SIGBUS: for those,
 * qemu runs a `ref` variant that does the same access with lwl/lwr/swl/swr or bytes, which is the Linux result.
 */
import type { InstrDef } from '../../src/isa/table.js';
import { GPR_POOL, hex32, MEM_BASE, Rng, Snippet, type Case } from './insn-case.js';
import { mkCase } from './insn-gen-int.js';

/** Operand registers: not $1/$2 (temporaries of the save code and of the ref emulations). */
const POOL = GPR_POOL.filter((r) => r !== 1 && r !== 2);

/** Memory window initialised for every memory case: words at MEM_BASE + [LO, HI). */
const LO = -64;
const HI = 64;

function initWindow(sn: Snippet, rng: Rng, from = LO, to = HI): void {
  for (let off = from; off < to; off += 4) sn.mem(off, rng.u32());
}

/** Loads `reg` with the address isa_mem + MEM_BASE + rel. */
function baseAt(sn: Snippet, reg: number, rel: number): void {
  const e = `isa_mem+${MEM_BASE + rel}`.replace('+-', '-');
  sn.setupLines(`lui $${reg}, %hi(${e})`, `addiu $${reg}, $${reg}, %lo(${e})`);
}

const WIDTH: Record<string, number> = { lb: 1, lbu: 1, lh: 2, lhu: 2, lw: 4, ll: 4, sb: 1, sh: 2, sw: 4, sc: 4 };
const LOADS = new Set(['lb', 'lbu', 'lh', 'lhu', 'lw', 'll']);

/** Offsets for an access of width w at an address `rel` (relative to MEM_BASE): small, negative, range ends. */
function imms(rng: Rng, w: number): number[] {
  return [0, w, -w, 12, -16, 0x7ff0 & ~(w - 1), -0x8000, (rng.int(64) - 32) * w];
}

function alignedLoadStore(def: InstrDef, rng: Rng): Case[] {
  const w = WIDTH[def.name]!;
  const load = LOADS.has(def.name);
  const out: Case[] = [];
  const list = imms(rng, w);
  for (let i = 0; i < 14; i++) {
    const imm = list[i % list.length]!;
    const rel = (rng.int(20) - 10) * 4 + (w < 4 ? w * rng.int(4 / w) : 0);
    const [b, t] = rng.distinct(POOL, 2) as [number, number];
    const pattern = i % 5; // 0-2 distinct, 3 rt = base, 4 rt = $zero (loads) / value = 0 (stores)
    const rt = pattern === 3 ? b : pattern === 4 && load ? 0 : t;
    const sn = new Snippet();
    initWindow(sn, rng);
    const v = pattern === 4 ? 0 : rng.chance(0.5) ? rng.pick([0xffffffff, 0x80000000, 0x7fffffff, 0x8080, 0x80]) : rng.u32();
    if (rt !== b) sn.gpr(rt, load ? 0xdeadbeef : v);
    baseAt(sn, b, rel - imm);
    sn.outGpr(rt, 'rt');
    if (rt !== b) sn.outGpr(b, 'base');
    if (!load) sn.outMem((rel & ~3) - 4, 3);
    const text = `${def.name} $${rt}, ${imm}($${b})`;
    out.push(mkCase(def, load ? 'load' : 'store', `${text} ; address isa_mem+${MEM_BASE + rel}${rt === b ? ' (rt = base)' : ''}`, sn, [text]));
  }
  return out;
}

/** lwl/lwr/swl/swr alone at every alignment, and in the pairs that make an unaligned word. */
function partial(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const load = def.name[0] === 'l';
  const [left, right] = load ? ['lwl', 'lwr'] : ['swl', 'swr'];
  for (let k = 0; k < 4; k++) {
    for (const form of ['alone', 'alone-neg', 'pair', 'rt=base']) {
      if (form === 'rt=base' && k % 2 === 1) continue;
      const [b, t] = rng.distinct(POOL, 2) as [number, number];
      const rt = form === 'rt=base' ? b : t;
      const rel = (rng.int(8) - 4) * 4 + k;
      const sn = new Snippet();
      initWindow(sn, rng);
      const imm = form === 'alone-neg' ? -8 - 4 * rng.int(3) : form === 'pair' ? 0 : 4 * rng.int(3);
      if (rt !== b) sn.gpr(rt, rng.u32());
      baseAt(sn, b, rel - imm);
      sn.outGpr(rt, 'rt');
      if (rt !== b) sn.outGpr(b, 'base');
      if (!load) sn.outMem((rel & ~3) - 4, 4);
      let test: string[];
      if (form === 'pair') {
        // little-endian unaligned word at `rel`: the right part from imm, the left part from imm + 3
        test = def.name === right ? [`${right} $${rt}, ${imm}($${b})`, `${left} $${rt}, ${imm + 3}($${b})`]
          : [`${left} $${rt}, ${imm + 3}($${b})`, `${right} $${rt}, ${imm}($${b})`];
      } else test = [`${def.name} $${rt}, ${imm}($${b})`];
      out.push(mkCase(def, load ? 'load' : 'store', `${test.join('; ')} ; address isa_mem+${MEM_BASE + rel} (alignment ${k}, ${form})`, sn, test));
    }
  }
  return out;
}

function llsc(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  for (let i = 0; i < 8; i++) {
    const [b, t, u] = rng.distinct(POOL, 3) as [number, number, number];
    const rel = (rng.int(16) - 8) * 4;
    const imm = [0, 4, -4, 0x7ffc, -0x8000, 8, -12, 0][i]!;
    const sn = new Snippet();
    initWindow(sn, rng);
    baseAt(sn, b, rel - imm);
    let test: string[];
    if (def.name === 'll') {
      const rt = i === 3 ? b : i === 5 ? 0 : t;
      if (rt !== b) sn.gpr(rt, 0xdeadbeef);
      sn.outGpr(rt, 'rt');
      test = [`ll $${rt}, ${imm}($${b})`];
    } else {
      // ll then sc to the same word: succeeds (rt = 1) and stores
      const rt = i === 3 ? b : t;
      sn.gpr(u, 0).gpr(t, rng.u32());
      test = [`ll $${u}, ${imm}($${b})`, `addiu $${u}, $${u}, ${1 + i}`];
      test.push(rt === b ? `sc $${b}, ${imm}($${b})` : `move $${t}, $${u}`, ...(rt === b ? [] : [`sc $${t}, ${imm}($${b})`]));
      sn.outGpr(rt, 'sc-result').outGpr(u, 'll-value').outMem(rel - 4, 3);
    }
    out.push(mkCase(def, 'llsc', `${test.join('; ')} ; address isa_mem+${MEM_BASE + rel}`, sn, test));
  }
  if (def.name === 'sc') {
    // A syscall between ll and sc: Linux returns to user mode with ERET, which clears LLbit (MIPS32 ERET), so the
    // sc fails and stores nothing. qemu-mipsel's sc only compares the address and value and succeeds, so qemu runs
    // a ref in which the sc is replaced by its failing result. (s-registers: the syscall may clobber t-registers.)
    for (const imm of [0, 8]) {
      const [b, u] = rng.distinct([16, 17, 18, 19, 20, 21, 22, 23, 30], 2) as [number, number];
      const sn = new Snippet();
      initWindow(sn, rng);
      baseAt(sn, b, imm * 2);
      sn.gpr(u, 0).outGpr(u, 'sc-result').outMem(imm * 2 + imm - 4, 3);
      const head = [`ll $${u}, ${imm}($${b})`, `addiu $${u}, $${u}, 1`, 'li $2, 4020', 'syscall'];
      const c = mkCase(def, 'llsc', `${head.join('; ')}; sc $${u}, ${imm}($${b}) (getpid between ll and sc)`, sn, [...head, `sc $${u}, ${imm}($${b})`]);
      out.push({ ...c, ref: sn.build([...head, `li $${u}, 0`]),
        note: 'll; syscall; sc: Linux returns from the syscall with ERET, which clears LLbit (MIPS32 ERET), so sc fails; ' +
          'qemu-mipsel lets it succeed, so qemu runs the failing result as a ref' });
    }
  }
  return out;
}

/** Misaligned lw/lh/lhu/sw/sh: Trapgate runs the instruction (Linux fixes it up), qemu runs the emulation. */
function misaligned(def: InstrDef, rng: Rng): Case[] {
  const w = WIDTH[def.name]!;
  const load = LOADS.has(def.name);
  const out: Case[] = [];
  const shifts = w === 4 ? [1, 2, 3] : [1, 3];
  const placements: Array<{ rel: number; what: string }> = [];
  for (const k of shifts) placements.push({ rel: (rng.int(8) - 4) * 4 + k, what: `misaligned by ${k}` });
  // across the page boundary isa_mem+4096 (isa_mem is page aligned)
  placements.push({ rel: 4096 - MEM_BASE - (w === 4 ? 2 : 1), what: 'across a page boundary' });
  placements.push({ rel: 4096 - MEM_BASE - 1, what: 'across a page boundary' });
  placements.forEach(({ rel, what }, i) => {
    const [b, t] = rng.distinct(POOL, 2) as [number, number];
    const rt = load && i === 1 ? b : t;
    const imm = [0, -4, 8, 0x7000, -0x7ff0][i % 5]!;
    const sn = new Snippet();
    const page = rel > 1000;
    if (page) initWindow(sn, rng, rel - (rel & 3) - 8, rel - (rel & 3) + 12);
    else initWindow(sn, rng);
    if (rt !== b) sn.gpr(rt, load ? 0xdeadbeef : rng.u32());
    baseAt(sn, b, rel - imm);
    sn.outGpr(rt, 'rt');
    if (rt !== b) sn.outGpr(b, 'base');
    if (!load) sn.outMem((rel & ~3) - 4, 3);
    const real = [`${def.name} $${rt}, ${imm}($${b})`];
    const ref = emulation(def.name, rt, b, imm);
    out.push({
      ...mkCase(def, 'misaligned', `${real[0]} ; address isa_mem+${MEM_BASE + rel} (${what})${rt === b ? ' rt = base' : ''}`, sn, real),
      ref: sn.build(ref),
      note: 'Linux fixes misaligned lw/lh/lhu/sw/sh up in the kernel (arch/mips/kernel/unaligned.c); qemu-mipsel raises ' +
        'SIGBUS, so the expected value comes from qemu running the same access done with lwl/lwr/swl/swr or bytes',
    });
  });
  // In a branch delay slot: the kernel emulates the access and then completes the branch (compute_return_epc).
  if (def.name === 'lw' || def.name === 'sh') {
    for (const [br, taken] of [['beq', true], ['beq', false], ['bnel', true], ['bltzal', true]] as const) {
      const [b, t, x, y, p] = rng.distinct(POOL.filter((r) => r !== 31), 5) as [number, number, number, number, number];
      const rel = (rng.int(8) - 4) * 4 + 1 + 2 * rng.int(2);
      const sn = new Snippet();
      initWindow(sn, rng);
      sn.gpr(x, 5).gpr(y, taken === (br === 'beq') ? 5 : 6).gpr(p, 0).gpr(31, 0x5a5a5a5a);
      if (br === 'bltzal') sn.gpr(x, taken ? 0xffffffff : 1);
      sn.gpr(t, load ? 0xdeadbeef : rng.u32());
      baseAt(sn, b, rel);
      sn.outGpr(p, 'path').outGpr(t, 'rt').outGpr(b, 'base');
      if (br === 'bltzal') sn.outRaw('ra-ret', ['lui $2, %hi(@L_ret)', 'addiu $2, $2, %lo(@L_ret)', 'subu $1, $31, $2']);
      else sn.outGpr(31, 'ra');
      if (!load) sn.outMem((rel & ~3) - 4, 3);
      const insn = br === 'bltzal' ? `bltzal $${x}, @L_tgt` : `${br} $${x}, $${y}, @L_tgt`;
      const access = `${def.name} $${t}, 0($${b})`;
      const tail = ['@L_ret:', `ori $${p}, $0, 0x22`, 'b @L_end', 'nop', '@L_tgt:', `ori $${p}, $0, 0x33`, '@L_end:'];
      const real = [insn, access, ...tail];
      const ref = [...emulation(def.name, t, b, 0), insn, 'nop', ...tail];
      out.push({
        ...mkCase(def, 'misaligned', `${insn}; ${access} (in the delay slot, ${taken ? 'taken' : 'not taken'}) ; address isa_mem+${MEM_BASE + rel}`, sn, real),
        ref: sn.build(ref),
        note: 'misaligned access in a delay slot: Linux emulates it, then the branch (compute_return_epc); qemu runs the emulation before the branch',
      });
    }
  }
  return out;
}

/** The access of `name rt, imm(b)` done without a misaligned access ($1, $2 are temporaries). */
function emulation(name: string, rt: number, b: number, imm: number): string[] {
  switch (name) {
    case 'lw': return [`lwr $1, ${imm}($${b})`, `lwl $1, ${imm + 3}($${b})`, `move $${rt}, $1`];
    case 'lh': return [`lbu $1, ${imm}($${b})`, `lb $2, ${imm + 1}($${b})`, 'sll $2, $2, 8', `or $${rt}, $2, $1`];
    case 'lhu': return [`lbu $1, ${imm}($${b})`, `lbu $2, ${imm + 1}($${b})`, 'sll $2, $2, 8', `or $${rt}, $2, $1`];
    case 'sw': return [`swr $${rt}, ${imm}($${b})`, `swl $${rt}, ${imm + 3}($${b})`];
    case 'sh': return [`sb $${rt}, ${imm}($${b})`, `srl $1, $${rt}, 8`, `sb $1, ${imm + 1}($${b})`];
  }
  throw new Error(name);
}

/** FPU loads/stores: lwc1/ldc1/swc1/sdc1 and the indexed COP1X forms. */
function fpuMem(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const n = def.name;
  const double = n.startsWith('ld') || n.startsWith('sd') || n.startsWith('lu') || n.startsWith('su');
  const load = n[0] === 'l';
  const indexed = def.args.includes('t(s)');
  const unaligned = n.startsWith('lu') || n.startsWith('su');
  for (let i = 0; i < 10; i++) {
    const [b, x] = rng.distinct(POOL, 2) as [number, number];
    // singles may use odd registers ($f1...: the same register under FR=0 and FR=1 as long as it is only used as a single)
    const f = double ? 2 * rng.int(10) : rng.int(20);
    const sn = new Snippet();
    initWindow(sn, rng);
    const rel = (rng.int(10) - 5) * 8 + (double ? 0 : 4 * rng.int(2)) + (unaligned ? 1 + rng.int(7) : 0);
    let text: string;
    let what: string;
    if (indexed) {
      const idx = [8, -8, 0, 0x7ff8, -0x10000, 16, -24, 4 * (double ? 2 : 1)][i % 8]!;
      // base + index = target; alternate which register holds the large part
      const [base, index] = i % 2 === 0 ? [rel - idx, idx] : [idx, rel - idx];
      if (i % 2 === 0) {
        baseAt(sn, b, base);
        sn.gpr(x, index);
      } else {
        sn.gpr(b, base);
        baseAt(sn, x, index);
      }
      text = `${n} $f${f}, $${x}($${b})`;
      what = `${i % 2 === 0 ? 'base' : 'index'} = isa_mem+${MEM_BASE + rel - idx}`;
      sn.outRaw('base+index-isa_mem', [`addu $1, $${b}, $${x}`, 'lui $2, %hi(isa_mem)', 'addiu $2, $2, %lo(isa_mem)', 'subu $1, $1, $2']);
    } else {
      const imm = [0, 8, -8, 0x7ff8, -0x8000, 16, -24, 32][i % 8]!;
      baseAt(sn, b, rel - imm);
      text = `${n} $f${f}, ${imm}($${b})`;
      what = `address isa_mem+${MEM_BASE + rel}`;
      sn.outRaw('base-isa_mem', ['lui $2, %hi(isa_mem)', 'addiu $2, $2, %lo(isa_mem)', `subu $1, $${b}, $2`]);
    }
    if (load) sn.fpr(f, rng.u32(), double ? rng.u32() : undefined).outFpr(f, double);
    else {
      sn.fpr(f, rng.u32(), double ? rng.u32() : undefined);
      sn.outMem((rel & ~7) - 8, 6);
    }
    out.push(mkCase(def, 'fpu-mem', `${text} ; ${what}`, sn, [text]));
  }
  return out;
}

/** Cases for a memory entry, or undefined when it is not one. */
export function memCases(def: InstrDef, rng: Rng): Case[] | undefined {
  if (def.args === 'T,o(s)' || def.args === 'D,t(s)' || (def.args === 'S,t(s)' && def.fpu)) return fpuMem(def, rng);
  if (def.args !== 't,o(s)') return undefined;
  if (['lwl', 'lwr', 'swl', 'swr'].includes(def.name)) return partial(def, rng);
  if (def.name === 'll' || def.name === 'sc') return llsc(def, rng);
  if (WIDTH[def.name] === undefined) return undefined;
  const cases = alignedLoadStore(def, rng);
  if (WIDTH[def.name]! > 1) cases.push(...misaligned(def, rng));
  return cases;
}

