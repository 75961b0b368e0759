/**
 * `trapgate vdso --dump FILE [--coherent-icache]`: writes the vDSO image as a process would get it, for readelf,
 * objdump and gdb. The CPU is a MIPS32r2 24K unless told otherwise, whose I-cache is not coherent with the
 * D-cache, so __vdso_sync_dicache is the synci variant; --coherent-icache selects the coherent one.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildVdsoImage } from '../kernel/vdso/image.js';
import { selectCpuVariants } from '../kernel/vdso/variants.js';
import { readVdsoSource } from '../host/vdso-source.js';

const USAGE = 'usage: trapgate vdso --dump FILE [--coherent-icache]\n';

export function vdsoCommand(args: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args, options: { dump: { type: 'string' }, 'coherent-icache': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    }));
  } catch (e) {
    process.stderr.write(`trapgate: vdso: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.dump === undefined || values.dump === '') {
    process.stderr.write(USAGE);
    return 2;
  }
  const { bytes } = selectCpuVariants(buildVdsoImage(readVdsoSource()), { coherentIcache: values['coherent-icache'] === true });
  try {
    writeFileSync(values.dump, bytes);
  } catch (e) {
    process.stderr.write(`trapgate: vdso: ${values.dump}: ${(e as Error).message}\n`);
    return 1;
  }
  return 0;
}
