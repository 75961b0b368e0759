/**
 * Standard streams that are files behave as files (src/kernel/fs/standard-file.ts), as on Linux and under
 * qemu-mipsel: guests/c/stdio_files seeks, preads and maps a redirected stdin, and writes, seeks and fstats a
 * stdout and stderr redirected to one file. Regression: lseek on `prog < file` failed with ESPIPE although fstat
 * said regular file. Pipes keep their behaviour (ESPIPE, ENODEV). Truth: qemu-mipsel on the same file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findQemu, REPO_ROOT, runUnderQemu, runUnderTrapgate, type RunOptions, type RunResult } from '../../guests/run-guest.js';

const GUEST = join(REPO_ROOT, 'guests/build/c/stdio_files');
const skip = !existsSync(GUEST) ? `${GUEST} not built (make -C guests)` : !findQemu() ? 'needs qemu-mipsel' : false;
const dir = mkdtempSync(join(tmpdir(), 'trapgate-stdio-files-'));
const input = join(dir, 'input');
writeFileSync(input, 'hello, seekable world\n');

type Runner = (binary: string, args?: readonly string[], opts?: RunOptions) => Promise<RunResult>;

/** Runs the guest with stdin open on the input file, first moved `skip` bytes on (the offset the shell left). */
async function withFileStdin(run: Runner, skipBytes = 0): Promise<RunResult> {
  const fd = openSync(input, 'r');
  try {
    if (skipBytes > 0) readSync(fd, Buffer.alloc(skipBytes), 0, skipBytes, null);
    return await run(GUEST, [], { stdinFd: fd });
  } finally {
    closeSync(fd);
  }
}

test('a stdin redirected from a file is seekable, preadable and mappable, as under qemu-mipsel', { skip }, async () => {
  const expected = await withFileStdin(runUnderQemu);
  const got = await withFileStdin(runUnderTrapgate);
  assert.equal(got.stderr, '');
  assert.equal(got.stdout.toString(), expected.stdout.toString());
  assert.equal(got.status, expected.status);
  assert.match(got.stdout.toString(), /^fd 0: regular file\n/);
  assert.match(got.stdout.toString(), /^lseek\(0, -6, SEEK_END\): 16$/m);
  assert.match(got.stdout.toString(), /^mmap\(fd 0\): "hello, s"$/m);
});

test("the file position starts at the offset of the shell's open file", { skip }, async () => {
  const expected = await withFileStdin(runUnderQemu, 3);
  const got = await withFileStdin(runUnderTrapgate, 3);
  assert.equal(got.stdout.toString(), expected.stdout.toString());
  assert.match(got.stdout.toString(), /^lseek\(0, 0, SEEK_CUR\) at start: 3$/m);
});

test('a stdin that is a pipe (a socket, from Node) is still one: ESPIPE and ENODEV', { skip }, async () => {
  const opts = { stdin: readFileSync(input) };
  const expected = await runUnderQemu(GUEST, [], opts);
  const got = await runUnderTrapgate(GUEST, [], opts);
  assert.equal(got.stdout.toString(), expected.stdout.toString());
  assert.match(got.stdout.toString(), /^fd 0: (fifo|socket)\n/);
  assert.match(got.stdout.toString(), /^pread 4 at 2: -1 ESPIPE$/m);
  assert.match(got.stdout.toString(), /^mmap\(fd 0\): -1 ENODEV$/m);
});

test('stdout and stderr redirected to one file write at its position, seek and fstat as one file', { skip }, async () => {
  const output = async (run: Runner, name: string): Promise<string> => {
    const path = join(dir, name);
    const fd = openSync(path, 'w');
    try {
      const r = await run(GUEST, ['out'], { outputFd: fd });
      assert.equal(r.status, 0, `${name}: status ${r.status}`);
    } finally {
      closeSync(fd);
    }
    return readFileSync(path, 'utf8');
  };
  const expected = await output(runUnderQemu, 'qemu.out');
  const got = await output(runUnderTrapgate, 'trapgate.out');
  assert.equal(got, expected);
  assert.match(got, /^01AB456789 from fd 1\na line from fd 2\n/);
});
