/* divzero: int division by zero. GCC emits `div` guarded by `teq divisor,$zero,7` (BRK_DIVZERO);
 * Linux's do_tr → do_trap_or_bp turns code 7 into SIGFPE/FPE_INTDIV (8). qemu-mipsel 7.2 gives SIGTRAP. */
#include <stdio.h>

volatile int numerator = 7, denominator = 0;

int main(void)
{
	printf("7 / 3 = %d\n", numerator / 3);
	printf("dividing by zero\n");
	fflush(stdout);
	int q = numerator / denominator;
	printf("not reached: %d\n", q);
	return 0;
}
