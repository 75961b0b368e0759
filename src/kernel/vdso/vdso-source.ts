/**
 * The text of vdso.S. It is read from the source tree next to the compiled module (tsc does not copy .S files
 * into dist/), which makes this the one file of the vDSO that needs Node; a browser build passes the text to
 * buildVdsoImage itself (e.g. a bundler's raw import of vdso.S).
 */
import { readFileSync } from 'node:fs';

// dist/src/kernel/vdso/ → the repository root → src/kernel/vdso/vdso.S
const SOURCE = new URL('../../../../src/kernel/vdso/vdso.S', import.meta.url);

export function readVdsoSource(): string {
  return readFileSync(SOURCE, 'utf8');
}
