/**
 * Seeded random instruction sequences for the CPU fuzz test (fuzz.test.ts): integer ALU (overflow-trapping forms
 * included), shifts and rotates, HI/LO, bit-field and byte operations, conditional moves, loads and stores into a
 * scratch buffer (lwl/lwr/swl/swr, misaligned lw/sw that Linux fixes up, ll/sc), conditional traps, and forward
 * branches and jumps (likely and linking forms) with random delay slots; FPU instructions come from fuzz-gen-fpu.ts.
 *
 * Every program runs from a random initial state (fuzz-program.ts loads it) to its end label; control only goes
 * forward, so every program terminates. What the generator keeps away from:
 * - $sp (stack addresses differ between qemu and Trapgate), k0/k1 (a kernel may clobber them);
 * - BASE (scratch buffer pointer) and IDX (index of the indexed FPU accesses) are never written, so every access
 *   stays inside the buffer;
 * - never-taken branches that qemu translates as a nop, so that an exception in their delay slot reports the slot
 *   instead of the branch: `bne r, r`, `bltz $0`, `bgtz $0` (target/mips/tcg/translate.c gen_compute_branch);
 * - UNPREDICTABLE encodings: division by zero (the divisor is made odd first), a branch or jump in a delay slot,
 *   linking branches that read the register they write, sc without its ll right before;
 * - trap codes 6 and 7 (Linux sends SIGFPE for them, qemu 7.2 SIGTRAP);
 * - a misaligned lw/sw in a delay slot: qemu does not fix misaligned accesses up, so it runs the two-instruction
 *   lwl/lwr (swl/swr) equivalent instead — the value Linux's fix-up produces — which cannot sit in a slot.
 */
import { BASE, g, Gen, one, READABLE, WRITABLE, type Item } from './fuzz-gen-core.js';
import { fpuItem } from './fuzz-gen-fpu.js';
import { consumers, resultOf } from './fuzz-gen-use.js';
import { hex32, type Rng } from './insn-case.js';

const ALU3 = ['add', 'addu', 'sub', 'subu', 'and', 'or', 'xor', 'nor', 'slt', 'sltu', 'movn', 'movz', 'mul'];
const VAR_SHIFTS = ['sllv', 'srlv', 'srav', 'rotrv'];
const SHIFTS = ['sll', 'srl', 'sra', 'rotr'];
const ALUI_SIGNED = ['addi', 'addiu', 'slti', 'sltiu'];
const ALUI_UNSIGNED = ['andi', 'ori', 'xori'];
const HILO2 = ['mult', 'multu', 'madd', 'maddu', 'msub', 'msubu'];
const BITS2 = ['clz', 'clo', 'seb', 'seh', 'wsbh'];
const TRAPS = ['teq', 'tne', 'tge', 'tgeu', 'tlt', 'tltu'];
const TRAPS_I = ['teqi', 'tnei', 'tgei', 'tgeiu', 'tlti', 'tltiu'];
const LOADS: Array<[string, number]> = [['lb', 1], ['lbu', 1], ['lh', 2], ['lhu', 2], ['lw', 4]];
const STORES: Array<[string, number]> = [['sb', 1], ['sh', 2], ['sw', 4]];
const PARTIAL = ['lwl', 'lwr', 'swl', 'swr'];
const HINTS = ['nop', 'ssnop', 'ehb', 'pause', 'sync'];

/** A non-control instruction (or group); with `slotOnly`, one that may sit in a delay slot. */
function simple(x: Gen, slotOnly: boolean): Item {
  const rng = x.rng;
  for (;;) {
    const item = pickSimple(x);
    if (!slotOnly || item.slot) return item;
  }
  function pickSimple(x: Gen): Item {
    switch (rng.int(15)) {
      case 0: case 1: return one(`${rng.pick(ALU3)} ${x.dst()}, ${x.src()}, ${x.src()}`);
      case 2: return one(`${rng.pick(VAR_SHIFTS)} ${x.dst()}, ${x.src()}, ${x.src()}`);
      case 3: return one(`${rng.pick(SHIFTS)} ${x.dst()}, ${x.src()}, ${rng.int(32)}`);
      case 4: {
        if (rng.chance(0.15)) return one(`lui ${x.dst()}, ${hex32(rng.int(65536))}`);
        if (rng.chance(0.5)) return one(`${rng.pick(ALUI_SIGNED)} ${x.dst()}, ${x.src()}, ${x.imm16()}`);
        return one(`${rng.pick(ALUI_UNSIGNED)} ${x.dst()}, ${x.src()}, ${rng.int(65536)}`);
      }
      case 5: return hilo(x);
      case 6: {
        if (rng.chance(0.6)) return one(`${rng.pick(BITS2)} ${x.dst()}, ${x.src()}`);
        const pos = rng.int(32);
        const size = 1 + rng.int(32 - pos);
        return one(`${rng.chance(0.5) ? 'ext' : 'ins'} ${x.dst()}, ${x.src()}, ${pos}, ${size}`);
      }
      case 7: case 8: return memory(x);
      case 9: {
        if (rng.chance(0.5)) return one(`${rng.pick(TRAPS)} ${x.src()}, ${x.src()}, ${x.trapCode()}`);
        return one(`${rng.pick(TRAPS_I)} ${x.src()}, ${x.imm16()}`);
      }
      case 10: {
        if (rng.chance(0.3)) return one(`break ${x.trapCode()}`);
        if (rng.chance(0.4)) return one(`pref ${rng.int(32)}, ${x.offset(1)}(${g(BASE)})`);
        return one(rng.pick(HINTS));
      }
      default: return fpuItem(x);
    }
  }
}

function hilo(x: Gen): Item {
  const rng = x.rng;
  switch (rng.int(4)) {
    case 0: return one(`${rng.pick(HILO2)} ${x.src()}, ${x.src()}`);
    case 1: return one(`${rng.pick(['mfhi', 'mflo'])} ${x.dst()}`);
    case 2: return one(`${rng.pick(['mthi', 'mtlo'])} ${x.src()}`);
    default: {
      // The divisor is made odd first: division by zero leaves HI/LO UNPREDICTABLE.
      const t = x.dstNonZero();
      return { real: [`ori ${g(t)}, ${g(t)}, 1`, `${rng.pick(['div', 'divu'])} $0, ${x.src()}, ${g(t)}`], slot: false };
    }
  }
}

function memory(x: Gen): Item {
  const rng = x.rng;
  const b = g(BASE);
  switch (rng.int(6)) {
    case 0: case 1: {
      const [op, size] = rng.pick(LOADS);
      return one(`${op} ${x.dst()}, ${x.offset(size)}(${b})`);
    }
    case 2: {
      const [op, size] = rng.pick(STORES);
      return one(`${op} ${x.src()}, ${x.offset(size)}(${b})`);
    }
    case 3: {
      const op = rng.pick(PARTIAL);
      return one(`${op} ${op.startsWith('l') ? x.dst() : x.src()}, ${x.offset(1)}(${b})`);
    }
    case 4: {
      // Misaligned lw/sw: Linux emulates them; qemu runs the lwl/lwr (swl/swr) pair that computes the same. The nop
      // keeps both variants the same size, so that every address (links, signal pcs) agrees between the binaries.
      const off = x.offset(1, 4) | 0;
      const at = (off & 3) === 0 ? off + 1 : off;
      if (rng.chance(0.5)) {
        const rt = x.dst();
        return { real: [`lw ${rt}, ${at}(${b})`, 'nop'], ref: [`lwl ${rt}, ${at + 3}(${b})`, `lwr ${rt}, ${at}(${b})`], slot: false };
      }
      const rt = x.src();
      return { real: [`sw ${rt}, ${at}(${b})`, 'nop'], ref: [`swl ${rt}, ${at + 3}(${b})`, `swr ${rt}, ${at}(${b})`], slot: false };
    }
    default: {
      // ll/sc on one word, back to back (anything between may or may not break the link, depending on the CPU), and
      // on one code page: the first execution of a page is a fault, and every exception return clears LLbit on
      // Linux (and Trapgate) but not on qemu.
      const off = x.offset(4);
      return { real: ['.balign 8', `ll ${x.dst()}, ${off}(${b})`, `sc ${x.dst()}, ${off}(${b})`], slot: false };
    }
  }
}

const COND2 = ['beq', 'bne', 'beql', 'bnel'];
const COND1 = ['blez', 'bgtz', 'bltz', 'bgez', 'blezl', 'bgtzl', 'bltzl', 'bgezl'];
const LINK1 = ['bltzal', 'bgezal', 'bltzall', 'bgezall'];

/** A branch or jump to `@T`, possibly preceded by the setup of its register operand. */
function branch(x: Gen): Item {
  const rng = x.rng;
  const b = (...lines: string[]): Item => ({ real: lines, slot: false, branch: true });
  switch (rng.int(9)) {
    case 0: case 1: {
      const [op, rs, rt] = [rng.pick(COND2), x.src(), x.src()];
      return b(op === 'bne' && rs === rt ? `beq ${rs}, ${rt}, @T` : `${op} ${rs}, ${rt}, @T`);
    }
    case 2: case 3: {
      const [op, rs] = [rng.pick(COND1), x.src()];
      return b(rs === '$0' && (op === 'bltz' || op === 'bgtz') ? `${op} $${BASE}, @T` : `${op} ${rs}, @T`);
    }
    case 4: {
      // rs = $31 would read the link register being written (UNPREDICTABLE).
      const rs = rng.pick(READABLE.filter((r) => r !== 31));
      return b(rng.chance(0.2) ? 'bal @T' : `${rng.pick(LINK1)} ${g(rs)}, @T`);
    }
    case 5: return b(`${rng.pick(['j', 'jal', 'b'])} @T`);
    case 6: {
      const r = x.dstNonZero();
      const rd = rng.chance(0.3) && r !== 31 ? 31 : rng.pick(WRITABLE.filter((w) => w !== r && w !== 0));
      const jump = rng.chance(0.5) ? `${rng.pick(['jr', 'jr.hb'])} ${g(r)}` : `${rng.pick(['jalr', 'jalr.hb'])} ${g(rd)}, ${g(r)}`;
      return b(`lui ${g(r)}, %hi(@T)`, `addiu ${g(r)}, ${g(r)}, %lo(@T)`, jump);
    }
    default: return b(`${rng.pick(['bc1f', 'bc1t', 'bc1fl', 'bc1tl'])} $fcc${rng.int(8)}, @T`);
  }
}

/**
 * `n` items: branches (each followed by its delay slot) among straight-line code. With probability `uses`, a result
 * written to a GPR or HI/LO is used at once by a few instructions that tell a true int32 from a wrong one (see
 * fuzz-gen-use.ts).
 */
export function sequence(rng: Rng, n: number, branchiness: number, uses = 0): Item[] {
  const x = new Gen(rng);
  const items: Item[] = [];
  const push = (item: Item): void => {
    items.push(item);
    const r = resultOf(item);
    if (r !== undefined && rng.chance(uses)) items.push(...consumers(x, r, () => simple(x, true)));
  };
  while (items.length < n) {
    if (items.length < n - 1 && rng.chance(branchiness)) {
      items.push(branch(x));
      push(simple(x, true));
    } else {
      push(simple(x, false));
    }
  }
  return items;
}

/**
 * The checkpoint: a trap that always fires, with a code no generated trap uses (they stay below 20). The fuzz
 * program's SIGTRAP handler recognises its word, logs a hash of the interrupted state (GPRs, HI, LO, the scratch
 * buffer) and resumes after it; so the state is compared, engine against engine and against qemu-mipsel, at every
 * block boundary and not only at the end.
 */
export const CHECKPOINT = 'teq $0, $0, 1023';
export const CHECKPOINT_WORD = (1023 << 6) | 0x34;

export interface TextOptions {
  /** qemu's variant of each item. */
  ref: boolean;
  /** The branch targets chosen for the other variant (both must agree). */
  targets?: number[];
  /** A CHECKPOINT at the start, at every branch target, after every delay slot and at the end. */
  checkpoints?: boolean;
}

/**
 * The assembly of a sequence (`ref`: qemu's variant) with labels `<name>_<k>` before every item that is not a delay
 * slot, the branch targets chosen forward among them, and `<name>_end` last.
 */
export function sequenceText(rng: Rng, items: readonly Item[], name: string, opts: TextOptions): { lines: string[]; targets: number[] } {
  const { ref, targets } = opts;
  const isSlot = (k: number): boolean => k > 0 && items[k - 1]!.branch === true;
  const chosen: number[] = targets ?? items.map((it, k) => {
    if (!it.branch) return -1;
    // A label after the delay slot, or the end (index items.length).
    const options: number[] = [];
    for (let j = k + 2; j <= items.length; j++) if (j === items.length || !isSlot(j)) options.push(j);
    // Prefer near targets so that later branches still run often.
    return options[Math.min(options.length - 1, rng.int(Math.min(options.length, 6)))]!;
  });
  const label = (j: number): string => (j === items.length ? `${name}_end` : `${name}_${j}`);
  const boundaries = new Set(opts.checkpoints ? [0, items.length, ...chosen.filter((t) => t >= 0)] : []);
  if (opts.checkpoints) items.forEach((_, k) => { if (k > 0 && isSlot(k - 1)) boundaries.add(k); });
  const lines: string[] = [];
  items.forEach((it, k) => {
    if (!isSlot(k)) lines.push(`${label(k)}:`);
    if (boundaries.has(k)) lines.push(CHECKPOINT);
    const body = ref && it.ref ? it.ref : it.real;
    lines.push(...body.map((l) => l.replace(/@T/g, label(chosen[k]!))));
  });
  lines.push(`${name}_end:`);
  if (boundaries.has(items.length)) lines.push(CHECKPOINT);
  return { lines, targets: chosen };
}
