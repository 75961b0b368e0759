/** MemoryFs, call by call: results, error codes, times, link counts, descriptors and snapshots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFs } from '../../src/host/memory-fs.js';
import { runRandomOps } from './random-ops.js';
import { treeDigest } from './tree-digest.js';

const enc = new TextEncoder();
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** A MemoryFs whose clock advances 1 µs at every reading, and that clock's last value. */
function fixture() {
  let t = 1_000_000_000n;
  const fs = MemoryFs.from({
    '/etc/hosts': '127.0.0.1 localhost\n',
    '/bin/prog': { file: new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), mode: 0o755, uid: 5, gid: 6 },
    '/lib': { dir: true },
    '/link': { symlink: '/etc/hosts' },
    '/rel': { symlink: 'etc' },
    '/hard': { link: '/etc/hosts' },
  }, { clock: () => (t += 1000n), dev: 77 });
  return { fs, now: () => t };
}

function readString(fs: MemoryFs, fd: number, n: number, position: number | null = null): string {
  const buf = new Uint8Array(n);
  return text(buf.subarray(0, fs.read(fd, buf, position)));
}

test('from() builds the tree: files, modes, owners, directories, symlinks, hard links', () => {
  const { fs } = fixture();
  assert.equal(text(fs.readFile('/etc/hosts')), '127.0.0.1 localhost\n');
  const prog = fs.stat('/bin/prog');
  assert.deepEqual([prog.mode, prog.uid, prog.gid, prog.size, prog.dev], [0o100755, 5, 6, 4, 77]);
  assert.equal(fs.lstat('/lib').mode, 0o040755);
  assert.equal(fs.readlink('/link'), '/etc/hosts');
  assert.equal(fs.lstat('/link').mode, 0o120777);
  assert.equal(fs.lstat('/link').size, 10);
  assert.equal(fs.stat('/hard').ino, fs.stat('/etc/hosts').ino);
  assert.equal(fs.stat('/hard').nlink, 2);
  assert.equal(fs.stat('/').nlink, 5, '/, ., and etc, bin, lib');
});

test('paths: intermediate symlinks are followed, a final one only by the following calls', () => {
  const { fs } = fixture();
  assert.equal(text(fs.readFile('/rel/hosts')), '127.0.0.1 localhost\n');
  assert.equal(fs.stat('/link').ino, fs.stat('/etc/hosts').ino);
  assert.notEqual(fs.lstat('/link').ino, fs.stat('/etc/hosts').ino);
  assert.equal(fs.stat('/etc/../bin/./prog').size, 4);
  assert.throws(() => fs.stat('/etc/hosts/x'), { code: 'ENOTDIR' });
  assert.throws(() => fs.stat('/etc/hosts/'), { code: 'ENOTDIR' });
  assert.throws(() => fs.stat('/nope/x'), { code: 'ENOENT' });
  assert.throws(() => fs.stat(''), { code: 'ENOENT' });
  assert.throws(() => fs.stat(`/${'n'.repeat(256)}`), { code: 'ENAMETOOLONG' });
  fs.symlink('loop', '/loop');
  assert.throws(() => fs.stat('/loop'), { code: 'ELOOP' });
  assert.equal(fs.lstat('/rel/').mode & 0o170000, 0o040000, 'a trailing slash follows');
});

test('open: create, exclusive, truncate, O_NOFOLLOW, directories', () => {
  const { fs } = fixture();
  assert.throws(() => fs.open('/missing', 'r', false, false, false, false, 0), { code: 'ENOENT' });
  assert.throws(() => fs.open('/no/dir/file', 'w', true, false, false, false, 0o644), { code: 'ENOENT' });
  assert.throws(() => fs.open('/etc/hosts', 'w', true, true, false, false, 0o644), { code: 'EEXIST' });
  assert.throws(() => fs.open('/link', 'r', false, false, false, false, 0), { code: 'ELOOP' });
  assert.throws(() => fs.open('/link', 'r', true, true, false, false, 0), { code: 'EEXIST' });
  assert.throws(() => fs.open('/lib', 'w', false, false, false, false, 0), { code: 'EISDIR' });
  assert.throws(() => fs.open('/new/', 'w', true, false, false, false, 0o644), { code: 'EISDIR' });
  const dirFd = fs.open('/lib', 'r', false, false, false, false, 0);
  assert.throws(() => fs.read(dirFd, new Uint8Array(1), null), { code: 'EISDIR' });
  assert.equal(fs.fstat(dirFd).mode, 0o040755);
  fs.close(dirFd);
  const fd = fs.open('/etc/new', 'w', true, true, false, false, 0o640);
  assert.equal(fs.fstat(fd).mode, 0o100640);
  assert.throws(() => fs.read(fd, new Uint8Array(1), null), { code: 'EBADF' });
  fs.close(fd);
  assert.throws(() => fs.close(fd), { code: 'EBADF' });
  const t = fs.open('/etc/hosts', 'r', false, false, true, false, 0);
  assert.equal(fs.fstat(t).size, 0, 'O_TRUNC truncates even a read-only open, as Linux does');
  assert.throws(() => fs.write(t, enc.encode('x'), null), { code: 'EBADF' });
});

test('read and write: own offset, explicit positions, append, holes, ftruncate', () => {
  const { fs } = fixture();
  const fd = fs.open('/f', 'rw', true, false, false, false, 0o644);
  assert.equal(fs.write(fd, enc.encode('hello world'), null), 11);
  assert.equal(readString(fs, fd, 5, 0), 'hello');
  assert.equal(readString(fs, fd, 5), '', 'the offset is at the end');
  assert.equal(fs.write(fd, enc.encode('W'), 6), 1);
  assert.equal(readString(fs, fd, 100, 0), 'hello World');
  fs.write(fd, enc.encode('!'), 10_000);
  const hole = new Uint8Array(4).fill(9);
  assert.equal(fs.read(fd, hole, 9_000), 4);
  assert.deepEqual(Array.from(hole), [0, 0, 0, 0]);
  assert.equal(fs.fstat(fd).size, 10_001);
  fs.ftruncate(fd, 3);
  assert.equal(readString(fs, fd, 100, 0), 'hel');
  fs.ftruncate(fd, 6);
  assert.deepEqual(Array.from(fs.readFile('/f')), [104, 101, 108, 0, 0, 0]);
  fs.ftruncate(fd, 2 ** 40);
  assert.equal(fs.fstat(fd).size, 2 ** 40, 'a sparse file costs nothing');
  assert.throws(() => fs.ftruncate(fd, -1), { code: 'EINVAL' });
  fs.close(fd);
  const ap = fs.open('/f2', 'w', true, false, false, true, 0o644);
  fs.write(ap, enc.encode('ab'), null);
  fs.write(ap, enc.encode('cd'), 0);
  assert.equal(text(fs.readFile('/f2')), 'abcd', 'O_APPEND writes at the end, even at an explicit position');
  const ro = fs.open('/f2', 'r', false, false, false, false, 0);
  assert.throws(() => fs.ftruncate(ro, 0), { code: 'EINVAL' });
  assert.throws(() => fs.read(999, new Uint8Array(1), null), { code: 'EBADF' });
  assert.throws(() => fs.fsync(999), { code: 'EBADF' });
  fs.fsync(ro);
});

test('times: create, write, read, truncate, chmod, link, unlink, rename, utimes', () => {
  const { fs, now } = fixture();
  const dirBefore = fs.stat('/etc');
  const fd = fs.open('/etc/t', 'rw', true, false, false, false, 0o644);
  const made = fs.fstat(fd);
  assert.equal(made.birthtimeNs, made.mtimeNs);
  assert.ok(fs.stat('/etc').mtimeNs > dirBefore.mtimeNs, 'creating changes the directory');
  fs.write(fd, enc.encode('x'), null);
  const written = fs.fstat(fd);
  assert.ok(written.mtimeNs > made.mtimeNs && written.ctimeNs === written.mtimeNs);
  assert.equal(written.atimeNs, made.atimeNs);
  fs.read(fd, new Uint8Array(1), 0);
  assert.ok(fs.fstat(fd).atimeNs > written.atimeNs);
  const m = fs.fstat(fd).mtimeNs;
  fs.ftruncate(fd, 1);
  assert.equal(fs.fstat(fd).mtimeNs, m, 'a truncate to the same size changes nothing');
  fs.chmod('/etc/t', 0o600);
  assert.equal(fs.fstat(fd).mtimeNs, m);
  assert.equal(fs.fstat(fd).ctimeNs, now());
  fs.utimes('/etc/t', 5n, 7n, true);
  assert.deepEqual([fs.fstat(fd).atimeNs, fs.fstat(fd).mtimeNs, fs.fstat(fd).ctimeNs], [5n, 7n, now()]);
  fs.utimes('/link', 1n, 2n, false);
  assert.equal(fs.lstat('/link').mtimeNs, 2n);
  assert.notEqual(fs.stat('/link').mtimeNs, 2n);
  fs.link('/etc/t', '/etc/t2');
  assert.equal(fs.fstat(fd).ctimeNs, now());
  fs.rename('/etc/t2', '/lib/t2');
  assert.equal(fs.stat('/lib').mtimeNs, now());
});

test('unlink and rmdir: errors, link counts, open descriptors outlive the name', () => {
  const { fs } = fixture();
  const fd = fs.open('/etc/hosts', 'r', false, false, false, false, 0);
  fs.unlink('/etc/hosts');
  assert.equal(fs.stat('/hard').nlink, 1);
  fs.unlink('/hard');
  assert.equal(fs.fstat(fd).nlink, 0);
  assert.equal(readString(fs, fd, 9), '127.0.0.1');
  fs.close(fd);
  assert.throws(() => fs.unlink('/etc/hosts'), { code: 'ENOENT' });
  assert.throws(() => fs.unlink('/lib'), { code: 'EISDIR' });
  assert.throws(() => fs.unlink('/bin/prog/'), { code: 'ENOTDIR' });
  fs.unlink('/link'); // the link, not its (gone) target
  assert.throws(() => fs.rmdir('/bin'), { code: 'ENOTEMPTY' });
  assert.throws(() => fs.rmdir('/bin/prog'), { code: 'ENOTDIR' });
  assert.throws(() => fs.rmdir('/rel'), { code: 'ENOTDIR' });
  assert.throws(() => fs.rmdir('/'), { code: 'EBUSY' });
  assert.throws(() => fs.rmdir('/lib/.'), { code: 'EINVAL' });
  const links = fs.stat('/').nlink;
  fs.rmdir('/lib');
  assert.equal(fs.stat('/').nlink, links - 1);
});

test('mkdir, symlink, link: errors and counts', () => {
  const { fs } = fixture();
  fs.mkdir('/lib/sub', 0o700);
  assert.equal(fs.stat('/lib/sub').mode, 0o040700);
  assert.equal(fs.stat('/lib').nlink, 3);
  assert.throws(() => fs.mkdir('/lib/sub', 0o700), { code: 'EEXIST' });
  assert.throws(() => fs.mkdir('/link', 0o700), { code: 'EEXIST' });
  assert.throws(() => fs.mkdir('/x/y', 0o700), { code: 'ENOENT' });
  assert.throws(() => fs.mkdir('/bin/prog/y', 0o700), { code: 'ENOTDIR' });
  assert.throws(() => fs.symlink('x', '/bin/prog'), { code: 'EEXIST' });
  assert.throws(() => fs.symlink('', '/empty'), { code: 'ENOENT' });
  fs.symlink('dangling', '/dl');
  assert.throws(() => fs.stat('/dl'), { code: 'ENOENT' });
  assert.throws(() => fs.link('/lib', '/lib2'), { code: 'EPERM' });
  assert.throws(() => fs.link('/bin/prog', '/etc/hosts'), { code: 'EEXIST' });
  assert.throws(() => fs.link('/missing', '/m2'), { code: 'ENOENT' });
  fs.link('/link', '/link2');
  assert.equal(fs.lstat('/link2').ino, fs.lstat('/link').ino, 'link does not follow a final symlink');
});

test('rename: replacing files and empty directories, and every refusal', () => {
  const { fs } = fixture();
  const ino = fs.stat('/bin/prog').ino;
  fs.rename('/bin/prog', '/etc/hosts');
  assert.equal(fs.stat('/etc/hosts').ino, ino);
  assert.equal(fs.stat('/hard').nlink, 1, 'the replaced file lost a link');
  fs.rename('/hard', '/hard'); // the same name
  fs.link('/etc/hosts', '/h2');
  fs.rename('/etc/hosts', '/h2'); // two names of one inode: nothing happens
  assert.equal(fs.stat('/etc/hosts').nlink, 2);
  fs.mkdir('/a', 0o755);
  fs.mkdir('/a/b', 0o755);
  fs.mkdir('/empty', 0o755);
  assert.throws(() => fs.rename('/a', '/a/b/c'), { code: 'EINVAL' });
  fs.rename('/a', '/a');
  assert.throws(() => fs.rename('/a/b', '/a'), { code: 'ENOTEMPTY' });
  assert.throws(() => fs.rename('/a', '/etc/hosts'), { code: 'ENOTDIR' });
  assert.throws(() => fs.rename('/etc/hosts', '/a'), { code: 'EISDIR' });
  assert.throws(() => fs.rename('/empty', '/a'), { code: 'ENOTEMPTY' });
  assert.throws(() => fs.rename('/missing', '/x'), { code: 'ENOENT' });
  assert.throws(() => fs.rename('/etc/hosts', '/nodir/x'), { code: 'ENOENT' });
  assert.throws(() => fs.rename('/etc/hosts/', '/x'), { code: 'ENOTDIR' });
  fs.rename('/a', '/empty');
  assert.equal(fs.stat('/empty/b').mode & 0o170000, 0o040000);
  assert.throws(() => fs.stat('/a'), { code: 'ENOENT' });
  fs.rename('/empty/b', '/lib/b');
  assert.deepEqual([fs.stat('/empty').nlink, fs.stat('/lib').nlink], [2, 3]);
  // `..` of a moved directory is its new parent.
  assert.equal(fs.stat('/lib/b/..').ino, fs.stat('/lib').ino);
});

test('readdir: names, DT_* types and inode numbers; ENOTDIR and ENOENT; calls that follow a final symlink', () => {
  const { fs } = fixture();
  const list = fs.readdir('/').map((e) => [e.name, e.type, e.ino === fs.lstat(`/${e.name}`).ino]).sort();
  assert.deepEqual(list, [['bin', 4, true], ['etc', 4, true], ['hard', 8, true], ['lib', 4, true], ['link', 10, true], ['rel', 10, true]]);
  assert.deepEqual(fs.readdir('/rel').map((e) => e.name).sort(), ['hosts'], 'a final symlink is followed');
  assert.throws(() => fs.readdir('/etc/hosts'), { code: 'ENOTDIR' });
  assert.throws(() => fs.readdir('/none'), { code: 'ENOENT' });
  assert.throws(() => fs.readlink('/etc'), { code: 'EINVAL' });
  assert.throws(() => fs.readFile('/etc'), { code: 'EISDIR' });
  assert.throws(() => fs.truncate('/etc', 0), { code: 'EISDIR' });
  fs.truncate('/link', 4);
  assert.equal(text(fs.readFile('/etc/hosts')), '127.', 'truncate follows a final symlink');
  fs.chmod('/link', 0o600);
  assert.equal(fs.stat('/etc/hosts').mode, 0o100600);
  const fd = fs.open('/etc/hosts', 'r', false, false, false, false, 0);
  fs.fchmod(fd, 0o4755);
  assert.equal(fs.stat('/etc/hosts').mode, 0o104755);
});

test('snapshot and restore: the tree, contents written afterwards, descriptors and offsets', () => {
  const { fs } = fixture();
  const fd = fs.open('/etc/hosts', 'rw', false, false, false, false, 0);
  assert.equal(readString(fs, fd, 4), '127.');
  const unlinked = fs.open('/hard', 'r', false, false, false, false, 0);
  const big = fs.open('/big', 'w', true, false, false, false, 0o644);
  fs.write(big, new Uint8Array(100_000).fill(1), 0);
  const state = fs.snapshot();
  const digest = () => JSON.stringify(treeDigest(fs, '/', { identity: true }));
  const before = digest();
  for (let round = 0; round < 3; round++) {
    fs.write(fd, enc.encode('XXXX'), null);
    fs.write(big, new Uint8Array([2]), 50_000);
    fs.unlink('/hard');
    fs.close(unlinked);
    runRandomOps(round, 500, { fs, prefix: '' });
    fs.restore(state);
    assert.equal(digest(), before);
    assert.equal(readString(fs, fd, 5), '0.0.1', 'offset 4 and the old contents');
    assert.equal(readString(fs, unlinked, 3), '127');
    assert.equal(fs.readFile('/big')[50_000], 1, 'a page written after the snapshot is back');
    fs.restore(state);
  }
});
