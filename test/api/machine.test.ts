/**
 * The library entry point (src/index.ts, src/api/machine.ts) used as an embedder would: programs from bytes and
 * from paths, standard streams as sinks and sources, typed trace events, typed ends (exit code, signal), registers
 * and memory, determinism under a seed; and the runnable example of the README (examples/embed.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExecError, linkExecutable, Machine, type TraceEvent } from '../../src/index.js';
import { createNodeHost } from '../../src/node.js';
import { REPO_ROOT } from '../guests/run-guest.js';

const BUILD = path.join(REPO_ROOT, 'guests', 'build', 'c');
const built = (name: string): string | false => (existsSync(path.join(BUILD, name)) ? false : 'guests not built');

/** exit_group(code) after writing `text`, with a word `answer` in .data the program returns as its code if nonzero. */
function program(text: string): Uint8Array {
  return linkExecutable(`
        .set    noreorder
        .text
        .globl  __start
__start:
        li      $a0, 1
        la      $a1, msg
        li      $a2, ${new TextEncoder().encode(text).length}
        li      $v0, 4004
        syscall
        la      $t0, answer
        lw      $a0, 0($t0)
        li      $v0, 4246
        syscall
        .data
answer: .word   0
msg:    .ascii  "${text.replace(/\n/g, '\\n')}"
`);
}

function collect(): { sink: (b: Uint8Array) => void; text: () => string } {
  const parts: Uint8Array[] = [];
  return { sink: (b) => parts.push(b), text: () => Buffer.concat(parts).toString('utf8') };
}

test('a program from bytes: its output goes to the sink, its end is typed', () => {
  const out = collect();
  const m = new Machine({ host: createNodeHost(), seed: 1, stdout: out.sink });
  m.load(program('hi\n'));
  const end = m.run();
  assert.equal(out.text(), 'hi\n');
  assert.equal(end.kind, 'exited');
  assert.equal(end.kind === 'exited' && end.exitCode, 0);
  assert.ok(end.instructions > 5 && end.syscalls === 2, JSON.stringify(end));
});

test('memory is readable and writable before the run: the exit code comes from a word the embedder wrote', () => {
  const m = new Machine({ host: createNodeHost(), seed: 1, stdout: () => {} });
  const bytes = program('x');
  m.load(bytes);
  // The entry point's first instruction, as the ELF file has it.
  const pc = m.registers().pc >>> 0;
  const word = m.readMemory(pc, 4);
  assert.equal(word.length, 4);
  assert.ok(new Uint32Array(word.slice().buffer)[0] !== 0, 'code is mapped at the entry point');
  // `answer` is the first word of .data: the address `la $t0, answer` (lui, addiu: the 7th and 8th words) loads.
  const insn = (at: number): number => new DataView(m.readMemory(at, 4).buffer).getUint32(0, true);
  assert.equal(insn(pc + 24) >>> 26, 0x0f, 'lui');
  const hi = insn(pc + 24) & 0xffff, lo = (insn(pc + 28) << 16) >> 16;
  const answer = ((hi << 16) + lo) >>> 0;
  assert.deepEqual([...m.readMemory(answer, 4)], [0, 0, 0, 0]);
  m.writeMemory(answer, new Uint8Array([42, 0, 0, 0]));
  const end = m.run();
  assert.deepEqual({ kind: end.kind, code: end.kind === 'exited' ? end.exitCode : -1 }, { kind: 'exited', code: 42 });
  assert.throws(() => m.readMemory(0x10, 4), RangeError);
});

test('registers can be read and set', () => {
  const m = new Machine({ host: createNodeHost(), seed: 1 });
  m.load(program(''));
  const r = m.registers();
  assert.equal(r.gpr.length, 32);
  assert.equal(r.gpr[0], 0);
  assert.ok((r.gpr[29]! >>> 0) > 0x7f000000, 'the stack pointer is near the top of user space');
  m.setRegister(9, 1234);
  assert.equal(m.registers().gpr[9], 1234);
  m.setRegister(0, 5);
  assert.equal(m.registers().gpr[0], 0);
  assert.throws(() => m.setRegister(32, 1), RangeError);
});

test('a guest killed by a signal: kind, number and name', { skip: built('segv') }, () => {
  const m = new Machine({ host: createNodeHost(), seed: 1, stdout: () => {}, stderr: () => {} });
  m.load(path.join(BUILD, 'segv'));
  const end = m.run();
  assert.equal(end.kind, 'killed');
  if (end.kind === 'killed') {
    assert.equal(end.signal, 11);
    assert.equal(end.signalName, 'SIGSEGV');
  }
});

test('stdin from the embedder, trace events typed, and the same seed gives the same trace', { skip: built('stdin_sum') }, () => {
  const runOnce = (): { out: string; trace: string[] } => {
    const out = collect();
    const trace: string[] = [];
    const m = new Machine({ host: createNodeHost(), seed: 7, stdout: out.sink, stdin: 'line one\nline two\n' });
    m.onTrace((e: TraceEvent) => trace.push(`${e.kind}${e.kind === 'syscall' ? ` ${e.name} ${e.result}` : ''}`));
    m.load(path.join(BUILD, 'stdin_sum'));
    const end = m.run();
    assert.equal(end.kind, 'exited');
    return { out: out.text(), trace };
  };
  const a = runOnce();
  const b = runOnce();
  assert.match(a.out, /\d/);
  assert.ok(a.trace.some((l) => l.startsWith('syscall read')), 'the reads of stdin are traced');
  assert.equal(b.out, a.out);
  assert.deepEqual(b.trace, a.trace);
});

test('a program that cannot run is an ExecError', () => {
  const m = new Machine({ host: createNodeHost() });
  assert.throws(() => m.load(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 1])), ExecError);
});

test('the README example runs and prints what it says', () => {
  const example = path.join(REPO_ROOT, 'dist', 'examples', 'embed.js');
  const r = spawnSync(process.execPath, [example], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'guest printed: hello from MIPS\nsystem calls: write, exit_group\nexited with code 3 after 10 instructions\n');
});

test('an in-memory file tree is the guest\'s whole file system', { skip: built('fileio') }, () => {
  const out = collect();
  const bytes = readFileSync(path.join(BUILD, 'fileio'));
  const m = new Machine({
    host: createNodeHost(), seed: 3, stdout: out.sink, stderr: out.sink,
    files: { '/bin/fileio': { file: bytes, mode: 0o755 }, '/work': { dir: true, mode: 0o777 } },
  });
  m.load('/bin/fileio', ['/work']);
  const end = m.run();
  assert.deepEqual({ kind: end.kind, code: end.kind === 'exited' ? end.exitCode : -1 }, { kind: 'exited', code: 0 }, out.text());
  assert.match(out.text(), /\S/);
  // The same program on the host's file system prints the same.
  const host = collect();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trapgate-api-'));
  try {
    const h = new Machine({ host: createNodeHost(), seed: 3, stdout: host.sink, stderr: host.sink });
    h.load(path.join(BUILD, 'fileio'), [dir]);
    h.run();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(out.text().replaceAll('/work', 'DIR'), host.text().replaceAll(dir, 'DIR'));
});
