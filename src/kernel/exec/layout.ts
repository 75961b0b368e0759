/**
 * Where a process's pieces go in a 32-bit MIPS address space, as arch/mips/kernel and fs/binfmt_elf.c place them
 * (reference linux-mips-abi.md §2.2 and §4.3). Randomisation offsets are added by the caller when enabled.
 */
import { PAGE_SIZE } from '../../mm/physical.js';

/** TASK_SIZE of a 32-bit kernel: user space is the lower 2 GiB. */
export const TASK_SIZE = 0x80000000;
/** VDSO_RANDOMIZE_SIZE: [vvar]/[vdso] start up to this far (page-rounded) above the dsemul page. */
export const VDSO_RANDOMIZE_SIZE = 1024 * 1024;
/**
 * mips_stack_top(): TASK_SIZE minus the delay-slot emulation page, the vDSO image, its data page and the room for
 * their random offset. The dsemul page sits at STACK_TOP; the stack grows down from just below it.
 */
export function stackTop(vdsoImageSize: number): number {
  return TASK_SIZE - PAGE_SIZE - vdsoImageSize - PAGE_SIZE - VDSO_RANDOMIZE_SIZE;
}
/** ELF_ET_DYN_BASE: where static-PIE and the dynamic loader are placed. */
export const ET_DYN_BASE = Math.floor(TASK_SIZE / 3) * 2;
/** setup_arg_pages: the initial stack VMA extends this far below the arguments. */
export const STACK_INITIAL_EXPAND = 128 * 1024;
/** mmap_base(): at least 128 MiB between the stack top and the first top-down mapping. */
export const MMAP_MIN_GAP = 128 * 1024 * 1024;
export const DEFAULT_STACK_LIMIT = 8 * 1024 * 1024;
