/**
 * OverlayFs over the Node host's file system: the lower directory is never modified (checked byte for byte, with
 * times and inode numbers), the merged view behaves as a plain directory would (the random operations of the
 * MemoryFs differential test, against a copy of the same tree on disk), and snapshot/restore bring back the view.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createNodeHost } from '../../src/host/node-host.js';
import { OverlayFs } from '../../src/host/overlay-fs.js';
import { populate, type FsTree } from '../../src/host/fs-tree.js';
import { runRandomOps, SANDBOX } from './random-ops.js';
import { treeDigest } from './tree-digest.js';

const nodeFs = createNodeHost().fs;
const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

const TREE: FsTree = {
  '/a': 'lower a\n',
  '/b': { file: new Uint8Array(5000).map((_, i) => i & 0xff), mode: 0o600 },
  '/d/a': 'lower d/a\n',
  '/d/e/a': 'deep\n',
  '/d/e/f': { dir: true, mode: 0o700 },
  '/e': { dir: true },
  '/l': { symlink: 'd' },
  '/d/l': { symlink: '../a' },
};

/** Runs `body` with a fresh temporary directory holding TREE under SANDBOX; removes it afterwards. */
function withLower(body: (dir: string, overlay: OverlayFs) => void): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'trapgate-overlay-'));
  try {
    mkdirSync(dir + SANDBOX, { recursive: true });
    populate(nodeFs, TREE, dir + SANDBOX);
    const before = treeDigest(nodeFs, dir, { identity: true });
    let t = 1_000_000_000n;
    body(dir + SANDBOX, new OverlayFs(nodeFs, { upper: { clock: () => (t += 1000n) } }));
    assert.deepEqual(treeDigest(nodeFs, dir, { identity: true }), before, 'the lower directory changed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readAll(fs: OverlayFs, fd: number, n: number, position: number | null = null): string {
  const buf = new Uint8Array(n);
  return text(buf.subarray(0, fs.read(fd, buf, position)));
}

test('reads come from the lower layer; writes stay in memory', () => {
  withLower((root, fs) => {
    assert.equal(text(fs.readFile(`${root}/a`)), 'lower a\n');
    const fd = fs.open(`${root}/a`, 'rw', false, false, false, false, 0);
    fs.write(fd, enc.encode('UPPER'), 0);
    assert.equal(readAll(fs, fd, 100, 0), 'UPPER a\n');
    fs.close(fd);
    assert.equal(text(fs.readFile(`${root}/a`)), 'UPPER a\n');
    assert.equal(text(nodeFs.readFile(`${root}/a`)), 'lower a\n');
  });
});

test('a copied-up file keeps its device, inode number, mode and times', () => {
  withLower((root, fs) => {
    const before = fs.stat(`${root}/b`);
    fs.chmod(`${root}/b`, 0o640);
    const after = fs.stat(`${root}/b`);
    assert.deepEqual([after.dev, after.ino, after.mode & 0o7777, after.mtimeNs, after.size], [before.dev, before.ino, 0o640, before.mtimeNs, 5000]);
    assert.deepEqual(fs.readFile(`${root}/b`), Uint8Array.from(nodeFs.readFile(`${root}/b`)));
  });
});

test('a descriptor open for reading sees a later write through another descriptor (it follows the copy-up)', () => {
  withLower((root, fs) => {
    const r = fs.open(`${root}/d/a`, 'r', false, false, false, false, 0);
    assert.equal(readAll(fs, r, 6), 'lower ');
    const w = fs.open(`${root}/d/a`, 'w', false, false, true, false, 0);
    fs.write(w, enc.encode('0123456789new'), null);
    assert.equal(readAll(fs, r, 100), '6789new', 'the offset survived the copy-up');
    fs.close(r);
    fs.close(w);
  });
});

test('deletions hide lower names; the merged directory lists both layers', () => {
  withLower((root, fs) => {
    fs.unlink(`${root}/d/a`);
    assert.throws(() => fs.stat(`${root}/d/a`), { code: 'ENOENT' });
    fs.open(`${root}/d/new`, 'w', true, true, false, false, 0o644);
    assert.deepEqual(fs.readdir(`${root}/d`).map((e) => e.name).sort(), ['e', 'l', 'new']);
    assert.throws(() => fs.rmdir(`${root}/d/e`), { code: 'ENOTEMPTY' });
    fs.unlink(`${root}/d/e/a`);
    fs.rmdir(`${root}/d/e/f`);
    fs.rmdir(`${root}/d/e`);
    // Made again over the whiteout, the directory is opaque: the lower one's entries do not come back.
    fs.mkdir(`${root}/d/e`, 0o755);
    assert.deepEqual(fs.readdir(`${root}/d/e`), []);
    assert.equal(nodeFs.readdir(`${root}/d/e`).length, 2);
  });
});

test('renaming a lower directory moves its whole tree; an unlinked lower file stays readable through its descriptor', () => {
  withLower((root, fs) => {
    const fd = fs.open(`${root}/d/e/a`, 'r', false, false, false, false, 0);
    fs.rename(`${root}/d`, `${root}/moved`);
    assert.throws(() => fs.lstat(`${root}/d`), { code: 'ENOENT' });
    assert.equal(text(fs.readFile(`${root}/moved/e/a`)), 'deep\n');
    assert.equal(fs.readlink(`${root}/moved/l`), '../a');
    assert.equal(readAll(fs, fd, 100), 'deep\n');
    fs.unlink(`${root}/moved/e/a`);
    assert.equal(readAll(fs, fd, 100, 0), 'deep\n');
    fs.close(fd);
    assert.throws(() => fs.rename(`${root}/moved`, `${root}/moved/e/x`), { code: 'EINVAL' });
    assert.throws(() => fs.rename(`${root}/a`, `${root}/e`), { code: 'EISDIR' });
    assert.throws(() => fs.rename(`${root}/e`, `${root}/a`), { code: 'ENOTDIR' });
  });
});

test('intermediate symlinks are followed across layers; open never follows a final one', () => {
  withLower((root, fs) => {
    assert.equal(text(fs.readFile(`${root}/l/e/a`)), 'deep\n');
    assert.throws(() => fs.open(`${root}/l`, 'r', false, false, false, false, 0), { code: 'ELOOP' });
    fs.symlink('e', `${root}/d/up`); // an upper link into a lower directory
    const fd = fs.open(`${root}/l/up/../e/a`, 'w', false, false, false, true, 0);
    fs.write(fd, enc.encode('more\n'), null);
    fs.close(fd);
    assert.equal(text(fs.readFile(`${root}/d/e/a`)), 'deep\nmore\n');
  });
});

for (const seed of [11, 12, 13, 14]) {
  test(`OverlayFs agrees with node:fs on 1500 random operations over a lower tree (seed ${seed})`, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'trapgate-overlay-ref-'));
    try {
      mkdirSync(dir + SANDBOX, { recursive: true });
      populate(nodeFs, TREE, dir + SANDBOX);
      withLower((root, fs) => runRandomOps(seed, 1500, { fs: nodeFs, prefix: dir + SANDBOX }, { fs, prefix: root }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('restore brings back the tree and the open descriptors, offsets included, as at the snapshot', () => {
  withLower((root, fs) => {
    const fd = fs.open(`${root}/b`, 'rw', false, false, false, false, 0);
    fs.write(fd, enc.encode('head'), null); // offset 4
    const lowerFd = fs.open(`${root}/a`, 'r', false, false, false, false, 0);
    assert.equal(readAll(fs, lowerFd, 2), 'lo');
    fs.unlink(`${root}/d/l`);
    const view = treeDigest(fs, root, { identity: true });
    const state = fs.snapshot();

    for (let round = 0; round < 2; round++) {
      // Change everything the snapshot holds, then a random storm on top.
      fs.write(fd, enc.encode('XXXXXXXX'), null);
      fs.ftruncate(fd, 3);
      assert.equal(readAll(fs, lowerFd, 3), 'wer');
      fs.close(lowerFd);
      runRandomOps(100 + round, 400, { fs, prefix: root });
      fs.restore(state);
      assert.deepEqual(treeDigest(fs, root, { identity: true }), view);
      const buf = new Uint8Array(8);
      assert.equal(fs.read(fd, buf, null), 8);
      assert.deepEqual(Array.from(buf), [4, 5, 6, 7, 8, 9, 10, 11], 'the offset and contents of the snapshot');
      assert.equal(readAll(fs, lowerFd, 3), 'wer', 'a lower descriptor is back at its offset');
      fs.restore(state);
    }
    fs.close(fd);
    fs.close(lowerFd);
  });
});
