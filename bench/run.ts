/**
 * `npm run bench`: guest instructions per second of Trapgate's interpreter on CPU-bound guests, each timed beside
 * qemu-mipsel running the same binary with the same arguments in the same run, printed as a table with the ratio.
 *
 * Instruction counts come from Trapgate (`--stats-json`); qemu runs the same program, so the same count is used for
 * its rate. Wall time includes process start-up for both; workloads are sized so that start-up is small.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/src/cli/main.js');
const BUILD = join(ROOT, 'guests/build/bench');

interface Workload { name: string; args: string[]; what: string }
const WORKLOADS: Workload[] = [
  { name: 'crc32', args: ['60'], what: 'bitwise CRC-32 over 64 KiB' },
  { name: 'intloop', args: ['6000000'], what: 'integer multiply/divide/shift hash' },
  { name: 'sort', args: ['6'], what: 'qsort + quicksort of 100k ints' },
  { name: 'strmem', args: ['8000'], what: 'memcpy/memmove/memset/strlen/strcmp' },
];

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function hasQemu(): boolean {
  return spawnSync('qemu-mipsel', ['-version']).status === 0;
}

function runTrapgate(binary: string, args: string[]): { instructions: number; seconds: number; stdout: string } {
  const stats = join(mkdtempSync(join(tmpdir(), 'trapgate-bench-')), 'stats.json');
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [CLI, 'run', '--stats-json', stats, binary, ...args], { encoding: 'utf8' });
  const wall = seconds(start);
  const s = JSON.parse(readFileSync(stats, 'utf8')) as { instructions: number };
  return { instructions: s.instructions, seconds: wall, stdout };
}

function runQemu(binary: string, args: string[]): { seconds: number; stdout: string } {
  const start = process.hrtime.bigint();
  const stdout = execFileSync('qemu-mipsel', [binary, ...args], { encoding: 'utf8' });
  return { seconds: seconds(start), stdout };
}

const mips = (insns: number, s: number) => (insns / s / 1e6).toFixed(1);

interface TrapgateRun { instructions: number; seconds: number; syscalls: number }

function statsOf(binary: string, args: string[]): TrapgateRun {
  const stats = join(mkdtempSync(join(tmpdir(), 'trapgate-bench-')), 'stats.json');
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, [CLI, 'run', '--stats-json', stats, binary, ...args], { encoding: 'utf8' });
  const wall = seconds(start);
  const s = JSON.parse(readFileSync(stats, 'utf8')) as { instructions: number; syscalls: number };
  return { instructions: s.instructions, seconds: wall, syscalls: s.syscalls };
}

/**
 * clock_gettime through the vDSO against the clock_gettime64 system call: host time and guest instructions per call.
 *
 * Per call is the marginal cost: the difference between a run of N2 and a run of N1 calls, divided by N2 - N1, so
 * that process start-up and the block compiler's one-time warm-up (the first few thousand calls run in the
 * interpreter) cancel out. Each run is repeated and the median taken. The cost of the first N1 calls including that
 * warm-up (against a run with no calls) is printed beside it.
 */
function clockCallSection(): void {
  const binary = join(BUILD, 'clockcall');
  if (!existsSync(binary)) return;
  const N1 = 100_000, N2 = 1_100_000, REPEAT = 3;
  const median = (mode: string, calls: number): TrapgateRun => {
    const runs = Array.from({ length: REPEAT }, () => statsOf(binary, [mode, String(calls)]));
    runs.sort((a, b) => a.seconds - b.seconds);
    return runs[REPEAT >> 1]!;
  };
  const rows = [['path', 'host ns/call', 'guest insns/call', 'syscalls/call', `ns/call over the first ${N1} (with warm-up)`]];
  const perCall: Record<string, number> = {};
  for (const mode of ['vdso', 'syscall']) {
    const none = median(mode, 0);
    const few = median(mode, N1);
    const many = median(mode, N2);
    const ns = ((many.seconds - few.seconds) * 1e9) / (N2 - N1);
    perCall[mode] = ns;
    rows.push([mode, ns.toFixed(0), ((many.instructions - few.instructions) / (N2 - N1)).toFixed(1),
      ((many.syscalls - few.syscalls) / (N2 - N1)).toFixed(2), (((few.seconds - none.seconds) * 1e9) / N1).toFixed(0)]);
  }
  console.log(`\nclock_gettime(CLOCK_MONOTONIC), per call between ${N1} and ${N2} calls (median of ${REPEAT} runs):`);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
  console.log(`vDSO advantage: ${(perCall.syscall! / perCall.vdso!).toFixed(1)}x faster per call`);
}

/**
 * The block compiler against the interpreter (`--no-jit`) on the same workloads: wall time of the whole run (process
 * start-up included, the compiler's warm-up too) and the speed-up.
 */
function compilerSection(): void {
  const rows = [['workload', 'interpreter s', 'M insn/s', 'compiled s', 'M insn/s', 'speed-up']];
  for (const w of WORKLOADS) {
    const binary = join(BUILD, w.name);
    const timed = (extra: string[]): TrapgateRun => {
      const stats = join(mkdtempSync(join(tmpdir(), 'trapgate-bench-')), 'stats.json');
      const start = process.hrtime.bigint();
      execFileSync(process.execPath, [CLI, 'run', ...extra, '--stats-json', stats, binary, ...w.args], { encoding: 'utf8' });
      const wall = seconds(start);
      const s = JSON.parse(readFileSync(stats, 'utf8')) as { instructions: number; syscalls: number };
      return { instructions: s.instructions, seconds: wall, syscalls: s.syscalls };
    };
    const i = timed(['--no-jit']);
    const c = timed([]);
    rows.push([w.name, i.seconds.toFixed(2), mips(i.instructions, i.seconds), c.seconds.toFixed(2), mips(c.instructions, c.seconds),
      `${(i.seconds / c.seconds).toFixed(1)}x`]);
  }
  console.log('\nBlock compiler vs interpreter (--no-jit):');
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

function qemuSection(): void {
  const qemu = hasQemu();
  const rows = [['workload', 'guest insns', 'trapgate s', 'trapgate M insn/s', 'qemu s', 'qemu M insn/s', 'qemu/trapgate']];
  for (const w of WORKLOADS) {
    const binary = join(BUILD, w.name);
    const t = runTrapgate(binary, w.args);
    if (qemu) {
      const q = runQemu(binary, w.args);
      if (q.stdout !== t.stdout) throw new Error(`${w.name}: output differs between Trapgate and qemu-mipsel`);
      rows.push([w.name, String(t.instructions), t.seconds.toFixed(2), mips(t.instructions, t.seconds),
        q.seconds.toFixed(2), mips(t.instructions, q.seconds), `${(t.seconds / q.seconds).toFixed(1)}x`]);
    } else {
      rows.push([w.name, String(t.instructions), t.seconds.toFixed(2), mips(t.instructions, t.seconds), '-', '-', '-']);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
  if (!qemu) console.log('(qemu-mipsel not installed: no comparison)');
  console.log('\nWorkloads:');
  for (const w of WORKLOADS) console.log(`  ${w.name.padEnd(8)} ${w.args.join(' ').padEnd(8)} ${w.what}`);
}

const SECTIONS: Record<string, () => void> = { qemu: qemuSection, clock: clockCallSection, compiler: compilerSection };

/** `npm run bench [-- SECTION...]`: every section, or the ones named. */
function main(): void {
  if (!existsSync(BUILD)) {
    console.error('benchmark guests are missing: run `make -C guests` (needs gcc-mipsel-linux-gnu)');
    process.exit(1);
  }
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in SECTIONS));
  if (unknown.length > 0) {
    console.error(`unknown bench section ${unknown.join(', ')}; sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  for (const [name, section] of Object.entries(SECTIONS)) if (wanted.length === 0 || wanted.includes(name)) section();
}

main();
