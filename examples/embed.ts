/**
 * Trapgate as a library, in one page: build a tiny MIPS program with Trapgate's own assembler and linker, run it on a
 * machine with a fixed seed, collect its output and its system calls, and read how it ended.
 *
 *   npm ci && node dist/examples/embed.js
 *
 * (A program built by mipsel-linux-gnu-gcc loads the same way: machine.load('./hello', ['arg']).)
 */
import { Machine, linkExecutable, type TraceEvent } from '../src/index.js';
import { createNodeHost } from '../src/node.js';

const program = linkExecutable(`
        .set    noreorder
        .text
        .globl  __start
__start:
        li      $a0, 1                  # write(1, greeting, length)
        la      $a1, greeting
        li      $a2, greeting_end - greeting
        li      $v0, 4004
        syscall
        li      $a0, 3                  # exit_group(3)
        li      $v0, 4246
        syscall
        .data
greeting:
        .ascii  "hello from MIPS\\n"
greeting_end:
`);

const output: string[] = [];
const calls: string[] = [];
const machine = new Machine({
  host: createNodeHost(),
  seed: 1,
  stdout: (bytes) => output.push(new TextDecoder().decode(bytes)),
});
machine.onTrace((e: TraceEvent) => { if (e.kind === 'syscall') calls.push(e.name); }, ['syscall']);
machine.load(program);
const end = machine.run();

process.stdout.write(`guest printed: ${output.join('')}`);
process.stdout.write(`system calls: ${calls.join(', ')}\n`);
process.stdout.write(end.kind === 'exited' ? `exited with code ${end.exitCode}` : `killed by ${end.signalName}`);
process.stdout.write(` after ${end.instructions} instructions\n`);
