/* abort: abort() kills the process with SIGABRT (6); output flushed before is kept. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("calling abort()\n");
	fflush(stdout);
	abort();
	printf("not reached\n");
	return 0;
}
