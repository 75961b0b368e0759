/**
 * Turns random sequences (fuzz-gen.ts) into one static FP32 mipsel program, and reads back what it prints.
 *
 * Each sequence becomes an assembly function that loads a random initial state (GPRs, HI, LO, FCSR, all 32 FPRs)
 * from a table, points BASE at the middle of the scratch buffer and IDX at an offset in it, runs the sequence, and
 * stores the final state into the words its caller passed. main copies the sequence's initial bytes into the scratch
 * buffer before the call and prints, per sequence, one line: `<index> <state words> <signal log> <buffer words>`.
 *
 * The binary is built with -mfp32, so qemu-mipsel runs it with FR=0 like Trapgate (it picks FR=1 for FPXX binaries).
 * Overflow and trap exceptions reach a SIGFPE/SIGTRAP handler that logs the signal and the interrupted pc, then
 * resumes at the next word (for an exception in a delay slot Linux reports the branch, so the slot runs once more,
 * outside the branch: deterministic on both).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BASE, IDX, MEM_BYTES } from './fuzz-gen-core.js';
import { CHECKPOINT_WORD, sequence, sequenceText } from './fuzz-gen.js';
import { value } from './insn-gen-fpu.js';
import { CC, CFLAGS } from './insn-program.js';
import { hex32, Rng } from './insn-case.js';

/** State words stored at the end: r0..r31 (r26, r27, r29 stored as 0), HI, LO, FCSR, f0..f31. */
export const STATE_NAMES: readonly string[] = [
  ...Array.from({ length: 32 }, (_, r) => `$${r}`), 'HI', 'LO', 'FCSR', ...Array.from({ length: 32 }, (_, i) => `$f${i}`),
];
const HI = 32, LO = 33, FCSR = 34, FPR0 = 35;
/**
 * Everything a line holds after the index, in order; then the number of checkpoints passed and a hash of the state at
 * each (see CHECKPOINT in fuzz-gen.ts), at most MAX_CHECKPOINTS of them.
 */
export const OUTPUT_NAMES: readonly string[] = [
  ...STATE_NAMES, 'signals', ...Array.from({ length: MEM_BYTES / 4 }, (_, i) => `mem[${i * 4 - MEM_BYTES / 2}]`),
];
export const MAX_CHECKPOINTS = 128;
/**
 * Each sequence runs PASSES times in a row from the same initial state, so that under the block compiler its blocks
 * run interpreted first, then compiled into traces that span several blocks (with registers in locals) once they
 * pass the compile threshold. Output line `k` is pass `k % PASSES` of sequence `k / PASSES`.
 */
export const PASSES = 3;

export interface FuzzProgram {
  name: string;
  seed: number;
  /** Initial state, in STATE_NAMES order. */
  init: number[];
  /** Initial scratch buffer, as words. */
  mem: number[];
  real: string[];
  ref: string[];
}

export interface ProgramShape {
  length: number;
  /** Probability that an item is followed by a branch (and its slot). */
  branchiness: number;
  /** Probability that a result is used at once (fuzz-gen-use.ts). */
  uses: number;
  /** State checkpoints at block boundaries. */
  checkpoints: boolean;
}

export function makeProgram(seed: number, index: number, shape: ProgramShape): FuzzProgram {
  const rng = new Rng(seed);
  const init: number[] = [];
  for (let r = 0; r < 32; r++) init.push(r === 0 || r === 26 || r === 27 || r === 29 ? 0 : rng.word());
  init[IDX] = (rng.int(9) - 4) * 8; // BASE + IDX stays 8-aligned, inside the buffer
  init.push(rng.word(), rng.word());
  init.push((rng.int(4) | (rng.int(32) << 2) | (rng.int(32) << 12) | (rng.u32() & 0xfe800000)) >>> 0);
  for (let p = 0; p < 16; p++) {
    // A double in the pair, or two singles.
    const [lo, hi] = rng.chance(0.5) ? value(rng, 'd') : [value(rng, 's')[0], value(rng, 's')[0]];
    init.push(lo >>> 0, hi! >>> 0);
  }
  const mem = Array.from({ length: MEM_BYTES / 4 }, () => rng.word());
  const name = `fz_${index}`;
  const items = sequence(rng, shape.length, shape.branchiness, shape.uses);
  const real = sequenceText(rng, items, name, { ref: false, checkpoints: shape.checkpoints });
  const ref = sequenceText(rng, items, name, { ref: true, targets: real.targets, checkpoints: shape.checkpoints });
  return { name, seed, init, mem, real: real.lines, ref: ref.lines };
}

// Frame: [0,16) o32 argument area, then ra, the callee-saved GPRs, the output pointer, FCSR, a spill slot, f20..f31.
const SAVED = [31, 16, 17, 18, 19, 20, 21, 22, 23, 28, 30];
const O_SAVED = 16;
const O_OUT = O_SAVED + 4 * SAVED.length;
const O_FCSR = O_OUT + 4;
const O_SPILL = O_FCSR + 4;
const O_FPR = (O_SPILL + 4 + 7) & ~7;
const FRAME = O_FPR + 6 * 8;

function functionText(p: FuzzProgram, ref: boolean): string[] {
  const out = [
    '.pushsection .text.fuzz,"ax",@progbits', '.align 2', '.set push', '.set noreorder', '.set noat', '.set arch=mips32r2', '.option pic0',
    `.globl ${p.name}`, `.type ${p.name}, @function`, `${p.name}:`, `addiu $sp, $sp, -${FRAME}`,
  ];
  SAVED.forEach((r, k) => out.push(`sw $${r}, ${O_SAVED + 4 * k}($sp)`));
  for (let k = 0; k < 6; k++) out.push(`sdc1 $f${20 + 2 * k}, ${O_FPR + 8 * k}($sp)`);
  out.push(`sw $4, ${O_OUT}($sp)`, 'cfc1 $2, $31', `sw $2, ${O_FCSR}($sp)`);
  // Initial state from the table `<name>_init`, $1 (the table pointer) last.
  out.push(`lui $1, %hi(${p.name}_init)`, `addiu $1, $1, %lo(${p.name}_init)`);
  out.push(`lw $2, ${4 * HI}($1)`, 'mthi $2', `lw $2, ${4 * LO}($1)`, 'mtlo $2', `lw $2, ${4 * FCSR}($1)`, 'ctc1 $2, $31');
  for (let i = 0; i < 32; i++) out.push(`lwc1 $f${i}, ${4 * (FPR0 + i)}($1)`);
  for (let r = 2; r < 32; r++) if (r !== 26 && r !== 27 && r !== 29 && r !== BASE) out.push(`lw $${r}, ${4 * r}($1)`);
  out.push(`lui $${BASE}, %hi(fz_mem+${MEM_BYTES / 2})`, `addiu $${BASE}, $${BASE}, %lo(fz_mem+${MEM_BYTES / 2})`);
  out.push('lw $1, 4($1)');
  out.push(...(ref ? p.ref : p.real));
  // Final state into the caller's words.
  out.push(`sw $1, ${O_SPILL}($sp)`, `lw $1, ${O_OUT}($sp)`);
  for (let r = 2; r < 32; r++) if (r !== 26 && r !== 27 && r !== 29) out.push(`sw $${r}, ${4 * r}($1)`);
  out.push(`lw $2, ${O_SPILL}($sp)`, 'sw $2, 4($1)', 'mfhi $2', `sw $2, ${4 * HI}($1)`, 'mflo $2', `sw $2, ${4 * LO}($1)`,
    'cfc1 $2, $31', `sw $2, ${4 * FCSR}($1)`);
  for (let i = 0; i < 32; i++) out.push(`swc1 $f${i}, ${4 * (FPR0 + i)}($1)`);
  out.push(`lw $2, ${O_FCSR}($sp)`, 'ctc1 $2, $31');
  for (let k = 0; k < 6; k++) out.push(`ldc1 $f${20 + 2 * k}, ${O_FPR + 8 * k}($sp)`);
  SAVED.forEach((r, k) => out.push(`lw $${r}, ${O_SAVED + 4 * k}($sp)`));
  out.push('jr $31', `addiu $sp, $sp, ${FRAME}`, `.size ${p.name}, .-${p.name}`, '.option pic2', '.set pop', '.popsection');
  return out;
}

const words = (ws: readonly number[]): string => ws.map((w) => `${hex32(w)}u`).join(',');

/** The C source of a batch; `ref` selects qemu's variant of each sequence. */
export function cSource(programs: readonly FuzzProgram[], ref: boolean): string {
  const n = STATE_NAMES.length;
  const lines = [
    '/* Generated by test/isa/fuzz.test.ts; see test/isa/fuzz-program.ts. */',
    '#include <signal.h>', '#include <stdint.h>', '#include <stdio.h>', '#include <stdlib.h>', '#include <string.h>',
    '#include <ucontext.h>',
    `unsigned char fz_mem[${MEM_BYTES}] __attribute__((aligned(8)));`,
    'static volatile uint32_t fz_signals;',
    `static uint32_t fz_log[${MAX_CHECKPOINTS}];`,
    'static volatile unsigned fz_nlog;',
    '/* A checkpoint: a hash of the interrupted GPRs (not k0, k1, sp), HI, LO and the scratch buffer. */',
    'static void checkpoint(const mcontext_t *mc)',
    '{',
    '    uint32_t h = 0x811c9dc5u, w;',
    '    for (int r = 0; r < 32; r++)',
    '        if (r != 26 && r != 27 && r != 29) h = (h ^ (uint32_t)mc->gregs[r]) * 0x01000193u;',
    '    h = (h ^ (uint32_t)mc->mdhi) * 0x01000193u;',
    '    h = (h ^ (uint32_t)mc->mdlo) * 0x01000193u;',
    '    for (unsigned k = 0; k < sizeof fz_mem; k += 4) { memcpy(&w, fz_mem + k, 4); h = (h ^ w) * 0x01000193u; }',
    `    if (fz_nlog < ${MAX_CHECKPOINTS}) fz_log[fz_nlog] = h;`,
    '    fz_nlog++;',
    '}',
    'static void on_signal(int sig, siginfo_t *si, void *ctx)',
    '{',
    '    ucontext_t *uc = ctx;',
    '    (void)si;',
    `    if (sig == SIGTRAP && *(const uint32_t *)(uintptr_t)uc->uc_mcontext.pc == ${hex32(CHECKPOINT_WORD)}u) {`,
    '        checkpoint(&uc->uc_mcontext);',
    '        uc->uc_mcontext.pc += 4;',
    '        return;',
    '    }',
    '    fz_signals = fz_signals * 31u + (uint32_t)sig;',
    '    fz_signals = fz_signals * 31u + (uint32_t)uc->uc_mcontext.pc;',
    '    uc->uc_mcontext.pc += 4;',
    '}',
    'typedef void fz_fn(uint32_t *);',
  ];
  programs.forEach((p) => {
    lines.push(`const uint32_t ${p.name}_init[${n}] = {${words(p.init)}};`);
    lines.push(`static const uint32_t ${p.name}_mem[${p.mem.length}] = {${words(p.mem)}};`);
    lines.push('__asm__(', ...functionText(p, ref).map((l) => `  "${l.replace(/"/g, '\\"')}\\n"`), ');', `extern fz_fn ${p.name};`);
  });
  lines.push(
    `static fz_fn *const FNS[] = {${programs.map((p) => p.name).join(', ')}};`,
    `static const uint32_t *const MEMS[] = {${programs.map((p) => `${p.name}_mem`).join(', ')}};`,
    'int main(int argc, char **argv)',
    '{',
    '    struct sigaction sa;',
    '    memset(&sa, 0, sizeof sa);',
    '    sa.sa_sigaction = on_signal;',
    '    sa.sa_flags = SA_SIGINFO | SA_NODEFER;',
    '    sigaction(SIGFPE, &sa, NULL);',
    '    sigaction(SIGTRAP, &sa, NULL);',
    '    setvbuf(stdout, NULL, _IOFBF, 1 << 16);',
    '    unsigned first = 0, last = sizeof FNS / sizeof FNS[0];',
    '    if (argc > 1) { first = (unsigned)atoi(argv[1]); last = first + 1; }',
    '    for (unsigned i = first; i < last; i++) {',
    `      for (unsigned pass = 0; pass < ${PASSES}; pass++) {`,
    `        uint32_t out[${n}], mem[${MEM_BYTES / 4}];`,
    '        memset(out, 0, sizeof out);',
    '        memcpy(fz_mem, MEMS[i], sizeof fz_mem);',
    '        fz_signals = 0;',
    '        fz_nlog = 0;',
    '        FNS[i](out);',
    '        memcpy(mem, fz_mem, sizeof mem);',
    `        printf("%u", i * ${PASSES} + pass);`,
    `        for (unsigned k = 0; k < ${n}; k++) printf(" %08x", (unsigned)out[k]);`,
    '        printf(" %08x", (unsigned)fz_signals);',
    `        for (unsigned k = 0; k < ${MEM_BYTES / 4}; k++) printf(" %08x", (unsigned)mem[k]);`,
    '        printf(" %u", fz_nlog);',
    `        for (unsigned k = 0; k < fz_nlog && k < ${MAX_CHECKPOINTS}; k++) printf(" %08x", (unsigned)fz_log[k]);`,
    '        putchar(\'\\n\');',
    '      }',
    '    }',
    '    return 0;',
    '}',
  );
  return lines.join('\n') + '\n';
}

/** Compiles `source` into `dir/name` (static, FP32); resolves to the binary's path. */
export function compile(source: string, dir: string, name: string): Promise<string> {
  const src = path.join(dir, `${name}.c`);
  const bin = path.join(dir, name);
  writeFileSync(src, source);
  return new Promise((resolve, reject) => {
    const p = spawn(CC, [...CFLAGS, '-mfp32', '-o', bin, src], { stdio: ['ignore', 'ignore', 'pipe'] });
    const err: Buffer[] = [];
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (status) => (status === 0 ? resolve(bin) : reject(new Error(`${CC} failed on ${src}:\n${Buffer.concat(err).toString('utf8').slice(0, 4000)}`))));
  });
}
