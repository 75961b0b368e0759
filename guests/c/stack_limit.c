/* stack_limit: the stack grows on demand up to RLIMIT_STACK, read at fault time; past it the access is
 * SIGSEGV with SEGV_MAPERR and si_addr below the stack (caught here on an alternate stack), and after the
 * limit is raised the same depth is fine. The limit counts from the top of the stack VMA, so the usable depth
 * is the limit less what lies above main's frame (arguments, environment, auxv: a few KiB). */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define KIB 1024u
static sigjmp_buf back;
static volatile uintptr_t fault_addr, lowest;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	fault_addr = (uintptr_t)si->si_addr;
	fault_code = si->si_code;
	siglongjmp(back, 1);
}

/* Each level touches a 1 KiB frame; recursion stops at `depth` levels. */
static int __attribute__((noinline)) dive(int depth)
{
	volatile char frame[KIB];
	frame[0] = (char)depth;
	frame[KIB - 1] = (char)depth;
	lowest = (uintptr_t)frame;
	if (depth == 0) return frame[0];
	return dive(depth - 1) + frame[KIB - 1];
}

static void set_stack_limit(rlim_t bytes)
{
	struct rlimit rl;
	getrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = bytes;
	if (setrlimit(RLIMIT_STACK, &rl) != 0) perror("setrlimit");
}

int main(void)
{
	static char alt[64 * KIB];
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	uintptr_t top = (uintptr_t)__builtin_frame_address(0);

	set_stack_limit(1024 * KIB);
	if (sigsetjmp(back, 1) == 0) {
		dive(2000); /* about 2 MiB: beyond the limit */
		printf("2 MiB deep under a 1 MiB limit: no fault (wrong)\n");
	} else {
		uintptr_t used = top - fault_addr;
		printf("SIGSEGV past RLIMIT_STACK: yes, si_code %s\n",
			fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other");
		/* main's frame lies a few hundred bytes to a few KiB below the top of the VMA, and the frame being
		 * touched may reach up to about 1 KiB past the limit before its first faulting byte. */
		printf("fault address below main's frame by 960 KiB..1 MiB + 4 KiB: %s\n",
			used > 960 * KIB && used <= 1028 * KIB ? "yes" : "no");
		printf("deepest frame reached is above the fault address: %s\n", lowest > fault_addr ? "yes" : "no");
	}

	set_stack_limit(4096 * KIB);
	if (sigsetjmp(back, 1) == 0) {
		dive(2000);
		printf("2 MiB deep after raising the limit to 4 MiB: fine\n");
	} else {
		printf("2 MiB deep after raising the limit to 4 MiB: SIGSEGV (wrong)\n");
	}
	return 0;
}
