/**
 * LL/SC across the turns of the SMP scheduler. The virtual CPUs take turns on one host thread, sharing one Cpu
 * object: a thread's turn can end between its `ll` and its `sc`, and other threads (other CPUs) run before it
 * resumes. On hardware the turn's end is an exception (a timer interrupt) and `eret` clears LLbit, so the `sc` fails
 * and the loop retries (MIPS32 PRA: "LLbit is cleared by ERET"; MIPS32 ISA, SC: "If ... an ERET instruction was
 * executed between the LL and SC, the SC fails"). Trapgate models that by clearing the link at the start of every
 * Cpu.run, in the interpreter and in the block compiler alike (docs/architecture.md, "LL/SC").
 *
 * A bare machine (CPU, memory, one code page, one data word; no kernel) runs the retry loop
 *     loop: ll t0, 0(a0); addiu t0, t0, 1; sc t0, 0(a0); beqz t0, loop; nop; syscall
 * with budgets chosen so that a run ends exactly after the `ll`. The truths are the ISA's: an `sc` after an
 * uninterrupted `ll` succeeds (t0 = 1) and stores; one after a run boundary fails (t0 = 0) and stores nothing; and
 * the increments of two threads taking turns are never lost.
 *
 * Then the same through the whole system: guests/c/atomic_counter.c has 4 threads add 200000 each with
 * __atomic_fetch_add, a compare-and-swap loop and a spin lock (all ll/sc loops), on 4 CPUs taking turns every ~50
 * instructions (--quantum 50 lowers the interleaving step to 50). The totals must be exact; the unsynchronised
 * counter it also keeps must have lost updates, which shows that the turns really did split read-modify-write
 * sequences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cpu, type CpuConfig } from '../../../src/cpu/interpreter.js';
import { CodeCache } from '../../../src/cpu/code-cache.js';
import { Exit } from '../../../src/cpu/exit.js';
import { CpuState } from '../../../src/cpu/state.js';
import { AddressSpace, FaultResult } from '../../../src/mm/address-space.js';
import { PAGE_SIZE, PhysicalMemory } from '../../../src/mm/physical.js';
import { Perm } from '../../../src/mm/vma.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const CODE = 0x00400000;
const DATA = 0x10000000;
const T0 = 8;
const A0 = 4;

// Encoded by hand from the MIPS32 instruction formats (I-type: opcode rs rt imm16).
const i = (op: number, rs: number, rt: number, imm: number): number => ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
const PROGRAM = [
  i(0x30, A0, T0, 0), // 0  ll    t0, 0(a0)
  i(0x09, T0, T0, 1), // 4  addiu t0, t0, 1
  i(0x38, A0, T0, 0), // 8  sc    t0, 0(a0)
  i(0x04, T0, 0, -4), // 12 beqz  t0, loop   (beq t0, zero, -4 words from the delay slot)
  0x00000000, //         16 nop
  0x0000000c, //         20 syscall (the end)
];

type Mode = { name: string; jit: boolean };
const MODES: Mode[] = [{ name: 'interpreter', jit: false }, { name: 'block compiler', jit: true }];

class Machine {
  readonly mem = new PhysicalMemory(1 << 20, 16 << 20);
  readonly as = new AddressSpace(this.mem);
  readonly cpu: Cpu;

  constructor(jit: boolean) {
    const area = (start: number, perm: Perm) => this.as.map({ start, end: start + PAGE_SIZE, perm, maxPerm: perm, shared: false, growsDown: false, name: '' });
    area(CODE, Perm.Read | Perm.Exec);
    area(DATA, Perm.Read | Perm.Write);
    const bytes = new Uint8Array(PROGRAM.length * 4);
    const view = new DataView(bytes.buffer);
    PROGRAM.forEach((w, k) => view.setUint32(4 * k, w, true));
    this.as.write(CODE, bytes, true);
    const config: CpuConfig = { hwrEna: 0, cpuNumber: 0, synciStep: 32, readCounter: () => 0, jit, jitThreshold: 1 };
    this.cpu = new Cpu(this.mem, new CodeCache(this.mem), config);
  }

  thread(): CpuState {
    const st = new CpuState();
    st.r[A0] = DATA;
    st.pc = CODE;
    return st;
  }

  get word(): number {
    return new DataView(this.as.read(DATA, 4).buffer).getUint32(0, true);
  }

  set word(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v, true);
    this.as.write(DATA, b);
  }

  /** One run (one turn) of at most `budget` instructions; page faults are resolved as the kernel would. */
  run(st: CpuState, budget: number): { exit: Exit; retired: number } {
    let retired = 0;
    for (;;) {
      const exit = this.cpu.run(st, this.as, budget - retired);
      retired += this.cpu.retired;
      if (exit !== Exit.PageFault) return { exit, retired };
      assert.equal(this.as.handleFault(this.cpu.badVAddr >>> 0, this.cpu.access), FaultResult.Resolved);
    }
  }

  /** Runs the thread to its syscall (the loop's end), in one run. */
  finish(st: CpuState): void {
    assert.equal(this.run(st, 1000).exit, Exit.Syscall);
    st.pc = CODE; // start over next time
  }
}

for (const { name, jit } of MODES) {
  test(`${name}: an ll and sc in one run succeed; an sc in the run after its ll's run fails and stores nothing`, () => {
    const m = new Machine(jit);
    const a = m.thread();
    m.word = 41;
    // Warm up: the loop runs whole (and, with the block compiler at threshold 1, is compiled).
    m.finish(a);
    assert.equal(m.word, 42);
    // ll, addiu, sc in one run: the sc succeeds.
    assert.deepEqual(m.run(a, 3), { exit: Exit.BudgetExhausted, retired: 3 });
    assert.equal(a.r[T0], 1, 'sc in the same run as its ll');
    assert.equal(m.word, 43);
    m.finish(a);
    // The run ends right after the ll: the sc, in the next run, fails.
    a.pc = CODE;
    assert.deepEqual(m.run(a, 1), { exit: Exit.BudgetExhausted, retired: 1 });
    assert.equal(a.pc >>> 0, CODE + 4);
    assert.deepEqual(m.run(a, 2), { exit: Exit.BudgetExhausted, retired: 2 });
    assert.equal(a.r[T0], 0, 'sc in the run after its ll must fail');
    assert.equal(m.word, 43, 'a failed sc stores nothing');
    // The loop retries and adds exactly one.
    m.finish(a);
    assert.equal(m.word, 44);
  });

  test(`${name}: another thread's turn between ll and sc, ending with its own ll on the same word, loses no update`, () => {
    const m = new Machine(jit);
    const a = m.thread();
    const b = m.thread();
    m.word = 100;
    m.finish(a);
    m.finish(b);
    assert.equal(m.word, 102);
    // A loads 102 and its turn ends.
    a.pc = CODE;
    m.run(a, 1);
    // B (another CPU) increments the word to 103, then starts again and its turn ends after its ll: the link now
    // guards this very word, as if A's ll had never been interrupted.
    b.pc = CODE;
    assert.deepEqual(m.run(b, 5), { exit: Exit.BudgetExhausted, retired: 5 });
    assert.equal(b.r[T0], 1);
    assert.equal(m.word, 103);
    b.pc = CODE;
    m.run(b, 1);
    // A resumes: its sc must fail, or it would store its stale 103 over B's 103 (B's increment lost).
    m.run(a, 2);
    assert.equal(a.r[T0], 0, 'A\'s sc after the turns of another thread must fail');
    assert.equal(m.word, 103);
    m.finish(a);
    assert.equal(m.word, 104);
    // B resumes too: its sc fails (A wrote the word since its ll), and its retry counts.
    m.run(b, 2);
    assert.equal(b.r[T0], 0);
    m.finish(b);
    assert.equal(m.word, 105);
  });

  test(`${name}: two threads taking turns of 1 to 12 instructions (varied) count exactly`, () => {
    const m = new Machine(jit);
    m.word = 0;
    const threads = [m.thread(), m.thread()];
    const done = [0, 0];
    const ROUNDS = 200;
    let seed = 12345;
    const nextTurn = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return 1 + ((seed >>> 16) % 12);
    };
    let failures = 0;
    for (let turns = 0; done[0]! < ROUNDS || done[1]! < ROUNDS; turns++) {
      assert.ok(turns < 100_000, `no progress: ${done.join(', ')} increments`);
      threads.forEach((st, k) => {
        if (done[k]! >= ROUNDS) return;
        let turn = nextTurn();
        if ((st.pc >>> 0) === CODE + 8) {
          // The turn starts at the sc (its ll ran in an earlier turn): the sc fails and stores nothing.
          const before = m.word;
          m.run(st, 1);
          assert.equal(st.r[T0], 0, 'an sc at the start of a run fails');
          assert.equal(m.word, before);
          failures++;
          if (--turn === 0) return;
        }
        const r = m.run(st, turn);
        if (r.exit === Exit.Syscall) {
          done[k]!++;
          st.pc = CODE;
        }
      });
    }
    assert.equal(m.word, 2 * ROUNDS);
    assert.ok(failures > 0, 'some runs began at an sc');
  });
}

const ATOMIC_COUNTER = join(REPO_ROOT, 'guests/build/c/atomic_counter');
const TOTAL = 4 * 200_000;

for (const { name, options } of [{ name: 'block compiler', options: [] }, { name: 'interpreter', options: ['--no-jit'] }]) {
  test(`atomic_counter on 4 CPUs interleaving every ~50 instructions (${name}): exact totals, lost plain updates`,
    { skip: existsSync(ATOMIC_COUNTER) ? false : `${ATOMIC_COUNTER} not built (make -C guests)`, timeout: 120_000 }, async () => {
      const r = await runUnderTrapgate(ATOMIC_COUNTER, ['report'], { trapgateOptions: ['--cpus', '4', '--quantum', '50', ...options], timeoutMs: 110_000 });
      assert.equal(r.status, 0, r.stderr);
      const out = r.stdout.toString();
      for (const what of ['__atomic_fetch_add', 'compare-and-swap', 'spin-locked']) {
        assert.match(out, new RegExp(`^${what} total ${TOTAL} \\(expected ${TOTAL}\\)$`, 'm'), out);
      }
      const plain = Number(/^plain counter (\d+)$/m.exec(out)?.[1]);
      assert.ok(plain > 0 && plain < TOTAL, `plain counter ${plain}: the threads never interleaved inside an increment`);
    });
}
