/**
 * The contents of an in-memory regular file: sparse fixed-size pages (a hole reads as zeros and costs nothing, so
 * ftruncate to gigabytes is cheap) with copy-on-write sharing. A snapshot freezes the object and keeps a reference;
 * the live file calls `writable()` before changing it, which gives a copy sharing every page, and a page is copied
 * only when it is first written. So a snapshot costs nothing per byte, and a write after it copies one page.
 */
const PAGE = 4096;

export class FileBytes {
  private frozen = false;

  private constructor(
    private readonly pages: Map<number, Uint8Array>,
    /** Pages this object may change in place (the others are shared with a frozen original). */
    private readonly owned: Set<number>,
    private length: number,
  ) {}

  static empty(): FileBytes {
    return new FileBytes(new Map(), new Set(), 0);
  }

  static of(bytes: Uint8Array): FileBytes {
    const f = FileBytes.empty();
    f.write(0, bytes);
    return f;
  }

  get size(): number {
    return this.length;
  }

  /** Marks the contents immutable (a snapshot holds them); returns this. */
  freeze(): FileBytes {
    this.frozen = true;
    return this;
  }

  /** This object when it may be changed, else a copy that shares its pages. */
  writable(): FileBytes {
    return this.frozen ? new FileBytes(new Map(this.pages), new Set(), this.length) : this;
  }

  /** Copies bytes from `position` into buf; returns how many (0 at or past the end). */
  read(position: number, buf: Uint8Array): number {
    const n = Math.max(0, Math.min(buf.length, this.length - position));
    let done = 0;
    while (done < n) {
      const at = position + done;
      const index = Math.floor(at / PAGE);
      const offset = at % PAGE;
      const k = Math.min(PAGE - offset, n - done);
      const page = this.pages.get(index);
      if (page) buf.set(page.subarray(offset, offset + k), done);
      else buf.fill(0, done, done + k);
      done += k;
    }
    return n;
  }

  write(position: number, data: Uint8Array): void {
    this.assertMutable();
    let done = 0;
    while (done < data.length) {
      const at = position + done;
      const index = Math.floor(at / PAGE);
      const offset = at % PAGE;
      const k = Math.min(PAGE - offset, data.length - done);
      this.ownPage(index).set(data.subarray(done, done + k), offset);
      done += k;
    }
    this.length = Math.max(this.length, position + data.length);
  }

  /** Sets the size; bytes past a shrink are gone (a later extension reads zeros there). */
  truncate(length: number): void {
    this.assertMutable();
    if (length < this.length) {
      for (const index of [...this.pages.keys()]) {
        if (index * PAGE >= length) {
          this.pages.delete(index);
          this.owned.delete(index);
        }
      }
      const tail = length % PAGE;
      const last = Math.floor(length / PAGE);
      if (tail !== 0 && this.pages.has(last)) this.ownPage(last).fill(0, tail);
    }
    this.length = length;
  }

  /** The whole contents as one array. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    this.read(0, out);
    return out;
  }

  private ownPage(index: number): Uint8Array {
    const page = this.pages.get(index);
    if (page && this.owned.has(index)) return page;
    const mine = page ? page.slice() : new Uint8Array(PAGE);
    this.pages.set(index, mine);
    this.owned.add(index);
    return mine;
  }

  private assertMutable(): void {
    if (this.frozen) throw new Error('FileBytes: a frozen (snapshotted) file was changed in place');
  }
}
