// sig_throw: a SIGSEGV handler that throws a C++ exception, caught in the function whose load faulted
// (built with -fnon-call-exceptions, so a trapping instruction may throw). libgcc unwinds from the handler
// into the interrupted frame by recognising the signal-return trampoline at the handler's $ra
// (`li v0, __NR_rt_sigreturn; syscall`, libgcc/config/mips/linux-unwind.h) and reading the registers back
// from the rt_sigframe's sigcontext (reference linux-mips-abi.md §3.5). Destructors of the frames in between
// run; callee-saved registers are restored from the sigcontext. SA_NODEFER, since the handler never returns
// through sigreturn to unblock the signal.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>

namespace {

struct Fault {
	int sig;
	int code;
	void *addr;
};

int destroyed = 0;

struct Guard {
	std::string name;
	explicit Guard(const char *n) : name(n) {}
	~Guard()
	{
		destroyed++;
		std::printf("  ~Guard(%s)\n", name.c_str());
	}
};

void handler(int sig, siginfo_t *si, void *)
{
	throw Fault{ sig, si->si_code, si->si_addr };
}

int *volatile null_pointer;
int *volatile bad_pointer = reinterpret_cast<int *>(0x40);

__attribute__((noinline)) int load(int *volatile *where)
{
	Guard g("load");
	return *static_cast<volatile int *>(*where) + 1;
}

__attribute__((noinline)) int faulting_frame(int round)
{
	// values that must survive the unwind in callee-saved registers
	int a = round * 3, b = round * 5 + 1;
	Guard g("faulting_frame");
	try {
		int v = *(round % 2 ? bad_pointer : null_pointer);
		std::printf("  not reached %d\n", v);
	} catch (const Fault &f) {
		std::printf("  caught in the faulting frame: signal %d code %d addr %p, locals %d %d\n", f.sig, f.code,
			    f.addr, a, b);
		return 1;
	}
	return 0;
}

__attribute__((noinline)) int deeper(int round)
{
	Guard g("deeper");
	return load(round % 2 ? &bad_pointer : &null_pointer);
}

} // namespace

int main()
{
	struct sigaction sa;
	std::memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, nullptr);

	for (int round = 0; round < 3; round++) {
		std::printf("round %d:\n", round);
		int r = faulting_frame(round);
		std::printf("  faulting_frame returned %d\n", r);
	}
	std::printf("through two frames:\n");
	try {
		int r = deeper(1);
		std::printf("  not reached %d\n", r);
	} catch (const Fault &f) {
		std::printf("  caught in main: signal %d addr %p, guards destroyed so far %d\n", f.sig, f.addr, destroyed);
	}
	sigset_t cur;
	sigprocmask(SIG_BLOCK, nullptr, &cur);
	std::printf("SIGSEGV blocked afterwards: %d\n", sigismember(&cur, SIGSEGV));
	return 0;
}
