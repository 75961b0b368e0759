/* sig_alarm: an alarm() expiring with SIGALRM's default action terminates the process while it sleeps in
 * pause(): exit status 128 + 14 = 142. */
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

int main(void)
{
	struct itimerval it = { .it_value = { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	printf("waiting in pause() for SIGALRM (%d)\n", SIGALRM);
	fflush(stdout);
	pause();
	printf("not reached\n");
	return 0;
}
