/**
 * Every kind of unusable program gets one clear line on stderr and a non-zero status within a second — never a
 * JavaScript stack trace, never a hang. The valid starting point is the demo, linked by Trapgate's own tools, so
 * this test needs no cross compiler; each case damages one thing that Linux's binfmt_elf or Trapgate checks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkExecutable } from '../../src/elf/link.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'trapgate-bad-'));
const good = linkExecutable(readFileSync(join(ROOT, 'guests/asm/demo.S'), 'utf8'));

function variant(name: string, edit: (b: Uint8Array, v: DataView) => Uint8Array | void): string {
  const bytes = good.slice();
  const out = edit(bytes, new DataView(bytes.buffer)) ?? bytes;
  const path = join(dir, name);
  writeFileSync(path, out);
  return path;
}

/** Shells and env(1) exit 127 when the program is not there and 126 when it is there but cannot run. */
const NOT_FOUND = 127;
const CANNOT_RUN = 126;

test('a missing program: one clear line, status 127 (not found), quickly', () => {
  expectOneLine(join(dir, 'does-not-exist'), NOT_FOUND, /no such file/);
});

const cases: Array<[string, string, RegExp]> = [
  ['a directory', (() => { const d = join(dir, 'a-directory'); mkdirSync(d); return d; })(), /is a directory/],
  ['an empty file', variant('empty', () => new Uint8Array(0)), /empty file/],
  ['garbage', variant('garbage', () => new Uint8Array(4096).map((_, i) => (i * 7919) & 255)), /not an ELF file/],
  ['a truncated header', variant('truncated-header', (b) => b.subarray(0, 30)), /truncated ELF header/],
  ['truncated program headers', variant('truncated-phdrs', (b) => b.subarray(0, 60)), /truncated program headers/],
  ['a truncated segment', variant('truncated-segment', (b) => b.subarray(0, 200)), /truncated/],
  ['a big-endian file', variant('big-endian', (b) => { b[5] = 2; }), /big-endian/],
  ['a 64-bit file', variant('elf64', (b) => { b[4] = 2; }), /64-bit/],
  ['another machine (ARM)', variant('arm', (_, v) => { v.setUint16(18, 40, true); }), /not a MIPS program/],
  ['a relocatable object', variant('relocatable', (_, v) => { v.setUint16(16, 1, true); }), /relocatable/],
  ['an n32 program', variant('n32', (_, v) => { v.setUint32(36, v.getUint32(36, true) | 0x20, true); }), /n32/],
  ['a NaN-2008 program', variant('nan2008', (_, v) => { v.setUint32(36, v.getUint32(36, true) | 0x400, true); }), /2008/],
  ['the host Node binary', process.execPath, /64-bit|not a MIPS|not an ELF/],
];

function expectOneLine(path: string, status: number, message: RegExp): void {
  const start = Date.now();
  const r = spawnSync(process.execPath, [CLI, 'run', path], { encoding: 'utf8', timeout: 10_000 });
  const elapsed = Date.now() - start;
  assert.equal(r.status, status, `status ${r.status}, stderr: ${r.stderr}`);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one line, got: ${r.stderr}`);
  assert.match(lines[0]!, /^trapgate: /);
  assert.match(lines[0]!, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no JavaScript stack trace');
  assert.equal(r.stdout, '');
  assert.ok(elapsed < 1000 + 1500, `took ${elapsed} ms (node start-up included)`);
}

for (const [what, path, message] of cases) {
  test(`${what}: one clear line, status 126 (cannot run), quickly`, () => {
    expectOneLine(path, CANNOT_RUN, message);
  });
}

test('the undamaged program runs', () => {
  const path = variant('good', () => undefined);
  const r = spawnSync(process.execPath, [CLI, 'run', path], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /primes below 200: 2 3 5 7 11 /);
});

test('a program without read permission: status 126 (found, cannot run)', { skip: process.getuid?.() === 0 && 'root reads any file' }, () => {
  const path = variant('unreadable', () => undefined);
  chmodSync(path, 0o111);
  expectOneLine(path, CANNOT_RUN, /permission denied/);
});
