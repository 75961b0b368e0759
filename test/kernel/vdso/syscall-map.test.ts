/**
 * The ppc64-style syscall map (reference §4.6): writeSyscallMap sets bit 0x80000000 >> (N & 31) of word N >> 5
 * exactly for the implemented o32 syscalls 4000 + N, and __vdso_get_syscall_map, run in the CPU, returns the map's
 * address in [vvar] and stores the number of syscalls it covers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../../../src/kernel/syscalls/all.js';
import { LINUX_SYSCALLS } from '../../../src/kernel/syscalls/all.js';
import { SYSCALLS } from '../../../src/abi/syscalls.js';
import { VdsoData } from '../../../src/abi/layouts.js';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { writeSyscallMap } from '../../../src/kernel/vdso/data-page.js';
import { DATA, SCRATCH, VdsoMachine } from './harness.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';

/** One more than the highest o32 number Linux defines, less 4000: what the map must cover (ppc64: __NR_syscalls). */
const COVERED = Math.max(...SYSCALLS.map((s) => s.nr)) - 4000 + 1;

function bitIsSet(words: DataView, n: number): boolean {
  return ((words.getUint32((n >> 5) * 4, true) >>> (31 - (n & 31))) & 1) === 1;
}

test('the map has a bit exactly for each implemented syscall', () => {
  const implemented = new Set(LINUX_SYSCALLS.implemented());
  assert.ok(implemented.size > 50, 'the kernel registered its syscalls');
  const page = new Uint8Array(4096).fill(0xff);
  writeSyscallMap(page, implemented);
  const v = new DataView(page.buffer);
  assert.equal(v.getUint32(VdsoData.syscall_count, true), COVERED);
  const words = new DataView(page.buffer, VdsoData.syscall_map, VdsoData.syscall_map_words * 4);
  for (let n = 0; n < VdsoData.syscall_map_words * 32; n++) {
    assert.equal(bitIsSet(words, n), implemented.has(4000 + n), `syscall ${4000 + n}`);
  }
  assert.ok(bitIsSet(words, 4003 - 4000), 'read (4003) is bit 0x10000000 of word 0');
  assert.equal(words.getUint32(0, true) & 0x10000000, implemented.has(4003) ? 0x10000000 : 0);
  assert.throws(() => writeSyscallMap(page, [3999]), RangeError);
  assert.throws(() => writeSyscallMap(page, [4000 + COVERED]), RangeError);
});

test('__vdso_get_syscall_map returns the map in [vvar] and the count', () => {
  const image = buildVdsoImage(readVdsoSource());
  const m = new VdsoMachine(image.bytes);
  const page = new Uint8Array(4096);
  const numbers = [4001, 4003, 4004, 4031, 4032, 4063, 4064, 4403, 4469];
  writeSyscallMap(page, numbers);
  m.writeData(page);
  m.writeScratch(0, new Uint8Array([0xee, 0xee, 0xee, 0xee]));
  const withCount = m.call(image.symbols.get('__vdso_get_syscall_map')!, [SCRATCH]);
  assert.equal(withCount.outcome.kind, 'returned');
  const map = (withCount.outcome as { v0: number }).v0 >>> 0;
  assert.equal(map, DATA + VdsoData.syscall_map);
  assert.equal(m.scratch(0, 4).getUint32(0, true), COVERED);
  // Read the bits through the returned pointer, as a guest would.
  const words = new DataView(m.as.read(map, VdsoData.syscall_map_words * 4).buffer);
  for (let n = 0; n < COVERED; n++) assert.equal(bitIsSet(words, n), numbers.includes(4000 + n), `syscall ${4000 + n}`);
  const noCount = m.call(image.symbols.get('__vdso_get_syscall_map')!, [0]);
  assert.deepEqual(noCount.outcome, { kind: 'returned', v0: map | 0 }, 'count may be NULL');
});
