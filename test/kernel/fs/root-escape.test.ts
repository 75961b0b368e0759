// Root confinement through the system calls, end to end: guests/c/root_escape.c runs under
// `trapgate run --root DIR` from the root's `/`, with files named `secret` one and two levels above the root
// on the host, and tries every way out: `..` at and beyond the root, absolute and relative symlinks, loops,
// O_NOFOLLOW, chdir into a symlink then `..`, openat from a directory descriptor, rename/link/symlink/mkdir
// targets above the root, a dangling symlink followed by O_CREAT, /proc/self/root, /proc/self/cwd,
// /proc/self/fd/N as a directory, and trailing slashes. (test/kernel/fs/path.test.ts checks the resolver alone.)
//
// The expected lines are what a process chrooted to DIR gets on Linux 6.1, worked out from the source, not
// from Trapgate: fs/namei.c follow_dotdot stops `..` at the process root (path_equal(&nd->path, &nd->root));
// an absolute symlink target restarts at that root (nd_jump_root); more than 40 links is ELOOP, and so is a
// final symlink under O_NOFOLLOW (do_open -> may_open: S_IFLNK -> -ELOOP), while O_PATH|O_NOFOLLOW opens the
// link itself; open_last_lookups follows a dangling final link for O_CREAT without O_EXCL and creates its
// target (with O_EXCL it is EEXIST); the /proc/self/{root,cwd,fd/N} links are d_path() of paths inside the
// root, so they read as `/`, `/`, `/moved/e` and jump to those directories (proc_get_link, nd_jump_link);
// trailing slashes: open of a file with `/` is ENOTDIR (the lookup wants a directory), rename of a
// non-directory with a slash is ENOTDIR (do_renameat2), symlink to a new name with a slash is ENOENT
// (filename_create), unlink of a symlink with a slash is ENOTDIR (do_unlinkat "slashes"), rmdir of a
// symlink is ENOTDIR. Outside the root nothing may be read (the secrets never appear) or created.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const GUEST = path.join(REPO_ROOT, 'guests', 'build', 'c', 'root_escape');

const EXPECTED = [
    'chdir / -> ok',
    'open /../secret -> -1 ENOENT',
    'open /../../secret -> -1 ENOENT',
    'open ../../../../secret -> -1 ENOENT',
    'open /../outside/secret -> -1 ENOENT',
    'symlink /../secret abs -> ok',
    'open abs -> -1 ENOENT',
    'symlink ../../outside rel -> ok',
    'open rel/secret -> -1 ENOENT',
    'symlink loop -> ok',
    'open loop -> -1 ELOOP',
    'open abs -> -1 ELOOP',
    'open abs O_PATH|O_NOFOLLOW -> ok',
    'mkdir d -> ok',
    'mkdir d/e -> ok',
    'symlink d dl -> ok',
    'chdir dl -> ok',
    'getcwd in the link -> /d',
    'chdir .. -> ok',
    'getcwd after .. -> /',
    'chdir d/e -> ok',
    'chdir ../../../../.. -> ok',
    'getcwd after climbing -> /',
    'openat(d/e, ../../../..) is the root: yes',
    'openat(d/e, ../../../secret) -> ENOENT',
    'rename d ../../moved -> ok',
    'moved is inside: yes',
    'link file ../../hard -> ok',
    'symlink file ../../soft -> ok',
    'mkdir ../../made -> ok',
    'open /hard -> ok, read 7: \'inside\'',
    'open /soft -> ok, read 7: \'inside\'',
    'symlink /../../created dangle -> ok',
    'open dangle O_CREAT -> ok',
    'created is inside: yes',
    'open dangle O_CREAT|O_EXCL -> EEXIST',
    'readlink /proc/self/root -> /',
    'readlink /proc/self/cwd -> /',
    'open /proc/self/root/../secret -> -1 ENOENT',
    'open /proc/self/cwd/../../secret -> -1 ENOENT',
    'readlink /proc/self/fd/N -> /moved/e',
    'open /proc/self/fd/N/../../../secret -> ENOENT',
    'chdir /proc/self/fd/N (the directory /moved/e) -> ok',
    'getcwd in it -> /moved/e',
    'chdir ../../.. -> ok',
    'getcwd after climbing -> /',
    '/proc/self/root is the root: yes',
    'open file/ -> -1 ENOTDIR',
    'mkdir newdir/ -> ok',
    'rename file soft/ -> -1 ENOTDIR',
    'symlink file trail/ -> -1 ENOENT',
    'unlink dl/ -> -1 ENOTDIR',
    'rmdir dl/ -> -1 ENOTDIR',
  '',
].join('\n');

test('no system call leaves the --root directory, with Linux chroot results', {
  skip: existsSync(GUEST) ? false : 'guests/build/c/root_escape is missing: run `make -C guests`',
}, async () => {
  const base = mkdtempSync(path.join(os.tmpdir(), 'trapgate-escape-'));
  try {
    mkdirSync(path.join(base, 'root'));
    mkdirSync(path.join(base, 'outside'));
    writeFileSync(path.join(base, 'secret'), 'SECRET one level up\n');
    writeFileSync(path.join(base, 'outside', 'secret'), 'SECRET in a sibling directory\n');
    // The host's working directory is outside the root (so the guest starts at its `/`).
    const run = await runUnderTrapgate(GUEST, ['confined'], { cwd: base, trapgateOptions: ['--root', path.join(base, 'root')] });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout.toString('latin1'), /SECRET/);
    assert.equal(run.stdout.toString('latin1'), EXPECTED);
    assert.deepEqual(readdirSync(base).sort(), ['outside', 'root', 'secret']);
    assert.deepEqual(readdirSync(path.join(base, 'outside')), ['secret']);
    assert.deepEqual(readdirSync(path.join(base, 'root')).sort(),
      ['abs', 'created', 'dangle', 'dl', 'file', 'hard', 'loop', 'made', 'moved', 'newdir', 'rel', 'soft']);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
