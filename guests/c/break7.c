/* break7: `break 7` (BRK_DIVZERO, what old compilers emitted for division by zero): Linux's do_bp →
 * do_trap_or_bp gives SIGFPE/FPE_INTDIV (8). qemu-mipsel 7.2 gives SIGTRAP. */
#include <stdio.h>

int main(void)
{
	printf("executing break 7\n");
	fflush(stdout);
	__asm__ volatile("break 7");
	printf("not reached\n");
	return 0;
}
