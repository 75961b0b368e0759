/* jit_hilo_acc: madd, maddu, msub and msubu accumulate into HI:LO, then mflo reads LO and slt tests its sign, all in
 * one basic block, 100 000 times, so that the block compiler runs them after the first few hundred interpreted
 * passes. On MIPS32 LO is a 32-bit register: mflo must give the low word of HI:LO +/- rs*rt as a signed 32-bit value
 * whichever engine runs the block. (Regression guest: the block compiler once kept LO as the unsigned 33-bit sum in
 * a local, so slt saw a negative LO as positive and a wrapped one as negative.) */
#include <stdio.h>

#define STEP(name, insn)                                                                                      \
	static __attribute__((noinline)) int name(int lo0, int a, int b)                                      \
	{                                                                                                     \
		int lo, neg;                                                                                  \
		__asm__ volatile("mtlo %2\n\tmthi $zero\n\t" insn " %3, %4\n\tmflo %0\n\tslt %1, %0, $zero"    \
				 : "=&r"(lo), "=&r"(neg)                                                      \
				 : "r"(lo0), "r"(a), "r"(b)                                                   \
				 : "hi", "lo");                                                               \
		return neg;                                                                                   \
	}
STEP(t_madd, "madd")
STEP(t_maddu, "maddu")
STEP(t_msub, "msub")
STEP(t_msubu, "msubu")

int main(void)
{
	int n = 100000, c[4] = { 0 };
	for (int i = 0; i < n; i++) {
		c[0] += t_madd(-10, 1, 1);
		c[1] += t_maddu(-10, 1, 1);
		c[2] += t_msub(0, 0x9000, 0x10000);
		c[3] += t_msubu(0, 0x9000, 0x10000);
	}
	printf("madd  negative %d of %d\nmaddu negative %d of %d\nmsub  negative %d of %d\nmsubu negative %d of %d\n",
	       c[0], n, c[1], n, c[2], n, c[3], n);
	return 0;
}
