/**
 * The kernel's side of the vDSO: at boot, the image for this CPU (variants chosen by patching .dynsym) copied into
 * frames every process shares, and the data page; at exec, arch_setup_additional_pages: the delay-slot emulation
 * page at STACK_TOP (R+X, written only by the kernel), then, a random page-aligned distance below 1 MiB above it,
 * [vvar] (read-only) and [vdso] (R+X) — reference §4.3.
 */
import type { AddressSpace } from '../../mm/address-space.js';
import { PAGE_SIZE, type PhysicalMemory } from '../../mm/physical.js';
import { Perm, type SharedPages } from '../../mm/vma.js';
import { stackTop, VDSO_RANDOMIZE_SIZE } from '../exec/layout.js';
import { vdsoImage } from './image-cache.js';
import { selectCpuVariants, type CpuFeatures, type PatchedSymbol } from './variants.js';

export interface VdsoMapping {
  base: number;
  sigreturn: number;
  rtSigreturn: number;
}

/** Frames shared by every process: the patched image and the data page. */
export class VdsoPages {
  readonly imageFrames: number[] = [];
  readonly dataFrame: number;
  readonly patched: PatchedSymbol[];
  readonly offsets: { sigreturn: number; rt_sigreturn: number };
  readonly imageSize: number;
  readonly symbols: ReadonlyMap<string, number>;

  /** `source`: the text of vdso.S, from the host. */
  constructor(private readonly mem: PhysicalMemory, cpu: CpuFeatures, source: string) {
    const image = vdsoImage(source);
    const { bytes, patched } = selectCpuVariants(image, cpu);
    this.patched = patched;
    this.offsets = image.offsets;
    this.imageSize = image.size;
    this.symbols = image.symbols;
    for (let off = 0; off < image.size; off += PAGE_SIZE) {
      const frame = mem.allocFrame(); // one reference held by the kernel for ever
      mem.u8.set(bytes.subarray(off, off + PAGE_SIZE), frame);
      this.imageFrames.push(frame);
    }
    this.dataFrame = mem.allocFrame();
  }

  /** The patched image as the guest sees it (for `trapgate vdso --dump`). */
  imageBytes(): Uint8Array {
    const out = new Uint8Array(this.imageSize);
    this.imageFrames.forEach((f, i) => out.set(this.mem.u8.subarray(f, f + PAGE_SIZE), i * PAGE_SIZE));
    return out;
  }

  private provider(frames: readonly number[]): SharedPages {
    return { frameFor: (index) => { const f = frames[index]!; this.mem.retain(f); return f; } };
  }

  /** mips_stack_top() with this image: where the dsemul page goes, the stack below it. */
  get stackTop(): number {
    return stackTop(this.imageSize);
  }

  /** arch_setup_additional_pages for a fresh address space; `randomPages` picks the offset (0..256 pages). */
  map(as: AddressSpace, randomPages: number): VdsoMapping {
    const rx = Perm.Read | Perm.Exec;
    const STACK_TOP = this.stackTop;
    // The delay-slot emulation page: executable, not writable by the guest (the kernel writes it with FOLL_FORCE).
    as.map({ start: STACK_TOP, end: STACK_TOP + PAGE_SIZE, perm: rx, maxPerm: rx, shared: false, growsDown: false, name: '' });
    const dataStart = STACK_TOP + PAGE_SIZE + randomPages * PAGE_SIZE;
    const base = dataStart + PAGE_SIZE;
    const blank = { data: new Uint8Array(0), offset: 0, length: 0, path: '', device: 0, inode: 0 };
    as.map({
      // Private like Linux's special mapping, yet shared in fact: read-only for ever, so it is never copied.
      start: dataStart, end: base, perm: Perm.Read, maxPerm: Perm.Read, shared: false, growsDown: false, name: '[vvar]',
      file: { ...blank, fileOffset: 0, shared: this.provider([this.dataFrame]) },
    });
    as.map({
      start: base, end: base + this.imageSize, perm: rx, maxPerm: Perm.Read | Perm.Write | Perm.Exec, shared: false,
      growsDown: false, name: '[vdso]', file: { ...blank, fileOffset: 0, shared: this.provider(this.imageFrames) },
    });
    return { base, sigreturn: this.offsets.sigreturn, rtSigreturn: this.offsets.rt_sigreturn };
  }
}

/**
 * vdso_base(): a random byte offset below VDSO_RANDOMIZE_SIZE, rounded up to a page — 0 to 256 pages. `below` is
 * the kernel's random source.
 */
export function vdsoRandomPages(below: (bound: number) => number): number {
  return Math.ceil(below(VDSO_RANDOMIZE_SIZE) / PAGE_SIZE);
}
