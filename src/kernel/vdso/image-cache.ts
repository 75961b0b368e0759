/**
 * The pristine vDSO image, built once per source text for the whole JavaScript process. The image depends only on
 * vdso.S and src/abi — not on the CPU (variants are chosen on a copy, variants.ts) nor on where a process maps it
 * (the code is position independent) — so every kernel, process and exec can share one. Assembling it takes
 * tens of milliseconds, which test files that boot many kernels paid once per kernel.
 */
import { buildVdsoImage, type VdsoImage } from './image.js';

/**
 * Module level on purpose: a cache of values derived from the source text alone, never patched or mapped (each
 * process gets its own copy), so no machine's state is in it and sharing it cannot couple two machines.
 */
const built = new Map<string, VdsoImage>();

/** The image of `source` (the text of vdso.S), built at the first request. Callers must not modify it. */
export function vdsoImage(source: string): VdsoImage {
  let image = built.get(source);
  if (image === undefined) {
    image = buildVdsoImage(source);
    built.set(source, image);
  }
  return image;
}
