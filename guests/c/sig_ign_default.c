/* sig_ign_default: signals whose default action is to ignore them (SIGCHLD, SIGWINCH, SIGURG) or to continue
 * (SIGCONT) do not stop a running process; neither do signals set to SIG_IGN whose default would kill.
 * Exit status 0. */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int sigs[] = { SIGCHLD, SIGWINCH, SIGURG, SIGCONT };
	const char *names[] = { "SIGCHLD", "SIGWINCH", "SIGURG", "SIGCONT" };
	for (int i = 0; i < 4; i++) {
		printf("kill(self, %s=%d) -> %d, still running\n", names[i], sigs[i], kill(getpid(), sigs[i]));
		printf("raise(%s) -> %d, still running\n", names[i], raise(sigs[i]));
	}
	int fatal[] = { SIGTERM, SIGUSR1, SIGUSR2, SIGHUP, SIGPWR, SIGALRM, SIGVTALRM, SIGPROF, SIGIO };
	for (unsigned i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
		signal(fatal[i], SIG_IGN);
		printf("signal %d ignored: kill -> %d, still running\n", fatal[i], kill(getpid(), fatal[i]));
	}
	return 0;
}
