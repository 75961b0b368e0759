/* sig_actions: rt_sigaction semantics on MIPS o32 Linux.
 *   - SA_SIGINFO: si_signo/si_code/si_pid/si_uid/si_value for raise (tgkill), kill and sigqueue
 *   - old-style handler (no SA_SIGINFO): 2nd argument 0, 3rd a struct sigcontext of the interrupted kill()
 *   - sa_mask and the handled signal blocked during the handler; a signal raised inside runs after it
 *   - SA_NODEFER re-entrancy; without it the nested raise waits for the handler's return
 *   - nesting order when several signals are pending at once; real-time signals queue, standard ones do not
 *   - SIG_IGN discards (also a pending one); blocked-but-ignored signals stay pending
 *   - sigprocmask/sigpending; the old sigaction(2) syscall; EINVAL cases
 *   - SA_RESETHAND: after one delivery the action is SIG_DFL (flags kept), the second raise kills (status 144)
 * Everything is printed from outside the handlers, except where noted.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static char logbuf[4096];
static size_t loglen;

static void logs(const char *s)
{
	size_t n = strlen(s);
	if (loglen + n < sizeof logbuf) {
		memcpy(logbuf + loglen, s, n);
		loglen += n;
		logbuf[loglen] = 0;
	}
}

static void logi(const char *s, long v)
{
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%s%ld ", s, v);
	logs(tmp);
}

static void flushlog(const char *what)
{
	printf("%s: %s\n", what, logbuf);
	loglen = 0;
	logbuf[0] = 0;
}

static volatile int got_signo, got_code, got_pid_ok, got_uid_ok, got_value, got_errno;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	got_signo = si->si_signo;
	got_code = si->si_code;
	got_errno = si->si_errno;
	got_pid_ok = si->si_pid == getpid();
	got_uid_ok = si->si_uid == getuid();
	got_value = si->si_value.sival_int;
	(void)sig;
	(void)uc;
}

static void report(const char *how)
{
	printf("%-9s signo=%d code=%d errno=%d pid_ok=%d uid_ok=%d", how, got_signo, got_code, got_errno, got_pid_ok,
	       got_uid_ok);
	if (got_code == SI_QUEUE)
		printf(" value=%d", got_value);
	printf("\n");
	got_signo = got_code = got_pid_ok = got_uid_ok = got_value = got_errno = -99;
}

/* Old-style handler: MIPS Linux passes a1 = 0 and a2 = &sigcontext (setup_frame). */
static volatile long old_a1 = -1;
static volatile int old_a2_nonnull, old_sc_a0_is_pid, old_sc_a1_is_sig, old_sc_v0, old_sc_a3, old_sc_zero;

static void old_handler(int sig, long a1, struct sigcontext *sc)
{
	old_a1 = a1;
	old_a2_nonnull = sc != NULL;
	if (sc) {
		/* the interrupted context is the return from kill(pid, sig): a0 = pid, a1 = sig, v0 = 0, a3 = 0 */
		old_sc_a0_is_pid = (long)sc->sc_regs[4] == getpid();
		old_sc_a1_is_sig = (int)sc->sc_regs[5] == sig;
		old_sc_v0 = (int)sc->sc_regs[2];
		old_sc_a3 = (int)sc->sc_regs[7];
		old_sc_zero = (int)sc->sc_regs[0];
	}
}

static int is_blocked(int sig)
{
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

static int is_pending(int sig)
{
	sigset_t p;
	sigpending(&p);
	return sigismember(&p, sig);
}

/* sa_mask: SIGUSR2 is blocked while the SIGUSR1 handler runs, so a SIGUSR2 raised inside runs after it. */
static void usr2_logger(int sig)
{
	logs("usr2 ");
}

static void usr1_masking(int sig)
{
	logs("usr1-start ");
	logi("usr1-blocked=", is_blocked(SIGUSR1));
	logi("usr2-blocked=", is_blocked(SIGUSR2));
	logi("hup-blocked=", is_blocked(SIGHUP));
	raise(SIGUSR2);
	logi("usr2-pending-inside=", is_pending(SIGUSR2));
	logs("usr1-end ");
}

static volatile int depth, max_depth, entries;

static void reentrant(int sig)
{
	entries++;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (entries < 3)
		raise(sig);
	depth--;
}

static void order_handler(int sig, siginfo_t *si, void *uc)
{
	if (sig == SIGUSR1)
		logs("USR1 ");
	else
		logi("RTMIN+2 value=", si->si_value.sival_int);
}

struct old_kernel_sigaction { /* the MIPS `struct sigaction` of the old sigaction(2) call: flags first */
	unsigned int sa_flags;
	void (*handler)(int);
	unsigned long sa_mask[4];
};

static volatile int old_syscall_hits;
static void old_syscall_handler(int sig)
{
	old_syscall_hits++;
}

static volatile int reset_hits;
static void reset_handler(int sig, siginfo_t *si, void *uc)
{
	reset_hits++;
}

int main(void)
{
	struct sigaction sa, oa;
	memset(&sa, 0, sizeof sa);
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* ---- SA_SIGINFO: who sent it */
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	report("raise");
	kill(getpid(), SIGUSR1);
	report("kill");
	union sigval sv = { .sival_int = 1234 };
	sigqueue(getpid(), SIGUSR1, sv);
	report("sigqueue");
	siginfo_t qi;
	memset(&qi, 0, sizeof qi);
	qi.si_signo = SIGUSR1;
	qi.si_code = SI_QUEUE;
	qi.si_value.sival_int = 77;
	qi.si_pid = getpid();
	qi.si_uid = getuid();
	long r = syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &qi);
	printf("rt_sigqueueinfo -> %ld errno=%d\n", r, r ? errno : 0);
	report("queueinfo");

	/* ---- old-style handler */
	struct sigaction so;
	memset(&so, 0, sizeof so);
	so.sa_handler = (void (*)(int))(void (*)(void))old_handler;
	sigaction(SIGUSR2, &so, NULL);
	kill(getpid(), SIGUSR2);
	printf("old-style: a1=%ld a2!=NULL=%d sc: a0==pid %d a1==sig %d v0=%d a3=%d zero=%d\n", old_a1, old_a2_nonnull,
	       old_sc_a0_is_pid, old_sc_a1_is_sig, old_sc_v0, old_sc_a3, old_sc_zero);

	/* ---- sa_mask */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = usr2_logger;
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = usr1_masking;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	flushlog("sa_mask");
	printf("after handler: usr1-blocked=%d usr2-blocked=%d hup-blocked=%d\n", is_blocked(SIGUSR1),
	       is_blocked(SIGUSR2), is_blocked(SIGHUP));

	/* ---- SA_NODEFER */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = reentrant;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGUSR1, &sa, NULL);
	depth = max_depth = entries = 0;
	raise(SIGUSR1);
	printf("SA_NODEFER: entries=%d max_depth=%d\n", entries, max_depth);
	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	depth = max_depth = entries = 0;
	raise(SIGUSR1);
	printf("without SA_NODEFER: entries=%d max_depth=%d\n", entries, max_depth);

	/* ---- several pending at once: real-time signals queue, standard ones do not; nesting order */
	int rt = SIGRTMIN + 2;
	sigset_t both, old;
	sigemptyset(&both);
	sigaddset(&both, SIGUSR1);
	sigaddset(&both, rt);
	for (int variant = 0; variant < 2; variant++) {
		memset(&sa, 0, sizeof sa);
		sa.sa_sigaction = order_handler;
		sa.sa_flags = SA_SIGINFO;
		if (variant == 1)
			sigfillset(&sa.sa_mask); /* each handler blocks everything: handlers run one after another */
		sigaction(SIGUSR1, &sa, NULL);
		sigaction(rt, &sa, NULL);
		sigprocmask(SIG_BLOCK, &both, &old);
		for (int i = 1; i <= 3; i++) {
			union sigval v = { .sival_int = i };
			sigqueue(getpid(), rt, v);
			sigqueue(getpid(), SIGUSR1, v);
		}
		printf("pending: usr1=%d rt=%d\n", is_pending(SIGUSR1), is_pending(rt));
		sigprocmask(SIG_SETMASK, &old, NULL);
		flushlog(variant == 0 ? "order, empty sa_mask" : "order, full sa_mask");
	}

	/* ---- SIG_IGN */
	signal(SIGUSR2, SIG_IGN);
	kill(getpid(), SIGUSR2);
	printf("SIG_IGN: survived, pending=%d\n", is_pending(SIGUSR2));
	sigset_t u2;
	sigemptyset(&u2);
	sigaddset(&u2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &u2, NULL);
	kill(getpid(), SIGUSR2);
	printf("SIG_IGN but blocked: pending=%d\n", is_pending(SIGUSR2));
	signal(SIGUSR2, SIG_IGN); /* setting SIG_IGN again discards the pending one */
	printf("after sigaction(SIG_IGN): pending=%d\n", is_pending(SIGUSR2));
	signal(SIGUSR2, SIG_DFL);
	kill(getpid(), SIGUSR2);
	printf("SIG_DFL (terminate) while blocked: pending=%d\n", is_pending(SIGUSR2));
	signal(SIGUSR2, SIG_IGN); /* discards it: unblocking is harmless */
	sigprocmask(SIG_UNBLOCK, &u2, NULL);
	printf("unblocked after SIG_IGN: survived\n");
	sigset_t ch;
	sigemptyset(&ch);
	sigaddset(&ch, SIGCHLD);
	sigprocmask(SIG_BLOCK, &ch, NULL);
	kill(getpid(), SIGCHLD);
	printf("SIGCHLD (default ignore) while blocked: pending=%d\n", is_pending(SIGCHLD));
	sigprocmask(SIG_UNBLOCK, &ch, NULL);
	printf("SIGCHLD unblocked: survived, pending=%d\n", is_pending(SIGCHLD));

	/* ---- sigprocmask / sigpending */
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = info_handler;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t u1;
	sigemptyset(&u1);
	sigaddset(&u1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &u1, NULL);
	got_signo = 0;
	kill(getpid(), SIGUSR1);
	printf("blocked: delivered=%d pending=%d\n", got_signo == SIGUSR1, is_pending(SIGUSR1));
	sigprocmask(SIG_UNBLOCK, &u1, NULL);
	printf("unblocked: delivered=%d pending=%d\n", got_signo == SIGUSR1, is_pending(SIGUSR1));
	sigset_t all, cur;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	sigprocmask(SIG_SETMASK, &old, &cur);
	printf("SIGKILL blockable=%d SIGSTOP blockable=%d SIGTERM blocked=%d\n", sigismember(&cur, SIGKILL),
	       sigismember(&cur, SIGSTOP), sigismember(&cur, SIGTERM));
	errno = 0;
	r = sigprocmask(99, &u1, NULL);
	printf("sigprocmask(how=99) -> %ld errno=%d\n", r, errno);
	unsigned long kset[4] = { 0, 0, 0, 0 };
	r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, kset, NULL, 8);
	printf("rt_sigprocmask sigsetsize 8 -> %ld errno=%d\n", r, errno);
	r = syscall(SYS_rt_sigpending, kset, 17);
	printf("rt_sigpending sigsetsize 17 -> %ld errno=%d\n", r, errno);

	/* ---- old sigaction(2) */
	struct old_kernel_sigaction ka, oka;
	memset(&ka, 0, sizeof ka);
	memset(&oka, 0xff, sizeof oka);
	ka.handler = old_syscall_handler;
	ka.sa_flags = SA_RESTART;
	ka.sa_mask[0] = 1UL << (SIGHUP - 1);
	r = syscall(SYS_sigaction, SIGUSR2, &ka, &oka);
	printf("sigaction(2) install -> %ld, old handler is SIG_IGN=%d flags=%#x mask=%lx %lx %lx %lx\n", r,
	       oka.handler == SIG_IGN, oka.sa_flags, oka.sa_mask[0], oka.sa_mask[1], oka.sa_mask[2], oka.sa_mask[3]);
	kill(getpid(), SIGUSR2);
	r = syscall(SYS_sigaction, SIGUSR2, NULL, &oka);
	printf("sigaction(2) query -> %ld, hits=%d handler ok=%d flags=%#x mask=%lx\n", r, old_syscall_hits,
	       oka.handler == old_syscall_handler, oka.sa_flags, oka.sa_mask[0]);
	sigaction(SIGUSR2, NULL, &oa);
	printf("seen through rt_sigaction: handler ok=%d flags=%#x hup in mask=%d usr1 in mask=%d\n",
	       oa.sa_handler == old_syscall_handler, (unsigned)oa.sa_flags, sigismember(&oa.sa_mask, SIGHUP),
	       sigismember(&oa.sa_mask, SIGUSR1));

	/* ---- EINVAL cases */
	struct old_kernel_sigaction kq;
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &kq, 8);
	printf("rt_sigaction sigsetsize 8 -> %ld errno=%d\n", r, errno);
	errno = 0;
	r = syscall(SYS_rt_sigaction, SIGUSR1, NULL, &kq, 128);
	printf("rt_sigaction sigsetsize 128 -> %ld errno=%d\n", r, errno);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	errno = 0;
	r = sigaction(SIGKILL, &sa, NULL);
	printf("sigaction(SIGKILL, SIG_IGN) -> %ld errno=%d\n", r, errno);
	errno = 0;
	r = sigaction(SIGSTOP, &sa, NULL);
	printf("sigaction(SIGSTOP, SIG_IGN) -> %ld errno=%d\n", r, errno);
	errno = 0;
	r = sigaction(SIGKILL, NULL, &oa);
	printf("sigaction(SIGKILL, NULL, &old) -> %ld handler SIG_DFL=%d\n", r, oa.sa_handler == SIG_DFL);
	errno = 0;
	r = syscall(SYS_rt_sigaction, 0, NULL, &kq, 16);
	printf("rt_sigaction(0) -> %ld errno=%d\n", r, errno);
	errno = 0;
	r = syscall(SYS_rt_sigaction, 128, NULL, &kq, 16);
	printf("rt_sigaction(128) -> %ld\n", r);
	errno = 0;
	r = syscall(SYS_rt_sigaction, 129, NULL, &kq, 16);
	printf("rt_sigaction(129) -> %ld errno=%d\n", r, errno);
	errno = 0;
	r = kill(getpid(), 129);
	printf("kill(self, 129) -> %ld errno=%d\n", r, errno);
	errno = 0;
	r = kill(getpid(), 0);
	printf("kill(self, 0) -> %ld\n", r);

	/* ---- SA_RESETHAND: one delivery, then the default action (SIGUSR1 terminates) */
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = reset_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &oa);
	printf("SA_RESETHAND: hits=%d now SIG_DFL=%d SA_SIGINFO kept=%d SA_RESETHAND kept=%d\n", reset_hits,
	       oa.sa_handler == SIG_DFL, (oa.sa_flags & SA_SIGINFO) != 0, (oa.sa_flags & SA_RESETHAND) != 0);
	printf("raising SIGUSR1 (%d) again: the default action terminates\n", SIGUSR1);
	fflush(stdout);
	raise(SIGUSR1);
	printf("not reached\n");
	return 0;
}
