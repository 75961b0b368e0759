/**
 * Test helpers around the GNU cross binutils, the independent truth the assembler and disassembler are checked
 * against: running gas/ld/objdump/readelf, and reading their output into plain data.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Symbolizer } from '../../src/isa/disasm.js';
import { makeSymbolizer, type SymbolInfo } from '../../src/isa/symbolizer.js';

export const CROSS = 'mipsel-linux-gnu-';

/**
 * Flags under which gas accepts every MIPS32r2 instruction of the table (odd FP registers in .d ops need fp64),
 * and emits exactly what is written: Debian's gas otherwise inserts a `sync` before every `ll` (Loongson 3 erratum).
 */
export const GAS_FLAGS = ['-mips32r2', '-mfp64', '-mhard-float', '-mno-fix-loongson3-llsc', '-EL'];

/** Why the binutils tests cannot run here, or undefined when they can. */
export function binutilsMissing(): string | undefined {
  for (const tool of ['as', 'ld', 'objdump', 'objcopy', 'readelf']) {
    const r = spawnSync(`${CROSS}${tool}`, ['--version'], { encoding: 'utf8' });
    if (r.error !== undefined || r.status !== 0) return `${CROSS}${tool} is not installed`;
  }
  return undefined;
}

export function tool(name: string, args: readonly string[]): string {
  return execFileSync(`${CROSS}${name}`, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
}

const tempDirs: string[] = [];
process.on('exit', () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A scratch directory, removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trapgate-isa-'));
  tempDirs.push(dir);
  return dir;
}

/** Assembles `source` with gas into `dir/name.o`, returning the object path. */
export function gas(source: string, dir: string, name = 'src'): string {
  const src = join(dir, `${name}.s`);
  const obj = join(dir, `${name}.o`);
  writeFileSync(src, source);
  tool('as', [...GAS_FLAGS, src, '-o', obj]);
  return obj;
}

/** The raw contents of one section of an ELF file, via objcopy. */
export function sectionBytes(file: string, section: string, dir: string): Uint8Array {
  const out = join(dir, `${section.replace(/\W/g, '_')}.bin`);
  tool('objcopy', ['-O', 'binary', '-j', section, file, out]);
  return new Uint8Array(readFileSync(out));
}

export function words(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(view.getUint32(i, true));
  return out;
}

export interface ObjdumpLine {
  readonly section: string;
  readonly address: number;
  readonly word: number;
  /** What objdump prints after the raw word: `mnemonic\toperands`. */
  readonly text: string;
  /** The whole line. */
  readonly line: string;
}

/** Every instruction line of `objdump -d -z` (zeros included, so no `...` elisions). */
export function objdumpLines(file: string): ObjdumpLine[] {
  const lines: ObjdumpLine[] = [];
  let section = '';
  for (const line of tool('objdump', ['-d', '-z', file]).split('\n')) {
    const header = /^Disassembly of section (\S+):$/.exec(line);
    if (header !== null) {
      section = header[1]!;
      continue;
    }
    const m = /^ *([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/.exec(line);
    if (m !== null) lines.push({ section, address: parseInt(m[1]!, 16), word: parseInt(m[2]!, 16), text: m[3]!, line });
  }
  return lines;
}

export interface SectionHeader {
  readonly index: number;
  readonly address: number;
  readonly size: number;
}

/** Section name → index, address and size, from `readelf -S`. */
export function sectionHeaders(file: string): Map<string, SectionHeader> {
  const map = new Map<string, SectionHeader>();
  for (const line of tool('readelf', ['-SW', file]).split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(line);
    if (m !== null) map.set(m[2]!, { index: Number(m[1]), address: parseInt(m[3]!, 16), size: parseInt(m[4]!, 16) });
  }
  return map;
}

const TYPES: Record<string, SymbolInfo['type']> = {
  NOTYPE: 'notype', OBJECT: 'object', FUNC: 'func', SECTION: 'section', FILE: 'file', TLS: 'tls', COMMON: 'common',
};
const BINDINGS: Record<string, SymbolInfo['binding']> = { LOCAL: 'local', GLOBAL: 'global', WEAK: 'weak' };

export interface ReadelfSymbol extends SymbolInfo {
  readonly size: number;
}

/** The static symbol table, from `readelf -s`. */
export function readSymbols(file: string): ReadelfSymbol[] {
  const symbols: ReadelfSymbol[] = [];
  for (const line of tool('readelf', ['-sW', file]).split('\n')) {
    const m = /^\s*\d+:\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+(\w+)\s+(\w+)\s+\w+\s+(\w+)\s*(\S*)/.exec(line);
    if (m === null) continue;
    const ndx = m[5]!;
    symbols.push({
      name: m[6]!,
      value: parseInt(m[1]!, 16),
      size: Number(m[2]),
      type: TYPES[m[3]!] ?? 'other',
      binding: BINDINGS[m[4]!] ?? 'global',
      section: ndx === 'UND' ? 'undefined' : ndx === 'ABS' ? 'abs' : ndx === 'COM' ? 'common' : Number(ndx),
    });
  }
  return symbols;
}

/** A symbolizer per disassembled section, as objdump names branch targets for that file. */
export function symbolizersFor(file: string): (section: string) => Symbolizer {
  const symbols = readSymbols(file);
  const headers = sectionHeaders(file);
  const cache = new Map<string, Symbolizer>();
  return (section) => {
    let s = cache.get(section);
    if (s === undefined) {
      s = makeSymbolizer(symbols, headers.get(section)?.index);
      cache.set(section, s);
    }
    return s;
  };
}

/**
 * A real static glibc binary: the guests' hello when built, else one compiled here (undefined when there is no
 * cross compiler either).
 */
export function staticBinary(dir: string): string | undefined {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const built = join(root, 'guests', 'build', 'c', 'hello');
  if (existsSync(built)) return built;
  const out = join(dir, 'x');
  const r = spawnSync(`${CROSS}gcc`, ['-O2', '-static', '-x', 'c', '-', '-o', out], {
    input: 'int main(void){return 0;}\n', encoding: 'utf8',
  });
  return r.status === 0 ? out : undefined;
}
