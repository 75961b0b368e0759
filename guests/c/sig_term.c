/* sig_term: SIGTERM's default action terminates the process: exit status 128 + 15 = 143. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("sending SIGTERM (%d) to myself\n", SIGTERM);
	fflush(stdout);
	kill(getpid(), SIGTERM);
	printf("not reached\n");
	return 0;
}
