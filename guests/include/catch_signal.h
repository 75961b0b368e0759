/* Catching a synchronous signal: handler() records what the kernel reported (si_signo, si_code, si_addr and the
 * interrupted pc from the context) and siglongjmp's back to the sigsetjmp(jb, 1) of the code that caused it. */
#ifndef GUEST_CATCH_SIGNAL_H
#define GUEST_CATCH_SIGNAL_H

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

static sigjmp_buf jb;
static volatile int got_sig, got_code;
static volatile uintptr_t got_addr, got_pc;

static void handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	got_sig = si->si_signo;
	got_code = si->si_code;
	got_addr = (uintptr_t)si->si_addr;
	got_pc = (uintptr_t)uc->uc_mcontext.pc;
	(void)sig;
	siglongjmp(jb, 1);
}

#endif
