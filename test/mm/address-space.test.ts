/**
 * The address space against Linux's rules (mm/memory.c, mm/mmap.c): anonymous pages read as zero and are
 * populated on first touch; an access without permission is SEGV_ACCERR, no mapping SEGV_MAPERR; the stack
 * grows down only within RLIMIT_STACK and never into the guard gap; mprotect splits areas; brk moves the heap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AddressSpace, FaultResult, GuestFault } from '../../src/mm/address-space.js';
import { Frame, OutOfMemoryError, PAGE_SIZE, PhysicalMemory } from '../../src/mm/physical.js';
import { Perm } from '../../src/mm/vma.js';

const RW = Perm.Read | Perm.Write;
const ALL = Perm.Read | Perm.Write | Perm.Exec;

function space(): AddressSpace {
  const as = new AddressSpace(new PhysicalMemory(1 << 20, 64 << 20));
  as.mmapBase = 0x70000000;
  return as;
}

function anon(as: AddressSpace, start: number, end: number, perm: Perm, extra: Partial<{ growsDown: boolean; name: string }> = {}) {
  as.map({ start, end, perm, maxPerm: ALL, shared: false, growsDown: extra.growsDown ?? false, name: extra.name ?? '' });
}

test('anonymous memory is zero and populated on first touch', () => {
  const as = space();
  anon(as, 0x10000, 0x20000, RW);
  assert.equal(as.readMap[0x10], Frame.None, 'not populated before the first access');
  assert.deepEqual([...as.read(0x10ff0, 16)], new Array(16).fill(0));
  assert.notEqual(as.readMap[0x10], Frame.None, 'populated by the access');
  as.writeU32(0x10004, 0xdeadbeef);
  assert.equal(as.readU32(0x10004), 0xdeadbeef);
});

test('faults distinguish no mapping from no permission', () => {
  const as = space();
  anon(as, 0x10000, 0x11000, Perm.Read);
  assert.equal(as.handleFault(0x10000, Perm.Read), FaultResult.Resolved);
  assert.equal(as.handleFault(0x10000, Perm.Write), FaultResult.AccessError);
  assert.equal(as.handleFault(0x10000, Perm.Exec), FaultResult.AccessError);
  assert.equal(as.handleFault(0x30000, Perm.Read), FaultResult.MapError);
  assert.throws(() => as.writeU32(0x10000, 1), (e: unknown) => e instanceof GuestFault && e.result === FaultResult.AccessError);
  assert.throws(() => as.read(0x30000, 1), (e: unknown) => e instanceof GuestFault && e.result === FaultResult.MapError);
});

test('the stack grows down within its limit and not into the guard gap', () => {
  const as = space();
  anon(as, 0x10000, 0x11000, RW); // something far below
  anon(as, 0x7f000000, 0x7f001000, RW, { growsDown: true, name: '[stack]' });
  as.stackLimit = 1 << 20;
  assert.equal(as.handleFault(0x7effff00, Perm.Write), FaultResult.Resolved);
  assert.equal(as.findVma(0x7effff00)?.name, '[stack]');
  assert.equal(as.handleFault(0x7f001000 - (1 << 20) - 4, Perm.Write), FaultResult.MapError, 'beyond RLIMIT_STACK');
  const as2 = space();
  anon(as2, 0x7ef00000, 0x7ef80000, RW);
  anon(as2, 0x7f000000, 0x7f001000, RW, { growsDown: true });
  as2.stackLimit = 8 << 20;
  assert.equal(as2.handleFault(0x7ef80000 + 0x1000, Perm.Read), FaultResult.MapError, 'inside the 256-page guard gap');
});

test('mprotect splits an area and changes only the range', () => {
  const as = space();
  anon(as, 0x10000, 0x14000, RW);
  as.writeU32(0x11000, 7);
  assert.equal(as.protect(0x11000, 0x1000, Perm.Read), 'ok');
  assert.equal(as.areas.length, 3);
  assert.equal(as.readU32(0x11000), 7, 'contents survive');
  assert.equal(as.handleFault(0x11000, Perm.Write), FaultResult.AccessError);
  assert.equal(as.handleFault(0x12000, Perm.Write), FaultResult.Resolved);
  assert.equal(as.protect(0x11000, 0x1000, RW), 'ok');
  assert.equal(as.areas.length, 1, 'equal neighbours merge again');
  assert.equal(as.protect(0x20000, 0x1000, RW), 'unmapped');
});

test('brk grows and shrinks the heap, and never below its start', () => {
  const as = space();
  as.brkStart = as.brk = 0x500000;
  assert.equal(as.setBrk(0x500000 + 10000), 0x500000 + 10000);
  as.writeU32(0x500000 + 9996, 1);
  assert.equal(as.findVma(0x500000)?.name, '[heap]');
  assert.equal(as.setBrk(0x400000), 0x500000 + 10000, 'below the start: unchanged');
  assert.equal(as.setBrk(0x500000), 0x500000);
  assert.equal(as.findVma(0x500000), undefined);
});

test('brk beyond TASK_SIZE keeps the old break and every mapping (found by guests/c/sysfuzz.c)', () => {
  // mm/mmap.c brk: growth is checked by check_brk_limits (get_unmapped_area fails for an end above TASK_SIZE),
  // and a refused brk returns the old break. 0xfffffffe page-aligns to 0 in 32 bits; it once unmapped the
  // whole space below the heap, program text included.
  const as = space();
  anon(as, 0x400000, 0x401000, RW, { name: 'text' });
  as.brkStart = as.brk = 0x500000;
  for (const request of [0xfffffffe, 0xfffff001, 0xffffffff, 0x80000001, 0x80001000]) {
    assert.equal(as.setBrk(request), 0x500000, `brk(0x${request.toString(16)})`);
    assert.equal(as.findVma(0x400000)?.name, 'text', `brk(0x${request.toString(16)}) left the text mapped`);
  }
});

test('MADV_DONTNEED gives zero pages back; mremap moves pages without copying their contents wrong', () => {
  const as = space();
  anon(as, 0x10000, 0x12000, RW);
  as.writeU32(0x10000, 0x11111111);
  as.writeU32(0x11000, 0x22222222);
  as.discard(0x10000, 0x11000);
  assert.equal(as.readU32(0x10000), 0);
  assert.equal(as.readU32(0x11000), 0x22222222);
  as.move(0x10000, 0x2000, 0x40000);
  assert.equal(as.readU32(0x41000), 0x22222222);
  assert.equal(as.findVma(0x10000), undefined);
  assert.throws(() => as.read(0x11000, 4));
});

test('a write to a page with decoded code is routed through the kernel and invalidates the decode', () => {
  const mem = new PhysicalMemory(1 << 20, 64 << 20);
  const as = new AddressSpace(mem);
  as.map({ start: 0x10000, end: 0x11000, perm: ALL, maxPerm: ALL, shared: false, growsDown: false, name: '' });
  as.writeU32(0x10000, 0);
  let invalidated = 0;
  mem.codeObserver = { frameChanged: () => { invalidated++; } };
  as.markCode(0x10);
  assert.equal(as.writeMap[0x10], Frame.None, 'stores must fault');
  assert.equal(as.handleFault(0x10000, Perm.Write), FaultResult.Resolved);
  assert.equal(invalidated, 1);
  assert.notEqual(as.writeMap[0x10], Frame.None, 'writable again until the next decode');
});

test('frame 0 is never handed out, so Frame.None in a page map only ever means "no access"', () => {
  const mem = new PhysicalMemory(4 * PAGE_SIZE, 16 * PAGE_SIZE);
  const frames = Array.from({ length: 15 }, () => mem.allocFrame());
  assert.ok(!frames.includes(Frame.None), 'the reserved frame is not allocated');
  assert.equal(mem.bytesInUse, 15 * PAGE_SIZE, 'nor counted as in use');
  assert.throws(() => mem.allocFrame(), OutOfMemoryError);
  const as = new AddressSpace(new PhysicalMemory(1 << 20));
  anon(as, 0x10000, 0x11000, RW);
  for (const vpn of [0, 0x10, 0x7ffff, 0xfffff]) {
    assert.deepEqual([as.readMap[vpn], as.writeMap[vpn], as.execMap[vpn]], [Frame.None, Frame.None, Frame.None], `page 0x${vpn.toString(16)}`);
  }
  assert.throws(() => as.read(0x20000, 4), GuestFault, 'an unmapped page still faults');
});
