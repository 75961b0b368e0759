/**
 * `trapgate run --root R PROGRAM` finds PROGRAM inside R first, with R's symlink rules, and on the host only when R
 * has no such file (qemu-user's -L). Regression: `--root R /bin/ls` ran the host's /bin/ls (and refused it as
 * x86-64). A --root that is missing or not a directory is one clear error, not a silently empty guest `/`.
 * The programs are the demo, linked by Trapgate itself, so no cross compiler is needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkExecutable } from '../../src/elf/link.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const demo = linkExecutable(readFileSync(join(ROOT, 'guests/asm/demo.S'), 'utf8'));
const DEMO_OUTPUT = /primes below 200: 2 3 5 7 11 /;

const base = mkdtempSync(join(tmpdir(), 'trapgate-lookup-'));
const root = join(base, 'root');
mkdirSync(join(root, 'bin'), { recursive: true });
writeFileSync(join(root, 'bin/ls'), demo, { mode: 0o755 });
writeFileSync(join(root, 'bin/busybox'), demo, { mode: 0o755 });
// Absolute: inside the root it names R/bin/busybox; followed by the host it would name the host's /bin/busybox.
symlinkSync('/bin/busybox', join(root, 'bin/sh'));
const outside = join(base, 'outside-demo');
writeFileSync(outside, demo, { mode: 0o755 });

const trapgate = (args: string[], cwd = ROOT) => spawnSync(process.execPath, [CLI, 'run', ...args], { encoding: 'utf8', cwd });

test('an absolute program path names the file inside the root, not the host\'s', () => {
  const r = trapgate(['--root', root, '/bin/ls']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, DEMO_OUTPUT);
});

test('a symlink inside the root is followed inside the root', () => {
  for (const program of ['/bin/sh', join(root, 'bin/sh')]) {
    const r = trapgate(['--root', root, program]);
    assert.equal(r.status, 0, `${program}: ${r.stderr}`);
    assert.match(r.stdout, DEMO_OUTPUT);
  }
});

test('a relative program path from a working directory inside the root', () => {
  const r = trapgate(['--root', root, 'bin/sh'], root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, DEMO_OUTPUT);
});

test('a program the root does not hold is taken from the host', () => {
  const r = trapgate(['--root', root, outside]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, DEMO_OUTPUT);
});

test('a program in neither the root nor the host is not found (127)', () => {
  const r = trapgate(['--root', root, '/bin/no-such-program']);
  assert.equal(r.status, 127);
  assert.equal(r.stderr, 'trapgate: /bin/no-such-program: no such file\n');
});

test('a --root that does not exist or is not a directory is one clear error', () => {
  const cases: Array<[string, string]> = [
    [join(base, 'no-such-root'), 'no such directory'],
    [outside, 'not a directory'],
  ];
  for (const [dir, why] of cases) {
    const r = trapgate(['--root', dir, outside]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `trapgate: --root ${dir}: ${why}\n`);
    assert.equal(r.stdout, '');
  }
});
