// Security tests of the PathResolver, the boundary between guest paths and host files. A real temporary
// directory is the guest's root; next to it lies an "outside" directory with a secret file, and inside it are
// symlinks that try every way out: absolute targets, `..` chains, links to `..` at the root, directory links to
// the outside (by absolute host path and by relative path), loops and overlong names. Every resolution must
// name a host path inside the root, and the errors must be the ones Linux's namei gives (ELOOP after 40 links,
// ENOENT/ENOTDIR/ENAMETOOLONG). If symlinks were followed by the host, or `..` were not stopped at the root,
// the secret would be found and these tests would fail.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Errno } from '../../../src/abi/errno.js';
import { createNodeHost } from '../../../src/host/node-host.js';
import { PathResolver, type Resolved, type VirtualLookup } from '../../../src/kernel/fs/path.js';

let base: string;
let root: string;
let outside: string;
let resolver: PathResolver;

before(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'trapgate-path-'));
  root = path.join(base, 'root');
  outside = path.join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret'), 'must never be reached\n');
  mkdirSync(path.join(root, 'dir', 'sub'), { recursive: true });
  mkdirSync(path.join(root, 'etc'));
  writeFileSync(path.join(root, 'file'), 'inside\n');
  writeFileSync(path.join(root, 'dir', 'sub', 'leaf'), 'leaf\n');
  // Absolute targets: meaningful only inside the root.
  symlinkSync('/etc/passwd', path.join(root, 'abs_passwd'));
  symlinkSync(outside, path.join(root, 'abs_outside_dir'));
  symlinkSync(path.join(outside, 'secret'), path.join(root, 'abs_outside_file'));
  symlinkSync('/dir/sub', path.join(root, 'abs_inside'));
  // Relative `..` chains.
  symlinkSync('../../../../../../../../../etc/passwd', path.join(root, 'dir', 'rel_passwd'));
  symlinkSync('../../outside', path.join(root, 'dir', 'rel_outside_dir'));
  symlinkSync('../../outside/secret', path.join(root, 'dir', 'sub', 'rel_outside_file'));
  symlinkSync('..', path.join(root, 'up'));
  symlinkSync('../..', path.join(root, 'dir', 'up2'));
  // Loops.
  symlinkSync('loop_b', path.join(root, 'loop_a'));
  symlinkSync('loop_a', path.join(root, 'loop_b'));
  symlinkSync('self', path.join(root, 'self'));
  symlinkSync('self_dir/x', path.join(root, 'self_dir'));
  // A chain of exactly 40 links (Linux's MAXSYMLINKS) to the file, and one of 41.
  symlinkSync('file', path.join(root, 'chain0'));
  for (let i = 1; i <= 40; i++) symlinkSync(`chain${i - 1}`, path.join(root, `chain${i}`));
  resolver = new PathResolver(createNodeHost().fs, root, '/');
});

after(() => {
  rmSync(base, { recursive: true, force: true });
});

const FOLLOW = { followLast: true };
const NOFOLLOW = { followLast: false };

function resolved(r: Resolved | number): Resolved {
  assert.equal(typeof r, 'object', `expected a resolution, got errno ${-(r as number)}`);
  return r as Resolved;
}

function assertInside(r: Resolved | number): void {
  if (typeof r === 'number') return;
  assert.ok(r.host === root || r.host.startsWith(`${root}/`), `host path ${r.host} escapes the root ${root}`);
  assert.ok(!r.host.includes('/../') && !r.host.endsWith('/..'), `host path ${r.host} is not canonical`);
  assert.ok(!r.host.startsWith(outside), `host path ${r.host} reaches the outside directory`);
}

test('an absolute symlink target is re-read inside the root', () => {
  const r = resolved(resolver.resolve('/abs_passwd', '/', FOLLOW));
  assertInside(r);
  assert.equal(r.guest, '/etc/passwd');
  assert.equal(r.host, `${root}/etc/passwd`);
  assert.equal(r.exists, false, 'the host /etc/passwd must not be found through the link');
});

test('absolute links to a host directory or file outside the root do not reach it', () => {
  // The link's target string is a host path; inside the guest it names root + that path, whose directories do
  // not exist there: ENOENT, as Linux gives for a missing intermediate directory.
  assert.equal(resolver.resolve('/abs_outside_dir/secret', '/', FOLLOW), -Errno.ENOENT);
  assert.equal(resolver.resolve('/abs_outside_dir', '/', FOLLOW), -Errno.ENOENT);
  assert.equal(resolver.resolve('/abs_outside_file', '/', FOLLOW), -Errno.ENOENT);
  // Once the directories exist inside the root, the link names the file inside the root, never the outside one.
  mkdirSync(path.join(root, outside), { recursive: true });
  try {
    const f = resolved(resolver.resolve('/abs_outside_file', '/', FOLLOW));
    assertInside(f);
    assert.equal(f.exists, false);
    assert.equal(f.host, `${root}${outside}/secret`);
  } finally {
    rmSync(path.join(root, outside.split('/')[1]!), { recursive: true, force: true });
  }
});

test('an absolute link to a path inside the guest view works', () => {
  const r = resolved(resolver.resolve('/abs_inside/leaf', '/', FOLLOW));
  assertInside(r);
  assert.equal(r.guest, '/dir/sub/leaf');
  assert.equal(r.exists, true);
});

test('relative `..` chains in link targets stop at the root', () => {
  const p = resolved(resolver.resolve('/dir/rel_passwd', '/', FOLLOW));
  assertInside(p);
  assert.equal(p.guest, '/etc/passwd');
  assert.equal(p.exists, false);
  // ../../outside from /dir is /outside inside the guest, which does not exist: not the sibling of the root.
  assert.equal(resolver.resolve('/dir/rel_outside_dir/secret', '/', FOLLOW), -Errno.ENOENT);
  assert.equal(resolver.resolve('/dir/sub/rel_outside_file', '/', FOLLOW), -Errno.ENOENT);
  const last = resolved(resolver.resolve('/dir/rel_outside_dir', '/', NOFOLLOW));
  assertInside(last);
  assert.equal(last.exists, true);
});

test('`..` in the path itself stops at the root', () => {
  const outsideName = path.basename(outside);
  for (const p of ['/..', '/../..', '/../../../../..', '..', '../../..', 'dir/../../..']) {
    const r = resolved(resolver.resolve(p, '/', FOLLOW));
    assertInside(r);
    assert.equal(r.guest, '/');
    assert.equal(r.host, root);
  }
  assert.equal(resolver.resolve(`/../${outsideName}/secret`, '/', FOLLOW), -Errno.ENOENT);
  assert.equal(resolver.resolve(`../../${outsideName}/secret`, '/dir/sub', FOLLOW), -Errno.ENOENT);
  const r = resolved(resolver.resolve('../../../../file', '/dir/sub', FOLLOW));
  assertInside(r);
  assert.equal(r.guest, '/file');
  assert.equal(r.exists, true);
});

test('a symlink to `..` at the root is the root', () => {
  const r = resolved(resolver.resolve('/up/up/up/file', '/', FOLLOW));
  assertInside(r);
  assert.equal(r.guest, '/file');
  assert.equal(r.exists, true);
  const top = resolved(resolver.resolve('/up', '/', FOLLOW));
  assert.equal(top.guest, '/');
  assert.equal(top.host, root);
  const twice = resolved(resolver.resolve('/dir/up2/up/dir/up2', '/', FOLLOW));
  assertInside(twice);
  assert.equal(twice.guest, '/');
});

test('the last link is only followed when asked (lstat vs stat)', () => {
  const r = resolved(resolver.resolve('/abs_outside_dir', '/', NOFOLLOW));
  assertInside(r);
  assert.equal(r.guest, '/abs_outside_dir');
  assert.equal(r.exists, true);
  // A trailing slash makes the last component a directory to look up, so the link is followed.
  assert.equal(resolver.resolve('/abs_outside_dir/', '/', NOFOLLOW), -Errno.ENOENT);
});

test('symlink loops give ELOOP', () => {
  assert.equal(resolver.resolve('/loop_a', '/', FOLLOW), -Errno.ELOOP);
  assert.equal(resolver.resolve('/loop_b/x', '/', NOFOLLOW), -Errno.ELOOP);
  assert.equal(resolver.resolve('/self', '/', FOLLOW), -Errno.ELOOP);
  assert.equal(resolver.resolve('/self_dir/y', '/', FOLLOW), -Errno.ELOOP);
  // Not following the last component, a loop is just a symlink that exists.
  assert.equal(resolved(resolver.resolve('/loop_a', '/', NOFOLLOW)).exists, true);
});

test('40 links in a row resolve, 41 are ELOOP (MAXSYMLINKS)', () => {
  const ok = resolved(resolver.resolve('/chain39', '/', FOLLOW));
  assert.equal(ok.guest, '/file');
  assert.equal(ok.exists, true);
  assert.equal(resolver.resolve('/chain40', '/', FOLLOW), -Errno.ELOOP);
});

test('ENOENT and ENOTDIR where Linux gives them', () => {
  assert.equal(resolver.resolve('/missing/x', '/', FOLLOW), -Errno.ENOENT);
  assert.equal(resolver.resolve('/file/x', '/', FOLLOW), -Errno.ENOTDIR);
  assert.equal(resolver.resolve('/file/', '/', FOLLOW), -Errno.ENOTDIR);
  assert.equal(resolver.resolve('/file/..', '/', FOLLOW), -Errno.ENOTDIR);
  assert.equal(resolver.resolve('', '/', FOLLOW), -Errno.ENOENT);
  const missing = resolved(resolver.resolve('/dir/new-name', '/', FOLLOW));
  assertInside(missing);
  assert.equal(missing.exists, false);
});

test('overlong paths and names give ENAMETOOLONG', () => {
  assert.equal(resolver.resolve(`/${'a/'.repeat(2048)}`, '/', FOLLOW), -Errno.ENAMETOOLONG);
  assert.equal(resolver.resolve(`/dir/${'n'.repeat(256)}`, '/', FOLLOW), -Errno.ENAMETOOLONG);
  const longest = resolved(resolver.resolve(`/dir/${'n'.repeat(255)}`, '/', FOLLOW));
  assertInside(longest);
  assert.equal(longest.exists, false);
  // A long path of `..` (just under PATH_MAX) still cannot climb out.
  const climb = resolved(resolver.resolve(`${'../'.repeat(1300)}file`, '/dir/sub', FOLLOW));
  assertInside(climb);
  assert.equal(climb.guest, '/file');
  // Links count towards the 40-link limit for the whole lookup, not per component.
  const forty = resolved(resolver.resolve(`${'up/'.repeat(40)}file`, '/', FOLLOW));
  assertInside(forty);
  assert.equal(forty.guest, '/file');
  assert.equal(resolver.resolve(`${'up/'.repeat(41)}file`, '/', FOLLOW), -Errno.ELOOP);
});

test('links inside a virtual tree are re-interpreted inside the root too', () => {
  const virtual: VirtualLookup = (p) => {
    if (p === '/v') return { type: 'dir' };
    if (p === '/v/escape') return { type: 'symlink', target: '../../../../file' };
    if (p === '/v/abs') return { type: 'symlink', target: `${outside}/secret` };
    return undefined;
  };
  const r = resolved(resolver.resolve('/v/escape', '/', { followLast: true, virtual }));
  assertInside(r);
  assert.equal(r.guest, '/file');
  assert.equal(resolver.resolve('/v/abs', '/', { followLast: true, virtual }), -Errno.ENOENT);
});
