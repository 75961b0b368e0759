/**
 * The hand-written assembly guests (guests/asm/*.S), assembled and linked by Trapgate's own assembler, run under
 * qemu-mipsel and under Trapgate with identical stdout and exit status. Needs no cross compiler — only qemu.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkExecutable } from '../../src/elf/link.js';
import { runUnderQemu, runUnderTrapgate } from './run-guest.js';

const ROOT = new URL('../../..', import.meta.url).pathname;
const ASM = join(ROOT, 'guests/asm');
const dir = mkdtempSync(join(tmpdir(), 'trapgate-asm-'));
const haveQemu = spawnSync('qemu-mipsel', ['-version']).status === 0;

for (const source of readdirSync(ASM).filter((f) => f.endsWith('.S')).sort()) {
  test(`asm guest ${source}: Trapgate matches qemu-mipsel`, { skip: !haveQemu && 'qemu-mipsel not installed' }, async () => {
    const program = join(dir, source.replace(/\.S$/, ''));
    writeFileSync(program, linkExecutable(readFileSync(join(ASM, source), 'utf8')));
    chmodSync(program, 0o755);
    const [q, t] = await Promise.all([runUnderQemu(program, [], {}), runUnderTrapgate(program, [], {})]);
    assert.equal(t.stdout.toString(), q.stdout.toString());
    assert.equal(t.status, q.status);
    assert.equal(t.stderr, '');
  });
}
