/** ELF constants used by the reader and writer (System V gABI and the MIPS psABI supplement). */
export const ELFCLASS32 = 1;
export const ELFDATA2LSB = 1;
export const EV_CURRENT = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_MIPS = 8;

export const PT_NULL = 0;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_TLS = 7;
export const PT_GNU_EH_FRAME = 0x6474e550;
export const PT_GNU_STACK = 0x6474e551;
export const PT_GNU_RELRO = 0x6474e552;
export const PT_MIPS_REGINFO = 0x70000000;
export const PT_MIPS_ABIFLAGS = 0x70000003;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_DYNSYM = 11;
export const SHT_NOBITS = 8;

export const STT_FUNC = 2;

/** e_flags of a MIPS object. */
export const EF_MIPS_ABI2 = 0x00000020;
export const EF_MIPS_NAN2008 = 0x00000400;
export const EF_MIPS_ABI = 0x0000f000;
export const EF_MIPS_ABI_O32 = 0x00001000;
export const EF_MIPS_ARCH = 0xf0000000;
/** Architectures whose user-mode instructions a MIPS32r2 CPU executes (MIPS I..V as 32-bit, MIPS32 r1/r2). */
export const EF_MIPS_ARCH_32_COMPATIBLE = [0x00000000, 0x10000000, 0x20000000, 0x50000000, 0x70000000];
