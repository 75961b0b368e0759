/**
 * Assembly programs for the lock-step tests of the block compiler (test/cpu/lockstep.ts). Each exercises what
 * compiled code must get exactly right: every instruction kind, branch kinds (likely ones annulling their slot),
 * exceptions in bodies and in delay slots, calls and returns across pages, self-modifying code, LL/SC, the FPU with
 * Coprocessor Unusable, page boundaries, and hardware registers. Every delay slot is written out (noreorder).
 */

const EXIT = `
	li	$v0, 4001
	syscall
`;

/** Integer work of every kind in nested loops, with both kinds of branches, calls, and memory of every width. */
export const ARITH = `
	.set noreorder
	.text
	.globl _start
_start:
	li	$s0, 0x12345
	li	$s1, 700
	la	$s2, buf
	li	$s3, 0
outer:
	andi	$t0, $s1, 7
	beqz	$t0, skip
	addiu	$s0, $s0, 1
	sll	$t1, $t0, 2
	addu	$t2, $s2, $t1
	lw	$t3, 0($t2)
	addu	$s0, $s0, $t3
	sw	$s0, 0($t2)
	sb	$s0, 33($t2)
	sh	$s0, 42($t2)
	lb	$t4, 33($t2)
	lbu	$t5, 33($t2)
	lh	$t6, 42($t2)
	lhu	$t7, 42($t2)
	addu	$s0, $s0, $t4
	xor	$s0, $s0, $t5
	subu	$s0, $s0, $t6
	or	$s3, $s3, $t7
skip:
	andi	$t4, $s1, 3
	beql	$t4, $zero, l2
	xori	$s0, $s0, 0x55
	addiu	$s0, $s0, 3
l2:
	bnel	$t4, $zero, l3
	ori	$s3, $s3, 0x100
	addiu	$s3, $s3, 1
l3:
	bgezal	$s0, sub1
	nop
	bltzal	$s0, sub1
	nop
	mult	$s0, $s1
	mflo	$t0
	mfhi	$t1
	multu	$s0, $t0
	mflo	$t2
	mfhi	$t3
	madd	$t0, $t1
	maddu	$t2, $t3
	msub	$s1, $s0
	msubu	$t1, $s0
	mfhi	$t4
	mflo	$t5
	addu	$s0, $s0, $t4
	addu	$s3, $s3, $t5
	div	$zero, $s0, $s1
	mflo	$t6
	mfhi	$t7
	divu	$zero, $s0, $s1
	mflo	$t8
	mfhi	$t9
	addu	$s0, $s0, $t6
	xor	$s0, $s0, $t7
	addu	$s0, $s0, $t8
	xor	$s0, $s0, $t9
	mul	$t0, $s0, $s1
	clz	$t1, $t0
	clo	$t2, $t0
	ext	$t3, $t0, 3, 9
	ins	$t0, $s1, 5, 7
	wsbh	$t4, $t0
	seb	$t5, $t0
	seh	$t6, $t0
	rotr	$t7, $t0, 13
	rotrv	$t8, $t0, $s1
	sllv	$t9, $t0, $s1
	srlv	$v0, $t0, $s1
	srav	$v1, $t0, $s1
	sra	$a0, $t0, 5
	srl	$a1, $t0, 7
	slt	$a2, $t0, $s1
	sltu	$a3, $t0, $s1
	slti	$t1, $t0, -5
	sltiu	$t2, $t0, -5
	nor	$t3, $t0, $s1
	and	$t4, $t0, $t9
	movz	$t5, $t0, $a2
	movn	$t6, $t0, $a3
	addu	$s0, $s0, $t1
	addu	$s0, $s0, $t2
	addu	$s0, $s0, $t3
	addu	$s0, $s0, $t4
	addu	$s0, $s0, $t5
	addu	$s0, $s0, $t6
	addu	$s0, $s0, $t7
	addu	$s0, $s0, $t8
	addu	$s0, $s0, $v0
	addu	$s0, $s0, $v1
	addu	$s0, $s0, $a0
	addu	$s0, $s0, $a1
	lui	$t0, 0x8000
	andi	$t1, $s1, 15
	addu	$t2, $s2, $t1
	lwl	$t3, 3($t2)
	lwr	$t3, 0($t2)
	swl	$s0, 67($t2)
	swr	$s0, 64($t2)
	addu	$s0, $s0, $t3
	bgtz	$s1, 1f
	nop
	addiu	$s0, $s0, 1
1:	blez	$s1, 2f
	addiu	$s3, $s3, 5
	addiu	$s3, $s3, 7
2:	bltz	$s0, 3f
	nop
	addiu	$s3, $s3, 9
3:	jal	sub2
	nop
	addiu	$s1, $s1, -1
	bnez	$s1, outer
	nop
	sw	$s0, 128($s2)
	sw	$s3, 132($s2)
${EXIT}

sub1:
	xor	$s0, $s0, $ra
	jr	$ra
	addiu	$s0, $s0, 7

sub2:
	la	$t0, sub1
	addiu	$sp, $sp, -8
	sw	$ra, 4($sp)
	jalr	$t0
	nop
	lw	$ra, 4($sp)
	jr	$ra
	addiu	$sp, $sp, 8

	.data
buf:	.space 256
`;

/**
 * Exceptions where compiled code must stop exactly: page faults (unmapped, and first touches that the kernel
 * resolves), address errors, overflow, conditional traps and break — in block bodies and in delay slots of every
 * kind of branch, inside loops.
 */
export const FAULTS = `
	.set noreorder
	.text
	.globl _start
_start:
	li	$s1, 400
	la	$s2, buf
	li	$s0, 0
	lui	$s4, 0x2000           # unmapped
	li	$s5, 0x7fffffff
loop:
	andi	$t0, $s1, 15
	sltiu	$t1, $t0, 1
	sll	$t1, $t1, 24          # every 16th pass: 16 MiB past buf, unmapped
	addu	$t2, $s2, $t1
	bnez	$s1, 1f
	lw	$t3, 0($t2)           # delay slot load (faults sometimes)
1:	addu	$s0, $s0, $t3
	andi	$t4, $s1, 7
	bnel	$t4, $zero, 2f
	sw	$s0, 4($t2)           # likely delay slot store (faults sometimes)
2:	andi	$t5, $s1, 31
	sltiu	$t5, $t5, 1
	addu	$t6, $s2, $t5         # misaligned every 32nd pass
	beq	$zero, $zero, 3f
	lw	$t7, 8($t6)           # address error in an unconditional branch's slot
3:	addu	$s0, $s0, $t7
	andi	$t8, $s1, 63
	sltiu	$t8, $t8, 1
	addu	$t9, $s5, $t8
	addu	$s0, $s0, $t9
	add	$v0, $s5, $t8         # overflow every 64th pass
	addu	$s0, $s0, $v0
	andi	$a0, $s1, 127
	teq	$a0, $zero, 7         # trap every 128th pass
	tnei	$a0, 1
	jal	leaf
	lh	$a1, 1($s2)           # misaligned halfword in a jal slot
	addu	$s0, $s0, $a1
	andi	$a2, $s1, 255
	bne	$a2, $zero, 4f
	nop
	break	5
4:	sll	$a3, $s1, 12
	addu	$a3, $a3, $s2
	lui	$t0, 0x10
	addu	$a3, $a3, $t0         # walks pages that are mapped but not populated yet
	sw	$s0, 0($a3)
	addiu	$s1, $s1, -1
	bgez	$s1, loop
	lw	$t3, 0($s4)           # the last pass's slot faults (unmapped)
	sw	$s0, 64($s2)
${EXIT}

leaf:
	addiu	$s0, $s0, 1
	jr	$ra
	sb	$s0, 16($s2)

	.data
buf:	.space 4096
`;

/**
 * Code that rewrites instructions it runs: the immediate of an addiu in a function on the next page (called from
 * the loop, so part of the loop's trace). (A store into the page that is running cannot complete: the kernel
 * resolves the fault, and the re-executed store's own page is write-protected again as it is fetched.)
 */
export const SELF_MODIFYING = `
	.set noreorder
	.text
	.globl _start
_start:
	li	$s1, 300
	li	$v1, 0
	la	$s2, patch
loop:
	jal	patch
	nop
	andi	$t1, $s1, 15          # patched every 16th pass, so that traces include it in between
	bnez	$t1, 1f
	andi	$t1, $s1, 31
	lw	$t0, 0($s2)           # addiu $v1, $v1, imm
	addiu	$t0, $t0, 1           # imm + 1
	sw	$t0, 0($s2)           # write-protected while decoded: the kernel invalidates
	bnez	$t1, 1f
	nop
	synci	0($s2)
1:	addiu	$s1, $s1, -1
	bnez	$s1, loop
	addu	$s3, $s3, $v1
	la	$t2, out
	sw	$v1, 0($t2)
	sw	$s3, 4($t2)
${EXIT}

	.align 12
patch:
	addiu	$v1, $v1, 1
	jr	$ra
	nop

	.data
out:	.space 16
`;

/** LL/SC loops, system calls in a loop, and rdhwr of every register (one of them not enabled). */
export const ATOMICS = `
	.set noreorder
	.text
	.globl _start
_start:
	li	$s1, 500
	la	$s2, word
loop:
1:	ll	$t0, 0($s2)
	addiu	$t1, $t0, 3
	sc	$t1, 0($s2)
	beqz	$t1, 1b
	nop
	sc	$t1, 0($s2)           # no link any more: fails
	addu	$s0, $s0, $t1
	rdhwr	$t2, $29
	rdhwr	$t3, $0
	rdhwr	$t4, $1
	rdhwr	$t5, $3
	rdhwr	$t6, $2
	addu	$s0, $s0, $t2
	addu	$s0, $s0, $t3
	addu	$s0, $s0, $t4
	addu	$s0, $s0, $t5
	addu	$s3, $s3, $t6
	andi	$t7, $s1, 31
	bnez	$t7, 2f
	nop
	rdhwr	$t8, $5               # not enabled: Reserved Instruction
	move	$a0, $s0
	move	$a1, $s1
	li	$v0, 4020
	syscall
	addu	$s0, $s0, $v0
2:	addiu	$s1, $s1, -1
	bnez	$s1, loop
	nop
	sw	$s0, 4($s2)
	sw	$s3, 8($s2)
${EXIT}

	.data
word:	.space 16
`;

/** The FPU, starting disabled (Coprocessor Unusable, then enabled by the kernel), with FP branches and moves. */
export const FLOAT = `
	.set noreorder
	.text
	.globl _start
_start:
	li	$s1, 300
	la	$s2, vals
	mtc1	$zero, $f0
	mtc1	$zero, $f1
loop:
	ldc1	$f2, 0($s2)
	lwc1	$f4, 8($s2)
	cvt.d.s	$f6, $f4
	add.d	$f0, $f0, $f2
	mul.d	$f8, $f6, $f2
	sub.d	$f0, $f0, $f8
	c.lt.d	$f0, $f2
	bc1t	1f
	mov.d	$f10, $f0
	neg.d	$f10, $f0
1:	c.eq.d	$fcc2, $f10, $f0
	bc1fl	$fcc2, 2f
	add.d	$f0, $f0, $f10
2:	movt	$t0, $s1, $fcc2
	movf	$t1, $s1, $fcc0
	addu	$s0, $s0, $t0
	addu	$s0, $s0, $t1
	mfc1	$t2, $f0
	mfhc1	$t3, $f0
	addu	$s0, $s0, $t2
	xor	$s0, $s0, $t3
	cfc1	$t4, $31
	addu	$s0, $s0, $t4
	swc1	$f4, 16($s2)
	sdc1	$f0, 24($s2)
	li	$t5, 8
	lwxc1	$f12, $t5($s2)
	ldxc1	$f14, $zero($s2)
	add.s	$f12, $f12, $f12
	swxc1	$f12, $t5($s2)
	trunc.w.d $f16, $f14
	mfc1	$t6, $f16
	addu	$s0, $s0, $t6
	mthc1	$s0, $f18
	mtc1	$s1, $f18
	addiu	$s1, $s1, -1
	bnez	$s1, loop
	nop
	sw	$s0, 32($s2)
${EXIT}

	.data
	.align 3
vals:	.double 1.5
	.float 2.25
	.space 64
`;

/**
 * Control flow across pages: a branch in the last word of a page (its delay slot on the next page), blocks that
 * run into the next page, calls between pages, a register jump to a misaligned address at the end.
 */
export const PAGES = `
	.set noreorder
	.text
	.globl _start
_start:
	li	$s1, 300
	la	$s2, out
loop:
	jal	far
	addiu	$s0, $s0, 1
	addiu	$s1, $s1, -1
	bnez	$s1, loop
	nop
	sw	$s0, 0($s2)
	la	$t0, _start
	addiu	$t0, $t0, 2
	jr	$t0                   # misaligned target: address error on the fetch
	nop

	.align 12
	.space 4088
edge:
	bnez	$s1, 1f               # in the last word but one: its slot is the page's last word
	addiu	$s0, $s0, 3
1:	xori	$s0, $s0, 0x11        # first word of the next page
	jr	$ra
	nop

	.space 4068
far:
	addiu	$s0, $s0, 5
	addiu	$s0, $s0, 6
	addiu	$s0, $s0, 7
	b	edge2                 # branch at the last word: slot on the next page
edge2:
	addiu	$s0, $s0, 9
	b	edge
	nop

	.data
out:	.space 16
`;
