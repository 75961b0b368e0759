/* sig_sync: synchronous signals, each caught by an SA_SIGINFO handler that reports si_signo, si_code,
 * si_addr and the context's pc (relative to the faulting instruction or the data address) and then
 * siglongjmp's out. The faulting instructions are written in assembly with global labels, so their
 * addresses are known exactly.
 *
 * Only the cases where qemu-mipsel 7.2 agrees with Linux are here; sig_sync_linux has those where it
 * does not (break codes, trap codes 6 and 7, misaligned ll/fetch, kernel addresses, a fault in a delay slot).
 * Linux (arch/mips/kernel/traps.c): a reserved instruction is force_sig(SIGILL) and a trap with a code other
 * than 6/7 is force_sig(SIGTRAP) (do_tr passes si_code 0), so both have si_code SI_KERNEL (0x80) and no address.
 */
#define _GNU_SOURCE /* feenableexcept */
#include <fenv.h>
#include <float.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "asm_fn.h"
#include "catch_signal.h"

/* a load from 0x10: nothing is mapped at the bottom of the address space */
ASM_FN(null_read, ".globl null_read_insn\nnull_read_insn: lw $2, 16($0)\n jr $31\n nop\n");
/* a store to a0 + 8 */
ASM_FN(store_at, ".globl store_at_insn\nstore_at_insn: sw $0, 8($4)\n jr $31\n nop\n");
/* signed add overflow: 0x7fffffff + 0x7fffffff */
ASM_FN(add_overflow, "lui $8, 0x7fff\n ori $8, $8, 0xffff\n.globl add_overflow_insn\nadd_overflow_insn: add $2, $8, $8\n"
		 " jr $31\n nop\n");
/* conditional traps with codes other than BRK_OVERFLOW (6) / BRK_DIVZERO (7) */
ASM_FN(teq5, ".globl teq5_insn\nteq5_insn: teq $0, $0, 5\n jr $31\n nop\n");
ASM_FN(teq0, ".globl teq0_insn\nteq0_insn: teq $0, $0\n jr $31\n nop\n");
ASM_FN(teqi, ".globl teqi_insn\nteqi_insn: teqi $0, 0\n jr $31\n nop\n");
/* SPECIAL function 0x3f: dsra32, a MIPS64 instruction, reserved on MIPS32 */
ASM_FN(reserved, ".globl reserved_insn\nreserved_insn: .word 0x0000003f\n jr $31\n nop\n");
/* double-precision division a0[0] / a0[1] -> a0[2] */
ASM_FN(fp_div, "ldc1 $f0, 0($4)\n ldc1 $f2, 8($4)\n.globl fp_div_insn\nfp_div_insn: div.d $f4, $f0, $f2\n"
	   " sdc1 $f4, 16($4)\n jr $31\n nop\n");
/* double-precision multiplication a0[0] * a0[1] -> a0[2] */
ASM_FN(fp_mul, "ldc1 $f0, 0($4)\n ldc1 $f2, 8($4)\n.globl fp_mul_insn\nfp_mul_insn: mul.d $f4, $f0, $f2\n"
	   " sdc1 $f4, 16($4)\n jr $31\n nop\n");
/* sqrt.d of a0[0] -> a0[2] */
ASM_FN(fp_sqrt, "ldc1 $f0, 0($4)\n.globl fp_sqrt_insn\nfp_sqrt_insn: sqrt.d $f4, $f0\n sdc1 $f4, 16($4)\n jr $31\n nop\n");

extern void null_read(void), store_at(void *), add_overflow(void);
extern void fp_div(double *), fp_mul(double *), fp_sqrt(double *);
extern void teq5(void *), teq0(void *), teqi(void *), reserved(void *);
extern char teq5_insn[], teq0_insn[], teqi_insn[], reserved_insn[];
extern char null_read_insn[], store_at_insn[], add_overflow_insn[];
extern char fp_div_insn[], fp_mul_insn[], fp_sqrt_insn[];

static void describe(char *out, size_t n, uintptr_t v, const char *name, uintptr_t ref)
{
	if (v == ref)
		snprintf(out, n, "%s", name);
	else if (v == 0)
		snprintf(out, n, "0");
	else
		snprintf(out, n, "%s%+ld", name, (long)(v - ref));
}

/* Runs fn(arg); the handler reports the signal. */
static void run(const char *what, void (*fn)(void *), void *arg, const char *addr_name, uintptr_t addr_ref,
		const char *pc_name, uintptr_t pc_ref)
{
	got_sig = got_code = 0;
	got_addr = got_pc = 0;
	if (sigsetjmp(jb, 1) == 0) {
		fn(arg);
		printf("%-28s no signal\n", what);
		return;
	}
	char a[64], p[64];
	describe(a, sizeof a, got_addr, addr_name, addr_ref);
	describe(p, sizeof p, got_pc, pc_name, pc_ref);
	printf("%-28s sig=%d code=%d addr=%s pc=%s\n", what, got_sig, got_code, a, p);
}

static void *page_ro, *page_rw;

static void call_null_read(void *a) { null_read(); }
static void call_store(void *a) { store_at(a); }
static void call_jump(void *a) { ((void (*)(void))a)(); }
static void call_add_overflow(void *a) { add_overflow(); }
static void call_fp_div(void *a) { fp_div(a); }
static void call_fp_mul(void *a) { fp_mul(a); }
static void call_fp_sqrt(void *a) { fp_sqrt(a); }

static void fp_case(const char *what, int excepts, void (*fn)(void *), double x, double y, const char *insn_name,
		    uintptr_t insn)
{
	static double ops[3];
	ops[0] = x;
	ops[1] = y;
	ops[2] = 0;
	feclearexcept(FE_ALL_EXCEPT);
	feenableexcept(excepts);
	run(what, fn, ops, insn_name, insn, insn_name, insn);
	fedisableexcept(FE_ALL_EXCEPT);
	feclearexcept(FE_ALL_EXCEPT);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	printf("SIGSEGV=%d SIGBUS=%d SIGILL=%d SIGFPE=%d SIGTRAP=%d SI_KERNEL=%d\n", SIGSEGV, SIGBUS, SIGILL, SIGFPE,
	       SIGTRAP, SI_KERNEL);
	printf("SEGV_MAPERR=%d SEGV_ACCERR=%d FPE_INTOVF=%d FPE_FLTDIV=%d FPE_FLTOVF=%d FPE_FLTUND=%d FPE_FLTRES=%d "
	       "FPE_FLTINV=%d\n",
	       SEGV_MAPERR, SEGV_ACCERR, FPE_INTOVF, FPE_FLTDIV, FPE_FLTOVF, FPE_FLTUND, FPE_FLTRES, FPE_FLTINV);

	page_ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	page_rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* jr $ra; nop — harmless if the fetch were allowed */
	((uint32_t *)page_rw)[0] = 0x03e00008;
	((uint32_t *)page_rw)[1] = 0;

	run("SEGV load from 0x10", call_null_read, NULL, "0x10", 0x10, "insn", (uintptr_t)null_read_insn);
	run("SEGV store to PROT_READ", call_store, page_ro, "page+8", (uintptr_t)page_ro + 8, "insn",
	    (uintptr_t)store_at_insn);
	run("SEGV store to NULL+8", call_store, NULL, "8", 8, "insn", (uintptr_t)store_at_insn);
	run("SEGV fetch from RW page", call_jump, page_rw, "page", (uintptr_t)page_rw, "page", (uintptr_t)page_rw);
	run("SEGV fetch from 0x20", call_jump, (void *)0x20, "0x20", 0x20, "0x20", 0x20);
	run("FPE add overflow", call_add_overflow, NULL, "insn", (uintptr_t)add_overflow_insn, "insn",
	    (uintptr_t)add_overflow_insn);

	run("SIGILL reserved instruction", reserved, NULL, "insn", (uintptr_t)reserved_insn, "insn",
	    (uintptr_t)reserved_insn);
	run("SIGTRAP teq $0,$0,5", teq5, NULL, "insn", (uintptr_t)teq5_insn, "insn", (uintptr_t)teq5_insn);
	run("SIGTRAP teq $0,$0", teq0, NULL, "insn", (uintptr_t)teq0_insn, "insn", (uintptr_t)teq0_insn);
	run("SIGTRAP teqi $0,0", teqi, NULL, "insn", (uintptr_t)teqi_insn, "insn", (uintptr_t)teqi_insn);

	fp_case("FPE 1/0, FE_DIVBYZERO", FE_DIVBYZERO, call_fp_div, 1.0, 0.0, "insn", (uintptr_t)fp_div_insn);
	fp_case("FPE 0/0, FE_INVALID", FE_INVALID, call_fp_div, 0.0, 0.0, "insn", (uintptr_t)fp_div_insn);
	fp_case("FPE sqrt(-1), FE_INVALID", FE_INVALID, call_fp_sqrt, -1.0, 0.0, "insn", (uintptr_t)fp_sqrt_insn);
	fp_case("FPE max*2, FE_OVERFLOW", FE_OVERFLOW, call_fp_mul, DBL_MAX, 2.0, "insn", (uintptr_t)fp_mul_insn);
	fp_case("FPE min*min, FE_UNDERFLOW", FE_UNDERFLOW, call_fp_mul, DBL_MIN, DBL_MIN, "insn",
		(uintptr_t)fp_mul_insn);
	fp_case("FPE 1/3, FE_INEXACT", FE_INEXACT, call_fp_div, 1.0, 3.0, "insn", (uintptr_t)fp_div_insn);
	fp_case("1/0 with only FE_INVALID", FE_INVALID, call_fp_div, 1.0, 0.0, "insn", (uintptr_t)fp_div_insn);
	fp_case("max*2, FE_OVERFLOW|INEXACT", FE_OVERFLOW | FE_INEXACT, call_fp_mul, DBL_MAX, 2.0, "insn",
		(uintptr_t)fp_mul_insn);

	/* after all that, an ordinary computation still works */
	volatile double a = 1.0, b = 4.0;
	printf("1/4 = %g, flags after: %#x\n", a / b, fetestexcept(FE_ALL_EXCEPT));
	return 0;
}
