/** brk, mmap2/mmap, munmap, mprotect, mremap, madvise: the address-space system calls (mm/mmap.c, mm/mremap.c). */
import { Errno } from '../../abi/errno.js';
import { MADV, MAP, MREMAP, PROT } from '../../abi/flags.js';
import { pageAlignUp } from '../../mm/address-space.js';
import { PAGE_MASK } from '../../mm/physical.js';
import { Perm, type FileBacking } from '../../mm/vma.js';
import { TASK_SIZE } from '../exec/layout.js';
import { HostFile } from '../fs/host-file.js';
import { type SyscallContext, s32, u32 } from './context.js';
import type { SyscallFamily } from './registry.js';

const ALL_PERM = Perm.Read | Perm.Write | Perm.Exec;

function protToPerm(prot: number): Perm {
  // MIPS without RI/XI would imply read for write/exec; this CPU has RI/XI, so the bits map one to one.
  return ((prot & PROT.READ) ? Perm.Read : 0) | ((prot & PROT.WRITE) ? Perm.Write : 0) | ((prot & PROT.EXEC) ? Perm.Exec : 0);
}

const KNOWN_PROT = PROT.READ | PROT.WRITE | PROT.EXEC | PROT.SEM;

/** do_mmap with the offset in bytes. */
function doMmap(c: SyscallContext, addr: number, length: number, prot: number, flags: number, fd: number, offset: number): number {
  if (length === 0) return -Errno.EINVAL;
  if ((prot & ~KNOWN_PROT) !== 0) return -Errno.EINVAL;
  const size = pageAlignUp(length);
  if (size === 0 || size > TASK_SIZE) return -Errno.ENOMEM;
  const type = flags & MAP.TYPE;
  if (type !== MAP.SHARED && type !== MAP.PRIVATE && type !== MAP.SHARED_VALIDATE) return -Errno.EINVAL;
  const as = c.as;
  const fixed = (flags & (MAP.FIXED | MAP.FIXED_NOREPLACE)) !== 0;
  if (fixed && (addr & PAGE_MASK) !== 0) return -Errno.EINVAL;
  if (fixed && addr + size > TASK_SIZE) return -Errno.ENOMEM;
  if ((flags & MAP.FIXED_NOREPLACE) !== 0 && (flags & MAP.FIXED) === 0 && !as.isFree(addr, addr + size)) return -Errno.EEXIST;

  let file: FileBacking | undefined;
  if ((flags & MAP.ANONYMOUS) === 0) {
    const f = c.process.fds.get(fd);
    if (!f) return -Errno.EBADF;
    if ((offset & PAGE_MASK) !== 0) return -Errno.EINVAL;
    const access = f.statusFlags & 3;
    if (access === 1 /* write-only */) return -Errno.EACCES;
    if (type !== MAP.PRIVATE && (prot & PROT.WRITE) !== 0 && access !== 2) return -Errno.EACCES;
    const st = f.stat();
    if (typeof st === 'number') return st;
    if ((st.mode & 0o170000) === 0o040000) return -Errno.ENODEV;
    if (type !== MAP.PRIVATE) {
      // Shared: every mapping of the file maps the page cache's frames, coherent with read()/write().
      if (!(f instanceof HostFile)) return -Errno.ENODEV;
      const pages = c.kernel.pageCache.forFile(f.hostPath, st.dev, st.ino);
      if (typeof pages === 'number') return -Errno.EACCES;
      file = { data: new Uint8Array(0), offset: 0, length: 0, fileOffset: offset, shared: pages,
        path: f.guestPath ?? '', device: st.dev, inode: st.ino };
    } else {
      // Private: a copy of the file's bytes as they are now (the file's later changes are not seen, a simplification
      // of Linux, where untouched private pages still follow the file).
      c.kernel.pageCache.lookup(st.dev, st.ino)?.writeBack();
      const data = new Uint8Array(size);
      let got = 0;
      while (got < size) {
        const n = f.pread(data.subarray(got), offset + got);
        if (n === -Errno.ESPIPE) return -Errno.ENODEV;
        if (n < 0) return n;
        if (n === 0) break;
        got += n;
      }
      file = { data, offset: 0, length: got, fileOffset: offset, path: f.guestPath ?? '', device: st.dev, inode: st.ino };
    }
  }

  const start = fixed ? addr : as.findFreeArea(size, addr);
  if (start === undefined) return -Errno.ENOMEM;
  as.map({
    start, end: start + size, perm: protToPerm(prot), maxPerm: ALL_PERM,
    shared: type !== MAP.PRIVATE, growsDown: (flags & MAP.GROWSDOWN) !== 0,
    name: file?.path ?? '', ...(file ? { file } : {}),
  });
  return start;
}

function munmap(c: SyscallContext) {
  const addr = u32(c, 0);
  const length = u32(c, 1);
  if ((addr & PAGE_MASK) !== 0 || length === 0 || addr + length > TASK_SIZE) return -Errno.EINVAL;
  c.as.unmap(addr, pageAlignUp(length));
  c.kernel.pageCache.writeBackAll();
  return 0;
}

function mprotect(c: SyscallContext) {
  const addr = u32(c, 0);
  const prot = u32(c, 2);
  if ((addr & PAGE_MASK) !== 0) return -Errno.EINVAL;
  if ((prot & ~(KNOWN_PROT | PROT.GROWSDOWN | PROT.GROWSUP)) !== 0) return -Errno.EINVAL;
  const length = pageAlignUp(u32(c, 1));
  if (length === 0) return 0;
  const result = c.as.protect(addr, length, protToPerm(prot));
  return result === 'ok' ? 0 : result === 'unmapped' ? -Errno.ENOMEM : -Errno.EACCES;
}

/** mremap: shrink in place, grow in place when the pages after are free, else move if allowed. */
function mremap(c: SyscallContext) {
  const oldAddr = u32(c, 0);
  const oldLength = pageAlignUp(u32(c, 1));
  const newLength = pageAlignUp(u32(c, 2));
  const flags = u32(c, 3);
  const newAddr = u32(c, 4);
  const as = c.as;
  if ((oldAddr & PAGE_MASK) !== 0 || newLength === 0) return -Errno.EINVAL;
  if ((flags & ~(MREMAP.MAYMOVE | MREMAP.FIXED | MREMAP.DONTUNMAP)) !== 0) return -Errno.EINVAL;
  if ((flags & MREMAP.FIXED) !== 0 && (flags & MREMAP.MAYMOVE) === 0) return -Errno.EINVAL;
  const vma = as.findVma(oldAddr);
  if (!vma || oldLength === 0 || oldAddr + oldLength > vma.end) return -Errno.EFAULT;
  if ((flags & MREMAP.FIXED) !== 0) {
    if ((newAddr & PAGE_MASK) !== 0 || newAddr + newLength > TASK_SIZE) return -Errno.EINVAL;
    if (newAddr < oldAddr + oldLength && oldAddr < newAddr + newLength) return -Errno.EINVAL;
    as.unmap(newAddr, newLength);
    return moveArea(c, oldAddr, oldLength, newLength, newAddr);
  }
  if (newLength <= oldLength) {
    if (newLength < oldLength) as.unmap(oldAddr + newLength, oldLength - newLength);
    return oldAddr;
  }
  const end = oldAddr + oldLength;
  if (end === vma.end && end + (newLength - oldLength) <= TASK_SIZE && as.isFree(end, oldAddr + newLength)) {
    as.extend(end, oldAddr + newLength);
    return oldAddr;
  }
  if ((flags & MREMAP.MAYMOVE) === 0) return -Errno.ENOMEM;
  const to = as.findFreeArea(newLength);
  if (to === undefined) return -Errno.ENOMEM;
  return moveArea(c, oldAddr, oldLength, newLength, to);
}

function moveArea(c: SyscallContext, from: number, oldLength: number, newLength: number, to: number): number {
  const as = c.as;
  if (newLength < oldLength) {
    as.unmap(from + newLength, oldLength - newLength);
    oldLength = newLength;
  }
  as.move(from, oldLength, to);
  if (newLength > oldLength) as.extend(to + oldLength, to + newLength);
  return to;
}

/** madvise_behavior_valid: the advice values a Linux 6.1 kernel accepts (HWPOISON needs CAP_SYS_ADMIN). */
const KNOWN_ADVICE = new Set<number>(Object.values(MADV).filter((v) => v !== MADV.HWPOISON));

function madvise(c: SyscallContext) {
  const addr = u32(c, 0);
  const advice = s32(c, 2);
  if ((addr & PAGE_MASK) !== 0) return -Errno.EINVAL;
  const end = addr + pageAlignUp(u32(c, 1));
  if (end > TASK_SIZE) return -Errno.EINVAL;
  for (let a = addr; a < end;) {
    const v = c.as.findVma(a);
    if (!v) return -Errno.ENOMEM;
    a = v.end;
  }
  if (!KNOWN_ADVICE.has(advice)) return -Errno.EINVAL;
  if (advice === MADV.DONTNEED || advice === MADV.FREE) c.as.discard(addr, end);
  return 0;
}

export const MEMORY_SYSCALLS: SyscallFamily = {
  brk: (c) => c.as.setBrk(u32(c, 0)),
  mmap2: (c) => doMmap(c, u32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3), s32(c, 4), u32(c, 5) * 4096),
  mmap: (c) => {
    const offset = u32(c, 5);
    if ((offset & PAGE_MASK) !== 0) return -Errno.EINVAL;
    return doMmap(c, u32(c, 0), u32(c, 1), u32(c, 2), u32(c, 3), s32(c, 4), offset);
  },
  munmap,
  mprotect,
  mremap,
  madvise,
  msync: (c) => {
    if ((u32(c, 0) & PAGE_MASK) !== 0) return -Errno.EINVAL;
    c.kernel.pageCache.writeBackAll();
    return 0;
  },
  mlock: () => 0,
  munlock: () => 0,
  mlockall: () => 0,
  munlockall: () => 0,
};

