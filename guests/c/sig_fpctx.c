/* sig_fpctx: the FPU part of a MIPS o32 signal frame (arch/mips/kernel/signal.c; reference linux-mips-abi.md
 * §3.2-§3.3). qemu-mipsel builds this part differently from Linux (it always sets sc_used_math and writes all
 * 32 FP slots from its own register layout), so the differential test holds Linux's expected output.
 *
 *  1. A signal before the program ever used the FPU: sc_used_math = 0 (protected_save_fp_context).
 *  2. The first FP instruction of a thread finds every FP register all ones (init_fp_ctx) and FCSR 0.
 *  (1 and 2 run in a constructor: glibc's __libc_start_call_main executes setjmp, whose sdc1 $f20.. is the
 *  program's first FP instruction, before main.)
 *  3. With FR=0 (o32), sc_fpregs[even] holds the even/odd register pair as one 64-bit value; sc_fpc_csr is
 *     FCSR; sc_used_math = USED_FP (1); the handler runs with the interrupted FPU state (same FCSR).
 *     Registers and FCSR changed in the frame are what the program sees after sigreturn.
 *  4. A frame FCSR with an enabled cause: sigreturn clears the cause and forces SIGFPE (fpcsr_pending and
 *     force_sig: si_code SI_KERNEL, no address), taken at the restored pc.
 *  5. A frame whose sc_used_math the handler cleared: sigreturn drops the FPU context (lose_fpu(0),
 *     conditional_used_math), so the next FP instruction starts a fresh context: all ones again.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#define REPORT_SIZE 4096
#include "asm_fn.h"
#include "report.h"

/* The odd registers are reached with mfhc1/mthc1 of the even one (FR=0: the high half of $f2n is $f2n+1), as the
 * FPXX code Debian's compiler emits does. */
/* void first_fp(uint32_t out[5]): $f0, $f20, $f21, $f31 and FCSR, read by the program's first FP instructions */
ASM_FN(first_fp, "mfc1 $8, $f0\n sw $8, 0($4)\n mfc1 $8, $f20\n sw $8, 4($4)\n mfhc1 $8, $f20\n sw $8, 8($4)\n"
	     "mfhc1 $8, $f30\n sw $8, 12($4)\n cfc1 $8, $31\n sw $8, 16($4)\n jr $31\n nop\n");

/* void fp_probe(uint32_t out[5]): $f20:$f21 = 3.14, $f22:$f23 = -100.0, FCSR = FCC0 | all flags | RM=RP, then a
 * load from 0; resumed at fp_probe_resume, it stores $f20, $f21, $f22, $f23 and FCSR. $f20-$f23 are saved. */
ASM_FN(fp_probe, "addiu $sp, $sp, -24\n sdc1 $f20, 0($sp)\n sdc1 $f22, 8($sp)\n"
	     "lui $8, 0x51eb\n ori $8, $8, 0x851f\n mtc1 $8, $f20\n lui $8, 0x4009\n ori $8, $8, 0x1eb8\n mthc1 $8, $f20\n"
	     "mtc1 $0, $f22\n lui $8, 0xc059\n mthc1 $8, $f22\n"
	     "lui $8, 0x0080\n ori $8, $8, 0x007e\n ctc1 $8, $31\n"
	     ".globl fp_probe_fault\nfp_probe_fault: lw $2, 0($0)\n break 0x3ff\n"
	     ".globl fp_probe_resume\nfp_probe_resume:\n"
	     "mfc1 $8, $f20\n sw $8, 0($4)\n mfhc1 $8, $f20\n sw $8, 4($4)\n mfc1 $8, $f22\n sw $8, 8($4)\n"
	     "mfhc1 $8, $f22\n sw $8, 12($4)\n cfc1 $8, $31\n sw $8, 16($4)\n ctc1 $0, $31\n"
	     "ldc1 $f20, 0($sp)\n ldc1 $f22, 8($sp)\n jr $31\n addiu $sp, $sp, 24\n");
extern void first_fp(uint32_t *), fp_probe(uint32_t *);
extern char fp_probe_fault[], fp_probe_resume[];

static unsigned read_fcsr(void)
{
	unsigned v;
	asm volatile(".set push\n.set hardfloat\ncfc1 %0, $31\n.set pop" : "=r"(v));
	return v;
}

static void usr1_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	say("before any FP use: sc_used_math = %u\n", uc->uc_mcontext.used_math);
}

enum { CHECK, CHANGE, PENDING, DROP } mode;

static void segv_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	mcontext_t *mc = &uc->uc_mcontext;
	if (mode == CHECK) {
		uint64_t f20, f22;
		memcpy(&f20, &mc->fpregs.fp_r.fp_dregs[20], 8);
		memcpy(&f22, &mc->fpregs.fp_r.fp_dregs[22], 8);
		say("in the handler: sc_used_math = %u, sc_fpc_csr = %#x, live FCSR = %#x\n", mc->used_math, mc->fpc_csr,
		    read_fcsr());
		say("in the handler: sc_fpregs[20] = %#llx, sc_fpregs[22] = %#llx\n", (unsigned long long)f20,
		    (unsigned long long)f22);
	}
	mc->pc = (uintptr_t)fp_probe_resume;
	if (mode == CHANGE) {
		uint64_t f20 = 0x0123456789abcdefull;
		memcpy(&mc->fpregs.fp_r.fp_dregs[20], &f20, 8);
		mc->fpc_csr = 0x00000001; /* round toward zero, no flags, FCC0 clear */
	} else if (mode == PENDING) {
		mc->fpc_csr = 0x00008400; /* divide-by-zero enabled (bit 10) and its cause (bit 15) */
	} else if (mode == DROP) {
		mc->used_math = 0;
	}
}

static volatile int fpe_code = -1;
static volatile uintptr_t fpe_addr, fpe_pc;
static volatile unsigned fpe_csr, fpe_live_csr;
static void fpe_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	fpe_code = si->si_code;
	fpe_addr = (uintptr_t)si->si_addr;
	fpe_pc = (uintptr_t)uc->uc_mcontext.pc;
	fpe_csr = uc->uc_mcontext.fpc_csr;
	fpe_live_csr = read_fcsr();
}

static void run(const char *what)
{
	uint32_t out[5];
	memset(out, 0x55, sizeof out);
	fp_probe(out);
	flush();
	printf("%s: after sigreturn $f20 = %#x, $f21 = %#x, $f22 = %#x, $f23 = %#x", what, out[0], out[1], out[2],
	       out[3]);
	/* after a dropped context FCSR is whatever the kernel last saved for the thread: not printed */
	if (mode != DROP)
		printf(", FCSR = %#x", out[4]);
	printf("\n");
}

static uint32_t first[5];

__attribute__((constructor)) static void before_main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_flags = SA_SIGINFO;
	sa.sa_sigaction = usr1_handler;
	sigaction(SIGUSR1, &sa, NULL);
	/* 1 */
	raise(SIGUSR1);
	/* 2 */
	first_fp(first);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_flags = SA_SIGINFO;
	sa.sa_sigaction = segv_handler;
	sigaction(SIGSEGV, &sa, NULL);
	sa.sa_sigaction = fpe_handler;
	sigaction(SIGFPE, &sa, NULL);

	flush();
	printf("first FP instructions: $f0 = %#x, $f20 = %#x, $f21 = %#x, $f31 = %#x, FCSR = %#x\n", first[0],
	       first[1], first[2], first[3], first[4]);
	/* 3 */
	mode = CHECK;
	run("unchanged frame");
	mode = CHANGE;
	run("$f20:$f21 and FCSR changed in the frame");
	/* 4 */
	mode = PENDING;
	run("enabled cause in the frame's FCSR");
	printf("SIGFPE after sigreturn: si_code = %d, si_addr = %#lx, pc = fp_probe_resume: %d\n", fpe_code,
	       (unsigned long)fpe_addr, fpe_pc == (uintptr_t)fp_probe_resume);
	printf("SIGFPE handler: sc_fpc_csr = %#x, live FCSR = %#x\n", fpe_csr, fpe_live_csr);
	/* 5 */
	mode = DROP;
	run("sc_used_math cleared in the frame");
	return 0;
}
