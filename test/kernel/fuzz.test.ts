// The containment promise under a system call fuzzer: guests/c/sysfuzz.c issues thousands of system calls
// with random numbers from the o32 range and arguments biased toward bad pointers, bad descriptors and huge
// lengths (its header lists what it leaves out and why). Under `trapgate run --root DIR` the guest must end
// with its own exit status 0 and its summary line; the host must not print a JavaScript stack trace or an
// internal error, must not hang (a timeout), and must not create or change anything outside DIR: the host's
// working directory (a canary directory next to the root, which is what `..` from the root would reach) and
// the names the fuzzer's paths use in /tmp stay as they were.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, TRAPGATE_CLI } from '../guests/run-guest.js';

const FUZZER = path.join(REPO_ROOT, 'guests', 'build', 'c', 'sysfuzz');
const SEEDS = [1, 2, 3, 4];
const CALLS = 5000;
const TIMEOUT_MS = 120_000;
/** Names the fuzzer's path pool uses, which an escape from the root would create in the host's /tmp. */
const TMP_NAMES = ['fzA', 'fzB', 'fzC', 'fzdir', 'fzlink', 'fzloop', 'fzout'];

/** Every entry under `dir` with its type, size, mode and modification time. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      const st = lstatSync(p);
      out.set(path.relative(dir, p), `${st.mode.toString(8)} ${st.size} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Makes a tree the guest may have chmod-ed to 0 removable again. */
function unlock(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (lstatSync(p).isDirectory()) unlock(p);
    }
  } catch {
    // best effort: rmSync reports what is left
  }
}

interface Run { status: number | null; signal: string | null; stdout: string; stderr: string; timedOut: boolean }

function runFuzzer(seed: number, cwd: string, root: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TRAPGATE_CLI, 'run', '--seed', String(seed), '--root', root, FUZZER,
      String(seed), String(CALLS)], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LANG: 'C' } });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString('latin1'); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString('latin1'); });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}

const skip = existsSync(FUZZER) ? false : 'guests/build/c/sysfuzz is missing: run `make -C guests`';

for (const seed of SEEDS) {
  test(`sysfuzz seed ${seed} (${CALLS} calls) under --root: exits 0, no host error, nothing outside the root`,
    { skip, timeout: TIMEOUT_MS + 10_000 }, async () => {
      const base = mkdtempSync(path.join(os.tmpdir(), 'trapgate-fuzz-'));
      const root = path.join(base, 'root');
      const canary = path.join(base, 'canary');
      mkdirSync(root);
      mkdirSync(canary);
      writeFileSync(path.join(canary, 'keep'), 'the guest must not reach this\n');
      const tmpBefore = TMP_NAMES.filter((n) => existsSync(path.join(os.tmpdir(), n)));
      const canaryBefore = snapshot(canary);
      try {
        // The host's working directory is the canary: outside the root, so the guest starts at its `/`.
        const run = await runFuzzer(seed, canary, root);
        assert.equal(run.timedOut, false, `the run did not end within ${TIMEOUT_MS} ms`);
        assert.doesNotMatch(run.stderr, /^\s+at /m, `a JavaScript stack trace on stderr:\n${run.stderr.slice(0, 4000)}`);
        assert.doesNotMatch(run.stderr, /^trapgate: /m, `a Trapgate error:\n${run.stderr.slice(0, 4000)}`);
        assert.equal(run.signal, null);
        assert.equal(run.status, 0, `status ${run.status}; stdout:\n${run.stdout}\nstderr:\n${run.stderr.slice(0, 4000)}`);
        assert.match(run.stdout, new RegExp(`^sysfuzz seed ${seed}: \\d+ calls made`, 'm'));
        assert.deepEqual(snapshot(canary), canaryBefore, 'the host working directory outside the root changed');
        assert.deepEqual(readdirSync(base).sort(), ['canary', 'root'], 'something appeared next to the root');
        assert.deepEqual(TMP_NAMES.filter((n) => existsSync(path.join(os.tmpdir(), n))), tmpBefore,
          'a fuzzer path appeared in the host /tmp');
      } finally {
        unlock(base);
        rmSync(base, { recursive: true, force: true });
      }
    });
}
