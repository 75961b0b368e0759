/** __vdso_getcpu (from the ppc64 vDSO, reference §4.6): the CPU number from `rdhwr $0`, node 0, pointers optional. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { SCRATCH, VdsoMachine } from './harness.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';

test('getcpu stores the CPU the thread runs on and node 0, each pointer optional', () => {
  const image = buildVdsoImage(readVdsoSource());
  const m = new VdsoMachine(image.bytes);
  const getcpu = image.symbols.get('__vdso_getcpu')!;
  for (const cpu of [0, 3, 7]) {
    m.config.cpuNumber = cpu;
    m.writeScratch(0, new Uint8Array(16).fill(0xee));
    assert.deepEqual(m.call(getcpu, [SCRATCH, SCRATCH + 8, 0]).outcome, { kind: 'returned', v0: 0 });
    const v = m.scratch(0, 16);
    assert.deepEqual([v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true)], [cpu, 0xeeeeeeee, 0, 0xeeeeeeee]);
  }
  m.writeScratch(0, new Uint8Array(16).fill(0xee));
  assert.deepEqual(m.call(getcpu, [0, SCRATCH + 8, 0]).outcome, { kind: 'returned', v0: 0 });
  assert.deepEqual(m.call(getcpu, [SCRATCH, 0, 0]).outcome, { kind: 'returned', v0: 0 });
  assert.deepEqual(m.call(getcpu, [0, 0, 0]).outcome, { kind: 'returned', v0: 0 });
  assert.deepEqual([m.scratch(0, 4).getUint32(0, true), m.scratch(8, 4).getUint32(0, true)], [7, 0]);
});
