/**
 * Disassembler, derived from the instruction table: prints an instruction word the way
 * `mipsel-linux-gnu-objdump -d` does (binutils 2.40), so Trapgate's traces and `trapgate disasm` read like
 * the tools people already know, and tests can compare the two line by line.
 */
import { decode } from './decode.js';
import {
  BREAK_FIELDS, FPU_CONTROL_NAMES, HWR_NAMES, fieldValue, parseTemplate, signed16, type OperandSpec,
} from './operands.js';
import { GPR_NAMES } from './table.js';

/** Names an address for a branch/jump target: the text objdump puts inside `<...>` (e.g. `main+0x20`). */
export type Symbolizer = (addr: number) => string | undefined;

const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

/** `mnemonic\toperands` (or just the mnemonic), or `.word\t0x...` for an encoding the table does not define. */
export function disassemble(word: number, pc: number, symbolize?: Symbolizer): string {
  const w = word >>> 0;
  const def = decode(w);
  if (def === undefined) return `.word\t${hex(w)}`;
  const specs = parseTemplate(def.args);
  if (specs.length === 0) return def.name;
  const operands = specs.map((spec) => formatOperand(spec, w, pc >>> 0, symbolize));
  return `${def.name}\t${operands.join(',')}`;
}

function formatOperand(spec: OperandSpec, w: number, pc: number, symbolize: Symbolizer | undefined): string {
  if (spec.kind === 'memory') return `${formatLetter(spec.offset, w, pc, symbolize)}(${formatLetter(spec.base, w, pc, symbolize)})`;
  return formatLetter(spec.letter, w, pc, symbolize);
}

function formatLetter(letter: string, w: number, pc: number, symbolize: Symbolizer | undefined): string {
  switch (letter) {
    case 'd': case 's': case 't':
      return GPR_NAMES[fieldValue(w, letter)]!;
    case 'z':
      return GPR_NAMES[0];
    case 'W': {
      // rd should equal rt; when one of them is zero binutils shows the other, else both.
      const rd = fieldValue(w, 'd');
      const rt = fieldValue(w, 't');
      if (rd === rt || rt === 0) return GPR_NAMES[rd]!;
      if (rd === 0) return GPR_NAMES[rt]!;
      return `${GPR_NAMES[rd]!} or ${GPR_NAMES[rt]!}`;
    }
    case 'j': case 'o':
      return String(signed16(w));
    case 'u': case 'U': case '<': case 'P': case 'C': case 'q': case 'y': case 'h': case 'H':
      return hex(fieldValue(w, letter));
    case 'Z':
      // ext stores size-1 (msbd).
      return hex(fieldValue(w, 'Z') + 1);
    case 'I':
      // ins stores pos+size-1 (msb).
      return hex(fieldValue(w, 'I') - fieldValue(w, 'P') + 1);
    case 'B': {
      const code1 = (w >>> BREAK_FIELDS[0].shift) & 0x3ff;
      const code2 = (w >>> BREAK_FIELDS[1].shift) & 0x3ff;
      return code2 === 0 ? hex(code1) : `${hex(code1)},${hex(code2)}`;
    }
    case 'K': {
      const n = fieldValue(w, 'K');
      return HWR_NAMES[n] ?? `$${n}`;
    }
    case 'G': {
      const n = fieldValue(w, 'G');
      return FPU_CONTROL_NAMES[n] ?? `$${n}`;
    }
    case 'S': case 'T': case 'D': case 'R':
      return `$f${fieldValue(w, letter)}`;
    case 'N': case 'M':
      return `$fcc${fieldValue(w, letter)}`;
    case 'p':
      return formatTarget((pc + 4 + (signed16(w) << 2)) >>> 0, symbolize);
    case 'a':
      return formatTarget((((pc + 4) & 0xf0000000) | (fieldValue(w, 'a') << 2)) >>> 0, symbolize);
    default:
      throw new Error(`disassembler: unknown template letter '${letter}'`);
  }
}

/** objdump prints `400130 <main+0x20>` when a symbol covers the target, `0x400130` when none does. */
function formatTarget(target: number, symbolize: Symbolizer | undefined): string {
  const name = symbolize?.(target);
  return name === undefined ? hex(target) : `${target.toString(16)} <${name}>`;
}

/**
 * One line as `objdump -d` prints it: `  400130:\t8fbf001c \tlw\tra,28(sp)`. objdump drops leading zeros of the
 * address in groups of four when the section's end address has them, and blanks the remaining leading zeros;
 * pass `sectionEnd` (the first address after the section) to reproduce its column exactly.
 */
export function formatInstructionLine(word: number, pc: number, symbolize?: Symbolizer, sectionEnd = 0xffffffff): string {
  const end = (sectionEnd >>> 0).toString(16).padStart(8, '0');
  let skip = 0;
  while (skip < 8 && end.startsWith('0000', skip)) skip += 4;
  const digits = (pc >>> 0).toString(16).padStart(8, '0').slice(skip);
  const address = (digits.replace(/^0+/, '') || '0').padStart(digits.length, ' ');
  const raw = (word >>> 0).toString(16).padStart(8, '0');
  return `${address}:\t${raw} \t${disassemble(word, pc, symbolize)}`;
}
