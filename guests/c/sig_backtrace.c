/* sig_backtrace: glibc's backtrace() called inside signal handlers must walk through the signal frame into the
 * interrupted code (libgcc's MIPS fallback recognises the sigreturn trampoline at the handler's $ra and takes
 * the interrupted pc and registers from the sigcontext; reference linux-mips-abi.md §3.5). Built with
 * -fasynchronous-unwind-tables so the interrupted functions can be unwound at any instruction.
 *  - SIGSEGV from a load in victim(), called by caller(), old-style handler (sigframe, `li v0, 4119`): the
 *    backtrace must contain an address inside the handler, inside victim() and inside caller()
 *  - SIGUSR1 raised by raiser(), called by caller2(), SA_SIGINFO handler (rt_sigframe, `li v0, 4193`):
 *    handler, raiser() and caller2()
 * Function ranges come from linker-made __start_/__stop_ symbols of one section per function. Frame counts
 * depend on glibc internals, so only the facts above are printed.
 */
#include <execinfo.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define IN(sec) __attribute__((section(#sec), noinline))
#define RANGE(sec)                                                                                                \
	extern char __start_##sec[], __stop_##sec[];                                                              \
	static int in_##sec(void *p) { return (char *)p >= __start_##sec && (char *)p < __stop_##sec; }

RANGE(bt_handler)
RANGE(bt_victim)
RANGE(bt_caller)
RANGE(bt_raiser)
RANGE(bt_caller2)

static sigjmp_buf jb;
static void *frames[64];
static volatile int nframes;

static void report(const char *what, int (*inner)(void *), const char *inner_name, int (*outer)(void *),
		   const char *outer_name)
{
	int h = 0, i = 0, o = 0, order_ok = 1, first_inner = -1, first_outer = -1;
	for (int k = 0; k < nframes; k++) {
		if (in_bt_handler(frames[k]))
			h = 1;
		if (inner(frames[k])) {
			i = 1;
			if (first_inner < 0)
				first_inner = k;
		}
		if (outer(frames[k])) {
			o = 1;
			if (first_outer < 0)
				first_outer = k;
		}
	}
	if (first_inner < 0 || first_outer < 0 || first_inner > first_outer)
		order_ok = 0;
	printf("%s: more than 3 frames %d; handler %d, %s %d, %s %d, %s before %s %d\n", what, nframes > 3, h,
	       inner_name, i, outer_name, o, inner_name, outer_name, order_ok);
}

IN(bt_handler) static void handler(int sig)
{
	nframes = backtrace(frames, 64);
	if (sig == SIGSEGV)
		siglongjmp(jb, 1);
}

IN(bt_handler) static void rt_handler(int sig, siginfo_t *si, void *uc)
{
	nframes = backtrace(frames, 64);
}

int *volatile null_pointer;
volatile int sink;

IN(bt_victim) static int victim(int x)
{
	return *null_pointer + x;
}

IN(bt_caller) static int caller(int x)
{
	int r = victim(x + 1);
	return r * 2; /* not a tail call */
}

IN(bt_raiser) static int raiser(int x)
{
	raise(SIGUSR1);
	return x + 1;
}

IN(bt_caller2) static int caller2(int x)
{
	int r = raiser(x + 1);
	return r * 2;
}

int main(void)
{
	signal(SIGSEGV, handler);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = rt_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	backtrace(frames, 1); /* glibc sets up the unwinder on first use */
	nframes = 0;
	if (sigsetjmp(jb, 1) == 0)
		sink = caller(1);
	report("SIGSEGV in victim", in_bt_victim, "victim", in_bt_caller, "caller");
	nframes = 0;
	sink = caller2(1);
	report("SIGUSR1 raised in raiser", in_bt_raiser, "raiser", in_bt_caller2, "caller2");
	return 0;
}
