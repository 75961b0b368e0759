/**
 * The run command's options, on guests that need no cross compiler (the demo, linked by Trapgate) and, when
 * built, on C guests: --strace lines in qemu-user's shape, -E/-U environment edits, --max-insns, --stats-json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkExecutable } from '../../src/elf/link.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'trapgate-options-'));
const demo = join(dir, 'demo');
writeFileSync(demo, linkExecutable(readFileSync(join(ROOT, 'guests/asm/demo.S'), 'utf8')));
const guest = (name: string) => join(ROOT, 'guests/build/c', name);

function trapgate(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', ...env } });
}

test('--strace prints one line per system call with decoded arguments and results', () => {
  const r = trapgate(['run', '--strace', demo]);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  // The demo makes: write (banner), write (label), 46 writes of primes, write (newline), uname, 3 writes, exit_group.
  assert.match(lines[0]!, /^\d+ write\(1,0x[0-9a-f]+,82\) = 82$/);
  assert.ok(lines.some((l) => /^\d+ uname\(0x[0-9a-f]+\) = 0$/.test(l)), 'uname line');
  assert.match(lines.at(-1)!, /^\d+ exit_group\(0\)$/);
  assert.equal(lines.length, 1 + 1 + 46 + 1 + 1 + 3 + 1);
  assert.ok(!r.stdout.includes('write('), 'trace goes to stderr only');
});

test('--strace shows an unknown system call failing with ENOSYS', { skip: !existsSync(guest('enosys')) && 'guest enosys not built' }, () => {
  const r = trapgate(['run', '--strace', guest('enosys')]);
  assert.match(r.stderr, /^\d+ syscall_4999\(.*\) = -1 errno=89 \(ENOSYS\)$/m);
});

test('-E sets and -U removes environment variables; the host environment passes through', { skip: !existsSync(guest('args')) && 'guest args not built' }, () => {
  const r = trapgate(['run', '-E', 'TRAPGATE_TEST=from-E', '-U', 'PATH', guest('args')], { KEEP_ME: 'yes' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^env: TRAPGATE_TEST=from-E$/m);
  assert.match(r.stdout, /^env: KEEP_ME=yes$/m);
  assert.doesNotMatch(r.stdout, /^env: PATH=/m);
});

test('--max-insns stops the guest after exactly N instructions, as if killed', () => {
  const stats = join(dir, 'limit.json');
  const r = trapgate(['run', '--max-insns', '500', '--stats-json', stats, demo]);
  assert.equal(r.status, 128 + 9);
  assert.match(r.stderr, /stopped after 500 instructions/);
  assert.equal(JSON.parse(readFileSync(stats, 'utf8')).instructions, 500);
});

test('--stats-json records instructions, seconds and system calls', () => {
  const stats = join(dir, 'stats.json');
  const r = trapgate(['run', '--stats-json', stats, demo]);
  assert.equal(r.status, 0);
  const s = JSON.parse(readFileSync(stats, 'utf8'));
  assert.equal(s.syscalls, 54, 'every system call the demo makes (see the --strace test)');
  assert.ok(s.instructions > 1000 && s.instructions < 100000, `instructions ${s.instructions}`);
  assert.ok(s.seconds > 0 && s.seconds < 10);
  const again = join(dir, 'stats2.json');
  trapgate(['run', '--stats-json', again, demo]);
  assert.equal(JSON.parse(readFileSync(again, 'utf8')).instructions, s.instructions, 'the count is deterministic');
});

test('a guest killed by a signal exits 128+N and the signal is named on stderr', { skip: !existsSync(guest('segv')) && 'guest segv not built' }, () => {
  const r = trapgate(['run', guest('segv')]);
  assert.equal(r.status, 128 + 11);
  assert.equal(r.stderr, 'Segmentation fault\n');
});

test('--help documents every command and option', () => {
  const r = trapgate(['--help']);
  assert.equal(r.status, 0);
  for (const word of ['run', 'disasm', 'demo', '--strace', '--root', '-E', '-U', '--max-insns', '--stats-json']) {
    assert.ok(r.stdout.includes(word), `help mentions ${word}`);
  }
});

test('--help says which programs run: static ones, and dynamically linked ones with --root', () => {
  const intro = trapgate(['--help']).stdout.split('\nUsage:')[0]!;
  assert.match(intro, /static/);
  assert.match(intro, /dynamic/);
  assert.match(intro, /--root/);
});

test('--help gives the exit statuses of a missing program (127) and one that cannot run (126)', () => {
  const help = trapgate(['--help']).stdout;
  assert.match(help, /127: there is no such program/);
  assert.match(help, /126: the program cannot be\s+run/);
});

test('disasm prints objdump-style lines for a symbol', () => {
  const r = trapgate(['disasm', demo, '--symbol', 'puts']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /<puts>:\n\s+[0-9a-f]+:\t[0-9a-f]{8} \tmove\ta1,a0\n/);
});
