/* sig_frame: the signal frame as a handler sees it, and sigreturn restoring what the handler changed.
 *
 * An assembly probe loads known values into almost every general register and HI/LO, then loads from
 * address 0. The SIGSEGV handler is entered through an assembly stub that records $a0-$a2, $sp, $ra and $t9
 * exactly as the kernel set them (reference linux-mips-abi.md §3.3):
 *   rt frame (SA_SIGINFO):  a1 = sp + 24 (siginfo), a2 = sp + 152 (ucontext), t9 = handler,
 *                           ra -> `li v0, 4193; syscall`; frame = (interrupted sp - 32 - 784) & ~7
 *   old frame:              a1 = 0, a2 = sp + 24 (sigcontext), ra -> `li v0, 4119; syscall`; frame size 632
 * The handler checks the saved context (pc = the faulting lw, every register, HI/LO, uc_flags/uc_link,
 * uc_stack, uc_sigmask = the mask before the signal), then changes some registers, HI/LO, the mask and the
 * pc (to a resume label); after sigreturn the probe stores the registers it sees, which must be exactly the
 * changed context. Then the same with SA_ONSTACK on an alternate stack, and with an old-style handler.
 * The FPU part of the frame is in sig_fpctx (qemu does not save it the way Linux does).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

/* ---- the probe: void probe(uint32_t out[34]) */
#define PAT(r) (0xa5a50000u | ((r) << 8) | (r))
#define SETR(r) "lui $" #r ", 0xa5a5\n ori $" #r ", $" #r ", " #r "*0x101\n"
#define SAVE(r) "sw $" #r ", " #r "*4($4)\n"
asm(".text\n.set push\n.set noreorder\n.set nomacro\n.set noat\n"
    ".globl probe\n.type probe,@function\n.ent probe\nprobe:\n"
    "addiu $sp, $sp, -64\n"
    "sw $16, 16($sp)\n sw $17, 20($sp)\n sw $18, 24($sp)\n sw $19, 28($sp)\n sw $20, 32($sp)\n sw $21, 36($sp)\n"
    "sw $22, 40($sp)\n sw $23, 44($sp)\n sw $30, 48($sp)\n sw $31, 52($sp)\n sw $28, 56($sp)\n"
    /* HI/LO first (through $8/$9), then the registers */
    "lui $8, 0x4849\n ori $8, $8, 0x4849\n mthi $8\n lui $9, 0x4c4f\n ori $9, $9, 0x4c4f\n mtlo $9\n"
    SETR(1) SETR(2) SETR(3) SETR(5) SETR(6) SETR(7) SETR(8) SETR(9) SETR(10) SETR(11) SETR(12) SETR(13)
    SETR(14) SETR(15) SETR(16) SETR(17) SETR(18) SETR(19) SETR(20) SETR(21) SETR(22) SETR(23) SETR(24)
    SETR(25) SETR(30) SETR(31)
    ".globl probe_fault\nprobe_fault: lw $2, 0($0)\n"
    /* not reached: the handler moves the pc to probe_resume */
    "break 0x3ff\n"
    ".globl probe_resume\nprobe_resume:\n"
    SAVE(1) SAVE(2) SAVE(3) SAVE(4) SAVE(5) SAVE(6) SAVE(7) SAVE(8) SAVE(9) SAVE(10) SAVE(11) SAVE(12)
    SAVE(13) SAVE(14) SAVE(15) SAVE(16) SAVE(17) SAVE(18) SAVE(19) SAVE(20) SAVE(21) SAVE(22) SAVE(23)
    SAVE(24) SAVE(25) SAVE(29) SAVE(30) SAVE(31)
    "mfhi $8\n sw $8, 128($4)\n mflo $8\n sw $8, 132($4)\n"
    "lw $16, 16($sp)\n lw $17, 20($sp)\n lw $18, 24($sp)\n lw $19, 28($sp)\n lw $20, 32($sp)\n lw $21, 36($sp)\n"
    "lw $22, 40($sp)\n lw $23, 44($sp)\n lw $30, 48($sp)\n lw $31, 52($sp)\n lw $28, 56($sp)\n"
    "jr $31\n addiu $sp, $sp, 64\n"
    ".end probe\n.size probe,.-probe\n.set pop\n");
extern void probe(uint32_t *out);
extern char probe_fault[], probe_resume[];

/* ---- handler entry stubs: record a0, a1, a2, sp, ra, t9, then tail-call the C handler */
uint32_t entry[6]; /* global: the stubs address it by name */
#define STUB(name, target)                                                                                     \
	asm(".text\n.set push\n.set noreorder\n.set nomacro\n.set noat\n.globl " #name "\n.type " #name           \
	    ",@function\n.ent " #name "\n" #name ":\n"                                                           \
	    "lui $1, %hi(entry)\n addiu $1, $1, %lo(entry)\n"                                                    \
	    "sw $4, 0($1)\n sw $5, 4($1)\n sw $6, 8($1)\n sw $29, 12($1)\n sw $31, 16($1)\n sw $25, 20($1)\n"    \
	    "lui $25, %hi(" #target ")\n addiu $25, $25, %lo(" #target ")\n jr $25\n nop\n"                      \
	    ".end " #name "\n.size " #name ",.-" #name "\n.set pop\n")
void rt_handler(int sig, siginfo_t *si, void *ucv);
void old_handler(int sig, long zero, struct sigcontext *sc);
STUB(rt_stub, rt_handler);
STUB(old_stub, old_handler);
extern char rt_stub[], old_stub[];

#include "report.h"

static const int patterned[] = { 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
				  24, 25, 30, 31 };
#define NPAT (sizeof patterned / sizeof patterned[0])
/* registers the handlers change, and to what */
#define NEW(r) (0x600d0000u | (r))
static const int changed[] = { 2, 9, 16, 23, 31 };

static uint32_t *probe_out;
static char *alt_base;
static size_t alt_size;
static int expect_alt;

/* Registers as saved, 8 bytes per slot, the value zero-extended (32-bit kernel). */
static void check_saved(const unsigned long long *regs, unsigned long long pc, unsigned long long hi,
			unsigned long long lo)
{
	say("  pc = probe_fault: %d\n", pc == (uintptr_t)probe_fault);
	int bad = 0;
	for (unsigned i = 0; i < NPAT; i++)
		if (regs[patterned[i]] != PAT(patterned[i])) {
			say("  reg %d saved as %#llx\n", patterned[i], regs[patterned[i]]);
			bad++;
		}
	say("  %u patterned registers saved exactly: %d\n", (unsigned)NPAT, bad == 0);
	say("  regs[0] = %llu, regs[4] = probe's argument: %d\n", regs[0], regs[4] == (uintptr_t)probe_out);
	say("  hi = %#llx lo = %#llx\n", hi, lo);
}

static void check_entry(int rt, uintptr_t frame_sp_interrupted)
{
	uint32_t a0 = entry[0], a1 = entry[1], a2 = entry[2], sp = entry[3], ra = entry[4], t9 = entry[5];
	const uint32_t *tramp = (const uint32_t *)(uintptr_t)ra;
	say("  a0 = %u, sp 8-aligned: %d\n", a0, (sp & 7) == 0);
	if (rt)
		say("  a1 = sp + %d, a2 = sp + %d\n", (int)(a1 - sp), (int)(a2 - sp));
	else
		say("  a1 = %u, a2 = sp + %d\n", a1, (int)(a2 - sp));
	say("  t9 = the handler: %d\n", t9 == (uintptr_t)(rt ? rt_stub : old_stub));
	say("  ra -> %#010x %#010x\n", tramp[0], tramp[1]);
	if (expect_alt) {
		uintptr_t top = (uintptr_t)alt_base + alt_size;
		say("  frame on the alternate stack: %d, top - frame = %d\n", sp >= (uintptr_t)alt_base && sp < top,
		    (int)(top - sp));
	} else {
		say("  interrupted sp - frame = %d\n", (int)(frame_sp_interrupted - sp));
	}
}

static void check_masks(const sigset_t *saved)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	say("  saved mask: HUP %d SEGV %d USR1 %d; mask in handler: HUP %d SEGV %d USR1 %d\n",
	    sigismember(saved, SIGHUP), sigismember(saved, SIGSEGV), sigismember(saved, SIGUSR1),
	    sigismember(&now, SIGHUP), sigismember(&now, SIGSEGV), sigismember(&now, SIGUSR1));
}

void rt_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	mcontext_t *mc = &uc->uc_mcontext;
	say(" rt handler (signal %d):\n", sig);
	check_entry(1, (uintptr_t)mc->gregs[29]);
	say("  siginfo: signo %d code %d addr %p errno %d\n", si->si_signo, si->si_code, si->si_addr, si->si_errno);
	say("  uc_flags %lu uc_link %p\n", uc->uc_flags, (void *)uc->uc_link);
	say("  uc_stack: sp %s, size %zu, flags %d\n",
	    uc->uc_stack.ss_sp == NULL ? "NULL" : uc->uc_stack.ss_sp == alt_base ? "= alternate stack" : "other",
	    uc->uc_stack.ss_size, uc->uc_stack.ss_flags);
	check_saved(mc->gregs, mc->pc, mc->mdhi, mc->mdlo);
	check_masks(&uc->uc_sigmask);
	if (expect_alt) {
		stack_t cur;
		sigaltstack(NULL, &cur);
		say("  sigaltstack inside: flags %d\n", cur.ss_flags);
	}
	/* change the context */
	for (unsigned i = 0; i < sizeof changed / sizeof changed[0]; i++)
		mc->gregs[changed[i]] = NEW(changed[i]);
	mc->mdhi = 0x11112222;
	mc->mdlo = 0x33334444;
	mc->pc = (uintptr_t)probe_resume;
	sigdelset(&uc->uc_sigmask, SIGHUP);
	sigaddset(&uc->uc_sigmask, SIGUSR2);
}

/* The old frame: struct sigframe { u32 ass[4]; u32 pad[2]; struct sigcontext sf_sc; sigset_t sf_mask; } */
void old_handler(int sig, long zero, struct sigcontext *sc)
{
	say(" old-style handler (signal %d):\n", sig);
	check_entry(0, (uintptr_t)sc->sc_regs[29]);
	check_saved(sc->sc_regs, sc->sc_pc, sc->sc_mdhi, sc->sc_mdlo);
	sigset_t saved;
	sigemptyset(&saved);
	memcpy(&saved, (char *)sc + 592, 16); /* sf_mask: the kernel's 16-byte sigset */
	check_masks(&saved);
	for (unsigned i = 0; i < sizeof changed / sizeof changed[0]; i++)
		sc->sc_regs[changed[i]] = NEW(changed[i]);
	sc->sc_mdhi = 0x11112222;
	sc->sc_mdlo = 0x33334444;
	sc->sc_pc = (uintptr_t)probe_resume;
	uint32_t *mask = (uint32_t *)((char *)sc + 592);
	mask[0] &= ~(1u << (SIGHUP - 1));
	mask[0] |= 1u << (SIGUSR2 - 1);
}

static void run_probe(const char *what)
{
	static uint32_t out[34];
	memset(out, 0, sizeof out);
	probe_out = out;
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGHUP);
	sigprocmask(SIG_SETMASK, &m, NULL);

	probe(out);

	printf("%s\n", what);
	flush();
	int bad = 0;
	for (unsigned i = 0; i < NPAT; i++) {
		int r = patterned[i];
		uint32_t want = PAT(r);
		for (unsigned j = 0; j < sizeof changed / sizeof changed[0]; j++)
			if (changed[j] == r)
				want = NEW(r);
		if (out[r] != want) {
			printf("  after sigreturn: reg %d = %#x, expected %#x\n", r, out[r], want);
			bad++;
		}
	}
	printf(" after sigreturn: registers as the handler left them: %d\n", bad == 0);
	printf(" after sigreturn: hi = %#x lo = %#x, resumed at probe_resume, $a0 kept: %d\n", out[32], out[33],
	       out[4] == (uintptr_t)out);
	sigprocmask(SIG_BLOCK, NULL, &m);
	printf(" after sigreturn: mask HUP %d USR2 %d SEGV %d\n", sigismember(&m, SIGHUP), sigismember(&m, SIGUSR2),
	       sigismember(&m, SIGSEGV));
	sigemptyset(&m);
	sigprocmask(SIG_SETMASK, &m, NULL);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = (void (*)(int, siginfo_t *, void *))(void (*)(void))rt_stub;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR1);
	sigaction(SIGSEGV, &sa, NULL);
	run_probe("rt frame, process stack:");

	/* The alternate stack is part of main's frame: sig_altstack covers one in .bss. */
	char alt[4 * 8192] __attribute__((aligned(16)));
	alt_size = sizeof alt;
	alt_base = alt;
	stack_t ss = { .ss_sp = alt_base, .ss_size = alt_size, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	expect_alt = 1;
	run_probe("rt frame, alternate stack:");
	expect_alt = 0;
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);

	sa.sa_handler = (void (*)(int))(void (*)(void))old_stub;
	sa.sa_flags = 0;
	sigaction(SIGSEGV, &sa, NULL);
	run_probe("old frame:");
	return 0;
}
