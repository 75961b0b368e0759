/** Is this file a program Trapgate can run? One clear sentence when it is not (execve would say ENOEXEC). */
import * as C from '../../elf/constants.js';
import { ElfError, type Elf32, parseElf32 } from '../../elf/elf32.js';

export function parseExecutable(bytes: Uint8Array): Elf32 {
  const elf = parseElf32(bytes);
  if (elf.machine !== C.EM_MIPS) throw new ElfError(`not a MIPS program (ELF machine ${elf.machine})`);
  if (elf.type !== C.ET_EXEC && elf.type !== C.ET_DYN) {
    throw new ElfError(elf.type === 1 ? 'a relocatable object file, not an executable' : `not an executable (ELF type ${elf.type})`);
  }
  if ((elf.flags & C.EF_MIPS_ABI2) !== 0) throw new ElfError('an n32 program: Trapgate runs the o32 ABI');
  const abi = elf.flags & C.EF_MIPS_ABI;
  if (abi !== 0 && abi !== C.EF_MIPS_ABI_O32) throw new ElfError('not an o32 program');
  if (!C.EF_MIPS_ARCH_32_COMPATIBLE.includes((elf.flags & C.EF_MIPS_ARCH) >>> 0)) {
    throw new ElfError('built for a MIPS architecture a MIPS32r2 CPU cannot run');
  }
  if ((elf.flags & C.EF_MIPS_NAN2008) !== 0) {
    throw new ElfError('built for IEEE 754-2008 NaNs; this CPU uses legacy MIPS NaNs');
  }
  const loads = elf.programHeaders.filter((p) => p.type === C.PT_LOAD);
  if (loads.length === 0) throw new ElfError('no loadable segments');
  for (const p of loads) {
    if (p.filesz > p.memsz) throw new ElfError('a segment\'s file size exceeds its memory size');
    if (p.offset + p.filesz > bytes.length) throw new ElfError('truncated: a segment extends past the end of the file');
    if (p.vaddr + p.memsz > 0x80000000 && elf.type === C.ET_EXEC) throw new ElfError('a segment lies outside user space');
    if ((p.vaddr - p.offset) % 4096 !== 0) throw new ElfError('a segment is not page-aligned with its file offset');
  }
  return elf;
}
