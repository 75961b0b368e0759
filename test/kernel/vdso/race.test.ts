/**
 * The seqlock end to end: the kernel updates the vDSO data page in steps with guest instructions in between, as a
 * writer on another CPU would, while a guest reads the clocks in a tight loop through glibc and the vDSO.
 * With Linux's reader (retry when seq moved) no reading is ever torn, although reads and updates really do race;
 * the same program run on a vDSO whose retry branch is removed sees time go backwards. So this test fails if the
 * retry is removed, and shows that the race it guards against actually happens.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost } from '../../../src/host/node-host.js';
import type { Host, HostStream } from '../../../src/host/host.js';
import { DEFAULT_CONFIG, Kernel } from '../../../src/kernel/kernel.js';

const ROOT = new URL('../../../..', import.meta.url).pathname;
const GUEST = join(ROOT, 'guests/build/c/vdso_clock');
const SOURCE = readFileSync(join(ROOT, 'src/kernel/vdso/vdso.S'), 'utf8');
const RETRY = /\tbne\t\$t2, \$t7, \.Lhres[^\n]*/;

function capture(): { host: Host; out: () => string } {
  const chunks: Uint8Array[] = [];
  const sink: HostStream = { isTTY: false, read: () => 0, write: (b) => { chunks.push(b.slice()); return b.length; } };
  const host = { ...createNodeHost(), stdout: sink, stderr: sink };
  return { host, out: () => Buffer.concat(chunks).toString() };
}

function run(vdsoSource?: string) {
  const { host, out } = capture();
  const kernel = new Kernel(host, { ...DEFAULT_CONFIG, ...(vdsoSource ? { vdsoSource } : {}) });
  const status = kernel.run(kernel.spawn(GUEST, ['vdso_clock', '300000'], []));
  return { exit: status >> 8, output: out(), ...kernel.vvarStats };
}

const skip = !existsSync(GUEST) && 'guest vdso_clock not built (needs the cross compiler)';

test('readers racing the data-page writer never see a torn time', { skip }, () => {
  const r = run();
  assert.ok(r.updates > 10, `the writer updated the page (${r.updates} updates)`);
  assert.ok(r.races > 0, 'some update steps happened while the guest was inside the vDSO');
  assert.equal(r.exit, 0, r.output);
  assert.match(r.output, /consistent/);
});

test('without the seqlock retry, the same race produces torn readings', { skip }, () => {
  assert.match(SOURCE, RETRY, 'the retry branch is where this test expects it in vdso.S');
  const r = run(SOURCE.replace(RETRY, '\tnop\t\t\t\t# retry removed for this test'));
  assert.ok(r.races > 0);
  assert.equal(r.exit, 1, `expected torn readings, got: ${r.output}`);
  assert.match(r.output, /TORN/);
});
