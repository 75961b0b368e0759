/* exit42: exit(42) runs atexit handlers (last registered first), then flushes stdio. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

static volatile int really_exit = 1;

static int depth(int n)
{
	if (n == 0) {
		printf("calling exit(42) from a nested call, no newline at the end");
		if (really_exit)
			exit(42);
		return 0;
	}
	return depth(n - 1) + 1;
}

int main(void)
{
	atexit(first);
	atexit(second);
	printf("line before exit\n");
	depth(5);
	printf("not reached\n");
	return 0;
}
