/**
 * Decoded and compiled instructions, cached per physical frame so that processes sharing text (after fork) share
 * the work. A page's decode is an array of 1024 Op ids filled lazily (Op.Undecoded = 0 until first executed); its
 * blocks (src/cpu/jit.ts) are indexed by the word where they start.
 * Any write to a frame with cached code drops both (the memory system calls frameChanged).
 */
import { type CodeObserver, PAGE_SHIFT, type PhysicalMemory } from '../mm/physical.js';
import type { Block, Trace } from './jit.js';
import type { Cpu } from './interpreter.js';

/** The blocks of one frame, by the index of their first word, and the compiled traces that contain code of it. */
export class BlockPage {
  readonly at: Array<Block | undefined> = new Array<Block | undefined>(1024).fill(undefined);
  traces: Trace[] = [];
}

export class CodeCache implements CodeObserver {
  // Indexed by frame number; kept dense (filled with undefined as memory grows) so lookups stay fast.
  private pages: Array<Uint8Array | undefined> = [];
  private blockPages: Array<BlockPage | undefined> = [];
  /** Counts the frames whose blocks were dropped (a holder of a BlockPage checks it is still current). */
  epoch = 0;
  /**
   * The CPU executing code from this cache now. Compiled code is shared by every CPU of the machine, so what it reads
   * of the CPU itself (rdhwr: the CPU number, the counter) it reads through this seat, set by each run.
   */
  readonly seat: { cpu: Cpu | undefined } = { cpu: undefined };
  /** Traces compiled so far (for tests and statistics), and how many of them keep registers in locals. */
  compiled = 0;
  compiledWithLocals = 0;

  constructor(private readonly mem: PhysicalMemory) {
    mem.codeObserver = this;
  }

  /** The decoded-op array of the frame at byte offset `frameOffset`. */
  page(frameOffset: number): Uint8Array {
    const frame = frameOffset >>> PAGE_SHIFT;
    if (frame >= this.pages.length) this.grow(frame);
    let ops = this.pages[frame];
    if (ops === undefined) {
      ops = new Uint8Array(1024);
      this.pages[frame] = ops;
      this.mem.hasCode[frame] = 1;
    }
    return ops;
  }

  /** The blocks of the frame at byte offset `frameOffset` (which, like `page`, now counts as holding code). */
  blocks(frameOffset: number): BlockPage {
    const frame = frameOffset >>> PAGE_SHIFT;
    if (frame >= this.blockPages.length) this.grow(frame);
    let blocks = this.blockPages[frame];
    if (blocks === undefined) {
      blocks = new BlockPage();
      this.blockPages[frame] = blocks;
      this.mem.hasCode[frame] = 1;
    }
    return blocks;
  }

  /** The blocks of the frame, if any were ever made (unlike `blocks`, this does not mark the frame as code). */
  existingBlocks(frameOffset: number): BlockPage | undefined {
    return this.blockPages[frameOffset >>> PAGE_SHIFT];
  }

  /** Every compiled trace, on every frame (a trace with code on several frames is listed once per frame). */
  *traces(): Iterable<Trace> {
    for (const page of this.blockPages) if (page !== undefined) yield* page.traces;
  }

  private grow(frame: number): void {
    let n = Math.max(1024, this.pages.length);
    while (n <= frame) n *= 2;
    const pad = <T>(a: Array<T | undefined>): Array<T | undefined> => a.concat(new Array<T | undefined>(n - a.length).fill(undefined));
    this.pages = pad(this.pages);
    this.blockPages = pad(this.blockPages);
  }

  frameChanged(frameOffset: number): void {
    const frame = frameOffset >>> PAGE_SHIFT;
    if (frame >= this.pages.length) return;
    this.pages[frame] = undefined;
    const blocks = this.blockPages[frame];
    if (blocks !== undefined) {
      for (const t of blocks.traces) t.discard();
      for (const b of blocks.at) if (b !== undefined) b.invalidate();
      this.blockPages[frame] = undefined;
      this.epoch++;
    }
  }
}
