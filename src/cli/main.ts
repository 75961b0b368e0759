#!/usr/bin/env node
/**
 * The `trapgate` command: run a MIPS program (like qemu-user), disassemble one, or run the built-in demo.
 * Options come before the program; everything after the program belongs to the guest.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createNodeHost } from '../host/node-host.js';
import { DEFAULT_CONFIG, ExecError, Kernel, MAX_CPUS, type KernelConfig } from '../kernel/kernel.js';
import { formatSyscallLine } from '../kernel/trace/strace-format.js';
import { formatTraceEvent } from '../kernel/trace/text-format.js';
import { signalDescription } from '../abi/signals.js';
import { decodeWaitStatus, shellStatus } from '../kernel/exit-status.js';
import { disassembleCommand } from './disasm-command.js';
import { demoCommand } from './demo-command.js';
import { assembleCommand } from './as-command.js';
import { vdsoCommand } from './vdso-command.js';
import { HELP } from './help.js';
import { lookupProgram, rootProblem } from '../kernel/exec/program-lookup.js';

const RUN_OPTIONS = {
  strace: { type: 'boolean' },
  trace: { type: 'boolean' },
  root: { type: 'string' },
  E: { type: 'string', multiple: true, short: 'E' },
  U: { type: 'string', multiple: true, short: 'U' },
  'max-insns': { type: 'string' },
  'stats-json': { type: 'string' },
  'no-fpu': { type: 'boolean' },
  'cpu-no-user-counter': { type: 'boolean' },
  'coherent-icache': { type: 'boolean' },
  'no-jit': { type: 'boolean' },
  seed: { type: 'string' },
  sigreturn: { type: 'string' },
  cpus: { type: 'string' },
  quantum: { type: 'string' },
  clock: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Splits argv at the first word that is not an option (or an option's value): the program. */
function splitAtProgram(args: string[]): { options: string[]; program?: string; guestArgs: string[] } {
  const withValue = new Set(['--root', '-E', '-U', '--max-insns', '--stats-json', '--seed', '--sigreturn', '--cpus', '--quantum', '--clock']);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return { options: args.slice(0, i), program: args[i + 1], guestArgs: args.slice(i + 2) };
    if (!a.startsWith('-')) return { options: args.slice(0, i), program: a, guestArgs: args.slice(i + 1) };
    if (withValue.has(a)) i++;
  }
  return { options: args, guestArgs: [] };
}

function fail(message: string, status = 2): never {
  process.stderr.write(`trapgate: ${message}\n`);
  process.exit(status);
}

function runCommand(args: string[]): number {
  const { options, program, guestArgs } = splitAtProgram(args);
  let parsed;
  try {
    parsed = parseArgs({ args: options, options: RUN_OPTIONS, allowPositionals: false }).values;
  } catch (e) {
    fail(`${(e as Error).message}\nTry 'trapgate --help'.`);
  }
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!program) fail("run: missing program\nTry 'trapgate --help'.");

  const env = new Map(Object.entries(process.env).filter((kv): kv is [string, string] => kv[1] !== undefined));
  for (const name of parsed.U ?? []) env.delete(name);
  for (const assignment of parsed.E ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) fail(`-E expects VAR=VALUE, got '${assignment}'`);
    env.set(assignment.slice(0, eq), assignment.slice(eq + 1));
  }
  let maxInstructions: number | undefined;
  if (parsed['max-insns'] !== undefined) {
    maxInstructions = Number(parsed['max-insns']);
    if (!Number.isSafeInteger(maxInstructions) || maxInstructions <= 0) fail('--max-insns expects a positive integer');
  }

  let seed: bigint | undefined;
  if (parsed.seed !== undefined) {
    if (!/^\d+$/.test(parsed.seed)) fail('--seed expects a non-negative integer');
    seed = BigInt(parsed.seed);
  }
  const sigreturn = parsed.sigreturn ?? 'vdso';
  if (sigreturn !== 'vdso' && sigreturn !== 'stack') fail("--sigreturn expects 'vdso' or 'stack'");
  const cpus = parsed.cpus === undefined ? DEFAULT_CONFIG.cpus : Number(parsed.cpus);
  if (!Number.isInteger(cpus) || cpus < 1 || cpus > MAX_CPUS) fail(`--cpus expects a number of CPUs from 1 to ${MAX_CPUS}`);
  const quantum = parsed.quantum === undefined ? DEFAULT_CONFIG.quantum : Number(parsed.quantum);
  if (!Number.isSafeInteger(quantum) || quantum <= 0) fail('--quantum expects a positive number of instructions');
  // A seeded run is reproducible only if time is too: --seed implies virtual time unless --clock real is given.
  const clock = parsed.clock ?? (seed !== undefined ? 'virtual' : 'real');
  if (clock !== 'real' && clock !== 'virtual') fail("--clock expects 'real' or 'virtual'");

  const config: KernelConfig = {
    ...DEFAULT_CONFIG,
    root: parsed.root ?? '/',
    hardwareFpu: !parsed['no-fpu'],
    userCounter: !parsed['cpu-no-user-counter'],
    coherentIcache: parsed['coherent-icache'] === true,
    sigreturn,
    cpus,
    quantum,
    interleave: Math.min(DEFAULT_CONFIG.interleave, quantum),
    clock,
    ...(seed !== undefined ? { seed } : {}),
    uid: process.getuid?.() ?? 0,
    gid: process.getgid?.() ?? 0,
    ...(maxInstructions !== undefined ? { maxInstructions } : {}),
  };
  const host = createNodeHost();
  const badRoot = rootProblem(host.fs, config.root);
  if (badRoot !== undefined) fail(`--root ${config.root}: ${badRoot}`);
  const kernel = new Kernel(host, config);
  if (parsed['no-jit']) kernel.cpu.config.jit = false;
  const encoder = new TextEncoder();
  if (parsed.strace) {
    kernel.tracer.on((e) => { if (e.kind === 'syscall') host.stderr.write(encoder.encode(`${formatSyscallLine(e)}\n`)); }, ['syscall']);
  }
  if (parsed.trace) kernel.tracer.on((e) => host.stderr.write(encoder.encode(`${formatTraceEvent(e)}\n`)));

  const started = process.hrtime.bigint();
  let status: number;
  // 127 and 126 as shells and env(1) use them: no such program, and a program that cannot be run.
  const hostPath = lookupProgram(kernel.paths, host.fs, program);
  if (hostPath === undefined) fail(`${program}: no such file`, 127);
  try {
    const proc = kernel.spawn(hostPath, [program, ...guestArgs], [...env].map(([k, v]) => `${k}=${v}`), program);
    status = kernel.run(proc);
  } catch (e) {
    if (e instanceof ExecError) fail(`${program}: ${e.message}`, 126);
    throw e;
  }
  if (parsed['stats-json']) {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stats = {
      instructions: kernel.stats.instructions, seconds, syscalls: kernel.stats.syscalls,
      vvarUpdates: kernel.vvarStats.updates, vvarRaces: kernel.vvarStats.races, ...kernel.schedStats,
    };
    writeFileSync(parsed['stats-json'], `${JSON.stringify(stats)}\n`);
  }
  if (kernel.deadlock) process.stderr.write(`trapgate: every thread is blocked with nothing to wake it (${kernel.deadlock})\n`);
  if (kernel.outOfMemory) process.stderr.write(`trapgate: out of guest memory (limit ${kernel.mem.maxBytes >>> 20} MiB)\n`);
  if (kernel.instructionLimitReached) {
    process.stderr.write(`trapgate: stopped after ${maxInstructions} instructions (--max-insns)\n`);
  }
  const end = decodeWaitStatus(status);
  if (end.kind === 'killed') process.stderr.write(`${signalDescription(end.signal)}${end.coreDumped ? ' (core dumped)' : ''}\n`);
  return shellStatus(end);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run': return runCommand(rest);
    case 'disasm': return disassembleCommand(rest);
    case 'demo': return demoCommand(rest);
    case 'as': return assembleCommand(rest);
    case 'vdso': return vdsoCommand(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    case '--version':
      process.stdout.write('trapgate 0.1.0\n');
      return 0;
    default:
      fail(`unknown command '${command}'\nTry 'trapgate --help'.`);
  }
}

process.exitCode = main(process.argv.slice(2));
