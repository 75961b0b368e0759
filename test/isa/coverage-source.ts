/**
 * Generates GNU assembly that exercises every non-alias entry of the instruction table with random operands
 * (fixed seed), written the way a person writes gas source — not produced by Trapgate's disassembler, so
 * gas, objdump, the assembler and the disassembler can be compared on it independently.
 */
import { GPR_NAMES, INSTRUCTIONS, type InstrDef } from '../../src/isa/table.js';
import { prng } from './insn-case.js';

export interface CoverageLine {
  readonly def: InstrDef;
  readonly text: string;
}

export interface CoverageSource {
  readonly source: string;
  readonly lines: readonly CoverageLine[];
}


/** Entries gas would assemble: every entry that is not an alias of another. */
export function coveredEntries(): InstrDef[] {
  return INSTRUCTIONS.filter((d) => d.alias !== true);
}

export function coverageSource(perEntry = 8, seed = 0x7a9a7e): CoverageSource {
  const rnd = prng(seed);
  const int = (lo: number, hi: number): number => {
    // A quarter of the draws are the range's edges, where encodings go wrong.
    const r = rnd();
    if (r < 0.125) return lo;
    if (r < 0.25) return hi;
    return lo + Math.floor(rnd() * (hi - lo + 1));
  };
  const entries = coveredEntries();
  const total = entries.length * perEntry;
  const gpr = (): string => {
    const n = Math.floor(rnd() * 32);
    return rnd() < 0.5 ? `$${n}` : `$${GPR_NAMES[n]!}`;
  };
  const hexOrDec = (v: number): string => (rnd() < 0.5 ? String(v) : `0x${v.toString(16)}`);
  const lines: CoverageLine[] = [];
  for (const def of entries) {
    for (let k = 0; k < perEntry; k++) {
      let pos = 0;
      const letter = (l: string): string => {
        switch (l) {
          case 'd': case 's': case 't': case 'W': return gpr();
          case 'z': return rnd() < 0.5 ? '$0' : '$zero';
          case 'j': case 'o': return String(int(-0x8000, 0x7fff));
          case 'u': case 'U': return hexOrDec(int(0, 0xffff));
          case 'p': case 'a': return `L${Math.floor(rnd() * total)}`;
          case '<': case 'y': case 'h': case 'H': return hexOrDec(int(0, 31));
          case 'P': pos = int(0, 31); return String(pos);
          case 'Z': case 'I': return String(int(1, 32 - pos));
          case 'B': return rnd() < 0.5 ? hexOrDec(int(0, 0x3ff)) : `${int(0, 0x3ff)},${int(1, 0x3ff)}`;
          case 'C': return hexOrDec(int(0, 0xfffff));
          case 'q': return hexOrDec(int(0, 0x3ff));
          case 'K': case 'G': return `$${int(0, 31)}`;
          case 'S': case 'T': case 'D': case 'R': return `$f${int(0, 31)}`;
          case 'N': case 'M': return `$fcc${int(0, 7)}`;
          default: throw new Error(`coverage generator: no rule for template letter '${l}' (${def.name})`);
        }
      };
      let operands: string[];
      do {
        operands = def.args === '' ? [] : def.args.split(',').map((part) => {
          const mem = /^(.)\((.)\)$/.exec(part);
          return mem !== null ? `${letter(mem[1]!)}(${letter(mem[2]!)})` : letter(part);
        });
      } while (gasRefuses(def, operands));
      lines.push({ def, text: operands.length === 0 ? def.name : `${def.name} ${operands.join(', ')}` });
    }
  }
  const body = lines.map((l, i) => `L${i}:\t${l.text}`).join('\n');
  // No `.set mips32r2` here: it would reset gas's FP mode to fp32 and draw warnings for odd .d registers.
  const source = `\t.set noreorder\n\t.set noat\n\t.text\n${body}\n`;
  return { source, lines };
}

const regNumber = (text: string): number => {
  const t = text.replace(/^\$/, '');
  return /^[0-9]+$/.test(t) ? Number(t) : GPR_NAMES.indexOf(t as (typeof GPR_NAMES)[number]);
};

/**
 * Operand combinations gas rejects because the architecture leaves them UNPREDICTABLE: a linking branch whose
 * source is $ra (the link overwrites it), and jalr with rd = rs.
 */
export function gasRefuses(def: InstrDef, operands: readonly string[]): boolean {
  if (/^b(ltz|gez)all?$/.test(def.name)) return regNumber(operands[0]!) === 31;
  if (def.name === 'jalr' || def.name === 'jalr.hb') return regNumber(operands[0]!) === regNumber(operands[1]!);
  return false;
}
