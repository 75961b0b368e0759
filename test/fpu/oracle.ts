/**
 * Runs guests/fpu/fpu_oracle under qemu-mipsel: questions are queued, then answered by one oracle process per
 * batch (all cases on stdin).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ORACLE_PATH = path.join(repoRoot, 'guests/build/fpu/fpu_oracle');

/** Why the oracle cannot run here, or undefined if it can. */
export function oracleUnavailable(): string | undefined {
  const q = spawnSync('qemu-mipsel', ['--version'], { encoding: 'utf8' });
  if (q.error || q.status !== 0) return 'qemu-mipsel not found in PATH';
  if (!existsSync(ORACLE_PATH)) {
    return `oracle binary missing: build it with mipsel-linux-gnu-gcc -O2 -static -o guests/build/fpu/fpu_oracle guests/fpu/fpu_oracle.c`;
  }
  return undefined;
}

export interface Answer {
  fcsr: number;
  fd: bigint;
  sigfpe: boolean;
}

const hex = (x: bigint | number): string => x.toString(16);

export class OracleBatch {
  private lines: string[] = [];
  private answers: Answer[] = [];

  /** Queues `op` with FCSR, GPR value and the 64-bit contents of fs, ft, fr, fd; returns the answer's index. */
  ask(op: string, fcsr: number, gpr: number, fs: bigint, ft: bigint, fr: bigint, fd: bigint): number {
    this.lines.push(`${op} ${hex(fcsr >>> 0)} ${hex(gpr >>> 0)} ${hex(fs)} ${hex(ft)} ${hex(fr)} ${hex(fd)}`);
    return this.lines.length - 1;
  }

  get size(): number {
    return this.lines.length;
  }

  /** Answers every question queued since the last run. */
  run(): void {
    const start = this.answers.length;
    const pending = this.lines.slice(start);
    if (pending.length === 0) return;
    const r = spawnSync('qemu-mipsel', [ORACLE_PATH], {
      input: pending.join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (r.status !== 0) throw new Error(`fpu oracle failed: status ${r.status} ${r.stderr}`);
    const out = r.stdout.split('\n');
    for (let i = 0; i < pending.length; i++) {
      const f = (out[i] ?? '').split(' ');
      if (f.length < 3 || f[0] === 'error') throw new Error(`fpu oracle: bad answer '${out[i]}' to '${pending[i]}'`);
      this.answers.push({ fcsr: parseInt(f[0]!, 16) >>> 0, fd: BigInt('0x' + f[1]!), sigfpe: f[2] === '1' });
    }
  }

  answer(i: number): Answer {
    const a = this.answers[i];
    if (!a) throw new Error(`fpu oracle: question ${i} not answered yet`);
    return a;
  }
}
