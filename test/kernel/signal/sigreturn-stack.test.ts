/**
 * Where a signal handler returns to. Linux puts the sigreturn trampoline (`li v0, __NR_sigreturn; syscall`) in
 * the vDSO, so handlers return even when the stack is not executable (reference linux-mips-abi.md §3.3-§3.4).
 * The historical design, `--sigreturn stack`, writes the trampoline into the frame's pad words (sf_pad /
 * rs_pad, 16 bytes into the frame: "Was: signal trampoline") and points $ra there: on a -z noexecstack
 * program the return then faults fetching the trampoline (SEGV_ACCERR at frame + 16) and the process dies.
 * Trapgate-only: qemu-mipsel has neither a vDSO nor this option.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runUnderTrapgate } from '../../guests/run-guest.js';

const SIGSEGV = 11;
const SEGV_ACCERR = 2;
/** Offset of sf_pad / rs_pad in struct sigframe / rt_sigframe (after u32 sf_ass[4]). */
const PAD_OFFSET = 16;

const guest = (name: string) => path.join(REPO_ROOT, 'guests', 'build', 'c', name);
const nx = guest('sig_handler_nx');
const execStack = guest('sig_frame');
const skipNx = !existsSync(nx) && 'guest sig_handler_nx not built (make -C guests)';
const skipExec = !existsSync(execStack) && 'guest sig_frame not built (make -C guests)';

test('--sigreturn stack: a handler returning on a non-executable stack dies fetching the trampoline from its frame', { skip: skipNx }, async () => {
  const r = await runUnderTrapgate(nx, [], { trapgateOptions: ['--sigreturn', 'stack', '--trace'] });
  assert.equal(r.status, 128 + SIGSEGV, r.stderr);
  assert.equal(r.stdout.toString('latin1'), 'raising SIGUSR1\n');
  const deliver = /^\[signal\] \d+\/\d+ SIGUSR1 deliver .*frame=0x([0-9a-f]{8})/m.exec(r.stderr);
  const kill = /^\[signal\] \d+\/\d+ SIGSEGV kill code=(-?\d+) addr=0x([0-9a-f]{8})/m.exec(r.stderr);
  assert.ok(deliver, `a deliver event for SIGUSR1 in:\n${r.stderr}`);
  assert.ok(kill, `a fatal SIGSEGV in:\n${r.stderr}`);
  assert.equal(Number(kill[1]), SEGV_ACCERR, 'the page is mapped, only not executable');
  assert.equal(parseInt(kill[2]!, 16), parseInt(deliver[1]!, 16) + PAD_OFFSET, 'the fetch faults at the trampoline in the frame');
  assert.doesNotMatch(r.stderr, /^\[signal\] .* return /m, 'sigreturn is never reached');
});

for (const option of [[], ['--sigreturn', 'vdso']]) {
  const label = option.length === 0 ? 'by default' : '--sigreturn vdso';
  test(`${label}: the same program returns from its handler through the vDSO trampoline`, { skip: skipNx }, async () => {
    const r = await runUnderTrapgate(nx, [], { trapgateOptions: [...option, '--trace'] });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.toString('latin1'), 'raising SIGUSR1\nthe handler ran 1 time(s) and returned\n');
    assert.match(r.stderr, /^\[signal\] \d+\/\d+ \S+ return frame=0x[0-9a-f]{8}$/m);
  });
}

test('--sigreturn stack on an executable stack: handlers return, and the frames look the same as with the vDSO', { skip: skipExec }, async () => {
  // sig_frame checks the trampoline words at $ra, every saved register and the frame placement from inside its
  // handlers (rt and old-style, process and alternate stack); only where $ra points differs between the modes.
  const [stack, vdso] = await Promise.all([
    runUnderTrapgate(execStack, [], { trapgateOptions: ['--sigreturn', 'stack'] }),
    runUnderTrapgate(execStack, [], { trapgateOptions: ['--sigreturn', 'vdso'] }),
  ]);
  assert.equal(stack.status, 0, stack.stderr);
  assert.equal(vdso.status, 0, vdso.stderr);
  assert.match(stack.stdout.toString('latin1'), /ra -> 0x24021061 0x0000000c/);
  assert.match(stack.stdout.toString('latin1'), /ra -> 0x24021017 0x0000000c/);
  assert.equal(stack.stdout.toString('latin1'), vdso.stdout.toString('latin1'));
});
