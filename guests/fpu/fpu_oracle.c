/* build: mipsel-linux-gnu-gcc -O2 -static -o guests/build/fpu/fpu_oracle guests/fpu/fpu_oracle.c
 *
 * FPU oracle: executes single MIPS32r2 COP1/COP1X instructions exactly as the FPU it runs on (qemu-mipsel, or real
 * hardware) does, so that Trapgate's TypeScript FPU (src/fpu) can be compared against it bit for bit.
 *
 * stdin, one case per line (all numbers hex, no 0x):
 *     <op> <fcsr> <gpr> <fs> <ft> <fr> <fd>
 *   op    instruction name as listed by `list` (e.g. add.s, c.ult.d.3 = c.ult.d $fcc3, movf.s.5, round.l.d)
 *   fcsr  whole FCSR written with ctc1 before the instruction (RM, flags, enables, FS, condition codes)
 *   gpr   value of the GPR operand of movz.fmt/movn.fmt
 *   fs ft fr fd  64-bit FPR contents (a single or word operand is the low 32 bits); fd is the destination's value
 *         before the instruction, so a trapped instruction can be seen not to write it.
 * stdout, one line per case:
 *     <fcsr after> <fd after, 16 digits> <sigfpe 0|1> <si_code> <fcsr in the signal frame>
 * A line `list` prints the supported op names; a line `info` prints FIR and whether FPRs are 32-bit (FR=0).
 *
 * Operands live in fixed registers: fd = $f0, fs = $f2, ft = $f4, fr = $f6, gpr = $9. Registers are loaded with
 * mtc1/mthc1 and read with mfc1/mfhc1, which works whichever FR mode the kernel chose for this FPXX binary.
 * SIGFPE: the handler records the signal and moves the PC past the trapping instruction (it is never in a delay
 * slot: the block is .set noreorder with no branches), and clears the cause bits in the saved context so that a
 * real kernel's sigreturn does not raise the exception again.
 * FCSR after a trap: qemu-mipsel 7.2 neither fills sc_fpc_csr (the last column is meaningless there) nor restores
 * FCSR on sigreturn, so the printed FCSR is the one the trapping instruction left (new Cause, old Flags). On a real
 * kernel it would be the signal frame's copy, from which Linux has already cleared the enabled cause bits.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

struct io {
    uint32_t fs[2], ft[2], fr[2], fd[2]; /* offsets 0, 8, 16, 24 (low word first) */
    uint32_t fcsr;                       /* 32 */
    uint32_t gpr;                        /* 36 */
    uint32_t fcsr_out;                   /* 40 */
    uint32_t pad;                        /* 44 */
    uint32_t fd_out[2];                  /* 48 */
};

static volatile int fpe_hit;
static volatile int fpe_code;
static volatile uint32_t fpe_frame_csr;

static void on_fpe(int sig, siginfo_t *si, void *ctxp)
{
    ucontext_t *uc = ctxp;
    (void)sig;
    fpe_hit = 1;
    fpe_code = si->si_code;
    fpe_frame_csr = uc->uc_mcontext.fpc_csr;
    uc->uc_mcontext.pc += 4;
    uc->uc_mcontext.fpc_csr &= ~0x3f000u;
}

/* One function per instruction: load operands, set FCSR, run the instruction, read FCSR and fd back. */
#define RUN(fn, text)                                                                                   \
    static void fn(struct io *io)                                                                       \
    {                                                                                                   \
        __asm__ volatile(".set push\n\t.set noreorder\n\t.set noat\n\t.set arch=mips32r2\n\t.set fp=xx\n\t" \
                         "lw $8, 0(%0)\n\tmtc1 $8, $f2\n\tlw $8, 4(%0)\n\tmthc1 $8, $f2\n\t"            \
                         "lw $8, 8(%0)\n\tmtc1 $8, $f4\n\tlw $8, 12(%0)\n\tmthc1 $8, $f4\n\t"           \
                         "lw $8, 16(%0)\n\tmtc1 $8, $f6\n\tlw $8, 20(%0)\n\tmthc1 $8, $f6\n\t"          \
                         "lw $8, 24(%0)\n\tmtc1 $8, $f0\n\tlw $8, 28(%0)\n\tmthc1 $8, $f0\n\t"          \
                         "lw $9, 36(%0)\n\t"                                                            \
                         "lw $8, 32(%0)\n\tctc1 $8, $31\n\t"                                            \
                         "nop\n\t" text "\n\tnop\n\t"                                                   \
                         "cfc1 $8, $31\n\tsw $8, 40(%0)\n\t"                                            \
                         "mfc1 $8, $f0\n\tsw $8, 48(%0)\n\tmfhc1 $8, $f0\n\tsw $8, 52(%0)\n\t"          \
                         ".set pop"                                                                     \
                         :                                                                              \
                         : "r"(io)                                                                      \
                         : "$8", "$9", "memory", "$f0", "$f1", "$f2", "$f3", "$f4", "$f5", "$f6", "$f7"); \
    }

#define OPS_FIXED(X)                                                                                    \
    FMT_SD(X, add, "$f0,$f2,$f4") FMT_SD(X, sub, "$f0,$f2,$f4") FMT_SD(X, mul, "$f0,$f2,$f4")          \
    FMT_SD(X, div, "$f0,$f2,$f4") FMT_SD(X, sqrt, "$f0,$f2") FMT_SD(X, abs, "$f0,$f2")                 \
    FMT_SD(X, neg, "$f0,$f2") FMT_SD(X, mov, "$f0,$f2") FMT_SD(X, recip, "$f0,$f2")                    \
    FMT_SD(X, rsqrt, "$f0,$f2") FMT_SD(X, movz, "$f0,$f2,$9") FMT_SD(X, movn, "$f0,$f2,$9")            \
    FMT_SD(X, madd, "$f0,$f6,$f2,$f4") FMT_SD(X, msub, "$f0,$f6,$f2,$f4")                              \
    FMT_SD(X, nmadd, "$f0,$f6,$f2,$f4") FMT_SD(X, nmsub, "$f0,$f6,$f2,$f4")                            \
    X(cvt_s_d, "cvt.s.d $f0,$f2") X(cvt_s_w, "cvt.s.w $f0,$f2") X(cvt_s_l, "cvt.s.l $f0,$f2")          \
    X(cvt_d_s, "cvt.d.s $f0,$f2") X(cvt_d_w, "cvt.d.w $f0,$f2") X(cvt_d_l, "cvt.d.l $f0,$f2")          \
    FMT_SD(X, cvt_w, "$f0,$f2") FMT_SD(X, cvt_l, "$f0,$f2") FMT_SD(X, round_w, "$f0,$f2")              \
    FMT_SD(X, round_l, "$f0,$f2") FMT_SD(X, trunc_w, "$f0,$f2") FMT_SD(X, trunc_l, "$f0,$f2")          \
    FMT_SD(X, ceil_w, "$f0,$f2") FMT_SD(X, ceil_l, "$f0,$f2") FMT_SD(X, floor_w, "$f0,$f2")            \
    FMT_SD(X, floor_l, "$f0,$f2")

#define CCS(X, base, pre, post)                                                                         \
    X(base##_0, pre "$fcc0" post) X(base##_1, pre "$fcc1" post) X(base##_2, pre "$fcc2" post)           \
    X(base##_3, pre "$fcc3" post) X(base##_4, pre "$fcc4" post) X(base##_5, pre "$fcc5" post)           \
    X(base##_6, pre "$fcc6" post) X(base##_7, pre "$fcc7" post)

#define CMP_FMT(X, cond) CCS(X, c_##cond##_s, "c." #cond ".s ", ",$f2,$f4") CCS(X, c_##cond##_d, "c." #cond ".d ", ",$f2,$f4")

#define OPS_CC(X)                                                                                       \
    CMP_FMT(X, f) CMP_FMT(X, un) CMP_FMT(X, eq) CMP_FMT(X, ueq) CMP_FMT(X, olt) CMP_FMT(X, ult)         \
    CMP_FMT(X, ole) CMP_FMT(X, ule) CMP_FMT(X, sf) CMP_FMT(X, ngle) CMP_FMT(X, seq) CMP_FMT(X, ngl)     \
    CMP_FMT(X, lt) CMP_FMT(X, nge) CMP_FMT(X, le) CMP_FMT(X, ngt)                                       \
    CCS(X, movf_s, "movf.s $f0,$f2,", "") CCS(X, movt_s, "movt.s $f0,$f2,", "")                         \
    CCS(X, movf_d, "movf.d $f0,$f2,", "") CCS(X, movt_d, "movt.d $f0,$f2,", "")

/* Mnemonic text per C name (the conversion mnemonics have two dots, which a C name cannot). */
#define FMT_SD(X, op, args) X(op##_s, OPNAME_##op ".s " args) X(op##_d, OPNAME_##op ".d " args)
#define OPNAME_add "add"
#define OPNAME_sub "sub"
#define OPNAME_mul "mul"
#define OPNAME_div "div"
#define OPNAME_sqrt "sqrt"
#define OPNAME_abs "abs"
#define OPNAME_neg "neg"
#define OPNAME_mov "mov"
#define OPNAME_recip "recip"
#define OPNAME_rsqrt "rsqrt"
#define OPNAME_movz "movz"
#define OPNAME_movn "movn"
#define OPNAME_madd "madd"
#define OPNAME_msub "msub"
#define OPNAME_nmadd "nmadd"
#define OPNAME_nmsub "nmsub"
#define OPNAME_cvt_w "cvt.w"
#define OPNAME_cvt_l "cvt.l"
#define OPNAME_round_w "round.w"
#define OPNAME_round_l "round.l"
#define OPNAME_trunc_w "trunc.w"
#define OPNAME_trunc_l "trunc.l"
#define OPNAME_ceil_w "ceil.w"
#define OPNAME_ceil_l "ceil.l"
#define OPNAME_floor_w "floor.w"
#define OPNAME_floor_l "floor.l"

OPS_FIXED(RUN)
OPS_CC(RUN)

struct op {
    const char *name; /* the instruction text up to the first space, plus ".<cc>" for cc forms */
    const char *text;
    void (*fn)(struct io *);
};

#define ENTRY(fn, text) {NULL, text, fn},
static struct op ops[] = {OPS_FIXED(ENTRY) OPS_CC(ENTRY)};
#define NOPS (sizeof ops / sizeof ops[0])

/* Name = mnemonic, with ".<n>" appended when an operand is $fcc<n>. */
static void name_ops(void)
{
    for (size_t i = 0; i < NOPS; i++) {
        const char *t = ops[i].text;
        const char *sp = strchr(t, ' ');
        const char *cc = strstr(t, "$fcc");
        size_t n = (size_t)(sp - t);
        char *s = malloc(n + 3);
        memcpy(s, t, n);
        s[n] = 0;
        if (cc) {
            s[n] = '.';
            s[n + 1] = cc[4];
            s[n + 2] = 0;
        }
        ops[i].name = s;
    }
}

static void info(void)
{
    uint32_t fir, hi;
    __asm__ volatile(".set push\n\t.set noreorder\n\t.set fp=xx\n\t.set oddspreg\n\t"
                     "cfc1 %0, $0\n\t"
                     "li $8, 0x12345678\n\tmtc1 $8, $f1\n\tmtc1 $0, $f0\n\tmthc1 $0, $f0\n\t"
                     "li $8, 0x12345678\n\tmtc1 $8, $f1\n\tmfhc1 %1, $f0\n\t"
                     ".set pop"
                     : "=r"(fir), "=r"(hi)
                     :
                     : "$8", "$f0", "$f1");
    /* With FR=0, $f1 is the high half of the pair $f0, so mfhc1 $f0 reads what mtc1 $f1 wrote. */
    printf("fir %08x fr %d\n", fir, hi == 0x12345678 ? 0 : 1);
}

static uint64_t parse64(const char *s) { return strtoull(s, NULL, 16); }

int main(void)
{
    struct sigaction sa;
    char line[512];
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGFPE, &sa, NULL);
    name_ops();
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    while (fgets(line, sizeof line, stdin)) {
        char name[64], a[7][24];
        struct io io;
        size_t i;
        int n = sscanf(line, "%63s %23s %23s %23s %23s %23s %23s", name, a[0], a[1], a[2], a[3], a[4], a[5]);
        if (n <= 0)
            continue;
        if (!strcmp(name, "list")) {
            for (i = 0; i < NOPS; i++)
                printf("%s\n", ops[i].name);
            fflush(stdout);
            continue;
        }
        if (!strcmp(name, "info")) {
            info();
            fflush(stdout);
            continue;
        }
        if (n != 7) {
            printf("error bad-line\n");
            continue;
        }
        for (i = 0; i < NOPS; i++)
            if (!strcmp(ops[i].name, name))
                break;
        if (i == NOPS) {
            printf("error unknown-op %s\n", name);
            continue;
        }
        memset(&io, 0, sizeof io);
        io.fcsr = (uint32_t)parse64(a[0]);
        io.gpr = (uint32_t)parse64(a[1]);
        {
            uint64_t v[4] = {parse64(a[2]), parse64(a[3]), parse64(a[4]), parse64(a[5])};
            uint32_t *dst[4] = {io.fs, io.ft, io.fr, io.fd};
            for (int k = 0; k < 4; k++) {
                dst[k][0] = (uint32_t)v[k];
                dst[k][1] = (uint32_t)(v[k] >> 32);
            }
        }
        fpe_hit = 0;
        fpe_code = 0;
        fpe_frame_csr = 0;
        ops[i].fn(&io);
        printf("%08x %08x%08x %d %d %08x\n", io.fcsr_out, io.fd_out[1], io.fd_out[0], fpe_hit, fpe_code,
               (uint32_t)fpe_frame_csr);
    }
    fflush(stdout);
    return 0;
}
