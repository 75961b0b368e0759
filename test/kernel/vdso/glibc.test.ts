/**
 * The vDSO as real programs see it, end to end through the CLI: glibc's static startup finds it and stops making
 * clock system calls; a client written from the ELF specification (guests/c/vdso_parse.c) finds every export through
 * DT_HASH and version LINUX_2.6 and gets answers that agree with the system calls; `trapgate vdso --dump` is the
 * image GNU readelf/objdump read without complaint, with the per-CPU variant in .dynsym; /proc/self/maps, the auxv
 * and `--seed` show the layout of reference linux-mips-abi.md §2.1 and §4.3.
 *
 * Trapgate only: qemu-mipsel 7.2 maps no vDSO for MIPS at all (reference anchors.md §2.1: linux-user vDSO support
 * arrived in QEMU 8.2 and has no MIPS image), so there is nothing to compare with there; the differential suite
 * (test/guests/differential.test.ts) records the Linux output of the same guests instead.
 *
 * Why these tests fail if the image loses its SysV hash table (DT_HASH):
 *  - glibc 2.36 (reference §4.5) sets up the vDSO's link map with `_dl_setup_hash`, which on MIPS uses the
 *    DT_MIPS_XHASH slot (which the image does not have) or else DT_HASH; with neither, l_nbuckets stays 0, every
 *    `dl_vdso_vsym` lookup fails, the GLRO(dl_vdso_*) pointers stay NULL and clock_gettime makes the system call.
 *    The first test would then see clock_gettime64 lines in the strace and fail.
 *  - vdso_parse looks symbols up only through DT_HASH's buckets and chains (it has no other index: it never scans
 *    .dynsym linearly, and DT_GNU_HASH is not consulted), so it would print "DT_HASH: no" and
 *    "__vdso_...: missing" for every export, exit 1, and the vdso_parse tests fail.
 *  The test 'without DT_HASH ...' below does it for real: it renames the DT_HASH tag in the kernel's shared vDSO
 *  frames before the process starts, and shows both consequences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost } from '../../../src/host/node-host.js';
import type { Host, HostStream } from '../../../src/host/host.js';
import { DEFAULT_CONFIG, Kernel } from '../../../src/kernel/kernel.js';
import { binutilsMissing, tempDir } from '../../isa/binutils.js';
import { REPO_ROOT, TRAPGATE_CLI, runUnderTrapgate, type RunResult } from '../../guests/run-guest.js';
import { complaints, run as binutil, symbols } from './readelf.js';

const guest = (name: string): string => join(REPO_ROOT, 'guests', 'build', 'c', name);
const VDSO_CLOCK = guest('vdso_clock');
const VDSO_PARSE = guest('vdso_parse');
const MAPS_SELF = guest('maps_self');
const AUXV_ORDER = guest('auxv_order');

function missing(...paths: string[]): string | false {
  const absent = paths.filter((p) => !existsSync(p));
  if (absent.length > 0) return `guests not built (${absent.join(', ')}): run \`make -C guests\``;
  if (!existsSync(TRAPGATE_CLI)) return 'the CLI is not built: run `npx tsc -p .`';
  return false;
}

const PAGE = 4096;
const MIB = 1024 * 1024;
/** o32 on a 32-bit kernel (reference §2.2). */
const TASK_SIZE = 0x80000000;
const CLOCK_SYSCALLS = new Set(['clock_gettime', 'clock_gettime64', 'gettimeofday']);

/** The system call names of a `--strace` log ("pid name(args) = result" per line). */
function straceNames(stderr: string): string[] {
  const names: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^\d+ ([a-z_0-9]+)\(/.exec(line);
    if (m) names.push(m[1]!);
  }
  return names;
}

function lines(r: RunResult): string[] {
  return r.stdout.toString('latin1').split('\n').filter((l) => l !== '');
}

// ------------------------------------------------------------------------------------------ glibc uses it

test('glibc goes through the vDSO: no clock system call in the strace of vdso_clock', { skip: missing(VDSO_CLOCK) }, async () => {
  const iterations = 20000;
  const r = await runUnderTrapgate(VDSO_CLOCK, [String(iterations)], { trapgateOptions: ['--strace'] });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  assert.equal(r.stdout.toString(), 'monotonic and realtime readings: consistent\n');
  const names = straceNames(r.stderr);
  // The strace is really there (so an empty list of clock calls means something).
  assert.ok(names.includes('write') && names.at(-1) === 'exit_group', `strace lines: ${names.join(' ')}`);
  assert.deepEqual(names.filter((n) => CLOCK_SYSCALLS.has(n)), [], `${2 * iterations + 2} clock readings, no clock syscall`);
});

test('with --cpu-no-user-counter the same binary falls back: one clock_gettime64 system call per reading',
  { skip: missing(VDSO_CLOCK) }, async () => {
    // clock mode NONE in [vvar] → __vdso_clock_gettime64 makes the system call itself (reference §4.4 "Fallback
    // syscalls used by the vDSO on o32": clock_gettime64 4403). vdso_clock reads 2 clocks per iteration plus 2
    // before the loop, each through the vDSO exactly once.
    const iterations = 2000;
    const r = await runUnderTrapgate(VDSO_CLOCK, [String(iterations)], { trapgateOptions: ['--strace', '--cpu-no-user-counter'] });
    assert.equal(r.status, 0, r.stderr.slice(-2000));
    assert.equal(r.stdout.toString(), 'monotonic and realtime readings: consistent\n');
    const clockLines = r.stderr.split('\n').filter((l) => /^\d+ (clock_gettime|clock_gettime64|gettimeofday)\(/.test(l));
    assert.equal(clockLines.length, 2 * iterations + 2);
    assert.ok(clockLines.every((l) => /^\d+ clock_gettime64\(CLOCK_(MONOTONIC|REALTIME),0x[0-9a-f]+\) = 0$/.test(l)), clockLines[0]);
  });

// ------------------------------------------------------------------------------------------ vdso_parse

const LINUX_EXPORTS = ['__vdso_clock_gettime', '__vdso_clock_gettime64', '__vdso_gettimeofday', '__vdso_clock_getres'];
const TRAPGATE_EXTENSIONS = ['__vdso_clock_getres_time64', '__vdso_getcpu', '__vdso_get_syscall_map', '__vdso_sync_dicache'];

/** Every check of vdso_parse passed: each export found, no relation "no", the code written at run time ran. */
function assertParseClean(r: RunResult, exports: readonly string[]): void {
  const out = lines(r);
  const text = out.join('\n');
  assert.equal(r.status, 0, `${text}\n${r.stderr}`);
  for (const name of exports) assert.ok(out.includes(`${name}: found`), `${name} found\n${text}`);
  assert.deepEqual(out.filter((l) => /\bmissing\b|: no\b|cannot/.test(l)), [], 'no failed check');
  const relations = out.filter((l) => /: yes\b/.test(l));
  assert.ok(relations.length >= 60, `relations checked (${relations.length})`);
}

test('vdso_parse: every export found through DT_HASH + LINUX_2.6, every answer agrees with the system calls',
  { skip: missing(VDSO_PARSE) }, async () => {
    const linux = await runUnderTrapgate(VDSO_PARSE, []);
    assertParseClean(linux, LINUX_EXPORTS);
    assert.ok(!lines(linux).some((l) => TRAPGATE_EXTENSIONS.some((n) => l.startsWith(`${n}:`))), 'extensions only on request');
    const all = await runUnderTrapgate(VDSO_PARSE, ['extensions']);
    assertParseClean(all, [...LINUX_EXPORTS, ...TRAPGATE_EXTENSIONS]);
    const out = lines(all);
    assert.ok(out.includes('sync_dicache: new code runs: returned 41'), out.join('\n'));
    assert.ok(out.includes('sync_dicache: rewritten code runs: returned 42'));
    assert.ok(out.some((l) => l.startsWith('get_syscall_map: some number gives ENOSYS: yes, its bit is clear: yes')));
    assert.ok(out.some((l) => l.startsWith('getcpu: returns 0: yes')));
  });

test('vdso_parse on a coherent-icache CPU: the _coherent variant still makes new code run', { skip: missing(VDSO_PARSE) }, async () => {
  const r = await runUnderTrapgate(VDSO_PARSE, ['extensions'], { trapgateOptions: ['--coherent-icache'] });
  assertParseClean(r, [...LINUX_EXPORTS, ...TRAPGATE_EXTENSIONS]);
  assert.ok(lines(r).includes('sync_dicache: new code runs: returned 41'));
  assert.ok(lines(r).includes('sync_dicache: rewritten code runs: returned 42'));
});

test('vdso_parse with --cpu-no-user-counter: the fallback paths give the same relations', { skip: missing(VDSO_PARSE) }, async () => {
  const r = await runUnderTrapgate(VDSO_PARSE, ['extensions'], { trapgateOptions: ['--cpu-no-user-counter', '--strace'] });
  assertParseClean(r, [...LINUX_EXPORTS, ...TRAPGATE_EXTENSIONS]);
  // The hres clocks were answered by system calls made from inside the vDSO this time.
  assert.ok(straceNames(r.stderr).filter((n) => n === 'clock_gettime64').length > 300);
});

// ------------------------------------------------------------------------------------------ without DT_HASH

const DT_HASH = 4;
const DT_LOOS = 0x6000000d; // an OS-specific tag neither glibc nor vdso_parse interprets
const PT_DYNAMIC = 2;

function capture(): { host: Host; out: () => string } {
  const chunks: Uint8Array[] = [];
  const sink: HostStream = { isTTY: false, read: () => 0, write: (b) => { chunks.push(b.slice()); return b.length; } };
  return { host: { ...createNodeHost(), stdout: sink, stderr: sink }, out: () => Buffer.concat(chunks).toString() };
}

/** Runs `program` in a fresh kernel, optionally after renaming the vDSO's DT_HASH entry, counting clock syscalls. */
function runInKernel(program: string, argv: string[], dropHash: boolean): { status: number; output: string; clockSyscalls: number } {
  const { host, out } = capture();
  const kernel = new Kernel(host, { ...DEFAULT_CONFIG });
  const pages = kernel.vdso;
  if (dropHash) {
    const image = pages.imageBytes();
    const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
    const phoff = v.getUint32(28, true);
    const phnum = v.getUint16(44, true);
    let dynamic = -1;
    for (let i = 0; i < phnum; i++) if (v.getUint32(phoff + 32 * i, true) === PT_DYNAMIC) dynamic = v.getUint32(phoff + 32 * i + 4, true);
    assert.ok(dynamic > 0, 'the image has PT_DYNAMIC');
    let renamed = 0;
    for (let off = dynamic; v.getUint32(off, true) !== 0; off += 8) {
      if (v.getUint32(off, true) !== DT_HASH) continue;
      const frame = pages.imageFrames[Math.floor(off / PAGE)]!;
      new DataView(kernel.mem.u8.buffer, kernel.mem.u8.byteOffset).setUint32(frame + (off % PAGE), DT_LOOS, true);
      renamed++;
    }
    assert.equal(renamed, 1, 'exactly one DT_HASH entry');
  }
  let clockSyscalls = 0;
  kernel.tracer.on((e) => { if (e.kind === 'syscall' && CLOCK_SYSCALLS.has(e.name)) clockSyscalls++; }, ['syscall']);
  const status = kernel.run(kernel.spawn(program, [program, ...argv], ['LANG=C']));
  return { status, output: out(), clockSyscalls };
}

test('without DT_HASH nothing can find the vDSO\'s symbols: vdso_parse reports them missing, glibc makes syscalls',
  { skip: missing(VDSO_PARSE, VDSO_CLOCK) }, () => {
    // Control: the same in-process kernel, image untouched.
    const intact = runInKernel(VDSO_PARSE, [], false);
    assert.equal(intact.status, 0, intact.output);
    const clockIntact = runInKernel(VDSO_CLOCK, ['200'], false);
    assert.equal(clockIntact.clockSyscalls, 0);

    const parse = runInKernel(VDSO_PARSE, [], true);
    assert.equal(parse.status >> 8, 1, 'vdso_parse fails');
    assert.match(parse.output, /^DT_HASH: no$/m);
    for (const name of LINUX_EXPORTS) assert.match(parse.output, new RegExp(`^${name}: missing$`, 'm'));
    const clock = runInKernel(VDSO_CLOCK, ['200'], true);
    assert.equal(clock.status, 0, clock.output);
    assert.equal(clock.clockSyscalls, 2 * 200 + 2, 'glibc found no vDSO function and made every reading a syscall');
  });

// ------------------------------------------------------------------------------------------ the dumped image

test('vdso --dump: readelf and objdump read it without complaint; .dynsym\'s __vdso_sync_dicache is the CPU\'s variant',
  { skip: binutilsMissing() ?? (existsSync(TRAPGATE_CLI) ? false : 'the CLI is not built') }, () => {
    const dir = tempDir();
    for (const coherent of [false, true]) {
      const file = join(dir, coherent ? 'vdso-coherent.so' : 'vdso.so');
      const dump = spawnSync(process.execPath, [TRAPGATE_CLI, 'vdso', '--dump', file, ...(coherent ? ['--coherent-icache'] : [])], { encoding: 'utf8' });
      assert.equal(dump.status, 0, dump.stderr);

      const dyn = binutil('readelf', ['--dyn-syms', '-W', file]);
      assert.equal(dyn.status, 0, dyn.stderr);
      const row = dyn.stdout.split('\n').map((l) => /^\s*\d+:\s+([0-9a-f]{8})\s+\d+\s+FUNC\s+GLOBAL\s+\S+\s+\d+\s+__vdso_sync_dicache@@LINUX_2\.6$/.exec(l)).find((m) => m);
      assert.ok(row, `__vdso_sync_dicache@@LINUX_2.6 in:\n${dyn.stdout}`);
      const exported = parseInt(row[1]!, 16);
      const local = (name: string) => {
        const s = symbols(file, '.symtab').find((x) => x.name === name);
        assert.ok(s && s.bind === 'LOCAL' && s.type === 'FUNC', `${name} is a local function in .symtab`);
        return s.value;
      };
      const synci = local('__vdso_sync_dicache_synci');
      const coherentValue = local('__vdso_sync_dicache_coherent');
      assert.notEqual(synci, coherentValue);
      assert.equal(exported, coherent ? coherentValue : synci, coherent ? 'coherent CPU: _coherent' : 'default CPU: _synci');

      const all = binutil('readelf', ['-a', '-W', file]);
      assert.equal(all.status, 0);
      assert.deepEqual(complaints(all), [], 'readelf -a -W');
      const objdump = binutil('objdump', ['-d', '-T', file]);
      assert.equal(objdump.status, 0);
      assert.deepEqual([...complaints(objdump), ...objdump.stdout.split('\n').filter((l) => l.includes('(bad)'))], [], 'objdump -d -T');
    }
  });

// ------------------------------------------------------------------------------------------ layout

const MAPS_ORDER = ['rw-p [heap]', 'rwxp [stack]', 'r-xp (anonymous)', 'r--p [vvar]', 'r-xp [vdso]'];

interface Layout { stackTop: number; vvar: number; vdso: number; vdsoEnd: number; ehdr: number; lines: string[] }

/** maps_self's "addresses" output: the special mappings, with STACK_TOP (the dsemul page) and the vDSO. */
function layout(r: RunResult): Layout {
  const out = lines(r);
  const area = (suffix: string) => {
    const m = out.map((l) => /^([0-9a-f]{8})-([0-9a-f]{8}) (.*)$/.exec(l)).find((x) => x && x[3] === suffix);
    assert.ok(m, `a line "${suffix}" in\n${out.join('\n')}`);
    return { start: parseInt(m[1]!, 16), end: parseInt(m[2]!, 16) };
  };
  const ehdr = /^AT_SYSINFO_EHDR 0x([0-9a-f]+)$/m.exec(out.join('\n'));
  assert.ok(ehdr);
  const dsemul = area('r-xp (anonymous)');
  assert.equal(dsemul.end - dsemul.start, PAGE);
  return {
    stackTop: dsemul.start, vvar: area('r--p [vvar]').start, vdso: area('r-xp [vdso]').start,
    vdsoEnd: area('r-xp [vdso]').end, ehdr: parseInt(ehdr[1]!, 16),
    lines: out.filter((l) => /^[0-9a-f]{8}-/.test(l)).map((l) => l.slice(18)),
  };
}

test('/proc/self/maps: [heap] < [stack] < dsemul page (r-xp) < [vvar] (r--p) < [vdso] (r-xp), as in §4.3',
  { skip: missing(MAPS_SELF) }, async () => {
    const r = await runUnderTrapgate(MAPS_SELF, []);
    assert.equal(r.status, 0, r.stderr);
    const out = lines(r);
    assert.deepEqual(out.slice(0, MAPS_ORDER.length), MAPS_ORDER);
    assert.deepEqual(out.slice(MAPS_ORDER.length).filter((l) => !l.endsWith(': yes')), [], out.join('\n'));
    assert.equal(out.length, MAPS_ORDER.length + 5);
  });

test('AT_SYSINFO_EHDR is the first auxv entry, the rest in create_elf_tables order (reference §2.1)',
  { skip: missing(AUXV_ORDER) }, async () => {
    const r = await runUnderTrapgate(AUXV_ORDER, []);
    assert.equal(r.status, 0, r.stderr);
    const m = /^auxv types: ([\d ]+)$/m.exec(r.stdout.toString());
    assert.ok(m, r.stdout.toString());
    const types = m[1]!.split(' ').map(Number);
    assert.equal(types[0], 33, 'AT_SYSINFO_EHDR first (MIPS ARCH_DLINFO)');
    // §2.1: HWCAP PAGESZ CLKTCK PHDR PHENT PHNUM BASE FLAGS ENTRY UID EUID GID EGID SECURE RANDOM, (no HWCAP2 on
    // MIPS) EXECFN, (no AT_PLATFORM for a generic MIPS32r2) BASE_PLATFORM, then AT_RSEQ_FEATURE_SIZE/ALIGN on 6.3+
    // kernels with CONFIG_RSEQ, then AT_NULL.
    const core = [16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23, 25, 31, 24];
    const rest = types.slice(1);
    assert.ok(
      JSON.stringify(rest) === JSON.stringify([...core, 0]) || JSON.stringify(rest) === JSON.stringify([...core, 27, 28, 0]),
      `auxv order ${types.join(' ')}`,
    );
    assert.deepEqual(lines(r).filter((l) => /: no\b/.test(l)), []);
    assert.match(r.stdout.toString(), /^AT_BASE_PLATFORM: mips32r2$/m);
    assert.match(r.stdout.toString(), /^AT_SYSINFO_EHDR: an ELF header$/m);
  });

test('--seed fixes the vDSO address; different seeds move it within 1 MiB above STACK_TOP + 4096',
  { skip: missing(MAPS_SELF, AUXV_ORDER) }, async () => {
    const seeded = (seed: number, program = MAPS_SELF, args = ['addresses']) =>
      runUnderTrapgate(program, args, { trapgateOptions: ['--seed', String(seed)] });
    const [a, b] = await Promise.all([seeded(7), seeded(7)]);
    assert.equal(a.status, 0, a.stderr);
    assert.deepEqual(layout(a), layout(b), 'same seed, same layout');
    const ehdrByAuxv = await Promise.all([seeded(7, AUXV_ORDER, ['ehdr']), seeded(7, AUXV_ORDER, ['ehdr'])]);
    assert.equal(ehdrByAuxv[0].stdout.toString(), ehdrByAuxv[1].stdout.toString(), 'auxv_order: same seed, same AT_SYSINFO_EHDR');
    assert.match(ehdrByAuxv[0].stdout.toString(), /^AT_SYSINFO_EHDR 0x[0-9a-f]{8}\n$/);

    const seeds = [1, 2, 3, 4, 5, 6, 8, 9];
    const layouts = (await Promise.all(seeds.map((s) => seeded(s)))).map(layout);
    for (const l of [layout(a), ...layouts]) {
      assert.equal(l.ehdr, l.vdso, 'AT_SYSINFO_EHDR is the [vdso] mapping');
      assert.equal(l.vvar + PAGE, l.vdso, '[vvar] is the page below [vdso]');
      assert.equal(l.vdso % PAGE, 0);
      // vdso_base() = STACK_TOP + PAGE_SIZE + PAGE_ALIGN(random < 1 MiB) (arch/mips/kernel/vdso.c, reference §4.3).
      const offset = l.vvar - (l.stackTop + PAGE);
      assert.ok(offset >= 0 && offset <= MIB, `[vvar] ${l.vvar.toString(16)} is ${offset} bytes above STACK_TOP + 4096`);
      assert.ok(l.vdsoEnd <= TASK_SIZE);
    }
    // A page offset chosen at random among ~256: a repeat among 8 seeds is possible but more than 3 would be absurd.
    const distinct = new Set(layouts.map((l) => l.vdso));
    assert.ok(distinct.size >= seeds.length - 3, `addresses for seeds ${seeds.join(',')}: ${[...distinct].map((x) => x.toString(16)).join(' ')}`);
  });

test('STACK_TOP leaves room for the vDSO, its data page and the 1 MiB of randomisation below TASK_SIZE (mips_stack_top)',
  { skip: missing(MAPS_SELF) }, async () => {
    // arch/mips/kernel/process.c mips_stack_top() (reference §4.3): (TASK_SIZE & PAGE_MASK) - PAGE_SIZE (dsemul page)
    // - PAGE_ALIGN(vdso size) - PAGE_SIZE (data page) - (GIC page: none) - VDSO_RANDOMIZE_SIZE (PF_RANDOMIZE), no
    // colour slack without D-cache aliases. The vDSO size is the [vdso] mapping's.
    const l = layout(await runUnderTrapgate(MAPS_SELF, ['addresses'], { trapgateOptions: ['--seed', '7'] }));
    const vdsoSize = l.vdsoEnd - l.vdso;
    assert.equal(l.stackTop, TASK_SIZE - PAGE - vdsoSize - PAGE - MIB);
  });
