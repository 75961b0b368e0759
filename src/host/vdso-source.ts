/**
 * The text of vdso.S for a host that has files: read from the source tree next to the compiled module (tsc does not
 * copy .S files into dist/). The core never reads it itself; the host hands it over (Host.vdsoSource), so the core
 * needs no file system and a browser build passes the text in (e.g. a bundler's raw import of vdso.S).
 */
import { readFileSync } from 'node:fs';

// dist/src/host/ → the repository root → src/kernel/vdso/vdso.S
const SOURCE = new URL('../../../src/kernel/vdso/vdso.S', import.meta.url);

let text: string | undefined;

/** The vDSO's assembly source (read once: it is part of the installed program, not guest state). */
export function readVdsoSource(): string {
  text ??= readFileSync(SOURCE, 'utf8');
  return text;
}
