/* sig_handler_nx: a handler that returns, in a program whose stack is not executable (-z noexecstack). On Linux
 * the handler returns through the sigreturn trampoline in the vDSO, so this works; a kernel that wrote the
 * trampoline into the signal frame on the stack (the historical design, Trapgate's --sigreturn stack) makes
 * the return fetch from a non-executable page: SIGSEGV. */
#include <signal.h>
#include <stdio.h>

static volatile int hits;

static void on_usr1(int sig)
{
	hits++;
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	printf("raising SIGUSR1\n");
	fflush(stdout);
	raise(SIGUSR1);
	printf("the handler ran %d time(s) and returned\n", hits);
	return 0;
}
