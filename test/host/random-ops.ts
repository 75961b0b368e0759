/**
 * A seeded random sequence of file-system operations over a small set of names, run against two HostFs side by side
 * (the Node host's in a temporary directory, say, and a MemoryFs), comparing every result and error code. Fields
 * that legitimately differ between file systems (inode and device numbers, times, block counts) are left out.
 */
import assert from 'node:assert/strict';
import type { HostFs, HostStat } from '../../src/host/host.js';
import { prng } from '../isa/insn-case.js';

export interface Subject {
  fs: HostFs;
  /** Prepended to every path (a temporary directory for the Node host; '' for an in-memory one). */
  prefix: string;
}


/** Names mostly used as directories and as files, so that most operations get past the path walk. */
const DIRS = ['/d', '/d/e', '/e', '/d/e/f'];
const FILES = ['/a', '/b', '/c', '/d/a', '/d/b', '/d/e/a', '/e/a', '/l', '/d/l', '/d/e/l'];
const PATHS = ['/a', '/b', '/c', '/d', '/d/a', '/d/b', '/d/e', '/d/e/a', '/d/e/f', '/l', '/d/l', '/d/e/l', '/e', '/e/a', '/l/a', '/d/'];
/**
 * The directory both sides work in, two levels down, so that a relative symlink climbing out of it finds the same
 * nothing on both (climbing out of a Node temporary directory would find the host's /tmp). Relative targets only:
 * an absolute one would leave the temporary directory.
 */
export const SANDBOX = '/r/s';
const TARGETS = ['a', 'b', 'd', '../a', 'e/a', '../../d', 'missing', 'l', '.', 'd/e'];
const MODES = [0o644, 0o600, 0o755, 0o700, 0o640];
const ACCESS = ['r', 'w', 'rw'] as const;

type Outcome = { ok: unknown } | { err: string };

function outcome(op: () => unknown): Outcome {
  try {
    return { ok: op() };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    return { err: code };
  }
}

/** The fields of a stat that two file systems must agree on. */
export function comparable(st: HostStat): Record<string, number> {
  const type = st.mode & 0o170000;
  return { mode: st.mode, nlink: st.nlink, uid: st.uid, gid: st.gid, size: type === 0o040000 ? -1 : st.size };
}

/** Runs the operations on both subjects and compares them; with one subject, only runs them (to change a tree at random). */
export function runRandomOps(seed: number, count: number, left: Subject, right?: Subject): void {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  /** Open descriptors, a pair per successful open on both sides. */
  const fds: [number, number][] = [];
  const log: string[] = [];

  for (let step = 0; step < count; step++) {
    const kind = Math.floor(rand() * 20);
    const usual = kind === 10 || kind === 11 || kind === 14 ? DIRS : FILES;
    const p = chance(0.8) ? pick(usual) : pick(PATHS);
    const q = chance(0.8) ? pick(usual) : pick(PATHS);
    let desc: string;
    let run: (s: Subject, fd: number | undefined) => unknown;
    let fdIndex: number | undefined;
    const withFd = (): boolean => {
      if (fds.length === 0) return false;
      fdIndex = Math.floor(rand() * fds.length);
      return true;
    };
    switch (kind) {
      case 0: case 1: {
        const access = pick(ACCESS);
        const create = chance(0.6), exclusive = chance(0.2), truncate = chance(0.2), append = chance(0.2);
        const mode = pick(MODES);
        desc = `open ${p} ${access} c${+create} x${+exclusive} t${+truncate} a${+append} ${mode.toString(8)}`;
        run = (s) => s.fs.open(s.prefix + p, access, create, exclusive, truncate, append, mode);
        break;
      }
      case 2: {
        if (!withFd()) continue;
        desc = `close #${fdIndex}`;
        run = (s, fd) => s.fs.close(fd!);
        break;
      }
      case 3: case 4: {
        if (!withFd()) continue;
        const len = Math.floor(rand() * 40);
        const data = new Uint8Array(len).map(() => Math.floor(rand() * 256));
        const position = chance(0.5) ? null : Math.floor(rand() * 9000);
        desc = `write #${fdIndex} ${len} @${position}`;
        run = (s, fd) => s.fs.write(fd!, data, position);
        break;
      }
      case 5: case 6: {
        if (!withFd()) continue;
        const len = 1 + Math.floor(rand() * 64); // node:fs answers a 0-byte read itself, without asking the kernel
        const position = chance(0.5) ? null : Math.floor(rand() * 9000);
        desc = `read #${fdIndex} ${len} @${position}`;
        run = (s, fd) => {
          const buf = new Uint8Array(len);
          const n = s.fs.read(fd!, buf, position);
          return [n, Array.from(buf.subarray(0, n))];
        };
        break;
      }
      case 7: {
        const length = Math.floor(rand() * 6000);
        if (chance(0.5) && withFd()) {
          desc = `ftruncate #${fdIndex} ${length}`;
          run = (s, fd) => s.fs.ftruncate(fd!, length);
        } else {
          desc = `truncate ${p} ${length}`;
          run = (s) => s.fs.truncate(s.prefix + p, length);
        }
        break;
      }
      case 8: desc = `rename ${p} ${q}`; run = (s) => s.fs.rename(s.prefix + p, s.prefix + q); break;
      case 9: desc = `unlink ${p}`; run = (s) => s.fs.unlink(s.prefix + p); break;
      case 10: { const mode = pick(MODES); desc = `mkdir ${p}`; run = (s) => s.fs.mkdir(s.prefix + p, mode); break; }
      case 11: desc = `rmdir ${p}`; run = (s) => s.fs.rmdir(s.prefix + p); break;
      case 12: { const t = pick(TARGETS); desc = `symlink ${t} ${p}`; run = (s) => s.fs.symlink(t, s.prefix + p); break; }
      case 13: desc = `link ${p} ${q}`; run = (s) => s.fs.link(s.prefix + p, s.prefix + q); break;
      case 14:
        desc = `readdir ${p}`;
        run = (s) => s.fs.readdir(s.prefix + p).map((e) => `${e.name}:${e.type}`).sort();
        break;
      case 15: desc = `stat ${p}`; run = (s) => comparable(s.fs.stat(s.prefix + p)); break;
      case 16: desc = `lstat ${p}`; run = (s) => comparable(s.fs.lstat(s.prefix + p)); break;
      case 17:
        if (chance(0.5) && withFd()) {
          desc = `fstat #${fdIndex}`;
          run = (s, fd) => comparable(s.fs.fstat(fd!));
        } else {
          desc = `readlink ${p}`;
          run = (s) => s.fs.readlink(s.prefix + p);
        }
        break;
      case 18: desc = `readFile ${p}`; run = (s) => Array.from(s.fs.readFile(s.prefix + p)); break;
      default: {
        const mode = pick(MODES);
        if (chance(0.5) && withFd()) {
          desc = `fchmod #${fdIndex} ${mode.toString(8)}`;
          run = (s, fd) => s.fs.fchmod(fd!, mode);
        } else {
          desc = `chmod ${p} ${mode.toString(8)}`;
          run = (s) => s.fs.chmod(s.prefix + p, mode);
        }
      }
    }
    const pair = fdIndex === undefined ? undefined : fds[fdIndex]!;
    const a = outcome(() => run(left, pair?.[0]));
    if (right === undefined) {
      if (kind <= 1 && 'ok' in a) fds.push([a.ok as number, -1]);
      if (kind === 2) fds.splice(fdIndex!, 1);
      continue;
    }
    const b = outcome(() => run(right, pair?.[1]));
    log.push(`${step}: ${desc} -> ${JSON.stringify(a)}`);
    // Descriptor numbers differ between hosts; what matters is that both opened.
    const shown = (o: Outcome) => (kind <= 1 && 'ok' in o ? { ok: 'fd' } : o);
    assert.deepEqual(shown(b), shown(a), `seed ${seed} step ${step}: ${desc}\n${log.slice(process.env.FULL_LOG ? 0 : -25).join('\n')}`);
    if (kind <= 1 && 'ok' in a && 'ok' in b) fds.push([a.ok as number, b.ok as number]);
    if (kind === 2) fds.splice(fdIndex!, 1);
    if (fds.length > 8) {
      const [x, y] = fds.shift()!;
      left.fs.close(x);
      right.fs.close(y);
    }
  }
  for (const [x, y] of fds) {
    left.fs.close(x);
    right?.fs.close(y);
  }
}
