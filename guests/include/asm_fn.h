/* ASM_FN(name, body): a global function written in MIPS assembly, exactly as given. noreorder and nomacro keep
 * the assembler from filling delay slots or expanding macros, so every instruction (and its address, which the
 * tests compare with the pc a signal reports) is the one written. noat and hardfloat allow $1 and the FPU. */
#ifndef GUEST_ASM_FN_H
#define GUEST_ASM_FN_H

#define ASM_FN(name, body)                                                                                         \
	asm(".text\n.set push\n.set noreorder\n.set nomacro\n.set noat\n.set hardfloat\n.globl " #name                \
	    "\n.type " #name ",@function\n.ent " #name "\n" #name ":\n" body ".end " #name "\n.size " #name           \
	    ",.-" #name "\n.set pop\n")

#endif
