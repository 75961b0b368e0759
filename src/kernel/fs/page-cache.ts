/**
 * The page cache, as far as Trapgate needs one: pages of host files that MAP_SHARED mappings share. Every
 * shared mapping of a file maps the same frames, and read()/write() of that file stay coherent with them: a read
 * first writes the cached pages back to the host file, a write updates the cached pages it overlaps. msync,
 * munmap and process exit write back too. Private file mappings copy the file instead (copy-on-write semantics
 * without sharing), so they never come here.
 */
import type { HostFs } from '../../host/host.js';
import { PAGE_SIZE, type PhysicalMemory } from '../../mm/physical.js';

export class SharedFilePages {
  private readonly frames = new Map<number, number>();

  constructor(private readonly mem: PhysicalMemory, private readonly fs: HostFs, private readonly hostFd: number,
    private readonly writable: boolean) {}

  /** The frame of page `index` of the file, read from the host on first use, with one reference for the caller. */
  frameFor(index: number): number {
    let frame = this.frames.get(index);
    if (frame === undefined) {
      frame = this.mem.allocFrame();
      try {
        this.fs.read(this.hostFd, this.mem.u8.subarray(frame, frame + PAGE_SIZE), index * PAGE_SIZE);
      } catch {
        // An unreadable page reads as zeros; the mapping itself was allowed.
      }
      this.frames.set(index, frame);
    }
    this.mem.retain(frame);
    return frame;
  }

  /** Writes every cached page back to the host file, never beyond its current end (like writeback up to i_size). */
  writeBack(): void {
    if (!this.writable || this.frames.size === 0) return;
    let size: number;
    try {
      size = this.fs.fstat(this.hostFd).size;
    } catch {
      return;
    }
    for (const [index, frame] of this.frames) {
      const start = index * PAGE_SIZE;
      const n = Math.min(PAGE_SIZE, size - start);
      if (n > 0) {
        try { this.fs.write(this.hostFd, this.mem.u8.subarray(frame, frame + n), start); } catch { /* like a failed writeback */ }
      }
    }
  }

  /** A write() reached the host file: the cached pages it overlaps take the new bytes. */
  afterWrite(position: number, data: Uint8Array): void {
    for (const [index, frame] of this.frames) {
      const start = index * PAGE_SIZE;
      const from = Math.max(start, position);
      const to = Math.min(start + PAGE_SIZE, position + data.length);
      if (from >= to) continue;
      this.mem.noteWrite(frame);
      this.mem.u8.set(data.subarray(from - position, to - position), frame + (from - start));
    }
  }
}

export class PageCache {
  private readonly files = new Map<string, SharedFilePages>();

  constructor(private readonly mem: PhysicalMemory, private readonly fs: HostFs) {}

  private static key(device: number, inode: number): string {
    return `${device}:${inode}`;
  }

  /** The shared pages of a host file, opening it for the cache's own use on first call. */
  forFile(hostPath: string, device: number, inode: number): SharedFilePages | number {
    const key = PageCache.key(device, inode);
    let pages = this.files.get(key);
    if (!pages) {
      let fd: number;
      let writable = true;
      try {
        fd = this.fs.open(hostPath, 'rw', false, false, false, false, 0);
      } catch {
        writable = false;
        try { fd = this.fs.open(hostPath, 'r', false, false, false, false, 0); } catch { return -1; }
      }
      pages = new SharedFilePages(this.mem, this.fs, fd, writable);
      this.files.set(key, pages);
    }
    return pages;
  }

  lookup(device: number, inode: number): SharedFilePages | undefined {
    return this.files.get(PageCache.key(device, inode));
  }

  writeBackAll(): void {
    for (const pages of this.files.values()) pages.writeBack();
  }
}
