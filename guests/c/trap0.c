/* trap0: __builtin_trap() is `teq $zero,$zero` (code 0): a conditional trap that is not a divide check
 * gives SIGTRAP (5) on Linux (do_tr → do_trap_or_bp default case). */
#include <stdio.h>

int main(void)
{
	printf("executing __builtin_trap\n");
	fflush(stdout);
	__builtin_trap();
}
