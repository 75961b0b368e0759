/**
 * Names code addresses for the disassembler the way objdump does: the closest symbol at or below the address,
 * printed `name` or `name+0x1c`. When several symbols share that value objdump picks one by a fixed preference
 * (symbols in the section being disassembled; then functions, objects, global, weak, local; names not starting
 * with '.'; then by name), and that choice is reproduced here so traces name the same function objdump does.
 */
import type { Symbolizer } from './disasm.js';

export interface SymbolInfo {
  readonly name: string;
  readonly value: number;
  readonly type: 'notype' | 'object' | 'func' | 'section' | 'file' | 'common' | 'tls' | 'other';
  readonly binding: 'local' | 'global' | 'weak';
  /** Section index (ELF st_shndx); 'undefined', 'abs' and 'common' as words. */
  readonly section: number | 'undefined' | 'abs' | 'common';
}

/** objdump's tie-break between symbols of equal value: negative when `a` is preferred. */
function compareSameValue(a: SymbolInfo, b: SymbolInfo): number {
  const rank = (s: SymbolInfo): number[] => [
    /gnu_compiled|gcc2_compiled/.test(s.name) ? 1 : 0,
    // Names that look like object or archive files convey little; so do file symbols.
    s.type === 'file' || /..\.[oa]$/.test(s.name) ? 1 : 0,
    s.type === 'func' ? 0 : 1,
    s.type === 'object' ? 0 : 1,
    s.binding === 'local' ? 1 : 0,
    s.binding === 'global' ? 0 : 1,
    s.name.startsWith('.') ? 1 : 0,
  ];
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * A symbolizer over `symbols`. `currentSection` is the section being disassembled: among symbols of equal value
 * objdump prefers one from it. Symbols without a name, section and file symbols, and undefined or common
 * symbols never name an address.
 */
export function makeSymbolizer(symbols: readonly SymbolInfo[], currentSection?: number): Symbolizer {
  const useful = symbols
    .filter((s) => s.name !== '' && s.type !== 'section' && s.type !== 'file'
      && s.section !== 'undefined' && s.section !== 'common')
    .map((s) => ({ ...s, value: s.value >>> 0 }))
    .sort((a, b) => (a.value - b.value) || compareSameValue(a, b));
  return (addr: number): string | undefined => {
    const target = addr >>> 0;
    // Last symbol whose value is <= target.
    let lo = 0;
    let hi = useful.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (useful[mid]!.value <= target) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return undefined;
    const value = useful[lo - 1]!.value;
    let first = lo - 1;
    while (first > 0 && useful[first - 1]!.value === value) first--;
    let chosen = useful[first]!;
    for (let i = first; i < lo; i++) {
      if (useful[i]!.section === currentSection) {
        chosen = useful[i]!;
        break;
      }
    }
    const offset = target - chosen.value;
    return offset === 0 ? chosen.name : `${chosen.name}+0x${offset.toString(16)}`;
  };
}
