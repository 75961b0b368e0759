/**
 * Decoded instructions, cached per physical frame so that processes sharing text (after fork) share the work.
 * A page's entry is an array of 1024 Op ids filled lazily (Op.Undecoded = 0 until first executed).
 * Any write to a frame with cached code drops its entry (the memory system calls frameChanged).
 */
import { type CodeObserver, PAGE_SHIFT, type PhysicalMemory } from '../mm/physical.js';

export class CodeCache implements CodeObserver {
  private pages: Array<Uint8Array | undefined> = [];

  constructor(private readonly mem: PhysicalMemory) {
    mem.codeObserver = this;
  }

  /** The decoded-op array of the frame at byte offset `frameOffset`. */
  page(frameOffset: number): Uint8Array {
    const frame = frameOffset >>> PAGE_SHIFT;
    let ops = this.pages[frame];
    if (ops === undefined) {
      ops = new Uint8Array(1024);
      this.pages[frame] = ops;
      this.mem.hasCode[frame] = 1;
    }
    return ops;
  }

  frameChanged(frameOffset: number): void {
    this.pages[frameOffset >>> PAGE_SHIFT] = undefined;
  }
}
