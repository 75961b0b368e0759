/**
 * exec beyond static ET_EXEC programs: an ET_DYN program (glibc's own dynamic loader, which relocates itself)
 * loads at ELF_ET_DYN_BASE and runs; a dynamically linked program loads its PT_INTERP from under --root, as
 * binfmt_elf loads it from the filesystem; a missing interpreter is one clear error. Truth: qemu-mipsel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const SYSROOT = '/usr/mipsel-linux-gnu';
const LDSO = join(SYSROOT, 'lib/ld.so.1');
const haveQemu = spawnSync('qemu-mipsel', ['-version']).status === 0;
const haveGcc = spawnSync('mipsel-linux-gnu-gcc', ['--version']).status === 0;
const skip = !haveQemu || !existsSync(LDSO) ? 'needs qemu-mipsel and the mipsel cross libc (libc6-mipsel-cross)' : false;

const trapgate = (args: string[]) => spawnSync(process.execPath, [CLI, 'run', ...args], { encoding: 'utf8' });

test('an ET_DYN program (glibc ld.so.1 --version) runs as under qemu-mipsel', { skip }, () => {
  const expected = execFileSync('qemu-mipsel', [LDSO, '--version'], { encoding: 'utf8' });
  const r = trapgate([LDSO, '--version']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, expected);
});

test('a dynamically linked program loads its interpreter and libraries from under --root', { skip: skip || (!haveGcc && 'needs mipsel-linux-gnu-gcc') }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'trapgate-dyn-'));
  const program = join(dir, 'dyn');
  execFileSync('mipsel-linux-gnu-gcc', ['-O2', '-x', 'c', '-', '-o', program], {
    input: '#include <stdio.h>\n#include <stdlib.h>\nint main(void){printf("dynamic %d\\n", abs(-42));return 7;}\n',
  });
  const q = spawnSync('qemu-mipsel', ['-L', SYSROOT, program], { encoding: 'utf8' });
  const r = trapgate(['--root', SYSROOT, program]);
  assert.equal(r.stdout, q.stdout);
  assert.equal(r.stdout, 'dynamic 42\n');
  assert.equal(r.status, q.status);
  const missing = trapgate([program]);
  if (!existsSync('/lib/ld.so.1')) {
    assert.equal(missing.status, 126);
    assert.match(missing.stderr, /^trapgate: .*needs the dynamic loader \/lib\/ld\.so\.1, which is not under the root/);
  }
});
