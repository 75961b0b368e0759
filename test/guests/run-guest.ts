// Runs a guest binary under qemu-mipsel (the reference) or under Trapgate's CLI, and reports what a
// shell would see: stdout bytes, stderr text, and the exit status — the exit code, or 128 + N for a
// guest killed by signal N (N numbered as on MIPS Linux).

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RunOptions {
  /** Bytes written to the guest's stdin, which is then closed. Default: empty. */
  stdin?: Buffer | string;
  /** A host descriptor (a file, say) that is the guest's stdin instead of a pipe; `stdin` is then unused. */
  stdinFd?: number;
  /**
   * A host descriptor that is both the guest's stdout and its stderr (one open file description, as after
   * `> file 2>&1`) instead of pipes; the result's stdout and stderr are then empty.
   */
  outputFd?: number;
  /** The complete environment of the process (nothing is inherited). Default: a minimal one. */
  env?: Record<string, string>;
  /** Working directory. Default: the repository root. */
  cwd?: string;
  /** Kill the run and reject after this many milliseconds. Default: 50 000. */
  timeoutMs?: number;
  /** Options for the Trapgate CLI placed before the binary (runUnderTrapgate only), e.g. ['--strace']. */
  trapgateOptions?: string[];
  /** The qemu-mipsel executable (runUnderQemu only). Default: $QEMU_MIPSEL or 'qemu-mipsel'. */
  qemu?: string;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  /** Exit code, or 128 + MIPS signal number when the guest was killed by a signal. */
  status: number;
}

/**
 * Signal numbers of MIPS Linux (arch/mips/include/uapi/asm/signal.h; reference linux-mips-abi.md §3.1).
 * Several differ from the host's: qemu-mipsel dies of the *host* signal that corresponds to the guest's
 * (e.g. a guest SIGBUS, MIPS 10, kills qemu with the host's SIGBUS, 7 on x86), so names are mapped back
 * to MIPS numbers here.
 */
export const MIPS_SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGEMT: 7, SIGFPE: 8,
  SIGKILL: 9, SIGBUS: 10, SIGSEGV: 11, SIGSYS: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGUSR1: 16,
  SIGUSR2: 17, SIGCHLD: 18, SIGPWR: 19, SIGWINCH: 20, SIGURG: 21, SIGIO: 22, SIGPOLL: 22, SIGSTOP: 23,
  SIGTSTP: 24, SIGCONT: 25, SIGTTIN: 26, SIGTTOU: 27, SIGVTALRM: 28, SIGPROF: 29, SIGXCPU: 30, SIGXFSZ: 31,
};

/** The environment both runners use unless told otherwise (an `env -i` style, fixed environment). */
export const DEFAULT_GUEST_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/bin:/bin',
  TRAPGATE_TEST: '1',
  LANG: 'C',
};

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'guests'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('run-guest: repository root (package.json + guests/) not found');
    dir = parent;
  }
}

/** The repository root (the directory holding package.json and guests/). */
export const REPO_ROOT: string = findRepoRoot();

/** Trapgate's compiled CLI entry point; $TRAPGATE_CLI overrides it (e.g. to test another build). */
export const TRAPGATE_CLI: string = process.env['TRAPGATE_CLI'] || path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

/** The qemu-mipsel to use: $QEMU_MIPSEL, else the first `qemu-mipsel` on PATH; null when there is none. */
export function findQemu(): string | null {
  const fromEnv = process.env['QEMU_MIPSEL'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const dir of (process.env['PATH'] ?? '/usr/bin:/bin').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'qemu-mipsel');
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

// signalIsGuests: qemu-mipsel re-raises the guest's fatal signal on itself, so its death by a signal is
// the guest's; Trapgate reports the guest's signal as an exit status, so its death by a signal is a crash.
function run(command: string, argv: string[], opts: RunOptions, what: string, signalIsGuests: boolean): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 50_000;
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: opts.cwd ?? REPO_ROOT,
      env: { ...(opts.env ?? DEFAULT_GUEST_ENV) },
      stdio: [opts.stdinFd ?? 'pipe', opts.outputFd ?? 'pipe', opts.outputFd ?? 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    // A guest that exits without reading its input makes the write fail with EPIPE: not an error here.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.stdin ?? Buffer.alloc(0));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${what}: cannot start ${command}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) {
        reject(new Error(`${what}: timed out after ${timeoutMs} ms\n--- stdout ---\n${stdout.toString('utf8')}` +
          `\n--- stderr ---\n${stderr}`));
        return;
      }
      if (signal !== null) {
        if (!signalIsGuests) {
          reject(new Error(`${what}: the emulator itself was killed by host signal ${signal}\n--- stderr ---\n${stderr}`));
          return;
        }
        const n = MIPS_SIGNALS[signal];
        if (n === undefined) {
          reject(new Error(`${what}: killed by host signal ${signal}, which has no MIPS number`));
          return;
        }
        resolve({ stdout, stderr, status: 128 + n });
        return;
      }
      resolve({ stdout, stderr, status: code ?? -1 });
    });
  });
}

/**
 * Runs `binary args…` under qemu-mipsel. A guest killed by signal N makes qemu kill itself with the
 * corresponding host signal; that is reported as 128 + N (MIPS numbering).
 */
export function runUnderQemu(binary: string, args: readonly string[] = [], opts: RunOptions = {}): Promise<RunResult> {
  const qemu = opts.qemu ?? findQemu();
  if (!qemu) return Promise.reject(new Error('qemu-mipsel not found (install qemu-user, or set QEMU_MIPSEL)'));
  return run(qemu, [path.resolve(binary), ...args], opts, `qemu-mipsel ${path.basename(binary)}`, true);
}

/**
 * Runs `binary args…` under Trapgate: `node dist/src/cli/main.js run [options] <binary> args…` from the
 * repository root (by default). Its exit
 * status is the guest's (128 + N for a guest killed by signal N, with a line on stderr).
 */
export function runUnderTrapgate(binary: string, args: readonly string[] = [], opts: RunOptions = {}): Promise<RunResult> {
  if (!existsSync(TRAPGATE_CLI)) {
    return Promise.reject(new Error(`Trapgate CLI not built: ${TRAPGATE_CLI} is missing (run \`npx tsc -p .\`)`));
  }
  const argv = [TRAPGATE_CLI, 'run', ...(opts.trapgateOptions ?? []), path.resolve(binary), ...args];
  return run(process.execPath, argv, opts, `trapgate ${path.basename(binary)}`, false);
}
