/* sig_linux: signal system-call details where qemu-mipsel 7.2 differs from Linux (the differential test holds
 * Linux's expected output):
 *  1. Since Linux 5.11, do_sigaction clears sa_flags bits the kernel does not know (UAPI_SA_FLAGS, in
 *     include/linux/signal_types.h: NOCLDSTOP NOCLDWAIT SIGINFO ONSTACK RESTART NODEFER RESETHAND
 *     EXPOSE_TAGBITS), both in the stored action and in the old action returned; this is how a program
 *     detects flag support with SA_UNSUPPORTED (0x400, man 2 sigaction). The same goes for the old
 *     sigaction(2) call, which shares do_sigaction.
 *  2. rt_sigqueueinfo to oneself passes the sender's siginfo on as given (a negative si_code other than
 *     SI_TKILL is allowed; si_errno is kept).
 *  3. restart_syscall with no interrupted call to continue: restart_block.fn is do_no_restart_syscall (the
 *     initial value, and what every sigreturn sets: restore_sigcontext), which returns -EINTR.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SA_UNSUPPORTED_ 0x00000400
#define SA_EXPOSE_TAGBITS_ 0x00000800

static volatile int got_code, got_errno, got_value, got_signo;
static void handler(int sig, siginfo_t *si, void *uc)
{
	got_signo = si->si_signo;
	got_code = si->si_code;
	got_errno = si->si_errno;
	got_value = si->si_value.sival_int;
}

struct old_kernel_sigaction { /* MIPS: flags first */
	unsigned int sa_flags;
	void (*handler)(int);
	unsigned long sa_mask[4];
};

int main(void)
{
	struct sigaction sa, oa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	unsigned asked = SA_SIGINFO | SA_RESTART | 0x100 | SA_UNSUPPORTED_ | SA_EXPOSE_TAGBITS_ | 0x20000;
	sa.sa_flags = (int)asked;
	int r = sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR1, NULL, &oa);
	printf("sigaction flags %#x -> %d, read back %#x\n", asked, r, (unsigned)oa.sa_flags);
	r = sigaction(SIGUSR1, &sa, &oa);
	printf("old action returned by the next call: %#x\n", (unsigned)oa.sa_flags);

	struct old_kernel_sigaction ka, oka;
	memset(&ka, 0, sizeof ka);
	ka.handler = SIG_IGN;
	ka.sa_flags = SA_NODEFER | 0x100 | SA_UNSUPPORTED_;
	long lr = syscall(SYS_sigaction, SIGUSR2, &ka, NULL);
	memset(&oka, 0, sizeof oka);
	syscall(SYS_sigaction, SIGUSR2, NULL, &oka);
	printf("sigaction(2) flags %#x -> %ld, read back %#x\n", ka.sa_flags, lr, oka.sa_flags);

	siginfo_t qi;
	memset(&qi, 0, sizeof qi);
	qi.si_signo = SIGUSR1;
	qi.si_code = -42;
	qi.si_errno = 7;
	qi.si_pid = getpid();
	qi.si_uid = getuid();
	qi.si_value.sival_int = 99;
	errno = 0;
	lr = syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &qi);
	printf("rt_sigqueueinfo(self, si_code -42, si_errno 7) -> %ld errno %d\n", lr, lr ? errno : 0);
	printf("received: signo %d code %d errno %d value %d\n", got_signo, got_code, got_errno, got_value);

	errno = 0;
	lr = syscall(SYS_restart_syscall);
	printf("restart_syscall: %ld errno %d\n", lr, errno);
	return 0;
}
