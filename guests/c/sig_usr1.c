/* sig_usr1: SIGUSR1's default action terminates; on MIPS SIGUSR1 is 16 (not 10 as on x86), so the exit status
 * is 128 + 16 = 144. The signal is sent with tgkill (raise) after being blocked and pending, and is delivered
 * when unblocked. */
#include <signal.h>
#include <stdio.h>

int main(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR1);
	sigset_t p;
	sigpending(&p);
	printf("SIGUSR1 (%d) blocked and pending: %d; unblocking it\n", SIGUSR1, sigismember(&p, SIGUSR1));
	fflush(stdout);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("not reached\n");
	return 0;
}
