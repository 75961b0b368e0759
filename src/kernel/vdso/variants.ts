/**
 * Per-CPU variants of vDSO functions, chosen when the image is set up for a CPU — the idea of ppc64's
 * vdso_fixup_alt_funcs (reference §4.6): a table says which variant of a generic symbol a CPU gets, and the
 * generic symbol's .dynsym entry is rewritten with the variant's st_value, st_size, st_info, st_other and
 * st_shndx, so every caller that looks the name up (glibc, dlsym) lands in the variant. The code is untouched and
 * the variants stay local (.symtab only).
 *
 * One difference from ppc64, where the variants were exported: a local variant's own st_info says LOCAL, which a
 * .dynsym entry past sh_info may not; the patch keeps the generic symbol's binding (GLOBAL) and takes the
 * variant's type (image.ts records the fields that way).
 *
 * .symtab is left as it is (ppc64 patched only the dynamic symbol table too), so gdb and objdump still show the
 * generic name at the default variant's code.
 */
import type { VdsoImage } from './image.js';
import { writeSymbol } from './elf-dynamic.js';

/** What the variant choice depends on (ppc64 keyed on cpu_features: CPU_FTR_COHERENT_ICACHE). */
export interface CpuFeatures {
  /** The instruction cache fills from the data cache (no synci needed after writing code). */
  readonly coherentIcache: boolean;
}

interface VariantRule {
  readonly generic: string;
  choose(cpu: CpuFeatures): string;
}

/**
 * The table. A MIPS32r2 24K's I-cache does not snoop the D-cache, so the default (pristine) choice is synci,
 * correct on every MIPS32r2 CPU; a coherent CPU gets the cheaper variant.
 */
const RULES: readonly VariantRule[] = [
  { generic: '__vdso_sync_dicache', choose: (cpu) => (cpu.coherentIcache ? 'coherent' : 'synci') },
];

export interface PatchedSymbol {
  /** The generic (exported) symbol. */
  readonly symbol: string;
  /** The local variant it now points at. */
  readonly variant: string;
}

/** A copy of the pristine image with each generic symbol pointed at the variant this CPU needs. */
export function selectCpuVariants(image: VdsoImage, cpu: CpuFeatures): { bytes: Uint8Array; patched: PatchedSymbol[] } {
  const bytes = image.bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const patched: PatchedSymbol[] = [];
  for (const rule of RULES) {
    const site = image.variantPatchSites.find((s) => s.generic === rule.generic);
    if (!site) throw new Error(`the vDSO image has no variants of ${rule.generic}`);
    const name = rule.choose(cpu);
    const fields = site.variants.get(name);
    if (!fields) throw new Error(`the vDSO image has no variant '${name}' of ${rule.generic}`);
    writeSymbol(view, site.dynsymOffset, {
      name: view.getUint32(site.dynsymOffset, true), // st_name stays: the symbol keeps its name
      value: fields.st_value,
      size: fields.st_size,
      info: fields.st_info,
      other: fields.st_other,
      shndx: fields.st_shndx,
    });
    patched.push({ symbol: rule.generic, variant: fields.symbol });
  }
  return { bytes, patched };
}
