/*
 * Trapgate's vDSO: the code the kernel maps into every process as "[vdso]", MIPS32r2 o32, little-endian.
 *
 * image.ts assembles this file with Trapgate's assembler and wraps it in an ELF shared object linked at 0, the way
 * Linux's arch/mips/vdso build does (reference §4.1). Every constant below in CAPITALS (syscall numbers, struct
 * offsets, clock ids, TEXT_OFFSET...) is defined by prelude.ts from src/abi, so no ABI number is written here
 * twice; the same prelude + this file also assemble with GNU as, which the tests use as a cross-check.
 *
 * Rules the code keeps:
 *  - Position independent: the image is mapped anywhere. The data page ([vvar]) is the page just below the
 *    image's first page. A `bal` puts a PC into $ra; in the bal's delay slot $ra already holds the address of the
 *    instruction after the slot, whose offset in the image is TEXT_OFFSET + (. + 4 - .Ltext), so
 *    [vvar] = $ra - (PAGE_SIZE + TEXT_OFFSET + (. + 4 - .Ltext)).
 *  - Leaf code without a stack frame. glibc calls these like any o32 PIC function (jalr $t9, arguments in
 *    $a0..$a1, result in $v0, $t* free). An exported function that needs a `bal` parks its caller's $ra in $v1
 *    and puts it back before anything else can happen (a return, a system call); .cfi_register says so, so an
 *    unwinder is right at every instruction. The two time helpers are reached with `bal` and return with `jr $ra`.
 *  - Every delay slot is filled explicitly (.set noreorder); the assembler never fills one.
 *  - Results are 0 or -errno. When the vDSO cannot answer, it makes the real system call with the caller's
 *    arguments and returns `error ? -v0 : v0`, as Linux's fallbacks do. $ra survives a system call ($v1 and the
 *    $t registers do not: Linux's fallback asm lists them as clobbered), so it is restored before `syscall`.
 *
 * Time (Linux's lib/vdso/gettimeofday.c semantics, reference §4.4):
 *  - clock classes: HRES = REALTIME, MONOTONIC, BOOTTIME, TAI read data[CS_HRES_COARSE]; RAW = MONOTONIC_RAW
 *    reads data[CS_RAW] (its own seq, cycle_last, mult, shift and basetime[MONOTONIC_RAW]); COARSE =
 *    REALTIME_COARSE, MONOTONIC_COARSE copy basetime[clock] of data[CS_HRES_COARSE]; anything else, including
 *    (u32)clock >= MAX_CLOCKS, goes to the system call.
 *  - HRES/RAW: clock_mode NONE (or any mode but R4K, the only counter this vDSO can read) goes to the system
 *    call. As in Linux, the coarse clocks and clock_getres do not look at clock_mode: they only need the page.
 *  - ns = (((counter - cycle_last) & mask) * mult + basetime.nsec) >> shift, in 64 bits; basetime.nsec is kept
 *    shifted left by `shift` by the kernel. Then seconds = basetime.sec + ns / 1e9 by repeated subtraction
 *    (Linux's __iter_div_u64_rem: the kernel refreshes basetime every tick, so the loop runs once or twice).
 *  - Seqlock reader: spin while seq is odd, sync (smp_rmb), read, sync, re-read seq and start again if it moved.
 *  - The time32 entries store the low 32 bits of the seconds, like Linux's __cvdso_clock_gettime32 (no
 *    EOVERFLOW): glibc treats a negative 32-bit tv_sec as overflow and asks the 64-bit call instead.
 *
 * From the ppc64 vDSO (reference §4.6): __vdso_get_syscall_map, __vdso_getcpu, and __vdso_sync_dicache with two
 * CPU variants. The generic symbol sits on the synci variant, which is right on every MIPS32r2 CPU; for a CPU
 * with coherent instruction caches variants.ts re-points its .dynsym entry at the cheaper _coherent variant.
 *
 * The signal-return trampolines carry no CFI, as in Linux (their CFI goes to .debug_frame, which is stripped):
 * with no FDE, libgcc recognises the two instructions themselves (reference §3.5).
 */
	.set	noreorder
	.set	mips32r2

/*
 * ENTRY name ... END name: an exported function and its unwind record (FDE).
 * VVAR_AND_BAL target: the start of an entry that needs a `bal` (to a helper, or to the next instruction only to
 * learn the PC): the caller's $ra is parked in $v1 (.cfi_register says so), and the bal's delay slot computes
 * $t0 = [vvar] as explained above. The caller puts $ra back from $v1 before it returns or makes a system call.
 * SYSCALL_FALLBACK nr: the vDSO cannot answer; the real system call with the caller's arguments, returning
 * error ? -errno : result.
 */
	.macro	ENTRY name
	.globl	\name
	.type	\name, @function
\name:
	.cfi_startproc
	.endm

	.macro	END name
	.cfi_endproc
	.size	\name, . - \name
	.endm

	.macro	VVAR_AND_BAL target
	move	$v1, $ra
	.cfi_register 31, 3
	bal	\target
	 addiu	$t0, $ra, -(PAGE_SIZE + TEXT_OFFSET + (. + 4 - .Ltext))	# $t0 = [vvar]
	.endm

	.macro	SYSCALL_FALLBACK nr
	li	$v0, \nr
	syscall
	negu	$t0, $v0
	jr	$ra
	 movn	$v0, $t0, $a3			# error ? -errno : result
	.endm
	.text
.Ltext:

/* ------------------------------------------------------------------ signal return (local, no FDE) */

	.type	__vdso_rt_sigreturn, @function
__vdso_rt_sigreturn:
	li	$v0, NR_rt_sigreturn
	syscall
	.size	__vdso_rt_sigreturn, . - __vdso_rt_sigreturn

	.type	__vdso_sigreturn, @function
__vdso_sigreturn:
	li	$v0, NR_sigreturn
	syscall
	.size	__vdso_sigreturn, . - __vdso_sigreturn

/* ------------------------------------------------------------------ clock_gettime */

/* int __vdso_clock_gettime(clockid_t clock, struct old_timespec32 *ts) */
ENTRY	__vdso_clock_gettime
	move	$t1, $a0
	VVAR_AND_BAL vdso_read_clock
	bnez	$v0, 1f
	 move	$ra, $v1
	.cfi_restore 31
	sw	$t3, TS32_SEC($a1)		# the low word of the seconds (see the header)
	sw	$t8, TS32_NSEC($a1)
	jr	$ra
	 move	$v0, $zero
1:	SYSCALL_FALLBACK NR_clock_gettime
END	__vdso_clock_gettime

/* int __vdso_clock_gettime64(clockid_t clock, struct __kernel_timespec *ts) */
ENTRY	__vdso_clock_gettime64
	move	$t1, $a0
	VVAR_AND_BAL vdso_read_clock
	bnez	$v0, 1f
	 move	$ra, $v1
	.cfi_restore 31
	sw	$t3, TS64_SEC($a1)
	sw	$t4, TS64_SEC + 4($a1)
	sw	$t8, TS64_NSEC($a1)
	sw	$zero, TS64_NSEC + 4($a1)
	jr	$ra
	 move	$v0, $zero
1:	SYSCALL_FALLBACK NR_clock_gettime64
END	__vdso_clock_gettime64

/* ------------------------------------------------------------------ gettimeofday */

/* int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz): both pointers may be NULL. */
ENTRY	__vdso_gettimeofday
	VVAR_AND_BAL 1f
1:	li	$t1, CLOCK_REALTIME
	beqz	$a0, 2f				# no tv: only the time zone is wanted
	 move	$v0, $zero
	bal	vdso_read_clock
	 nop
2:	bnez	$v0, 4f
	 move	$ra, $v1
	.cfi_restore 31
	beqz	$a0, 3f
	 nop
	li	$t2, USEC_FROM_NSEC_MULT	# tv_usec = (u32)nsec / 1000 as (nsec * MULT) >> (32 + SHIFT),
	multu	$t8, $t2			#  exact for every 32-bit nsec (prelude.ts checks the constant)
	mfhi	$t2
	srl	$t2, $t2, USEC_FROM_NSEC_SHIFT
	sw	$t3, TV_SEC($a0)
	sw	$t2, TV_USEC($a0)
3:	beqz	$a1, 5f
	 nop
	lw	$t2, VD_TZ_MINUTESWEST($t0)	# tz comes from data[CS_HRES_COARSE], outside the seqlock
	lw	$t3, VD_TZ_DSTTIME($t0)
	sw	$t2, TZ_MINUTESWEST($a1)
	sw	$t3, TZ_DSTTIME($a1)
5:	jr	$ra
	 move	$v0, $zero
4:	SYSCALL_FALLBACK NR_gettimeofday
END	__vdso_gettimeofday

/* ------------------------------------------------------------------ clock_getres */

/* int __vdso_clock_getres(clockid_t clock, struct old_timespec32 *res): res may be NULL. */
ENTRY	__vdso_clock_getres
	move	$t1, $a0
	VVAR_AND_BAL vdso_clock_res
	bnez	$v0, 2f
	 move	$ra, $v1
	.cfi_restore 31
	beqz	$a1, 1f
	 nop
	sw	$zero, TS32_SEC($a1)
	sw	$t8, TS32_NSEC($a1)
1:	jr	$ra
	 move	$v0, $zero
2:	SYSCALL_FALLBACK NR_clock_getres
END	__vdso_clock_getres

/* int __vdso_clock_getres_time64(clockid_t clock, struct __kernel_timespec *res): res may be NULL. */
ENTRY	__vdso_clock_getres_time64
	move	$t1, $a0
	VVAR_AND_BAL vdso_clock_res
	bnez	$v0, 2f
	 move	$ra, $v1
	.cfi_restore 31
	beqz	$a1, 1f
	 nop
	sw	$zero, TS64_SEC($a1)
	sw	$zero, TS64_SEC + 4($a1)
	sw	$t8, TS64_NSEC($a1)
	sw	$zero, TS64_NSEC + 4($a1)
1:	jr	$ra
	 move	$v0, $zero
2:	SYSCALL_FALLBACK NR_clock_getres_time64
END	__vdso_clock_getres_time64

/* ------------------------------------------------------------------ from the ppc64 vDSO */

/*
 * const unsigned *__vdso_get_syscall_map(unsigned *count): the bitmap of implemented o32 system calls in [vvar]
 * (bit 0x80000000 >> (N & 31) of word N >> 5 for syscall 4000 + N); *count = how many numbers it covers.
 */
ENTRY	__vdso_get_syscall_map
	VVAR_AND_BAL 1f
1:	move	$ra, $v1
	.cfi_restore 31
	beqz	$a0, 2f
	 addiu	$v0, $t0, VDSO_SYSCALL_MAP
	lw	$t1, VDSO_SYSCALL_COUNT($t0)
	sw	$t1, 0($a0)
2:	jr	$ra
	 nop
END	__vdso_get_syscall_map

/* int __vdso_getcpu(unsigned *cpu, unsigned *node, void *cache): CPUNum from `rdhwr $0`; one node. */
ENTRY	__vdso_getcpu
	rdhwr	$t0, $0
	beqz	$a0, 1f
	 nop
	sw	$t0, 0($a0)
1:	beqz	$a1, 2f
	 nop
	sw	$zero, 0($a1)
2:	jr	$ra
	 move	$v0, $zero
END	__vdso_getcpu

/*
 * int __vdso_sync_dicache(void *start, void *end): make instructions written to [start, end) executable.
 * _synci (the generic symbol's default): synci every SYNCI_Step bytes from start rounded down, then sync and a
 * hazard barrier (jr.hb), the MIPS32r2 sequence for a CPU whose I-cache does not snoop the D-cache (24K).
 */
	.globl	__vdso_sync_dicache
	.type	__vdso_sync_dicache, @function
	.type	__vdso_sync_dicache_synci, @function
__vdso_sync_dicache:
__vdso_sync_dicache_synci:
	.cfi_startproc
	rdhwr	$t0, $1				# SYNCI_Step; 0 means no cache needs it
	beqz	$t0, 2f
	 addiu	$t1, $t0, -1
	nor	$t1, $t1, $zero
	and	$a0, $a0, $t1			# start of the first line
	sltu	$t2, $a0, $a1
	beqz	$t2, 2f
	 nop
1:	synci	0($a0)
	addu	$a0, $a0, $t0
	sltu	$t2, $a0, $a1
	bnez	$t2, 1b
	 nop
2:	sync
	jr.hb	$ra
	 move	$v0, $zero
	.cfi_endproc
	.size	__vdso_sync_dicache_synci, . - __vdso_sync_dicache_synci
	.size	__vdso_sync_dicache, . - __vdso_sync_dicache

/*
 * _coherent: for a CPU whose I-cache fills from the D-cache, nothing to write back or invalidate: a sync, and the
 * hazard barrier so that this CPU fetches the new instructions (ppc64's _p5 variant is likewise sync; isync).
 */
	.type	__vdso_sync_dicache_coherent, @function
__vdso_sync_dicache_coherent:
	.cfi_startproc
	sync
	jr.hb	$ra
	 move	$v0, $zero
	.cfi_endproc
	.size	__vdso_sync_dicache_coherent, . - __vdso_sync_dicache_coherent

/* ------------------------------------------------------------------ local helpers (reached with bal) */

/*
 * vdso_read_clock: the time of clock $t1, read from [vvar] at $t0.
 * Returns $v0 = 0 with the seconds in $t4:$t3 (high:low) and the nanoseconds (< 1e9) in $t8, or $v0 = 1 when the
 * caller must make the system call. Keeps $a0..$a3, $v1 and $t0; clobbers the other $t registers, HI and LO.
 */
	.type	vdso_read_clock, @function
vdso_read_clock:
	.cfi_startproc
	sltiu	$t2, $t1, MAX_CLOCKS		# (u32)clock >= MAX_CLOCKS: not the vDSO's
	beqz	$t2, .Lread_fallback
	 li	$t2, 1
	sllv	$t2, $t2, $t1			# msk = 1 << clock
	sll	$t5, $t1, TIMESTAMP_SHIFT
	addu	$t5, $t5, $t0			# $t5 + VD_BASETIME = &data[CS_HRES_COARSE].basetime[clock]
	andi	$t3, $t2, VDSO_HRES
	bnez	$t3, .Lhres
	 move	$t6, $t0			# $t6 = the vdso_data the clock is read from
	andi	$t3, $t2, VDSO_COARSE
	bnez	$t3, .Lcoarse
	 andi	$t3, $t2, VDSO_RAW
	beqz	$t3, .Lread_fallback
	 addiu	$t6, $t0, CS_RAW		# MONOTONIC_RAW: data[CS_RAW] and its basetime[MONOTONIC_RAW]
	addiu	$t5, $t5, CS_RAW

.Lhres:
	lw	$t7, VD_SEQ($t6)		# vdso_read_begin: wait while a writer is at work (seq odd)
	andi	$t2, $t7, 1
	bnez	$t2, .Lhres
	 nop
	sync					# smp_rmb: everything below is read after seq
	lw	$t2, VD_CLOCK_MODE($t6)
	li	$t3, VDSO_CLOCKMODE_R4K
	bne	$t2, $t3, .Lread_fallback	# no counter the vDSO can read
	 nop
	rdhwr	$t8, $2				# CP0 Count: the 32-bit R4K clocksource
	lw	$t2, VD_CYCLE_LAST($t6)
	lw	$t3, VD_CYCLE_LAST + 4($t6)
	sltu	$t4, $t8, $t2			# borrow out of the low word
	subu	$t8, $t8, $t2
	subu	$t9, $zero, $t3
	subu	$t9, $t9, $t4			# $t9:$t8 = counter - cycle_last (the counter's high word is 0)
	lw	$t2, VD_MASK($t6)
	lw	$t3, VD_MASK + 4($t6)
	and	$t8, $t8, $t2
	and	$t9, $t9, $t3			# delta = (counter - cycle_last) & mask
	lw	$t2, VD_MULT($t6)
	mul	$t9, $t9, $t2			# the high word's product only reaches bits 32..63 (and mul may
	multu	$t8, $t2			#  clobber HI/LO, so it goes first)
	mflo	$t8
	mfhi	$t2
	addu	$t9, $t9, $t2			# $t9:$t8 = delta * mult mod 2^64
	lw	$t2, VD_BASETIME + TS_NSEC($t5)
	lw	$t3, VD_BASETIME + TS_NSEC + 4($t5)
	addu	$t8, $t8, $t2
	sltu	$t2, $t8, $t2			# carry out of the low word
	addu	$t9, $t9, $t3
	addu	$t9, $t9, $t2			# + basetime.nsec (still shifted left by `shift`)
	lw	$t1, VD_SHIFT($t6)
	lw	$t3, VD_BASETIME + TS_SEC($t5)
	lw	$t4, VD_BASETIME + TS_SEC + 4($t5)
	sync					# smp_rmb, then vdso_read_retry:
	lw	$t2, VD_SEQ($t6)
	bne	$t2, $t7, .Lhres		# a writer came by: read it all again
	 nop

	andi	$t2, $t1, 32			# ns >>= shift, in 64 bits
	beqz	$t2, 1f
	 sll	$t2, $t9, 1
	srlv	$t8, $t9, $t1			# shift >= 32: low = high >> (shift - 32)
	b	2f
	 move	$t9, $zero
1:	xori	$t7, $t1, 31
	sllv	$t2, $t2, $t7			# high << (32 - shift), written so that shift 0 gives 0
	srlv	$t8, $t8, $t1
	or	$t8, $t8, $t2
	srlv	$t9, $t9, $t1

2:	li	$t2, NSEC_PER_SEC		# whole seconds out of ns, by subtraction
3:	bnez	$t9, 4f
	 sltu	$t7, $t8, $t2
	bnez	$t7, .Lread_done		# ns < 1e9
	 nop
4:	sltu	$t7, $t8, $t2			# borrow
	subu	$t8, $t8, $t2
	subu	$t9, $t9, $t7
	addiu	$t3, $t3, 1
	sltiu	$t7, $t3, 1			# carry into the seconds' high word
	b	3b
	 addu	$t4, $t4, $t7

.Lcoarse:
	lw	$t7, VD_SEQ($t0)		# do_coarse: basetime[clock] as it is, under the same seqlock
	andi	$t2, $t7, 1
	bnez	$t2, .Lcoarse
	 nop
	sync
	lw	$t3, VD_BASETIME + TS_SEC($t5)
	lw	$t4, VD_BASETIME + TS_SEC + 4($t5)
	lw	$t8, VD_BASETIME + TS_NSEC($t5)	# plain nanoseconds (< 1e9) for the coarse clocks
	sync
	lw	$t2, VD_SEQ($t0)
	bne	$t2, $t7, .Lcoarse
	 nop
.Lread_done:
	jr	$ra
	 move	$v0, $zero
.Lread_fallback:
	jr	$ra
	 li	$v0, 1
	.cfi_endproc
	.size	vdso_read_clock, . - vdso_read_clock

/*
 * vdso_clock_res: the resolution of clock $t1 from [vvar] at $t0, like Linux's __cvdso_clock_getres_common:
 * HRES and RAW → hrtimer_res, COARSE → the coarse resolution (a Trapgate field; Linux compiles in LOW_RES_NSEC).
 * Returns $v0 = 0 with the nanoseconds in $t8, or $v0 = 1 for the system call. Keeps $a0..$a3, $v1, $t0.
 */
	.type	vdso_clock_res, @function
vdso_clock_res:
	.cfi_startproc
	sltiu	$t2, $t1, MAX_CLOCKS
	beqz	$t2, 1f
	 li	$t2, 1
	sllv	$t2, $t2, $t1			# msk = 1 << clock
	andi	$t3, $t2, VDSO_HRES | VDSO_RAW
	bnez	$t3, 2f
	 lw	$t8, VD_HRTIMER_RES($t0)
	andi	$t3, $t2, VDSO_COARSE
	bnez	$t3, 2f
	 lw	$t8, VDSO_COARSE_RES($t0)
1:	jr	$ra
	 li	$v0, 1
2:	jr	$ra
	 move	$v0, $zero
	.cfi_endproc
	.size	vdso_clock_res, . - vdso_clock_res
