/**
 * Uses of results, for the CPU fuzz generator (fuzz-gen.ts): after an instruction that writes a GPR, or HI/LO, the
 * sequence often reads the result right away, in the same basic block, in the ways that tell a correct 32-bit value
 * from one that is only right modulo 2^32 — a signed and an unsigned compare, an equality test, a shift, a sub-word
 * store, a multiplication (its high word depends on the sign), an overflow-checking add, a conditional move and a
 * branch. A compiled block that keeps a register in a JavaScript local must keep exactly what the register holds; a
 * wrong local is visible only to such a use inside the same compiled block (a store of the whole word, or the end of
 * the block, truncates it into the register file and hides the fault). Found that way: madd/msub left LO as a
 * 33-bit sum (issue 8).
 */
import { BASE, g, Gen, one, READABLE, type Item } from './fuzz-gen-core.js';
import { instructionNamed, resultOfInstruction } from './insn-results.js';

/** What an item writes last: a GPR number, 'hilo', or undefined (nothing, or only FPU state or memory). */
export function resultOf(item: Item): number | 'hilo' | undefined {
  for (let k = item.real.length - 1; k >= 0; k--) {
    const line = item.real[k]!.trim();
    if (line.startsWith('.') || line === 'nop') continue;
    const sp = line.indexOf(' ');
    const def = instructionNamed(sp < 0 ? line : line.slice(0, sp));
    const result = def === undefined ? undefined : resultOfInstruction(def);
    if (result !== 'gpr') return result;
    const m = /^\$(\d+)/.exec(line.slice(sp + 1).trim());
    return m === null ? undefined : Number(m[1]);
  }
  return undefined;
}

/**
 * Items that use register `r` (just written) at once; a branch among them is followed by its delay slot, made by
 * `slot`. Nothing for $0, whose writes vanish.
 */
export function consumers(x: Gen, r: number | 'hilo', slot: () => Item): Item[] {
  const rng = x.rng;
  if (r === 'hilo') {
    // Read HI or LO into a register, then use that.
    const d = x.dstNonZero();
    return [mark(one(`${rng.pick(['mflo', 'mfhi'])} ${g(d)}`)), ...consumers(x, d, slot)];
  }
  if (r === 0) return [];
  const out: Item[] = [];
  const count = 1 + rng.int(3);
  for (let i = 0; i < count; i++) {
    const use = pickUse(x, r);
    out.push(mark(use));
    if (use.branch) {
      out.push(slot());
      break; // the block ends after the slot
    }
  }
  return out;
}

function mark(item: Item): Item {
  return { ...item, consumer: true };
}

function pickUse(x: Gen, r: number): Item {
  const rng = x.rng;
  const v = g(r);
  const other = (): string => g(rng.pick(READABLE.filter((o) => o !== r)));
  switch (rng.int(12)) {
    case 0: return one(`slt ${x.dst()}, ${v}, ${rng.chance(0.5) ? '$0' : other()}`);
    case 1: return one(`slt ${x.dst()}, ${rng.chance(0.5) ? '$0' : other()}, ${v}`);
    case 2: return rng.chance(0.5) ? one(`sltu ${x.dst()}, ${v}, ${other()}`)
      : one(`${rng.pick(['slti', 'sltiu'])} ${x.dst()}, ${v}, ${x.imm16()}`);
    case 3: return one(`${rng.pick(['sra', 'srl', 'sll', 'rotr'])} ${x.dst()}, ${v}, ${rng.int(32)}`);
    case 4: return one(`${rng.pick(['srav', 'srlv'])} ${x.dst()}, ${v}, ${other()}`);
    case 5: {
      const [op, size] = rng.pick([['sb', 1], ['sh', 2]] as const);
      return one(`${op} ${v}, ${x.offset(size)}(${g(BASE)})`);
    }
    case 6: return one(`${rng.pick(['movz', 'movn'])} ${x.dst()}, ${other()}, ${v}`);
    case 7: return one(`${rng.pick(['mult', 'multu'])} ${v}, ${other()}`);
    case 8: return one(`${rng.pick(['addi', 'addiu'])} ${x.dst()}, ${v}, ${x.imm16()}`);
    case 9: return one(`${rng.pick(['teq', 'tne', 'tlt', 'tge'])} ${v}, ${other()}, ${x.trapCode()}`);
    case 10: {
      // bltz/bgtz on $0 and bne r, r are avoided by construction (r is not $0, the other operand is another register).
      const op = rng.pick(['bltz', 'bgez', 'blez', 'bgtz', 'beq', 'bne']);
      const line = op === 'beq' || op === 'bne' ? `${op} ${v}, ${other()}, @T` : `${op} ${v}, @T`;
      return { real: [line], slot: false, branch: true };
    }
    default: return one(`${rng.pick(['add', 'sub', 'addu', 'xor'])} ${x.dst()}, ${v}, ${other()}`);
  }
}
