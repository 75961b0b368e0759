/** The built-in demo: guests/asm/demo.S, assembled and linked by Trapgate's own assembler and ELF writer. */
import { readFileSync } from 'node:fs';
import { linkExecutable } from '../elf/link.js';

const SOURCE = new URL('../../../guests/asm/demo.S', import.meta.url);

export function buildDemoProgram(): Uint8Array {
  return linkExecutable(readFileSync(SOURCE, 'utf8'));
}
