/* breakpoint: `break` (code 0, BRK_USERBP) kills the process with SIGTRAP (5). */
#include <stdio.h>

int main(void)
{
	printf("executing break\n");
	fflush(stdout);
	__asm__ volatile("break");
	printf("not reached\n");
	return 0;
}
