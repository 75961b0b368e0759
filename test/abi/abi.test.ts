// Checks every number in src/abi/ against the truth: guests/abi/abi_dump.c,
// compiled with Debian's mipsel cross toolchain against its kernel and glibc
// headers and run under qemu-mipsel, prints one "Name VALUE" line per fact,
// named by the TypeScript path it must match (Errno.ENOENT, NR.openat,
// Stat64.st_size ...). All mismatches are reported together.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as errno from '../../src/abi/errno.js';
import * as syscalls from '../../src/abi/syscalls.js';
import * as signals from '../../src/abi/signals.js';
import * as flags from '../../src/abi/flags.js';
import * as layouts from '../../src/abi/layouts.js';

const BUILD_COMMAND = 'mipsel-linux-gnu-gcc -O2 -static -o guests/build/abi/abi_dump guests/abi/abi_dump.c';
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DUMP_BINARY = fileURLToPath(new URL('../../../guests/build/abi/abi_dump', import.meta.url));

/** The newest syscall in Debian's 6.1 headers; later numbers cannot be checked there. */
const LAST_NR_IN_HEADERS = 4450;

const modules: Record<string, unknown> = { ...errno, ...syscalls, ...signals, ...flags, ...layouts };

function qemuAvailable(): boolean {
  try {
    execFileSync('qemu-mipsel', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function skipReason(): string | false {
  if (!existsSync(DUMP_BINARY)) return `missing ${DUMP_BINARY}; build it from ${REPO_ROOT} with: ${BUILD_COMMAND}`;
  if (!qemuAvailable()) return 'qemu-mipsel is not installed';
  return false;
}

/** The dump as [name, value] pairs, in output order. */
function readDump(): [string, string][] {
  const output = execFileSync('qemu-mipsel', [DUMP_BINARY], { encoding: 'utf8', maxBuffer: 16 << 20 });
  return output
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const space = line.indexOf(' ');
      assert.ok(space > 0, `malformed dump line: ${JSON.stringify(line)}`);
      return [line.slice(0, space), line.slice(space + 1)];
    });
}

function lookup(path: string): unknown {
  let value: unknown = modules;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function sameNumber(ts: unknown, text: string): boolean {
  if (typeof ts === 'bigint') return ts === BigInt(text);
  if (typeof ts === 'number') return ts === Number(text);
  return false;
}

/** Every number the TS modules define, as "Export.key" or "Export". */
function numericLeaves(): string[] {
  const leaves: string[] = [];
  for (const [exportName, value] of Object.entries(modules)) {
    if (typeof value === 'number' || typeof value === 'bigint') {
      leaves.push(exportName);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, field] of Object.entries(value)) {
        if (typeof field === 'number' || typeof field === 'bigint') leaves.push(`${exportName}.${key}`);
      }
    }
  }
  return leaves;
}

/** Numbers the headers cannot express, with the reason; everything else must be checked. */
function exemption(path: string): string | undefined {
  if (path.startsWith('NR.') && syscalls.NR[path.slice(3) as syscalls.SyscallName] > LAST_NR_IN_HEADERS) {
    return 'syscall newer than the Linux 6.1 headers';
  }
  return undefined;
}

test('src/abi agrees with the mipsel cross headers, glibc and qemu-mipsel', { skip: skipReason() }, (t) => {
  const dump = readDump();
  const mismatches: string[] = [];
  const checked = new Set<string>();

  for (const [name, text] of dump) {
    const [family, key] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
    switch (family) {
      case 'errnoName': {
        // glibc's strerrorname_np for this number.
        const e = Number(key);
        if (errno.errnoName(e) !== text) mismatches.push(`errnoName(${e}) is ${errno.errnoName(e)}, glibc says ${text}`);
        break;
      }
      case 'signalName': {
        // glibc's sigabbrev_np; glibc may pick an alias (SIGPOLL for SIGIO).
        const n = Number(key);
        const ours = signals.signalName(n);
        const aliases = signals.Signal as Record<string, number>;
        if (aliases[text] !== n) mismatches.push(`Signal.${text} should be ${n} (glibc's name for ${n})`);
        if (ours === undefined || aliases[ours] !== n) mismatches.push(`signalName(${n}) is ${ours}, glibc says ${text}`);
        break;
      }
      case 'signalDescription': {
        const n = Number(key);
        const ours = signals.signalDescription(n);
        if (ours !== text) mismatches.push(`signalDescription(${n}) is ${JSON.stringify(ours)}, strsignal says ${JSON.stringify(text)}`);
        break;
      }
      default: {
        const ours = lookup(name);
        if (ours === undefined) mismatches.push(`${name} = ${text} is not defined in src/abi`);
        else if (!sameNumber(ours, text)) mismatches.push(`${name} is ${String(ours)}, headers say ${text}`);
        checked.add(name);
      }
    }
  }

  const exempt: string[] = [];
  for (const leaf of numericLeaves()) {
    if (checked.has(leaf)) continue;
    if (exemption(leaf) !== undefined) exempt.push(leaf);
    else mismatches.push(`${leaf} is defined in src/abi but abi_dump does not check it`);
  }

  t.diagnostic(`${dump.length} facts from abi_dump, ${checked.size} numbers checked, ${exempt.length} exempt (${exempt.join(' ')})`);
  assert.deepEqual(mismatches, [], `${mismatches.length} mismatches:\n  ${mismatches.join('\n  ')}`);
});

test('the syscall table is consistent', () => {
  const problems: string[] = [];
  let previous = syscalls.O32_SYSCALL_BASE - 1;
  for (const spec of syscalls.SYSCALLS) {
    if (spec.nr <= previous) problems.push(`${spec.name}: ${spec.nr} is out of order`);
    previous = spec.nr;
    if (syscalls.NR[spec.name as syscalls.SyscallName] !== spec.nr) problems.push(`NR.${spec.name} !== ${spec.nr}`);
    if (syscalls.syscallSpec(spec.nr) !== spec) problems.push(`syscallSpec(${spec.nr}) is not ${spec.name}`);
    if (spec.notImplemented && spec.args.length > 0) problems.push(`${spec.name}: unimplemented but has arguments`);

    // o32 passes at most 8 words (a0-a3, then 16..28(sp)); a 64-bit value
    // starts at an even word, and the odd word before it must be spelled 'pad'.
    let word = 0;
    for (const kind of spec.args) {
      if (kind === 'off64' || kind === 'u64') {
        if (word % 2 !== 0) problems.push(`${spec.name}: 64-bit argument at odd word ${word}`);
        word += 2;
      } else {
        if (kind === 'pad' && word % 2 !== 1) problems.push(`${spec.name}: 'pad' at even word ${word}`);
        word += 1;
      }
    }
    if (word > 8) problems.push(`${spec.name}: ${word} argument words, o32 has at most 8`);
  }
  assert.equal(syscalls.syscallSpec(4279), undefined, '4279 is a hole in the table');
  assert.equal(syscalls.syscallSpec(syscalls.O32_SYSCALL_BASE - 1), undefined);
  assert.deepEqual(problems, []);
  assert.deepEqual(syscalls.syscallSpec(syscalls.NR.pread64)?.args, ['fd', 'ptr', 'size', 'pad', 'off64']);
  // @ts-expect-error NR is keyed by Linux's names only
  assert.equal(syscalls.NR.not_a_syscall, undefined);
});

test('signal helpers', () => {
  assert.equal(signals.signalName(signals.Signal.SIGSEGV), 'SIGSEGV');
  assert.equal(signals.signalName(6), 'SIGABRT');
  assert.equal(signals.signalName(32), 'SIGRTMIN');
  assert.equal(signals.signalName(40), 'SIGRT_8');
  assert.equal(signals.signalName(0), undefined);
  assert.equal(signals.signalName(129), undefined);
  assert.equal(errno.errnoName(errno.Errno.EWOULDBLOCK), 'EAGAIN');
  assert.equal(errno.errnoName(errno.KernelErrno.ERESTARTSYS), 'ERESTARTSYS');
  assert.equal(errno.errnoName(0), undefined);
  // Default actions (kernel/signal.c; no header states them).
  assert.equal(signals.defaultAction(signals.Signal.SIGSEGV), 'core');
  assert.equal(signals.defaultAction(signals.Signal.SIGEMT), 'core');
  assert.equal(signals.defaultAction(signals.Signal.SIGCHLD), 'ignore');
  assert.equal(signals.defaultAction(signals.Signal.SIGTSTP), 'stop');
  assert.equal(signals.defaultAction(signals.Signal.SIGCONT), 'cont');
  assert.equal(signals.defaultAction(signals.Signal.SIGUSR1), 'term');
  assert.equal(signals.defaultAction(signals.Signal.SIGPWR), 'term');
  assert.equal(signals.defaultAction(64), 'term');
});
