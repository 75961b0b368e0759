/**
 * Per-CPU variants, ppc64's vdso_fixup_alt_funcs on MIPS (reference §4.6): after selectCpuVariants the .dynsym
 * entry of __vdso_sync_dicache carries the chosen variant's .symtab fields (as readelf shows them), and calling
 * __vdso_sync_dicache through that entry executes a synci per cache line on a non-coherent CPU and none on a
 * coherent one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildVdsoImage } from '../../../src/kernel/vdso/image.js';
import { selectCpuVariants } from '../../../src/kernel/vdso/variants.js';
import { binutilsMissing, tempDir } from '../../isa/binutils.js';
import { symbols } from './readelf.js';
import { SCRATCH, SENTINEL, VdsoMachine } from './harness.js';
import { readVdsoSource } from '../../../src/host/vdso-source.js';

const skip = binutilsMissing() ?? false;

const CASES = [
  { coherentIcache: false, variant: '__vdso_sync_dicache_synci' },
  { coherentIcache: true, variant: '__vdso_sync_dicache_coherent' },
] as const;

test('the generic symbol\'s .dynsym entry becomes the chosen variant\'s .symtab entry', { skip }, () => {
  const image = buildVdsoImage(readVdsoSource());
  const pristine = image.bytes.slice();
  const dir = tempDir();
  for (const c of CASES) {
    const { bytes, patched } = selectCpuVariants(image, { coherentIcache: c.coherentIcache });
    assert.deepEqual(patched, [{ symbol: '__vdso_sync_dicache', variant: c.variant }]);
    const file = join(dir, `vdso-${c.coherentIcache}.so`);
    writeFileSync(file, bytes);
    const generic = symbols(file, '.dynsym').find((s) => s.name === '__vdso_sync_dicache')!;
    const chosen = symbols(file, '.symtab').find((s) => s.name === c.variant)!;
    assert.deepEqual([generic.value, generic.size, generic.type, generic.vis, generic.ndx], [chosen.value, chosen.size, chosen.type, chosen.vis, chosen.ndx]);
    assert.equal(chosen.bind, 'LOCAL', 'the variant itself stays local');
    assert.deepEqual([generic.bind, generic.version], ['GLOBAL', 'LINUX_2.6'], 'the generic symbol stays an exported LINUX_2.6 symbol');
    const differing = [...bytes].flatMap((b, i) => (b !== pristine[i] ? [i] : []));
    assert.ok(differing.every((i) => i >= image.variantPatchSites[0]!.dynsymOffset && i < image.variantPatchSites[0]!.dynsymOffset + 16), 'only that .dynsym entry changes');
  }
  assert.deepEqual(image.bytes, pristine, 'the pristine image is never patched');
  const [synci, coherent] = ['synci', 'coherent'].map((v) => image.variantPatchSites[0]!.variants.get(v)!);
  assert.notEqual(synci!.st_value, coherent!.st_value, 'the variants are different code');
  assert.equal(image.variantPatchSites[0]!.defaultVariant, 'synci');
});

interface Trace {
  synci: number[];
  syncs: number;
  hazardReturns: number;
  v0: number;
}

/** Calls the exported __vdso_sync_dicache of `bytes` one step at a time, noting each synci's address. */
function traceSyncDicache(bytes: Uint8Array, offset: number, start: number, end: number, synciStep: number): Trace {
  const m = new VdsoMachine(bytes);
  m.config.synciStep = synciStep;
  m.enter(offset, [start, end]);
  const trace: Trace = { synci: [], syncs: 0, hazardReturns: 0, v0: -1 };
  const note = (pc: number): void => {
    const word = m.as.readU32(pc);
    // Classified from the MIPS32 encodings: SYNCI is REGIMM with rt = 31; SYNC is SPECIAL funct 15; JR.HB has hint bit 10.
    if (word >>> 26 === 1 && ((word >>> 16) & 31) === 31) trace.synci.push((m.st.r[(word >>> 21) & 31]! + ((word << 16) >> 16)) >>> 0);
    if ((word & 0xfc00003f) === 0x0000000f) trace.syncs++;
    if ((word & 0xfc1fffff) === 0x00000408) trace.hazardReturns++;
  };
  for (let i = 0; i < 100_000; i++) {
    const pc = m.st.pc >>> 0;
    const before = m.retired;
    if (pc !== SENTINEL) note(pc);
    const o = m.run(1);
    if (m.retired - before === 2) note(pc + 4); // a branch and its delay slot run as one step
    if (o.kind === 'returned') {
      trace.v0 = o.v0;
      return trace;
    }
    assert.equal(o.kind, 'budget', JSON.stringify(o));
  }
  throw new Error('sync_dicache did not return');
}

test('__vdso_sync_dicache runs synci once per line on a non-coherent CPU and never on a coherent one', { skip }, () => {
  const image = buildVdsoImage(readVdsoSource());
  const dir = tempDir();
  const ranges = [
    { start: SCRATCH + 5, end: SCRATCH + 200 },
    { start: SCRATCH + 64, end: SCRATCH + 128 },
    { start: SCRATCH + 100, end: SCRATCH + 100 },
    { start: SCRATCH + 31, end: SCRATCH + 33 },
  ];
  for (const c of CASES) {
    const { bytes } = selectCpuVariants(image, { coherentIcache: c.coherentIcache });
    const file = join(dir, `vdso-${c.coherentIcache}.so`);
    writeFileSync(file, bytes);
    const entry = symbols(file, '.dynsym').find((s) => s.name === '__vdso_sync_dicache')!.value; // how glibc finds it
    for (const step of [32, 64, 0]) {
      for (const { start, end } of ranges) {
        const t = traceSyncDicache(bytes, entry, start, end, step);
        const lines: number[] = [];
        if (!c.coherentIcache && step !== 0) for (let a = start - (start % step); a < end; a += step) lines.push(a);
        assert.deepEqual(t.synci, lines, `${c.variant}, SYNCI_Step ${step}, [0x${start.toString(16)}, 0x${end.toString(16)})`);
        assert.equal(t.syncs, 1, 'one sync');
        assert.equal(t.hazardReturns, 1, 'returns through jr.hb');
        assert.equal(t.v0, 0);
      }
    }
  }
});
