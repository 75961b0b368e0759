/* sig_trace: two handled signals for the --trace test (test/kernel/signal/trace.test.ts), which finds the
 * handlers' addresses with nm: on_usr1 (old-style, sent by raise: tgkill, SI_TKILL) and on_usr2 (SA_SIGINFO,
 * sent by kill: SI_USER). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile int usr1_hits, usr2_hits;

void on_usr1(int sig)
{
	usr1_hits++;
}

void on_usr2(int sig, siginfo_t *si, void *uc)
{
	usr2_hits += si->si_code == SI_USER ? 1 : 100;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR1);
	kill(getpid(), SIGUSR2);
	printf("on_usr1 ran %d time(s), on_usr2 %d\n", usr1_hits, usr2_hits);
	return 0;
}
