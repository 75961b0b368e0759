/**
 * `npm run bench`: guest instructions per second of Trapgate's interpreter on CPU-bound guests, each timed beside
 * qemu-mipsel running the same binary with the same arguments in the same run, printed as a table with the ratio.
 *
 * Instruction counts come from Trapgate (`--stats-json`); qemu runs the same program, so the same count is used for
 * its rate. Wall time includes process start-up for both; workloads are sized so that start-up is small.
 *
 * Further sections (`node dist/bench/run.js SECTION...` runs only the ones named): `clock` (clock_gettime through
 * the vDSO against the system call), `compiler` (block compiler against the interpreter), and `sched` (the SMP
 * scheduler: context-switch cost, futex wake-to-run latency in machine and host time, and how run time grows with
 * threads per CPU; guests pingpong, wakelat and threadwork).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COST } from '../src/kernel/sched/cost-model.js';

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

function runQemu(binary: string, args: string[]): { seconds: number; stdout: string } {
  const start = process.hrtime.bigint();
  const stdout = execFileSync('qemu-mipsel', [binary, ...args], { encoding: 'utf8' });
  return { seconds: seconds(start), stdout };
}

const mips = (insns: number, s: number) => (insns / s / 1e6).toFixed(1);

interface TrapgateRun { instructions: number; seconds: number; syscalls: number; stdout: string }

/** One Trapgate run (`options` go before the program): wall time with start-up, its --stats-json counts, its output. */
function runTrapgate(binary: string, args: string[], options: string[] = []): TrapgateRun {
  const stats = join(mkdtempSync(join(tmpdir(), 'trapgate-bench-')), 'stats.json');
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [CLI, 'run', ...options, '--stats-json', stats, binary, ...args], { encoding: 'utf8' });
  const wall = seconds(start);
  const s = JSON.parse(readFileSync(stats, 'utf8')) as { instructions: number; syscalls: number };
  return { instructions: s.instructions, seconds: wall, syscalls: s.syscalls, stdout };
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
    const runs = Array.from({ length: REPEAT }, () => runTrapgate(binary, [mode, String(calls)]));
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
  printTable(rows);
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
    const i = runTrapgate(binary, w.args, ['--no-jit']);
    const c = runTrapgate(binary, w.args);
    rows.push([w.name, i.seconds.toFixed(2), mips(i.instructions, i.seconds), c.seconds.toFixed(2), mips(c.instructions, c.seconds),
      `${(i.seconds / c.seconds).toFixed(1)}x`]);
  }
  console.log('\nBlock compiler vs interpreter (--no-jit):');
  printTable(rows);
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
  printTable(rows);
  if (!qemu) console.log('(qemu-mipsel not installed: no comparison)');
  console.log('\nWorkloads:');
  for (const w of WORKLOADS) console.log(`  ${w.name.padEnd(8)} ${w.args.join(' ').padEnd(8)} ${w.what}`);
}

/** Prints rows as columns padded to the widest cell, right-aligned (the first row is the heading). */
function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

/** One run's --stats-json with the scheduler's figures, the host CPU time it took, and the guest's output. */
interface SchedRun {
  instructions: number;
  syscalls: number;
  /** The run itself (from the start of the guest to its exit), without Node's start-up: --stats-json's seconds. */
  seconds: number;
  machineNs: number;
  contextSwitches: number;
  preemptions: number;
  migrations: number;
  cpus: Array<{ id: number; instructions: number; idleNs: number; switches: number }>;
  /**
   * Host CPU time (user + system) of the whole trapgate process, Node's start-up and its helper threads included:
   * unlike `seconds`, it does not grow when other programs compete for the host's cores.
   */
  cpuSeconds: number;
  stdout: string;
}

/**
 * Loaded into the trapgate process with `node --import` (before the CLI): writes the process's CPU time to the file
 * named by its URL's `out` parameter when the process exits.
 */
const CPU_TIME_HOOK = `import { writeFileSync } from 'node:fs';
const out = new URL(import.meta.url).searchParams.get('out');
process.on('exit', () => { const u = process.cpuUsage(); writeFileSync(out, String((u.user + u.system) / 1e6)); });
`;
let cpuTimeHook: string | undefined;

function schedRun(name: string, options: string[], args: string[]): SchedRun {
  const dir = mkdtempSync(join(tmpdir(), 'trapgate-bench-'));
  if (cpuTimeHook === undefined) {
    cpuTimeHook = join(dir, 'cpu-time.mjs');
    writeFileSync(cpuTimeHook, CPU_TIME_HOOK);
  }
  const stats = join(dir, 'stats.json'), cpu = join(dir, 'cpu-seconds');
  const hook = `${pathToFileURL(cpuTimeHook).href}?out=${encodeURIComponent(cpu)}`;
  const stdout = execFileSync(process.execPath,
    ['--import', hook, CLI, 'run', ...options, '--stats-json', stats, join(BUILD, name), ...args], { encoding: 'utf8' });
  const s = JSON.parse(readFileSync(stats, 'utf8')) as Omit<SchedRun, 'stdout' | 'cpuSeconds'>;
  return { ...s, cpuSeconds: Number(readFileSync(cpu, 'utf8')), stdout };
}

/** The run with the median host time of `repeat`, with the median host CPU time of them all. */
function medianRun(repeat: number, run: () => SchedRun): SchedRun {
  const runs = Array.from({ length: repeat }, run);
  const cpu = runs.map((r) => r.cpuSeconds).sort((a, b) => a - b)[repeat >> 1]!;
  return { ...runs.sort((a, b) => a.seconds - b.seconds)[repeat >> 1]!, cpuSeconds: cpu };
}

/**
 * The SMP scheduler (src/kernel/sched/): what a context switch, a futex wake and a crowded CPU cost, in host time
 * and in machine time (the cost model's, sched/cost-model.ts). Host time is each run's own (--stats-json seconds,
 * without Node's start-up); host CPU time is the trapgate process's, which a busy host disturbs less. Seeded runs
 * (--seed 1, which also makes the guest's clock virtual) give the same instructions, switches and machine time every
 * time; only host time varies.
 */
function schedSection(): void {
  const missing = ['pingpong', 'wakelat', 'threadwork'].filter((name) => !existsSync(join(BUILD, name)));
  if (missing.length > 0) {
    console.log(`\nsched: guests ${missing.join(', ')} not built (make -C guests)`);
    return;
  }
  const REPEAT = 3;
  /** Section 3's runs are short and CPU-bound: more of them steady the median on a busy host. */
  const REPEAT_WORK = 5;

  // 1. Context switches: pingpong's two threads hand a token back and forth through one futex word. Per handoff is
  // the marginal cost between N1 and N2 handoffs, so that start-up and the block compiler's warm-up cancel out.
  {
    const N1 = 50_000, N2 = 250_000;
    let twoCpuSyscalls = 0;
    const rows = [['cpus', 'host ns/handoff', 'host CPU ns/handoff', 'guest insns/handoff', 'syscalls/handoff', 'switches/handoff',
      'machine ns/handoff']];
    for (const cpus of [1, 2]) {
      const options = ['--cpus', String(cpus), '--seed', '1'];
      const at = (n: number): SchedRun => {
        const r = medianRun(REPEAT, () => schedRun('pingpong', options, [String(n)]));
        if (r.stdout.trim() !== String(n)) throw new Error(`pingpong ${n}: unexpected output ${JSON.stringify(r.stdout)}`);
        return r;
      };
      const few = at(N1), many = at(N2);
      const per = (f: (r: SchedRun) => number, digits: number) => ((f(many) - f(few)) / (N2 - N1)).toFixed(digits);
      if (cpus === 2) twoCpuSyscalls = (many.syscalls - few.syscalls) / (N2 - N1);
      rows.push([String(cpus), per((r) => r.seconds * 1e9, 0), per((r) => r.cpuSeconds * 1e9, 0), per((r) => r.instructions, 1),
        per((r) => r.syscalls, 2), per((r) => r.contextSwitches, 3), per((r) => r.machineNs, 0)]);
    }
    console.log(`\nContext switch: pingpong, two threads handing a token back and forth through a futex (one FUTEX_WAKE and one`);
    console.log(`FUTEX_WAIT per handoff), --seed 1; per handoff between ${N1} and ${N2} handoffs (median of ${REPEAT} runs):`);
    printTable(rows);
    console.log('(on 1 CPU every handoff switches from one thread to the other; on 2 each thread has a CPU of its own, which');
    console.log(' idles while it sleeps: waking it there is a switch from the idle task, as in Linux' + (twoCpuSyscalls < 1.5
      ? ';\n a woken thread often finds the token back before it would sleep, so fewer system calls)' : ')'));
  }

  // 2. Futex wake-to-run latency, measured by the guest with clock_gettime(CLOCK_MONOTONIC) through the vDSO.
  // Per-round figures are the difference against a run of no rounds (start-up and the guest's own statistics).
  {
    const ROUNDS = 10_000;
    const rows = [['clock', 'cpus', 'mean ns', 'median ns', 'missed', 'guest insns/round', 'syscalls/round', 'switches/round',
      'repeatable']];
    for (const clock of ['virtual', 'real'] as const) {
      for (const cpus of [1, 2]) {
        const options = ['--cpus', String(cpus), '--clock', clock, ...(clock === 'virtual' ? ['--seed', '1'] : [])];
        const parse = (r: SchedRun): number[] => {
          const fields = r.stdout.trim().split(/\s+/).map(Number);
          if (fields.length !== 4 || fields.some((f) => !Number.isFinite(f))) {
            throw new Error(`wakelat: unexpected output ${JSON.stringify(r.stdout)}`);
          }
          return fields;
        };
        const base = schedRun('wakelat', options, ['0']);
        const run = schedRun('wakelat', options, [String(ROUNDS)]);
        const [measured, mean, median, missed] = parse(run);
        if (measured! + missed! !== ROUNDS) throw new Error(`wakelat: ${measured} + ${missed} rounds, not ${ROUNDS}`);
        // A seeded run on virtual time must repeat exactly: the same output and the same instruction count.
        let repeatable = '-';
        if (clock === 'virtual') {
          const again = schedRun('wakelat', options, [String(ROUNDS)]);
          repeatable = again.stdout === run.stdout && again.instructions === run.instructions && again.machineNs === run.machineNs
            ? 'yes' : `NO (${again.stdout.trim()})`;
        }
        const per = (f: (r: SchedRun) => number, digits: number) => ((f(run) - f(base)) / ROUNDS).toFixed(digits);
        rows.push([clock, String(cpus), String(mean), String(median), String(missed), per((r) => r.instructions, 1),
          per((r) => r.syscalls, 2), per((r) => r.contextSwitches, 2), repeatable]);
      }
    }
    console.log(`\nFutex wake-to-run latency: wakelat, ${ROUNDS} rounds; the waker reads CLOCK_MONOTONIC (vDSO) just before`);
    console.log('FUTEX_WAKE, the woken thread right after its FUTEX_WAIT returns. virtual: machine time (--seed 1, cost model);');
    console.log('real: host time. Per round against a run of no rounds; repeatable: a second seeded run printed the same:');
    printTable(rows);
    console.log('(a round is: the sleeper announces itself and waits, the waker sleeps 50 us, reads the clock and wakes it;');
    console.log(' missed: rounds whose FUTEX_WAKE found no sleeper, left out; on 2 CPUs the woken thread runs on the other');
    console.log(' CPU, which idled meanwhile: a switch from the idle task, no preemption of the waker)');
  }

  // 3. Threads per CPU: a fixed total of work divided among T threads on 2 CPUs.
  {
    const ITEMS = 100_000_000, CPUS = 2;
    const options = ['--cpus', String(CPUS), '--seed', '1'];
    // Node's start-up and the guest's (one thread, no items): taken out of the CPU time for the ratio.
    const startup = medianRun(REPEAT_WORK, () => schedRun('threadwork', options, ['1', '0'])).cpuSeconds;
    const rows = [['threads', 'host s', 'host CPU s', 'CPU vs 1 thread', 'guest insns', 'switches', 'preemptions', 'migrations',
      'machine ms', 'ideal machine ms', 'CPU idle %']];
    let first: SchedRun | undefined;
    for (const threads of [1, 2, 4, 8, 16, 32]) {
      const r = medianRun(REPEAT_WORK, () => schedRun('threadwork', options, [String(threads), String(ITEMS)]));
      first ??= r;
      if (r.stdout !== first.stdout) throw new Error(`threadwork ${threads}: sum ${r.stdout.trim()}, not ${first.stdout.trim()}`);
      // Every instruction on the fewest CPUs the threads can keep busy, nothing else (no kernel work, no idling).
      const ideal = (r.instructions * COST.INSTRUCTION_NS) / Math.min(threads, CPUS);
      const idle = r.cpus.reduce((n, c) => n + c.idleNs, 0) / (r.machineNs * r.cpus.length);
      rows.push([String(threads), r.seconds.toFixed(2), r.cpuSeconds.toFixed(2),
        `${((r.cpuSeconds - startup) / (first.cpuSeconds - startup)).toFixed(2)}x`, String(r.instructions),
        String(r.contextSwitches), String(r.preemptions), String(r.migrations), (r.machineNs / 1e6).toFixed(1),
        (ideal / 1e6).toFixed(1), (idle * 100).toFixed(1)]);
    }
    console.log(`\nThreads per CPU: threadwork, ${ITEMS} hash items in all (fixed total work) divided evenly among T threads,`);
    console.log(`--cpus ${CPUS}, --quantum 200000 (default), --seed 1 (median of ${REPEAT_WORK} runs):`);
    printTable(rows);
    console.log(`(host CPU s includes ${startup.toFixed(2)} s of start-up, left out of "CPU vs 1 thread";`);
    console.log(` ideal machine ms: instructions x ${COST.INSTRUCTION_NS} ns spread over min(T, ${CPUS}) CPUs;`);
    console.log(' the guest\'s sum is checked to be the same for every T)');
  }
}

const SECTIONS: Record<string, () => void> = {
  qemu: qemuSection, clock: clockCallSection, compiler: compilerSection, sched: schedSection,
};

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
