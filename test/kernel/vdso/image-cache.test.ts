/**
 * The vDSO image is assembled once per JavaScript process and shared (image-cache.ts): kernels for different CPUs,
 * and every process of a kernel, must still see their own CPU's variant at their own [vdso] address, and the
 * shared pristine image must never be patched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost } from '../../../src/host/node-host.js';
import { DEFAULT_CONFIG, Kernel } from '../../../src/kernel/kernel.js';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { vdsoImage } from '../../../src/kernel/vdso/image-cache.js';
import { selectCpuVariants } from '../../../src/kernel/vdso/variants.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';

const HELLO = join(new URL('../../../..', import.meta.url).pathname, 'guests/build/c/hello');
const skip = existsSync(HELLO) ? false : 'needs the guests (make -C guests)';

test('one image per source text, equal to a fresh build', () => {
  const image = vdsoImage(readVdsoSource());
  assert.equal(vdsoImage(readVdsoSource()), image, 'built once');
  assert.deepEqual(image.bytes, buildVdsoImage(readVdsoSource()).bytes);
});

test('kernels for different CPUs and each of their processes map their own variant at their own address', { skip }, () => {
  const pristine = vdsoImage(readVdsoSource()).bytes.slice();
  for (const coherentIcache of [false, true, false]) {
    const kernel = new Kernel(createNodeHost(), { ...DEFAULT_CONFIG, coherentIcache });
    const expected = selectCpuVariants(vdsoImage(readVdsoSource()), { coherentIcache }).bytes;
    const bases = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const proc = kernel.spawn(HELLO, [HELLO], []);
      const base = proc.vdso!.base;
      bases.add(base);
      assert.deepEqual(proc.as.read(base, expected.length), expected, `coherent ${coherentIcache}, process ${i} at 0x${base.toString(16)}`);
    }
    assert.ok(bases.size > 1, 'processes are placed at different addresses');
  }
  assert.deepEqual(vdsoImage(readVdsoSource()).bytes, pristine, 'the shared image is never patched');
});
