/* unaligned: lw/lh/lhu/sw/sh at unaligned addresses (inline asm, so no lwl/lwr). Linux fixes these up
 * in the kernel (arch/mips/kernel/unaligned.c do_ade, TIF_FIXADE set by default) — including one in the
 * delay slot of a taken branch — so the program prints the values and exits 0. qemu-mipsel 7.2 raises
 * SIGBUS instead. */
#include <stdio.h>

static unsigned char buf[32] __attribute__((aligned(8)));

static void dump(void)
{
	printf("buf:");
	for (int i = 0; i < 32; i++)
		printf(" %02x", buf[i]);
	printf("\n");
}

int main(void)
{
	for (int i = 0; i < 32; i++)
		buf[i] = (unsigned char)(0x10 + i);
	buf[9] = 0xfe;
	buf[10] = 0xff;
	printf("buf is 8-byte aligned: %s\n", ((unsigned long)buf & 7) == 0 ? "yes" : "no");
	fflush(stdout);

	unsigned w;
	int h;
	for (int off = 1; off <= 3; off++) {
		__asm__ volatile("lw %0, 0(%1)" : "=r"(w) : "r"(buf + off) : "memory");
		printf("lw  buf+%d = %#010x\n", off, w);
	}
	__asm__ volatile("lh %0, 0(%1)" : "=r"(h) : "r"(buf + 1) : "memory");
	printf("lh  buf+1 = %d\n", h);
	__asm__ volatile("lh %0, 0(%1)" : "=r"(h) : "r"(buf + 9) : "memory");
	printf("lh  buf+9 = %d\n", h);
	__asm__ volatile("lhu %0, 0(%1)" : "=r"(h) : "r"(buf + 9) : "memory");
	printf("lhu buf+9 = %d\n", h);
	__asm__ volatile("sw %0, 0(%1)" : : "r"(0xdeadbeefu), "r"(buf + 17) : "memory");
	__asm__ volatile("sh %0, 0(%1)" : : "r"(0xcafe), "r"(buf + 23) : "memory");
	dump();

	/* An unaligned load in the delay slot of a taken branch: the kernel must emulate it and then
	 * continue at the branch target, not after the delay slot. */
	__asm__ volatile(
		".set push\n\t.set noreorder\n\t"
		"b 1f\n\t"
		"lw %0, 0(%1)\n\t"
		"li %0, 0\n"
		"1:\n\t.set pop"
		: "=&r"(w) : "r"(buf + 13) : "memory");
	printf("lw in a delay slot, buf+13 = %#010x\n", w);
	return 0;
}
