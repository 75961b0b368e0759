/** `trapgate disasm PROGRAM [--symbol NAME]`: the executable sections of a MIPS ELF file, like `objdump -d`. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ElfError, parseElf32, readSymbols, type ElfSymbol } from '../elf/elf32.js';
import { formatInstructionLine } from '../isa/disasm.js';
import { makeSymbolizer, type SymbolInfo } from '../isa/symbolizer.js';

const SHF_EXECINSTR = 4;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;
const SHN_COMMON = 0xfff2;
const TYPES = ['notype', 'object', 'func', 'section', 'file', 'common', 'tls'] as const;

function toSymbolInfo(s: ElfSymbol): SymbolInfo {
  return {
    name: s.name,
    value: s.value,
    type: TYPES[s.type] ?? 'other',
    binding: s.bind === 0 ? 'local' : s.bind === 2 ? 'weak' : 'global',
    section: s.shndx === SHN_UNDEF ? 'undefined' : s.shndx === SHN_ABS ? 'abs' : s.shndx === SHN_COMMON ? 'common' : s.shndx,
  };
}

export function disassembleCommand(args: string[]): number {
  const { values, positionals } = parseArgs({ args, options: { symbol: { type: 'string' } }, allowPositionals: true });
  const path = positionals[0];
  if (!path || positionals.length > 1) {
    process.stderr.write('usage: trapgate disasm PROGRAM [--symbol NAME]\n');
    return 2;
  }
  let elf;
  try {
    elf = parseElf32(readFileSync(path));
  } catch (e) {
    const message = e instanceof ElfError ? e.message : (e as { code?: string }).code ?? String(e);
    process.stderr.write(`trapgate: ${path}: ${message}\n`);
    return 126;
  }
  const symbols = readSymbols(elf).map(toSymbolInfo);
  const wanted = values.symbol === undefined ? undefined : symbols.find((s) => s.name === values.symbol && s.type === 'func')
    ?? symbols.find((s) => s.name === values.symbol);
  if (values.symbol !== undefined && !wanted) {
    process.stderr.write(`trapgate: ${path}: no symbol named '${values.symbol}'\n`);
    return 1;
  }
  const out: string[] = [];
  elf.sections.forEach((section, index) => {
    if ((section.flags & SHF_EXECINSTR) === 0 || section.size === 0) return;
    let start = section.addr;
    let end = section.addr + section.size;
    if (wanted) {
      if (wanted.section !== index) return;
      const size = readSymbols(elf).find((s) => s.name === wanted.name)?.size ?? 0;
      start = wanted.value;
      end = size > 0 ? wanted.value + size : end;
    }
    const symbolize = makeSymbolizer(symbols, index);
    const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset + section.offset, section.size);
    out.push(`\nDisassembly of section ${section.name}:`);
    for (let pc = start; pc + 4 <= end; pc += 4) {
      const label = symbols.find((s) => s.value === pc && s.section === index && (s.type === 'func' || s.type === 'notype') && s.name);
      if (label) out.push(`\n${pc.toString(16).padStart(8, '0')} <${label.name}>:`);
      out.push(formatInstructionLine(view.getUint32(pc - section.addr, true), pc, symbolize, section.addr + section.size));
    }
  });
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
