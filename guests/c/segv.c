/* segv: a load from address 0 (unmapped) kills the process with SIGSEGV (11). */
#include <stdio.h>

int *volatile null_pointer; /* volatile: the compiler must not turn the access into a trap instruction */

int main(void)
{
	printf("loading from NULL\n");
	fflush(stdout);
	int v = *null_pointer;
	printf("not reached: %d\n", v);
	return 0;
}
