/* setjmp: setjmp/longjmp across frames (values, longjmp(env, 0) → 1, callee-saved integer and FP
 * registers restored), sigsetjmp/siglongjmp with a saved signal mask, and a longjmp-based loop. */
#include <stdio.h>
#include <setjmp.h>
#include <signal.h>

static jmp_buf env;
static sigjmp_buf senv;
static volatile int depth_reached;
static volatile int jump = 1;

static void dive(int n, int val)
{
	volatile char pad[256];
	pad[0] = (char)n;
	depth_reached = n + pad[0] - n;
	if (n == 0 && jump)
		longjmp(env, val);
	if (n > 0)
		dive(n - 1, val);
}

static double burn_fp(double x)
{
	/* clobbers many FP registers */
	double a = x * 1.5, b = a + 2.25, c = b * b, d = c - a, e = d / 3.0, f = e + b * c;
	return a + b + c + d + e + f;
}

int main(void)
{
	volatile int count = 0;
	int r = setjmp(env);
	printf("setjmp returned %d (count %d)\n", r, count);
	if (count < 3) {
		count++;
		dive(10 * count, count * 100);
	}
	printf("deepest frame reached: %d\n", depth_reached);

	if ((r = setjmp(env)) == 0)
		longjmp(env, 0);
	printf("longjmp(env, 0) makes setjmp return %d\n", r);

	/* callee-saved registers: values live in s0-s7 / $f20-$f30 across setjmp */
	register int s_a = count * 7, s_b = count * 11;
	register double f_a = count * 0.5, f_b = count * 0.25;
	if ((r = setjmp(env)) == 0) {
		printf("before: %d %d %g %g %g\n", s_a, s_b, f_a, f_b, burn_fp(f_a));
		dive(3, 1);
	}
	printf("after longjmp: %d %d %g %g\n", s_a, s_b, f_a, f_b);

	/* sigsetjmp with savemask: the mask at sigsetjmp is restored */
	sigset_t set, cur;
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	if ((r = sigsetjmp(senv, 1)) == 0) {
		sigaddset(&set, SIGUSR1);
		sigprocmask(SIG_BLOCK, &set, NULL);
		sigprocmask(SIG_BLOCK, NULL, &cur);
		printf("SIGUSR1 (%d) blocked before siglongjmp: %d\n", SIGUSR1, sigismember(&cur, SIGUSR1));
		siglongjmp(senv, 5);
	}
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("sigsetjmp returned %d, SIGUSR1 blocked after: %d\n", r, sigismember(&cur, SIGUSR1));

	/* savemask 0 leaves the mask alone */
	if ((r = sigsetjmp(senv, 0)) == 0) {
		sigprocmask(SIG_BLOCK, &set, NULL);
		siglongjmp(senv, 6);
	}
	sigprocmask(SIG_BLOCK, NULL, &cur);
	printf("sigsetjmp(.., 0) returned %d, SIGUSR1 still blocked: %d\n", r, sigismember(&cur, SIGUSR1));
	return 0;
}
