/* sig_altstack_linux: alternate-stack behaviour where qemu-mipsel 7.2 differs from Linux (the differential test
 * holds Linux's expected output and exit status):
 *  1. uc_stack.ss_flags in a frame is the stored sigaltstack flags (kernel/signal.c __save_altstack writes
 *     t->sas_ss_flags), so a signal interrupting a handler that runs on the alternate stack still records 0,
 *     while sigaltstack() itself reports SS_ONSTACK (do_sigaltstack uses sas_ss_flags(sp)).
 *  2. SS_AUTODISARM (Linux 4.7): the stack is disarmed while the handler runs (signal_delivered ->
 *     sas_ss_reset), the frame's uc_stack keeps the old settings, and rt_sigreturn re-arms it.
 *  3. A frame that would run off the alternate stack (get_sigframe returns -1 when on_sig_stack(sp) and
 *     !on_sig_stack(sp - frame_size)) makes the kernel force SIGSEGV: the process dies (status 139).
 */
#include <alloca.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

#define ALT_SIZE 16384
static char alt[ALT_SIZE] __attribute__((aligned(16)));
static char *small_alt;
static volatile long left;
static volatile int depth;

static void nested_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	stack_t cur;
	sigaltstack(NULL, &cur);
	int d = depth++;
	printf(" depth %d: uc_stack.ss_flags = %d, sigaltstack() flags = %d\n", d, uc->uc_stack.ss_flags,
	       cur.ss_flags);
	if (d == 0)
		raise(SIGUSR2);
}

static void autodisarm_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	volatile char here;
	stack_t cur;
	sigaltstack(NULL, &cur);
	printf(" handler on the stack: %d\n", (char *)&here >= alt && (char *)&here < alt + ALT_SIZE);
	printf(" uc_stack: sp is the stack %d, size %zu, flags %#x\n", uc->uc_stack.ss_sp == alt,
	       uc->uc_stack.ss_size, (unsigned)uc->uc_stack.ss_flags);
	printf(" sigaltstack() inside: sp %p, size %zu, flags %#x\n", cur.ss_sp, cur.ss_size, (unsigned)cur.ss_flags);
	/* disarmed, so it may be changed even though the handler runs on it; rt_sigreturn puts uc_stack back */
	stack_t other = { .ss_sp = alt, .ss_size = 4096, .ss_flags = 0 };
	printf(" changing it inside: %d\n", sigaltstack(&other, NULL));
}

static void say(const char *s)
{
	write(1, s, strlen(s)); /* little stack: this runs with less than 1 KiB of it */
}

static void overflow_handler(int sig)
{
	volatile char here;
	if (depth++ > 0) {
		say("not reached: the nested frame did not fit\n");
		return;
	}
	/* use up the alternate stack until about 520 bytes are left, less than a 784-byte rt frame but more than
	 * raise() needs, then raise the signal again */
	size_t used = (size_t)(small_alt + 2048 - (char *)&here);
	volatile char *pad = alloca(2048 - used - 520);
	pad[0] = 1;
	left = (char *)pad - small_alt;
	if (left < 300 || left > 700)
		say("test setup wrong: unexpected amount of alternate stack left\n");
	say("raising it again with less than a frame of alternate stack left: the kernel forces SIGSEGV\n");
	raise(SIGUSR1);
	say("not reached\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);

	/* 1 */
	stack_t ss = { .ss_sp = alt, .ss_size = ALT_SIZE, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	sa.sa_sigaction = nested_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	printf("nested signals on the alternate stack:\n");
	raise(SIGUSR1);

	/* 2 */
	ss.ss_flags = SS_AUTODISARM;
	int r = sigaltstack(&ss, NULL);
	stack_t cur;
	sigaltstack(NULL, &cur);
	printf("SS_AUTODISARM: sigaltstack -> %d, query flags %#x\n", r, (unsigned)cur.ss_flags);
	sa.sa_sigaction = autodisarm_handler;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	sigaltstack(NULL, &cur);
	printf("after rt_sigreturn: sp is the stack %d, size %zu, flags %#x\n", cur.ss_sp == alt, cur.ss_size,
	       (unsigned)cur.ss_flags);

	/* 3: a 2048-byte alternate stack (MINSIGSTKSZ) inside the big one */
	small_alt = alt + 8192;
	ss.ss_sp = small_alt;
	ss.ss_size = 2048;
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = overflow_handler;
	sa.sa_flags = SA_ONSTACK | SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	depth = 0;
	raise(SIGUSR1);
	printf("not reached either\n");
	return 0;
}
