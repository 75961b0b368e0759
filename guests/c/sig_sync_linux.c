/* sig_sync_linux: synchronous signals where qemu-mipsel 7.2 and MIPS Linux disagree (the differential
 * test holds Linux's expected output, see KNOWN_DIFFERENCES there). Each fault is caught by an SA_SIGINFO
 * handler that reports si_signo, si_code, si_addr and the context's pc, then siglongjmp's out.
 *
 * Linux (arch/mips/kernel/traps.c, unaligned.c):
 *   - break 6 / break 7 and conditional traps with code 6 / 7 -> SIGFPE FPE_INTOVF / FPE_INTDIV, si_addr = EPC
 *   - other break codes -> SIGTRAP TRAP_BRKPT with si_addr NULL; BRK_BUG (12) -> force_sig: SI_KERNEL
 *   - misaligned ll, misaligned instruction fetch, user load from a kernel address -> force_sig(SIGBUS): SI_KERNEL
 *   - a misaligned lw from an unmapped address: the kernel's emulation of the access faults -> force_sig(SIGSEGV):
 *     SI_KERNEL, no address
 *   - an overflow in a branch delay slot: EPC (si_addr and sc_pc) is the branch
 */
#define _GNU_SOURCE /* TRAP_BRKPT */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "asm_fn.h"
#include "catch_signal.h"

#define ONE(name, insn) ASM_FN(name, ".globl " #name "_insn\n" #name "_insn: " insn "\n jr $31\n nop\n")

ASM_FN(add_overflow_ds, "lui $8, 0x7fff\n ori $8, $8, 0xffff\n.globl add_overflow_ds_insn\nadd_overflow_ds_insn: "
		    "beq $0, $0, 1f\n add $2, $8, $8\n1: jr $31\n nop\n");
ONE(teq7, "teq $0, $0, 7");
ONE(tge6, "tge $0, $0, 6");
ONE(break6, "break 6");
ONE(break7, "break 7");
ONE(break0, "break");
ONE(break12, "break 12");
ONE(ll_a0, ".word 0xc0820000"); /* ll $2, 0($4), without the sync gas puts before an ll */
ONE(lw_a0, "lw $2, 0($4)");

#define DECL(name)            \
	extern void name(void *); \
	extern char name##_insn[];
DECL(add_overflow_ds) DECL(teq7) DECL(tge6) DECL(break6) DECL(break7) DECL(break0) DECL(break12) DECL(ll_a0)
DECL(lw_a0)

static void describe(char *out, size_t n, uintptr_t v, uintptr_t ref)
{
	if (v == 0)
		snprintf(out, n, "0");
	else if (v == ref)
		snprintf(out, n, "insn");
	else
		snprintf(out, n, "insn%+ld", (long)(v - ref));
}

static void run(const char *what, void (*fn)(void *), void *arg, uintptr_t insn)
{
	got_sig = got_code = 0;
	got_addr = got_pc = 0;
	if (sigsetjmp(jb, 1) == 0) {
		fn(arg);
		printf("%-26s no signal\n", what);
		return;
	}
	char a[64], p[64];
	describe(a, sizeof a, got_addr, insn);
	describe(p, sizeof p, got_pc, insn);
	printf("%-26s sig=%d code=%d addr=%s pc=%s\n", what, got_sig, got_code, a, p);
}

static volatile int zero = 0, seven = 7, quotient;
static void c_divide(void *a)
{
	quotient = seven / zero; /* GCC checks the divisor with `teq divisor, $zero, 7` */
}
static void call_jump(void *a) { ((void (*)(void))a)(); }

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
	printf("SIGBUS=%d SIGFPE=%d SIGTRAP=%d FPE_INTDIV=%d FPE_INTOVF=%d TRAP_BRKPT=%d SI_KERNEL=%d\n", SIGBUS,
	       SIGFPE, SIGTRAP, FPE_INTDIV, FPE_INTOVF, TRAP_BRKPT, SI_KERNEL);

	run("add overflow, delay slot", add_overflow_ds, NULL, (uintptr_t)add_overflow_ds_insn);
	run("teq $0,$0,7", teq7, NULL, (uintptr_t)teq7_insn);
	run("tge $0,$0,6", tge6, NULL, (uintptr_t)tge6_insn);
	run("break 6", break6, NULL, (uintptr_t)break6_insn);
	run("break 7", break7, NULL, (uintptr_t)break7_insn);
	run("break", break0, NULL, (uintptr_t)break0_insn);
	run("break 12 (BRK_BUG)", break12, NULL, (uintptr_t)break12_insn);

	static uint32_t words[4] __attribute__((aligned(8)));
	run("ll from an odd address", ll_a0, (char *)words + 2, (uintptr_t)ll_a0_insn);
	run("lw from 0x80000000", lw_a0, (void *)0x80000000u, (uintptr_t)lw_a0_insn);
	run("lw from 0x1001 (unmapped)", lw_a0, (void *)0x1001u, (uintptr_t)lw_a0_insn);
	uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	code[0] = 0x03e00008; /* jr $ra */
	code[1] = 0;
	code[2] = 0x03e00008;
	code[3] = 0;
	run("fetch from code+2", call_jump, (char *)code + 2, (uintptr_t)code);

	/* GCC's division check, in C */
	got_sig = 0;
	if (sigsetjmp(jb, 1) == 0) {
		c_divide(NULL);
		printf("7/0: no signal\n");
	} else {
		printf("7/0: sig=%d code=%d addr==pc=%d\n", got_sig, got_code, got_addr != 0 && got_pc == got_addr);
	}
	return 0;
}
