/**
 * A 32-bit user address space: VMAs (the truth) and page maps derived from them (what the CPU reads).
 *
 * `readMap`, `writeMap` and `execMap` hold, per virtual page, the byte offset of its frame in physical memory when
 * the access is allowed right now, or Frame.None (0, so that a fresh map is all "no access"; see physical.ts).
 * Frame.None sends the CPU to the kernel with a page fault, and `handleFault` decides, as Linux does, whether to
 * populate the page, copy it on write, grow the stack, or signal the process.
 * Pages are populated lazily, so large reservations (thread stacks, malloc arenas) cost nothing until touched.
 */
import { Frame, PAGE_MASK, PAGE_SHIFT, PAGE_SIZE, PhysicalMemory } from './physical.js';
import { Perm, cloneVma, type Vma } from './vma.js';

const PAGES = 1 << (32 - PAGE_SHIFT);

export const enum FaultResult {
  Resolved = 0,
  /** No mapping at the address: SEGV_MAPERR. */
  MapError = 1,
  /** A mapping without the needed permission: SEGV_ACCERR. */
  AccessError = 2,
}

/** Raised by the user-copy helpers when the guest passed a bad pointer (the kernel turns it into EFAULT). */
export class GuestFault extends Error {
  constructor(readonly address: number, readonly result: FaultResult) {
    super(`guest fault at 0x${(address >>> 0).toString(16)}`);
  }
}

export const pageAlignDown = (a: number): number => (a & ~PAGE_MASK) >>> 0;
export const pageAlignUp = (a: number): number => (((a >>> 0) + PAGE_MASK) & ~PAGE_MASK) >>> 0;

export class AddressSpace {
  readonly readMap = new Int32Array(PAGES);
  readonly writeMap = new Int32Array(PAGES);
  readonly execMap = new Int32Array(PAGES);
  /** Frame of every populated page, whatever its permissions (Frame.None if none). */
  private readonly frames = new Int32Array(PAGES);
  /** Sorted by start, non-overlapping. */
  private vmas: Vma[] = [];
  /** Highest address (exclusive) user space may use. */
  readonly taskSize: number;
  /** Top-down mmap allocations start below this address. */
  mmapBase = 0;
  stackLimit = 8 << 20;
  brkStart = 0;
  brk = 0;

  constructor(readonly mem: PhysicalMemory, taskSize = 0x80000000) {
    this.taskSize = taskSize;
  }

  get areas(): readonly Vma[] {
    return this.vmas;
  }

  findVma(addr: number): Vma | undefined {
    const a = addr >>> 0;
    let lo = 0;
    let hi = this.vmas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.vmas[mid]!;
      if (a < v.start) hi = mid - 1;
      else if (a >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** True when no VMA intersects [start, end). */
  isFree(start: number, end: number): boolean {
    return !this.vmas.some((v) => v.start < end && start < v.end);
  }

  /** Maps a new area, replacing whatever was in the range (the caller has already checked MAP_FIXED rules). */
  map(vma: Vma): void {
    this.unmap(vma.start, vma.end - vma.start);
    const i = this.vmas.findIndex((v) => v.start > vma.start);
    this.vmas.splice(i < 0 ? this.vmas.length : i, 0, vma);
  }

  unmap(start: number, length: number): void {
    const end = start + length;
    this.splitAt(start);
    this.splitAt(end);
    const kept: Vma[] = [];
    for (const v of this.vmas) {
      if (v.start >= start && v.end <= end) this.dropPages(v.start, v.end);
      else kept.push(v);
    }
    this.vmas = kept;
  }

  /** mprotect: returns false if part of the range is unmapped (ENOMEM) or asks for more than allowed (EACCES). */
  protect(start: number, length: number, perm: Perm): 'ok' | 'unmapped' | 'denied' {
    const end = start + length;
    for (let a = start; a < end;) {
      const v = this.findVma(a);
      if (!v) return 'unmapped';
      if ((perm & ~v.maxPerm) !== 0) return 'denied';
      a = v.end;
    }
    this.splitAt(start);
    this.splitAt(end);
    for (const v of this.vmas) {
      if (v.start >= start && v.end <= end) {
        v.perm = perm;
        for (let a = v.start; a < v.end; a += PAGE_SIZE) this.refreshPage(a >>> PAGE_SHIFT);
      }
    }
    this.mergeAdjacent();
    return 'ok';
  }

  /** MADV_DONTNEED: drops the pages of [start, end); the next touch sees zeros (anonymous) or the file again. */
  discard(start: number, end: number): void {
    for (const v of this.vmas) {
      if (v.end <= start || v.start >= end) continue;
      this.dropPages(Math.max(v.start, start), Math.min(v.end, end));
    }
  }

  /**
   * mremap's move: the areas of [oldStart, oldStart+length) move to newStart with their pages (no copying,
   * as Linux moves page-table entries). The destination must already be free.
   */
  move(oldStart: number, length: number, newStart: number): void {
    this.splitAt(oldStart);
    this.splitAt(oldStart + length);
    const moving = this.vmas.filter((v) => v.start >= oldStart && v.end <= oldStart + length);
    const delta = newStart - oldStart;
    const frames: Array<[number, number]> = [];
    for (let vpn = oldStart >>> PAGE_SHIFT; vpn < (oldStart + length) >>> PAGE_SHIFT; vpn++) {
      if (this.frames[vpn]! !== Frame.None) frames.push([vpn, this.frames[vpn]!]);
      this.frames[vpn] = Frame.None;
      this.refreshPage(vpn);
    }
    this.vmas = this.vmas.filter((v) => !moving.includes(v));
    for (const v of moving) this.map({ ...v, start: v.start + delta, end: v.end + delta });
    for (const [vpn, frame] of frames) {
      const to = vpn + (delta >> PAGE_SHIFT);
      this.frames[to] = frame;
      this.refreshPage(to);
    }
  }

  /** Grows the area ending at `end` in place to `newEnd` (the caller checked that the range is free). */
  extend(end: number, newEnd: number): void {
    const v = this.findVma(end - 1);
    if (!v || v.end !== end) throw new Error('extend: no area ends there');
    v.end = newEnd;
  }

  /** Top-down search for a free range of `length` bytes below mmapBase, like Linux's default layout. */
  findFreeArea(length: number, hint = 0): number | undefined {
    if (hint !== 0) {
      const start = pageAlignDown(hint);
      if (start + length <= this.taskSize && this.isFree(start, start + length)) return start;
    }
    let top = this.mmapBase;
    for (let i = this.vmas.length - 1; i >= -1; i--) {
      const v = this.vmas[i];
      const floor = v ? v.end : PAGE_SIZE * 16;
      if (v && v.start >= top) continue;
      if (top - floor >= length) return top - length;
      if (v) top = Math.min(top, v.start);
    }
    return undefined;
  }

  /**
   * Resolves a fault the CPU raised at `addr` for `access`: populate, copy-on-write, invalidate decoded code,
   * or grow the stack. Anything else is the guest's error.
   */
  handleFault(addr: number, access: Perm): FaultResult {
    const a = addr >>> 0;
    let v = this.findVma(a);
    if (!v) {
      v = this.growStackTo(a);
      if (!v) return FaultResult.MapError;
    }
    if ((v.perm & access) === 0) return FaultResult.AccessError;
    const vpn = a >>> PAGE_SHIFT;
    if (this.frames[vpn]! === Frame.None) this.populate(v, vpn);
    if (access === Perm.Write) this.makeWritable(v, vpn);
    this.refreshPage(vpn);
    return FaultResult.Resolved;
  }

  // ------------------------------------------------------------------ user copies (the kernel's view)

  /** Like copy_from_user: checks user permissions, faults pages in, throws GuestFault on a bad pointer. */
  read(addr: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.copyPages(addr, length, Perm.Read, (off, pos, n) => out.set(this.mem.u8.subarray(off, off + n), pos));
    return out;
  }

  /** Like copy_to_user. `force` writes through read-only mappings (FOLL_FORCE), as the kernel does for its own pages. */
  write(addr: number, data: Uint8Array, force = false): void {
    this.copyPages(addr, data.length, force ? Perm.None : Perm.Write, (off, pos, n) => {
      this.mem.noteWrite(off);
      this.mem.u8.set(data.subarray(pos, pos + n), off);
    });
  }

  readU32(addr: number): number {
    const b = this.read(addr, 4);
    return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
  }

  writeU32(addr: number, value: number): void {
    this.write(addr, new Uint8Array([value & 255, (value >>> 8) & 255, (value >>> 16) & 255, (value >>> 24) & 255]));
  }

  /** Reads a NUL-terminated string of at most `max` bytes (excluding the NUL); undefined if it is longer. */
  readCString(addr: number, max = 4096): Uint8Array | undefined {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let a = addr >>> 0;
    while (total <= max) {
      const n = Math.min(PAGE_SIZE - (a & PAGE_MASK), max + 1 - total);
      const bytes = this.read(a, n);
      const nul = bytes.indexOf(0);
      if (nul >= 0) {
        chunks.push(bytes.subarray(0, nul));
        total += nul;
        return concat(chunks, total);
      }
      chunks.push(bytes);
      total += n;
      a = (a + n) >>> 0;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ brk

  /** brk(2): returns the new break, or the old one if the request cannot be satisfied (Linux never fails brk). */
  setBrk(requested: number): number {
    const newBrk = requested >>> 0;
    if (newBrk < this.brkStart) return this.brk;
    const oldTop = pageAlignUp(this.brk);
    const newTop = pageAlignUp(newBrk);
    // A break in the last page of the 4 GiB space rounds up to 0: that is growth beyond TASK_SIZE, which Linux
    // refuses (check_brk_limits -> get_unmapped_area: ENOMEM, brk keeps the old break), not a shrink to 0.
    if (newBrk > this.brk && (newTop < newBrk || newTop > this.taskSize)) return this.brk;
    if (newTop > oldTop) {
      if (!this.isFree(oldTop, newTop + PAGE_SIZE) || newTop > this.mmapBase) return this.brk;
      const heap = this.findVma(this.brkStart);
      if (heap && heap.name === '[heap]' && heap.end === oldTop) heap.end = newTop;
      else {
        this.map({ start: oldTop, end: newTop, perm: Perm.Read | Perm.Write, maxPerm: Perm.Read | Perm.Write | Perm.Exec,
          shared: false, growsDown: false, name: '[heap]' });
      }
    } else if (newTop < oldTop) {
      this.unmap(newTop, oldTop - newTop);
    }
    this.brk = newBrk;
    return newBrk;
  }

  /**
   * fork without CLONE_VM (dup_mmap): a new address space with the same areas. Private pages are shared
   * copy-on-write (both sides lose write access until their first write copies the frame); shared pages stay
   * shared.
   */
  fork(): AddressSpace {
    const child = new AddressSpace(this.mem, this.taskSize);
    child.vmas = this.vmas.map((v) => ({ ...v, ...(v.file ? { file: { ...v.file } } : {}) }));
    child.mmapBase = this.mmapBase;
    child.stackLimit = this.stackLimit;
    child.brkStart = this.brkStart;
    child.brk = this.brk;
    for (const v of this.vmas) {
      for (let vpn = v.start >>> PAGE_SHIFT; vpn < v.end >>> PAGE_SHIFT; vpn++) {
        const frame = this.frames[vpn]!;
        if (frame === Frame.None) continue;
        this.mem.retain(frame);
        child.frames[vpn] = frame;
        this.refreshPage(vpn); // the frame is now shared: a private page loses its write access
        child.refreshPage(vpn);
      }
    }
    return child;
  }

  // ------------------------------------------------------------------ for the CPU's code cache

  /** The CPU decoded instructions from this page's frame: writes must now come through the kernel to invalidate. */
  markCode(vpn: number): void {
    const frame = this.frames[vpn]!;
    if (frame !== Frame.None) {
      this.mem.hasCode[frame >>> PAGE_SHIFT] = 1;
      this.writeMap[vpn] = Frame.None;
    }
  }

  // ------------------------------------------------------------------ internals

  private copyPages(addr: number, length: number, need: Perm, each: (frameOff: number, pos: number, n: number) => void): void {
    let a = addr >>> 0;
    if (length > 0 && a + length > this.taskSize) throw new GuestFault(a, FaultResult.MapError);
    for (let pos = 0; pos < length;) {
      const vpn = a >>> PAGE_SHIFT;
      const n = Math.min(PAGE_SIZE - (a & PAGE_MASK), length - pos);
      const frame = this.userFrame(a, vpn, need);
      each(frame + (a & PAGE_MASK), pos, n);
      pos += n;
      a = (a + n) >>> 0;
    }
  }

  /** The frame behind `a` after checking (and faulting in) the access the kernel is about to make. */
  private userFrame(a: number, vpn: number, need: Perm): number {
    const ready = need === Perm.Read ? this.readMap[vpn]! : need === Perm.Write ? this.writeMap[vpn]! : Frame.None;
    if (ready !== Frame.None && (need !== Perm.Write || !this.mem.hasCode[ready >>> PAGE_SHIFT])) return ready;
    if (need === Perm.None) {
      const v = this.findVma(a);
      if (!v) throw new GuestFault(a, FaultResult.MapError);
      if (this.frames[vpn]! === Frame.None) this.populate(v, vpn);
      this.makeWritable(v, vpn);
      this.refreshPage(vpn);
      return this.frames[vpn]!;
    }
    const result = this.handleFault(a, need);
    if (result !== FaultResult.Resolved) throw new GuestFault(a, result);
    return this.frames[vpn]!;
  }

  private growStackTo(a: number): Vma | undefined {
    const i = this.vmas.findIndex((v) => v.start > a);
    const next = i < 0 ? undefined : this.vmas[i];
    if (!next || !next.growsDown) return undefined;
    const start = pageAlignDown(a);
    if (next.end - start > this.stackLimit) return undefined;
    const prev = i > 0 ? this.vmas[i - 1] : undefined;
    const guardGap = 256 * PAGE_SIZE;
    if (prev && start - prev.end < guardGap) return undefined;
    next.start = start;
    return next;
  }

  private populate(v: Vma, vpn: number): void {
    const file = v.file;
    if (file?.shared) {
      this.frames[vpn] = file.shared.frameFor((file.fileOffset + (vpn << PAGE_SHIFT) - v.start) / PAGE_SIZE);
      return;
    }
    const frame = this.mem.allocFrame();
    if (file) {
      const within = (vpn << PAGE_SHIFT) - v.start;
      const n = Math.min(PAGE_SIZE, file.length - within, file.data.length - file.offset - within);
      if (n > 0) this.mem.u8.set(file.data.subarray(file.offset + within, file.offset + within + n), frame);
    }
    this.frames[vpn] = frame;
  }

  /** Copy-on-write: a private page whose frame is shared gets its own copy before the first write. */
  private makeWritable(v: Vma, vpn: number): void {
    const frame = this.frames[vpn]!;
    if (!v.shared && this.mem.refCount(frame) > 1) {
      const copy = this.mem.allocFrame();
      this.mem.u8.copyWithin(copy, frame, frame + PAGE_SIZE);
      this.mem.release(frame);
      this.frames[vpn] = copy;
    } else {
      this.mem.noteWrite(frame);
    }
  }

  /** Derives the three maps of one page from its frame and VMA. */
  refreshPage(vpn: number): void {
    const frame = this.frames[vpn]!;
    const v = frame !== Frame.None ? this.findVma(vpn << PAGE_SHIFT) : undefined;
    if (!v) {
      this.readMap[vpn] = this.writeMap[vpn] = this.execMap[vpn] = Frame.None;
      return;
    }
    const writable = (v.perm & Perm.Write) !== 0
      && (v.shared || this.mem.refCount(frame) === 1)
      && !this.mem.hasCode[frame >>> PAGE_SHIFT];
    this.readMap[vpn] = v.perm & Perm.Read ? frame : Frame.None;
    this.writeMap[vpn] = writable ? frame : Frame.None;
    this.execMap[vpn] = v.perm & Perm.Exec ? frame : Frame.None;
  }

  private dropPages(start: number, end: number): void {
    for (let vpn = start >>> PAGE_SHIFT; vpn < end >>> PAGE_SHIFT; vpn++) {
      const frame = this.frames[vpn]!;
      if (frame !== Frame.None) {
        this.mem.release(frame);
        this.frames[vpn] = Frame.None;
        this.readMap[vpn] = this.writeMap[vpn] = this.execMap[vpn] = Frame.None;
      }
    }
  }

  private splitAt(addr: number): void {
    const v = this.findVma(addr);
    if (!v || v.start === addr) return;
    const i = this.vmas.indexOf(v);
    this.vmas.splice(i, 1, cloneVma(v, v.start, addr), cloneVma(v, addr, v.end));
  }

  private mergeAdjacent(): void {
    const merged: Vma[] = [];
    for (const v of this.vmas) {
      const last = merged[merged.length - 1];
      if (last && last.end === v.start && last.perm === v.perm && last.maxPerm === v.maxPerm && last.shared === v.shared
        && last.name === v.name && !last.file && !v.file && last.growsDown === v.growsDown) {
        last.end = v.end;
      } else merged.push(v);
    }
    this.vmas = merged;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    const n = Math.min(c.length, total - pos);
    out.set(c.subarray(0, n), pos);
    pos += n;
  }
  return out;
}
