/**
 * Physical memory: one growable arena of 4 KiB frames shared by every address space.
 *
 * Guest pages map to frames by byte offset, so the interpreter reaches any guest byte with one table lookup and
 * one typed-array access. Frames are reference counted so that address spaces can share them (shared mappings,
 * copy-on-write after fork). Frames that hold decoded code are flagged so that writes can invalidate the decode.
 *
 * Frame 0 is never handed out, so that byte offset 0 can mean "no frame" (Frame.None) in page maps: a map filled
 * with zeros is a map of nothing, and a fresh zeroed typed array costs no time, where filling 1M entries with -1
 * touched 4 MiB per map (~10 ms per address space, paid at every exec and fork).
 */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
export const PAGE_MASK = PAGE_SIZE - 1;
/** In a page map, "no frame here": the offset of the reserved frame 0. A const enum so that tsc inlines it. */
export const enum Frame { None = 0 }

/** Told when a frame that holds decoded instructions is written or freed. */
export interface CodeObserver {
  frameChanged(frameOffset: number): void;
}

export class OutOfMemoryError extends Error {}

export class PhysicalMemory {
  u8!: Uint8Array;
  i8!: Int8Array;
  u16!: Uint16Array;
  i16!: Int16Array;
  i32!: Int32Array;
  /** Bumped whenever the arena is reallocated, so holders of the typed views know to refresh them. */
  generation = 0;
  codeObserver: CodeObserver | undefined;
  /** Per frame: 1 while decoded instructions of the frame are cached. */
  hasCode: Uint8Array;
  private refs: Uint16Array;
  private freeFrames: number[] = [];
  /** Frame 0 is reserved (Frame.None); it is neither allocated nor counted as in use. */
  private nextFrame = 1;
  private frameCount: number;

  constructor(initialBytes = 64 << 20, readonly maxBytes = 1 << 30) {
    this.frameCount = initialBytes >>> PAGE_SHIFT;
    this.refs = new Uint16Array(this.frameCount);
    this.hasCode = new Uint8Array(this.frameCount);
    this.setBuffer(new ArrayBuffer(initialBytes));
  }

  get bytesInUse(): number {
    return (this.nextFrame - 1 - this.freeFrames.length) << PAGE_SHIFT;
  }

  /** A zero-filled frame with one reference; returns its byte offset. */
  allocFrame(): number {
    let frame = this.freeFrames.pop();
    if (frame === undefined) {
      if (this.nextFrame === this.frameCount) this.grow();
      frame = this.nextFrame++;
    }
    this.refs[frame] = 1;
    const offset = frame << PAGE_SHIFT;
    this.u8.fill(0, offset, offset + PAGE_SIZE);
    return offset;
  }

  retain(offset: number): void {
    this.refs[offset >>> PAGE_SHIFT]!++;
  }

  release(offset: number): void {
    const frame = offset >>> PAGE_SHIFT;
    if (--this.refs[frame]! === 0) {
      this.noteWrite(offset);
      this.freeFrames.push(frame);
    }
  }

  refCount(offset: number): number {
    return this.refs[offset >>> PAGE_SHIFT]!;
  }

  /** Call before changing a frame's bytes outside the interpreter's fast path. */
  noteWrite(offset: number): void {
    const frame = offset >>> PAGE_SHIFT;
    if (this.hasCode[frame]) {
      this.hasCode[frame] = 0;
      this.codeObserver?.frameChanged(frame << PAGE_SHIFT);
    }
  }

  private grow(): void {
    const bytes = Math.min(this.frameCount << (PAGE_SHIFT + 1), this.maxBytes);
    if (bytes <= this.frameCount << PAGE_SHIFT) {
      throw new OutOfMemoryError(`guest memory limit of ${this.maxBytes >>> 20} MiB reached`);
    }
    const buffer = new ArrayBuffer(bytes);
    new Uint8Array(buffer).set(this.u8);
    this.frameCount = bytes >>> PAGE_SHIFT;
    const refs = new Uint16Array(this.frameCount);
    refs.set(this.refs);
    this.refs = refs;
    const hasCode = new Uint8Array(this.frameCount);
    hasCode.set(this.hasCode);
    this.hasCode = hasCode;
    this.setBuffer(buffer);
    this.generation++;
  }

  private setBuffer(buffer: ArrayBuffer): void {
    this.u8 = new Uint8Array(buffer);
    this.i8 = new Int8Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.i16 = new Int16Array(buffer);
    this.i32 = new Int32Array(buffer);
  }
}
