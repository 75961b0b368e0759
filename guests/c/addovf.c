/* addovf: `add` (trapping signed add) of 0x7fffffff + 1 raises Integer Overflow → SIGFPE (8);
 * `addu` of the same operands wraps silently. */
#include <stdio.h>

volatile int big = 0x7fffffff, one = 1;

int main(void)
{
	int a = big, b = one, r;
	__asm__ volatile("addu %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
	printf("addu 0x7fffffff + 1 = %#x\n", (unsigned)r);
	__asm__ volatile("add %0, %1, %2" : "=r"(r) : "r"(-5), "r"(b));
	printf("add -5 + 1 = %d\n", r);
	printf("add 0x7fffffff + 1 traps\n");
	fflush(stdout);
	__asm__ volatile("add %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
	printf("not reached: %d\n", r);
	return 0;
}
