/**
 * User buffers of read/write-style calls: a list of (address, length) segments, as an iovec array or a single
 * buffer. Copies go page by page and stop at the first page that faults, so that a partly bad buffer gives a
 * short count, and an entirely bad one EFAULT, as copy_to_user/copy_from_user report it to the VFS.
 */
import { Errno } from '../../abi/errno.js';
import { Iovec } from '../../abi/layouts.js';
import { GuestFault, type AddressSpace } from '../../mm/address-space.js';
import { PAGE_MASK, PAGE_SIZE } from '../../mm/physical.js';
import { TASK_SIZE } from '../exec/layout.js';
import type { SyscallContext } from './context.js';
import { StructReader } from './guest-struct.js';

/** UIO_MAXIOV: the most iovecs one call takes. */
export const IOV_MAX = 1024;
/** MAX_RW_COUNT (include/linux/fs.h): INT_MAX rounded down to a page; longer transfers are cut to it. */
export const MAX_RW_COUNT = 0x7fffffff & ~PAGE_MASK;

export interface Segment {
  addr: number;
  len: number;
}

/** A single buffer, after access_ok: a range reaching past user space is EFAULT, whatever is mapped. */
export function singleBuffer(addr: number, count: number): Segment[] | number {
  if (count > 0 && addr + count > TASK_SIZE) return -Errno.EFAULT;
  return [{ addr, len: Math.min(count, MAX_RW_COUNT) }];
}

/**
 * Reads an iovec array (import_iovec / iovec_from_user): EINVAL for a count outside 0..IOV_MAX or a length that
 * is negative as ssize_t, EFAULT for an array or a segment outside user space; the total is cut to MAX_RW_COUNT.
 */
export function readIovecs(c: SyscallContext, iovAddr: number, count: number): Segment[] | number {
  if (count < 0 || count > IOV_MAX) return -Errno.EINVAL;
  if (count === 0) return [];
  const r = new StructReader(c.as.read(iovAddr, count * Iovec.size));
  const out: Segment[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    const addr = r.u32(i * Iovec.size + Iovec.iov_base);
    let len = r.u32(i * Iovec.size + Iovec.iov_len);
    if (len > 0x7fffffff) return -Errno.EINVAL;
    if (len > 0 && addr + len > TASK_SIZE) return -Errno.EFAULT;
    if (len > MAX_RW_COUNT - total) len = MAX_RW_COUNT - total;
    total += len;
    out.push({ addr, len });
  }
  return out;
}

export function totalLength(segments: readonly Segment[]): number {
  return segments.reduce((n, s) => n + s.len, 0);
}

/** Calls `each(addr, length, position)` for the page-bounded pieces of bytes [from, from+length) of the segments. */
function forPieces(segments: readonly Segment[], from: number, length: number, each: (addr: number, n: number, pos: number) => boolean): void {
  let skip = from;
  let pos = 0;
  for (const s of segments) {
    if (pos >= length) return;
    if (skip >= s.len) {
      skip -= s.len;
      continue;
    }
    let addr = s.addr + skip;
    let left = Math.min(s.len - skip, length - pos);
    skip = 0;
    while (left > 0) {
      const n = Math.min(left, PAGE_SIZE - (addr & PAGE_MASK));
      if (!each(addr, n, pos)) return;
      addr += n;
      pos += n;
      left -= n;
    }
  }
}

/** Copies `data` into the segments starting `from` bytes in; returns how many bytes landed before a fault. */
export function copyToGuest(as: AddressSpace, segments: readonly Segment[], from: number, data: Uint8Array): number {
  let done = 0;
  forPieces(segments, from, data.length, (addr, n, pos) => {
    try {
      as.write(addr, data.subarray(pos, pos + n));
    } catch (e) {
      if (e instanceof GuestFault) return false;
      throw e;
    }
    done += n;
    return true;
  });
  return done;
}

/** Copies up to `length` bytes out of the segments starting `from` bytes in; stops early at a fault. */
export function copyFromGuest(as: AddressSpace, segments: readonly Segment[], from: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  forPieces(segments, from, length, (addr, n, pos) => {
    try {
      out.set(as.read(addr, n), pos);
    } catch (e) {
      if (e instanceof GuestFault) return false;
      throw e;
    }
    done += n;
    return true;
  });
  return done === length ? out : out.subarray(0, done);
}
