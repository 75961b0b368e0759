/**
 * Every virtual CPU has its own Cpu: its own exception state (EPC, BadVAddr, ...) and number, while the decode and the
 * compiled code are shared through one CodeCache. Compiled code reads the CPU it runs on (rdhwr $0) through the
 * cache's seat, so a trace compiled on one CPU reports the other's number when that one runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Cpu, type CpuConfig } from '../../src/cpu/interpreter.js';
import { CodeCache } from '../../src/cpu/code-cache.js';
import { Exit } from '../../src/cpu/exit.js';
import { CpuState } from '../../src/cpu/state.js';
import { AddressSpace } from '../../src/mm/address-space.js';
import { PAGE_SIZE, PhysicalMemory } from '../../src/mm/physical.js';
import { Perm } from '../../src/mm/vma.js';
import { build, TEXT } from './lockstep.js';

const SOURCE = `
  .text
  .globl _start
_start:
  li $9, 2000
loop:
  rdhwr $8, $0
  addiu $9, $9, -1
  bnez $9, loop
  nop
  syscall
faults:
  lui $10, 0x5000
  lw $11, 0x234($10)
`;

function machine(): { mem: PhysicalMemory; as: AddressSpace; cpus: Cpu[]; faultsAt: number } {
  const program = build(SOURCE);
  const mem = new PhysicalMemory(1 << 20, 64 << 20);
  const as = new AddressSpace(mem);
  as.map({ start: TEXT, end: TEXT + PAGE_SIZE, perm: Perm.Read | Perm.Exec, maxPerm: Perm.Read | Perm.Exec, shared: false, growsDown: false, name: 'text' });
  as.write(TEXT, program.text, true);
  const code = new CodeCache(mem);
  const config: CpuConfig = { hwrEna: 1, cpuNumber: 0, synciStep: 32, readCounter: () => 0, jit: true, jitThreshold: 1 };
  const cpus = [new Cpu(mem, code, config, 0), new Cpu(mem, code, config, 1)];
  return { mem, as, cpus, faultsAt: TEXT + 6 * 4 };
}

function runToExit(cpu: Cpu, st: CpuState, as: AddressSpace): Exit {
  for (;;) {
    const exit = cpu.run(st, as, 100_000);
    if (exit === Exit.PageFault && cpu.access === Perm.Exec) continue;
    if (exit === Exit.PageFault && as.handleFault(cpu.badVAddr, cpu.access) === 0) continue;
    return exit;
  }
}

test("one CPU's exception does not overwrite another's exception state", () => {
  const { as, cpus, faultsAt } = machine();
  const a = new CpuState();
  a.pc = faultsAt;
  const b = new CpuState();
  b.pc = TEXT;
  const [cpu0, cpu1] = cpus as [Cpu, Cpu];
  assert.equal(cpu0.run(a, as, 10), Exit.PageFault);
  assert.equal(cpu0.badVAddr >>> 0, 0x50000234);
  const epc0 = cpu0.epc;
  assert.equal(runToExit(cpu1, b, as), Exit.Syscall);
  assert.equal(cpu1.epc, faultsAt - 4);
  // CPU 0 still describes its own fault.
  assert.equal(cpu0.epc, epc0);
  assert.equal(cpu0.badVAddr >>> 0, 0x50000234);
  assert.equal(cpu0.access, Perm.Read);
});

test('compiled code is shared by the CPUs and reads the number of the one running it', () => {
  const { as, cpus } = machine();
  const [cpu0, cpu1] = cpus as [Cpu, Cpu];
  assert.equal(cpu0.cpuNumber, 0);
  assert.equal(cpu1.cpuNumber, 1);
  const a = new CpuState();
  a.pc = TEXT;
  assert.equal(runToExit(cpu0, a, as), Exit.Syscall);
  assert.equal(a.r[8], 0);
  const compiled = cpu0.compiledBlocks;
  assert.ok(compiled > 0, 'the loop was compiled');
  const b = new CpuState();
  b.pc = TEXT;
  assert.equal(runToExit(cpu1, b, as), Exit.Syscall);
  assert.equal(b.r[8], 1, 'rdhwr $0 in the shared trace reads CPU 1');
  assert.equal(cpu1.compiledBlocks, compiled, 'CPU 1 ran the traces CPU 0 compiled');
});
