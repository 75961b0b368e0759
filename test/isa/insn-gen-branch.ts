/**
 * Cases for every entry with a delay slot (branches and jumps), by operand template. Each case records:
 *   path  0x33 when control reached the target, 0x22 when it fell through;
 *   slot  how many times the delay-slot marker ran (1 for normal branches either way, 0 for a not-taken likely);
 *   ra-ret  $31 minus the address after the delay slot (0 after a linking branch/jump, else the sentinel's offset);
 *   and, per variant, the link seen from inside the delay slot, or the jump register after a slot that overwrote it.
 * Targets are placed after (forward) or before (backward) the branch.
 *
 * Skipped on purpose: a linking branch (bltzal/bgezal/bltzall/bgezall) with rs = $31 — MIPS32r2 makes that
 * UNPREDICTABLE (the link write and the condition read conflict), so no emulator result is "right"; and
 * `jalr rd, rs` with rd = rs, UNPREDICTABLE for the same reason (gas rejects it too).
 */
import type { InstrDef } from '../../src/isa/table.js';
import { GPR_POOL, hex32, Rng, Snippet, type Case } from './insn-case.js';
import { mkCase } from './insn-gen-int.js';

/** Registers for branch operands and markers: not $1/$2 (used by the save code) nor $31 (observed). */
const POOL = GPR_POOL.filter((r) => r !== 1 && r !== 2 && r !== 31);
const SENTINEL = 0x5a5a5a5a;

interface Shape {
  /** The branch, with TARGET where the label goes. */
  insn: string;
  /** The delay-slot instruction. */
  slot: string;
  backward: boolean;
}

function body(sh: Shape, p: number): string[] {
  const br = sh.insn.replace('TARGET', '@L_tgt');
  if (sh.backward) {
    return ['b @L_fwd', 'nop', '@L_tgt:', `ori $${p}, $0, 0x33`, 'b @L_end', 'nop',
      '@L_fwd:', br, sh.slot, '@L_ret:', `ori $${p}, $0, 0x22`, '@L_end:'];
  }
  return [br, sh.slot, '@L_ret:', `ori $${p}, $0, 0x22`, 'b @L_end', 'nop', '@L_tgt:', `ori $${p}, $0, 0x33`, '@L_end:'];
}

/** `$r - address of @L_ret`, as an output. */
function outLinkDiff(sn: Snippet, r: number, name: string): void {
  sn.outRaw(name, ['lui $2, %hi(@L_ret)', 'addiu $2, $2, %lo(@L_ret)', `subu $1, $${r}, $2`]);
}

function make(def: InstrDef, rng: Rng, label: string, setup: (sn: Snippet) => void, insn: string,
  slotKind: 'marker' | 'link' | 'clobber', clobber: string, backward: boolean, avoid: number[], extraOut?: (sn: Snippet) => void): Case {
  const [p, m] = rng.distinct(POOL.filter((r) => !avoid.includes(r)), 2) as [number, number];
  const sn = new Snippet().gpr(31, SENTINEL).gpr(p, 0).gpr(m, 0);
  setup(sn);
  sn.outGpr(p, 'path').outGpr(m, slotKind === 'link' ? 'ra-in-slot' : 'slot');
  const slot = slotKind === 'marker' ? `addiu $${m}, $${m}, 1` : slotKind === 'link' ? `move $${m}, $31` : clobber;
  outLinkDiff(sn, 31, 'ra-ret');
  if (slotKind === 'link') sn.outRaw('ra-in-slot - ret', ['lui $2, %hi(@L_ret)', 'addiu $2, $2, %lo(@L_ret)', `subu $1, $${m}, $2`]);
  extraOut?.(sn);
  const text = body({ insn, slot, backward }, p);
  return mkCase(def, 'branch', `${insn.replace('TARGET', backward ? 'back' : 'fwd')} ; slot: ${slot} ; ${label}`, sn, text);
}

const SIGN_VALUES = [0x80000000, 0xffffffff, 0, 1, 0x7fffffff, 0xfffff000, 0x00001000];

/** bltzal, bgezal, bltzall, bgezall, jal, jalr: the forms that write a link register. */
function linking(def: InstrDef): boolean {
  return /al/.test(def.name);
}

function compareZero(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const values = [...SIGN_VALUES, rng.u32() | 0x80000000, rng.u32() & 0x7fffffff];
  values.forEach((v, i) => {
    for (const backward of [false, true]) {
      const s = rng.pick(POOL);
      const kind = (['marker', linking(def) ? 'link' : 'marker', 'clobber'] as const)[(i + (backward ? 1 : 0)) % 3];
      // clobber: the slot flips the sign of rs; the branch must have decided on the old value.
      out.push(make(def, rng, `rs=${hex32(v)}`, (sn) => sn.gpr(s, v), `${def.name} $${s}, TARGET`, kind, `nor $${s}, $${s}, $0`, backward, [s],
        (sn) => sn.outGpr(s, 'rs')));
    }
  });
  // rs = $zero (bgezal $0 is `bal`; bltzal $0 never branches but still links).
  out.push(make(def, rng, 'rs=$zero', () => {}, `${def.name} $0, TARGET`, linking(def) ? 'link' : 'marker', '', false, []));
  return out;
}

function compareTwo(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  const pairs: Array<[number, number]> = [[0, 0], [1, 1], [0x80000000, 0x80000000], [0, 1], [0xffffffff, 0x7fffffff], [0x80000000, 0], [5, 0xfffffffb]];
  for (let k = 0; k < 3; k++) {
    const a = rng.u32();
    pairs.push([a, a], [a, a ^ (1 << rng.int(32))]);
  }
  pairs.forEach(([a, b], i) => {
    for (const backward of [false, true]) {
      const [s, t] = rng.distinct(POOL, 2) as [number, number];
      const kind = (['marker', 'clobber', 'marker'] as const)[(i + (backward ? 1 : 0)) % 3];
      out.push(make(def, rng, `rs=${hex32(a)} rt=${hex32(b)}`, (sn) => sn.gpr(s, a).gpr(t, b), `${def.name} $${s}, $${t}, TARGET`,
        kind, `addiu $${t}, $${t}, 1`, backward, [s, t], (sn) => sn.outGpr(s, 'rs').outGpr(t, 'rt')));
    }
  });
  // rs = rt (the same register): beq always, bne never.
  for (const v of [0, 0x80000000, rng.u32()]) {
    const s = rng.pick(POOL);
    out.push(make(def, rng, `rs=rt=${hex32(v)}`, (sn) => sn.gpr(s, v), `${def.name} $${s}, $${s}, TARGET`, 'marker', '', v === 0, [s]));
  }
  out.push(make(def, rng, 'rs=rt=$zero', () => {}, `${def.name} $0, $0, TARGET`, 'marker', '', false, []));
  return out;
}

function fpBranch(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  for (let cc = 0; cc < 8; cc++) {
    for (const set of [false, true]) {
      const bit = cc === 0 ? 1 << 23 : 1 << (24 + cc);
      const others = (rng.u32() & 0xfe800000) >>> 0;
      const fcsr = ((set ? others | bit : others & ~bit) | rng.int(4)) >>> 0;
      const backward = (cc + (set ? 1 : 0)) % 3 === 2;
      out.push(make(def, rng, `FCSR=${hex32(fcsr)} cc${cc}=${set ? 1 : 0}`, (sn) => sn.fcsr(fcsr),
        `${def.name} $fcc${cc}, TARGET`, 'marker', '', backward, [], (sn) => sn.outFcsr()));
    }
  }
  return out;
}

function jumpAbs(def: InstrDef, rng: Rng): Case[] {
  const out: Case[] = [];
  for (const backward of [false, true, false, true]) {
    out.push(make(def, rng, 'absolute jump', () => {}, `${def.name} TARGET`, out.length === 2 && def.name === 'jal' ? 'link' : 'marker', '', backward, []));
  }
  return out;
}

/** jr/jalr: target in a register; variants check that the register is read before the delay slot runs. */
function jumpReg(def: InstrDef, rng: Rng, withRd: boolean): Case[] {
  const out: Case[] = [];
  const variants: Array<{ rd: number | 'ra' | 'zero'; slot: 'marker' | 'link' | 'clobber'; backward: boolean }> = [
    { rd: 'ra', slot: 'marker', backward: false },
    { rd: 'ra', slot: 'clobber', backward: false },
    { rd: 'ra', slot: 'link', backward: true },
    { rd: 0, slot: 'marker', backward: true },
    { rd: 0, slot: 'link', backward: false },
    { rd: 0, slot: 'clobber', backward: true },
    { rd: 'zero', slot: 'marker', backward: false },
  ];
  const noRd = (['marker', 'clobber', 'link'] as const).flatMap((slot) => [false, true].map((backward) => ({ rd: 'ra' as const, slot, backward })));
  for (const v of withRd ? variants : noRd) {
    const [s, w, d] = rng.distinct(POOL, 3) as [number, number, number];
    const rd = v.rd === 'ra' ? 31 : v.rd === 'zero' ? 0 : d;
    const insn = !withRd ? `${def.name} $${s}` : `${def.name} $${rd}, $${s}`;
    const setup = (sn: Snippet): void => {
      if (rd !== 31 && rd !== 0) sn.gpr(rd, 0x01010101);
      // The slot overwrites the jump register with the fall-through address: jumping there instead would be seen.
      sn.setupLines(`lui $${s}, %hi(@L_tgt)`, `addiu $${s}, $${s}, %lo(@L_tgt)`, `lui $${w}, %hi(@L_ret)`, `addiu $${w}, $${w}, %lo(@L_ret)`);
    };
    const extra = (sn: Snippet): void => {
      if (rd !== 31 && rd !== 0) outLinkDiff(sn, rd, 'rd-ret');
      if (rd === 0) sn.outGpr(0, '$zero');
      outLinkDiff(sn, s, 'rs-ret');
    };
    let c = make(def, rng, `rd=${withRd ? '$' + rd : '(none)'}`, setup, insn, v.slot === 'link' && rd !== 31 ? 'marker' : v.slot,
      `move $${s}, $${w}`, v.backward, [s, w, rd], extra);
    if (v.slot === 'link' && rd !== 31 && rd !== 0) {
      // link in the slot for rd != 31: read rd there
      const [p, m] = rng.distinct(POOL.filter((r) => r !== s && r !== w && r !== rd), 2) as [number, number];
      const sn = new Snippet().gpr(31, SENTINEL).gpr(p, 0).gpr(m, 0);
      setup(sn);
      sn.outGpr(p, 'path');
      sn.outRaw('rd-in-slot - ret', ['lui $2, %hi(@L_ret)', 'addiu $2, $2, %lo(@L_ret)', `subu $1, $${m}, $2`]);
      outLinkDiff(sn, 31, 'ra-ret');
      extra(sn);
      c = mkCase(def, 'branch', `${insn} ; slot: move $${m}, $${rd} (link visible in the slot)`, sn,
        body({ insn, slot: `move $${m}, $${rd}`, backward: v.backward }, p));
    }
    out.push(c);
  }
  return out;
}

/** Cases for an entry with a delay slot, or undefined when its template is not handled here. */
export function branchCases(def: InstrDef, rng: Rng): Case[] | undefined {
  if (!def.delay) return undefined;
  switch (def.args) {
    case 's,p': return compareZero(def, rng);
    case 's,t,p': return compareTwo(def, rng);
    case 'N,p': return fpBranch(def, rng);
    case 'a': return jumpAbs(def, rng);
    case 's': return jumpReg(def, rng, false);
    case 'd,s': return jumpReg(def, rng, true);
  }
  return undefined;
}
