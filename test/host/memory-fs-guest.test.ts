/**
 * A real guest on a Host whose file system is a MemoryFs (as in a browser): its binary, its working directory and
 * every file it makes live in memory, and its output is the output of the same program on the real file system.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Host, HostFs, HostStream } from '../../src/host/host.js';
import { createNodeHost } from '../../src/host/node-host.js';
import { MemoryFs } from '../../src/host/memory-fs.js';
import { OverlayFs } from '../../src/host/overlay-fs.js';
import { DEFAULT_CONFIG, Kernel } from '../../src/kernel/kernel.js';
import { GUEST_ENV, runGuest } from '../cpu/machine.js';
import { REPO_ROOT } from '../guests/run-guest.js';

/** The guests run as root: a Node temporary directory is the (root) tester's, with mode 0700. */
const AS_ROOT = { uid: 0, gid: 0 };

function capture(): HostStream & { text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    isTTY: false,
    read: () => 0,
    write(buf) { chunks.push(buf.slice()); return buf.length; },
    text: () => Buffer.concat(chunks).toString('latin1'),
  };
}

/** Runs `program` (a path in `fs`) with the same deterministic machine as test/cpu/machine.ts, on `fs`. */
function runOn(fs: HostFs, program: string, args: string[]): { status: number; stdout: string; stderr: string } {
  let now = 1_000_000_000n;
  const stdout = capture();
  const stderr = capture();
  const host: Host = {
    ...createNodeHost(),
    fs,
    cwd: () => '/',
    clock: {
      realtimeNs: () => 1_700_000_000_000_000_000n + (now += 1000n),
      monotonicNs: () => (now += 1000n),
      sleepNs: (ns) => { now += ns; },
    },
    stdin: capture(),
    stdout,
    stderr,
    randomBytes: (buf) => { buf.fill(0x5a); },
  };
  const kernel = new Kernel(host, { ...DEFAULT_CONFIG, root: '/', seed: 12345n, uid: 0, gid: 0 });
  kernel.cpu.config.jit = false;
  const proc = kernel.spawn(program, [program, ...args], GUEST_ENV);
  const status = kernel.run(proc);
  return { status: (status >> 8) & 0xff, stdout: stdout.text(), stderr: stderr.text() };
}

for (const guest of ['fileio', 'dirs']) {
  test(`guests/c/${guest} prints the same on a MemoryFs as on the real file system`, () => {
    const binary = path.join(REPO_ROOT, 'guests/build/c', guest);
    const dir = mkdtempSync(path.join(tmpdir(), `trapgate-memfs-${guest}-`));
    let real;
    try {
      real = runGuest(binary, [dir], { jit: false, kernel: AS_ROOT });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const clock = (() => { let t = 1_700_000_000_000_000_000n; return () => (t += 1000n); })();
    const fs = MemoryFs.from({
      [`/bin/${guest}`]: { file: readFileSync(binary), mode: 0o755 },
      '/work': { dir: true, mode: 0o700 },
      '/tmp': { dir: true, mode: 0o1777 },
    }, { clock });
    const mem = runOn(fs, `/bin/${guest}`, ['/work']);
    assert.equal(real.status, 0, real.stderr);
    assert.deepEqual(mem, { status: real.status, stdout: real.stdout, stderr: real.stderr });
    assert.ok(mem.stdout.length > 200);
  });
}

test('guests/c/fileio on an OverlayFs over the real file system leaves the real directory as it was', () => {
  const binary = path.join(REPO_ROOT, 'guests/build/c/fileio');
  const dir = mkdtempSync(path.join(tmpdir(), 'trapgate-overlay-fileio-'));
  try {
    const expected = runGuest(binary, [dir], { jit: false, kernel: AS_ROOT });
    rmSync(dir, { recursive: true, force: true });
    const fresh = mkdtempSync(path.join(tmpdir(), 'trapgate-overlay-fileio-'));
    try {
      const overlay = new OverlayFs(createNodeHost().fs);
      const got = runOn(overlay, binary, [fresh]);
      assert.equal(got.stdout, expected.stdout);
      assert.deepEqual(createNodeHost().fs.readdir(fresh), [], 'nothing reached the real directory');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
