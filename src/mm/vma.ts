/** Virtual memory areas: the kernel's record of what each range of an address space is. */

/** Hardware page permissions (the MIPS TLB's V/D bits plus RI/XI), independent of the PROT_* ABI spelling. */
export const enum Perm {
  None = 0,
  Read = 1,
  Write = 2,
  Exec = 4,
}

/** Frames shared by every MAP_SHARED mapping of one file (the page cache). */
export interface SharedPages {
  /** The frame of page `index` of the file, with a reference for the caller. */
  frameFor(index: number): number;
}

/**
 * Where a file-backed area's bytes come from. A private mapping copies from `data` (bytes past `length` read as
 * zero: the tail of a bss page); a shared one maps the page cache's frames.
 */
export interface FileBacking {
  readonly data: Uint8Array;
  /** Byte offset within `data` of the area's first page. */
  readonly offset: number;
  /** Number of valid bytes from `offset`; the rest of the area is zero-filled. */
  readonly length: number;
  /** Byte offset in the file of the area's first page (what /proc/self/maps shows). */
  readonly fileOffset: number;
  readonly shared?: SharedPages;
  readonly path: string;
  readonly device: number;
  readonly inode: number;
}

export interface Vma {
  start: number;
  end: number;
  perm: Perm;
  /** Permissions mprotect may grant (VM_MAY*); kernel-owned pages such as [vvar] cannot be made writable. */
  maxPerm: Perm;
  shared: boolean;
  growsDown: boolean;
  /** '[stack]', '[heap]', '[vdso]', a file path, or '' for anonymous memory. */
  name: string;
  file?: FileBacking;
}

export function cloneVma(v: Vma, start: number, end: number): Vma {
  const copy: Vma = { ...v, start, end };
  if (v.file) {
    const delta = start - v.start;
    copy.file = {
      ...v.file, offset: v.file.offset + delta, length: Math.max(0, v.file.length - delta),
      fileOffset: v.file.fileOffset + delta,
    };
  }
  return copy;
}
