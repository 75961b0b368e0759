/** `trapgate as SOURCE.S -o PROGRAM`: assemble and link a static mipsel executable with Trapgate's own tools. */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AssemblyError } from '../isa/asm.js';
import { linkExecutable } from '../elf/link.js';

export function assembleCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args, options: { output: { type: 'string', short: 'o' }, entry: { type: 'string' } }, allowPositionals: true,
  });
  const source = positionals[0];
  if (!source || !values.output || positionals.length > 1) {
    process.stderr.write('usage: trapgate as SOURCE.S -o PROGRAM [--entry SYMBOL]\n');
    return 2;
  }
  try {
    const text = readFileSync(source, 'utf8');
    writeFileSync(values.output, linkExecutable(text, values.entry ? { entry: values.entry } : {}));
    chmodSync(values.output, 0o755);
    return 0;
  } catch (e) {
    const detail = e instanceof AssemblyError || e instanceof Error ? e.message : String(e);
    process.stderr.write(`trapgate: ${source}: ${detail}\n`);
    return 1;
  }
}
