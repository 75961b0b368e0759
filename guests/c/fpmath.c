/* fpmath: IEEE 754 double/float arithmetic as the FPU (or the kernel's FPU emulator) computes it:
 * results printed exactly (%a and %.17g), libm functions, conversions (including MIPS's out-of-range
 * result 0x7fffffff), legacy-NaN bit patterns (default NaN 0x7ff7ffffffffffff / 0x7fbfffff), rounding
 * modes via fesetround, exception flags via fetestexcept, subnormals, and unfused madd. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <inttypes.h>
#include <math.h>
#include <fenv.h>
#include <float.h>
#include <limits.h>

volatile double d0 = 0.0, d1 = 1.0, d2 = 2.0, d3 = 3.0, dtenth = 0.1, dfifth = 0.2, dneg = -7.25, dbig = 1e10,
                dhuge = 1e30, dmax = DBL_MAX, dmin = DBL_MIN, dinf = INFINITY, d105 = 10.5, dpi = 3.14159265358979323846;
volatile float f0 = 0.0f, f1 = 1.0f, f3 = 3.0f, ftenth = 0.1f, f2p24 = 16777216.0f;
volatile int i7 = 7, ineg = -2147483647 - 1;
volatile long long llbig = 9007199254740993LL; /* 2^53 + 1 */
volatile unsigned long long ullmax = ULLONG_MAX;

static uint64_t bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, 8);
	return u;
}

static uint32_t fbits(float f)
{
	uint32_t u;
	memcpy(&u, &f, 4);
	return u;
}

static void pd(const char *what, double d)
{
	printf("%-22s %-26.17g %-24a %016" PRIx64 "\n", what, d, d, bits(d));
}

static void pf(const char *what, float f)
{
	printf("%-22s %-26.9g %-24a %08" PRIx32 "\n", what, (double)f, (double)f, fbits(f));
}

static void flags(const char *what)
{
	int e = fetestexcept(FE_ALL_EXCEPT);
	printf("%-24s flags:%s%s%s%s%s%s\n", what, e & FE_INVALID ? " invalid" : "", e & FE_DIVBYZERO ? " divbyzero" : "",
	       e & FE_OVERFLOW ? " overflow" : "", e & FE_UNDERFLOW ? " underflow" : "", e & FE_INEXACT ? " inexact" : "",
	       e ? "" : " none");
	feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
	printf("FE_TONEAREST=%d FE_TOWARDZERO=%d FE_UPWARD=%d FE_DOWNWARD=%d\n", FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD);
	printf("FE_INEXACT=%#x FE_UNDERFLOW=%#x FE_OVERFLOW=%#x FE_DIVBYZERO=%#x FE_INVALID=%#x\n", FE_INEXACT, FE_UNDERFLOW,
	       FE_OVERFLOW, FE_DIVBYZERO, FE_INVALID);
	printf("initial rounding mode: %d\n", fegetround());

	pd("0.1 + 0.2", dtenth + dfifth);
	pd("1 / 3", d1 / d3);
	pd("2 / 3", d2 / d3);
	pd("10.5 * -7.25", d105 * dneg);
	pd("1e10 - 0.1", dbig - dtenth);
	pd("sqrt(2)", sqrt(d2));
	pd("fmod(10.5, 3)", fmod(d105, d3));
	pd("fmod(-7.25, 2)", fmod(dneg, d2));
	pd("remainder(10.5, 3)", remainder(d105, d3));
	pd("fma(0.1, 3, -0.3)", fma(dtenth, d3, -0.3));
	pd("exp(1)", exp(d1));
	pd("log(10)", log(d105 - 0.5));
	pd("log2(3)", log2(d3));
	pd("sin(1)", sin(d1));
	pd("cos(1)", cos(d1));
	pd("tan(pi/4)", tan(dpi / 4));
	pd("atan2(1, -3)", atan2(d1, -d3));
	pd("pow(2, 0.5)", pow(d2, 0.5));
	pd("pow(10, -3)", pow(d105 - 0.5, -3));
	pd("cbrt(-7.25)", cbrt(dneg));
	pd("hypot(3, 1e10)", hypot(d3, dbig));
	pd("floor(-7.25)", floor(dneg));
	pd("ceil(-7.25)", ceil(dneg));
	pd("round(-2.5)", round(-d2 - 0.5));
	pd("trunc(-7.25)", trunc(dneg));
	pd("ldexp(1, -1074)", ldexp(d1, -1074));
	pd("DBL_MIN / 2 (subnormal)", dmin / d2);
	pd("DBL_MAX * 2", dmax * d2);
	pd("-1 / 0", -d1 / d0);

	pf("0.1f + 0.2f", ftenth + 0.2f);
	pf("1f / 3f", f1 / f3);
	pf("sqrtf(3)", sqrtf(f3));
	pf("2^24 + 1 (float)", f2p24 + f1);
	pf("(float)0.1", (float)dtenth);
	pf("(float)(2^53 + 1)", (float)llbig);
	pf("expf(1)", expf(f1));
	pf("FLT_MIN / 8", FLT_MIN / (f3 + 5.0f));

	/* conversions */
	printf("(int)3.9=%d (int)-3.9=%d (int)(float)7.99=%d (unsigned)3e9=%u\n", (int)(d3 + 0.9), (int)(-d3 - 0.9),
	       (int)(float)(i7 + 0.99), (unsigned)(d3 * 1e9));
	printf("(long long)1e18=%lld (long long)-2^53-1 via double=%lld (unsigned long long)1.8e19=%llu\n",
	       (long long)(dbig * 1e8), (long long)(double)(-llbig), (unsigned long long)(d3 * 6e18));
	printf("(double)(2^53+1)=%.17g (double)ULLONG_MAX=%.17g (double)INT_MIN=%.17g\n", (double)llbig, (double)ullmax,
	       (double)ineg);
	printf("out of range (MIPS: 0x7fffffff): (int)1e10=%#x (int)-1e10=%#x (int)inf=%#x (int)nan=%#x\n", (unsigned)(int)dbig,
	       (unsigned)(int)-dbig, (unsigned)(int)dinf, (unsigned)(int)(d0 / d0));
	feclearexcept(FE_ALL_EXCEPT);
	printf("lrint(2.5)=%ld lrint(3.5)=%ld llround(-2.5)=%lld\n", lrint(d2 + 0.5), lrint(d3 + 0.5), llround(-d2 - 0.5));

	/* NaNs: legacy MIPS default NaN has the quiet bit clear */
	double qn = d0 / d0;
	printf("0/0 bits %016" PRIx64 " isnan=%d signbit=%d\n", bits(qn), isnan(qn) != 0, signbit(qn) != 0);
	printf("inf-inf bits %016" PRIx64 "\n", bits(dinf - dinf));
	printf("0*inf bits %016" PRIx64 "\n", bits(d0 * dinf));
	printf("sqrt(-1) bits %016" PRIx64 "\n", bits(sqrt(-d1)));
	printf("float 0/0 bits %08" PRIx32 "\n", fbits(f0 / f0));
	printf("nan('') bits %016" PRIx64 "\n", bits(nan("")));
	printf("NaN == NaN: %d, NaN < 1: %d, NaN != NaN: %d, isunordered: %d, fmax(NaN,1)=%g\n", qn == qn, qn < d1, qn != qn,
	       isunordered(qn, d1) != 0, fmax(qn, d1));
	printf("-0.0 == 0.0: %d, signbit(-0.0)=%d, 1/-0.0=%g\n", -d0 == d0, signbit(-d0) != 0, d1 / -d0);
	feclearexcept(FE_ALL_EXCEPT);

	/* exception flags */
	volatile double r;
	flags("after clear");
	r = d1 / d3;
	flags("1/3");
	r = d1 / d0;
	flags("1/0");
	r = d0 / d0;
	flags("0/0");
	r = dmax * d2;
	flags("DBL_MAX*2");
	r = dmin / d3;
	flags("DBL_MIN/3");
	r = d2 * d3;
	flags("2*3");
	r = sqrt(-d1);
	flags("sqrt(-1)");
	(void)r;
	printf("feraiseexcept(FE_OVERFLOW) -> %d\n", feraiseexcept(FE_OVERFLOW));
	flags("after feraiseexcept");

	/* rounding modes */
	static const struct { int mode; const char *name; } modes[] = {
		{ FE_TONEAREST, "nearest" }, { FE_TOWARDZERO, "toward zero" }, { FE_UPWARD, "upward" }, { FE_DOWNWARD, "downward" },
	};
	for (int i = 0; i < 4; i++) {
		int rc = fesetround(modes[i].mode);
		printf("fesetround(%s) -> %d, fegetround -> %d\n", modes[i].name, rc, fegetround());
		printf("  rint: 2.5->%g 3.5->%g -2.5->%g -3.7->%g  nearbyint(0.5)=%g\n", rint(d2 + 0.5), rint(d3 + 0.5), rint(-d2 - 0.5),
		       rint(-d3 - 0.7), nearbyint(0.5 * d1));
		printf("  1/3=%a -1/3=%a 2/3f=%a sqrt(2)=%a\n", d1 / d3, -d1 / d3, (double)(2.0f / f3), sqrt(d2));
		printf("  (int)2.7 is always truncation: %d, lrint(2.5)=%ld, DBL_MAX*2=%g\n", (int)(d2 + 0.7), lrint(d2 + 0.5), dmax * d2);
		printf("  printf rounding of 0.125 to 2 places: %.2f, of 2.5 to 0: %.0f\n", 0.125 * d1, 2.5 * d1);
	}
	fesetround(FE_TONEAREST);
	printf("fesetround(bad mode 99) -> %d, mode still %d\n", fesetround(99), fegetround());
	feclearexcept(FE_ALL_EXCEPT);

	/* a*b+c: MIPS32r2 madd.d is not fused; the product is rounded first */
	volatile double a = 0x1.0000002p+0, c = -0x1.0000004p+0; /* a*a = 1 + 2^-26 + 2^-54 */
	pd("a*a + c (unfused)", a * a + c);
	pd("fma(a, a, c) (fused)", fma(a, a, c));

	/* an accumulation */
	double s = 0;
	for (int i = 1; i <= 100000; i++)
		s += 1.0 / ((double)i * i);
	pd("sum 1/i^2, i<=1e5", s);
	float fs = 0;
	for (int i = 1; i <= 10000; i++)
		fs += 1.0f / (float)i;
	pf("float harmonic 1e4", fs);
	return 0;
}
