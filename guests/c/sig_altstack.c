/* sig_altstack: sigaltstack on MIPS o32 (stack_t is IRIX-ordered: ss_sp, ss_size, ss_flags), checked with the
 * raw system call as well as glibc's stack_t; errors (ENOMEM below MINSIGSTKSZ = 2048, EINVAL for bad flags,
 * EPERM while running on the stack); SA_ONSTACK handlers on it (SS_ONSTACK seen from inside, nesting), a
 * handler without SA_ONSTACK on the normal stack; and the classic use: a stack overflow caught by a SIGSEGV
 * handler running on an alternate stack in .bss, which siglongjmp's out; and a signal whose frame cannot be
 * written (the stack pointer points at unmapped memory): the kernel forces SIGSEGV (force_sigsegv: si_code
 * SI_KERNEL), whose SA_ONSTACK handler still runs, on the alternate stack.
 * (sig_altstack_linux has the parts where qemu-mipsel differs from Linux.)
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char *alt;
static size_t alt_size;

static int on_alt(const void *p)
{
	return (const char *)p >= alt && (const char *)p < alt + alt_size;
}

static volatile int depth;
static volatile uintptr_t outer_local;
static char log_[2048];

static void logf_(const char *s, long v)
{
	char tmp[128];
	snprintf(tmp, sizeof tmp, "  %s: %ld\n", s, v);
	strncat(log_, tmp, sizeof log_ - strlen(log_) - 1);
}

static void onstack_handler(int sig)
{
	volatile char here;
	logf_("handler runs on the alternate stack", on_alt((const void *)&here));
	stack_t cur;
	sigaltstack(NULL, &cur);
	logf_("sigaltstack from inside: flags", cur.ss_flags);
	logf_("  ss_sp is the stack", cur.ss_sp == alt);
	stack_t other = { .ss_sp = alt, .ss_size = alt_size / 2, .ss_flags = 0 };
	errno = 0;
	logf_("changing it while on it", sigaltstack(&other, NULL));
	logf_("  errno", errno);
	other.ss_flags = SS_DISABLE;
	errno = 0;
	logf_("disabling it while on it", sigaltstack(&other, NULL));
	logf_("  errno", errno);
	int d = depth++;
	if (d == 0) {
		outer_local = (uintptr_t)&here;
		raise(SIGUSR2); /* nested: SA_ONSTACK again, already on the stack: the frame goes below */
	} else if (d == 1) {
		logf_("nested frame below the outer one", (uintptr_t)&here < outer_local);
	}
}

static void plain_handler(int sig)
{
	volatile char here;
	logf_("handler without SA_ONSTACK on the alternate stack", on_alt((const void *)&here));
}

/* ---- a frame that cannot be written: void kill_with_sp(void *sp, int pid, int sig) sets $sp, then kill() */
asm(".text\n.set push\n.set noreorder\n.set nomacro\n.globl kill_with_sp\n.type kill_with_sp,@function\n"
    ".ent kill_with_sp\nkill_with_sp:\n move $sp, $4\n move $4, $5\n move $5, $6\n li $2, 4037\n syscall\n"
    " break 0x3ff\n.end kill_with_sp\n.size kill_with_sp,.-kill_with_sp\n.set pop\n");
extern void kill_with_sp(void *sp, int pid, int sig);
static volatile int usr1_handled, bad_sp_code = -1;

static void usr1_counter(int sig)
{
	usr1_handled++;
}

/* ---- stack overflow */
static char overflow_stack[16384] __attribute__((aligned(16)));
static sigjmp_buf overflow_jb;
static volatile int overflow_sig, overflow_on_alt;
static volatile unsigned long recursions;

static void overflow_handler(int sig, siginfo_t *si, void *uc)
{
	volatile char here;
	bad_sp_code = si->si_code;
	overflow_sig = sig;
	overflow_on_alt = (char *)&here >= overflow_stack && (char *)&here < overflow_stack + sizeof overflow_stack;
	siglongjmp(overflow_jb, 1);
}

static unsigned long recurse(unsigned long n);
static unsigned long (*volatile recurse_again)(unsigned long) = recurse;
static unsigned long recurse(unsigned long n)
{
	volatile char pad[512];
	pad[0] = (char)n;
	recursions++;
	return recurse_again(n + 1) + pad[0];
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("stack_t: ss_sp@%zu ss_size@%zu ss_flags@%zu size %zu; SS_ONSTACK %d SS_DISABLE %d\n",
	       offsetof(stack_t, ss_sp), offsetof(stack_t, ss_size), offsetof(stack_t, ss_flags), sizeof(stack_t),
	       SS_ONSTACK, SS_DISABLE);

	stack_t ss, old;
	memset(&old, 0x5a, sizeof old);
	long r = sigaltstack(NULL, &old);
	printf("initially: r=%ld sp=%p size=%zu flags=%d\n", r, old.ss_sp, old.ss_size, old.ss_flags);

	char stackmem[4 * 8192] __attribute__((aligned(16)));
	alt = stackmem;
	alt_size = sizeof stackmem;

	/* the raw call with hand-made words: {sp, size, flags} */
	uint32_t raw[3] = { (uint32_t)(uintptr_t)alt, 2047, 0 }, back[3];
	errno = 0;
	r = syscall(SYS_sigaltstack, raw, NULL);
	printf("size 2047 (< MINSIGSTKSZ): r=%ld errno=%d\n", r, errno);
	raw[1] = 2048;
	r = syscall(SYS_sigaltstack, raw, NULL);
	printf("size 2048: r=%ld\n", r);
	raw[2] = 0x10;
	errno = 0;
	r = syscall(SYS_sigaltstack, raw, NULL);
	printf("flags 0x10: r=%ld errno=%d\n", r, errno);
	raw[1] = (uint32_t)alt_size;
	raw[2] = SS_ONSTACK; /* accepted, historically, meaning "enable" */
	r = syscall(SYS_sigaltstack, raw, back);
	printf("flags SS_ONSTACK: r=%ld; old words: sp ok %d, size %u, flags %u\n", r, back[0] == (uintptr_t)alt,
	       back[1], back[2]);
	r = syscall(SYS_sigaltstack, NULL, back);
	printf("query words: sp ok %d, size %u, flags %u\n", back[0] == (uintptr_t)alt, back[1], back[2]);
	sigaltstack(NULL, &old);
	printf("query stack_t: sp ok %d, size %zu, flags %d\n", old.ss_sp == alt, old.ss_size, old.ss_flags);

	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onstack_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	raise(SIGUSR1);
	printf("SA_ONSTACK handler:\n%s", log_);
	log_[0] = 0;
	sigaltstack(NULL, &old);
	printf("after it: flags %d\n", old.ss_flags);

	sa.sa_handler = plain_handler;
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("plain handler:\n%s", log_);
	log_[0] = 0;

	ss.ss_flags = SS_DISABLE;
	ss.ss_sp = NULL;
	ss.ss_size = 0;
	r = sigaltstack(&ss, &old);
	printf("disable: r=%ld, old flags %d\n", r, old.ss_flags);
	sigaltstack(NULL, &old);
	printf("disabled: sp=%p size=%zu flags=%d\n", old.ss_sp, old.ss_size, old.ss_flags);
	sa.sa_handler = onstack_handler;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	depth = 5; /* no nesting this time */
	raise(SIGUSR1);
	printf("SA_ONSTACK with the stack disabled:\n%s", log_);
	log_[0] = 0;

	/* stack overflow caught on an alternate stack in .bss */
	ss.ss_sp = overflow_stack;
	ss.ss_size = sizeof overflow_stack;
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = overflow_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(overflow_jb, 1) == 0) {
		recurse(0);
		printf("not reached\n");
	}
	printf("stack overflow: caught signal %d on the alternate stack %d after more than 1000 calls %d\n",
	       overflow_sig, overflow_on_alt, recursions > 1000);
	/* the stack is usable again, and so is the alternate stack */
	overflow_sig = 0;
	recursions = 0;
	if (sigsetjmp(overflow_jb, 1) == 0)
		recurse(0);
	printf("again: caught signal %d on the alternate stack %d\n", overflow_sig, overflow_on_alt);

	/* SIGUSR1's frame cannot be written below a stack pointer of 0x1000 */
	signal(SIGUSR1, usr1_counter);
	overflow_sig = 0;
	if (sigsetjmp(overflow_jb, 1) == 0)
		kill_with_sp((void *)0x1000, getpid(), SIGUSR1);
	printf("SIGUSR1 with $sp = 0x1000: its handler ran %d times; SIGSEGV (code %d, SI_KERNEL %d) caught on the "
	       "alternate stack %d\n",
	       usr1_handled, bad_sp_code, SI_KERNEL, overflow_on_alt);
	return 0;
}
