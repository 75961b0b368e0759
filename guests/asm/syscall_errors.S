# The MIPS o32 system call convention seen from user space: v0 holds the result or a positive errno, and a3
# says which (0 success, 1 error). Prints "v0 a3" in decimal for: write to a bad fd (EBADF 9), an unknown number
# (ENOSYS 89), getpid compared with itself (success), and write(1, "ok\n", 3).

        .set    noreorder
        .set    noat
        .equ    SYS_write, 4004
        .equ    SYS_getpid, 4020
        .equ    SYS_exit_group, 4246

        .text
        .globl  __start
__start:
        li      a0, 99                  # bad fd
        la      a1, msg
        li      a2, 3
        li      v0, SYS_write
        syscall
        jal     show
        nop

        li      v0, 4999                # no such system call
        syscall
        jal     show
        nop

        li      v0, SYS_getpid
        syscall
        move    s0, v0
        li      v0, SYS_getpid
        syscall
        subu    v0, v0, s0              # 0 when both calls agree
        jal     show
        nop

        li      a0, 1
        la      a1, msg
        li      a2, 3
        li      v0, SYS_write
        syscall
        jal     show
        nop

        li      a0, 0
        li      v0, SYS_exit_group
        syscall

# show: prints v0 and a3 in decimal, "v0 a3\n". Clobbers t*, s1-s3, a*, v*.
show:   move    s3, ra
        move    s1, v0
        move    s2, a3
        move    a0, s1
        jal     decimal
        nop
        li      a0, ' '
        jal     putc
        nop
        move    a0, s2
        jal     decimal
        nop
        li      a0, '\n'
        jal     putc
        nop
        jr      s3
        nop

# decimal(a0): prints an unsigned number.
decimal:
        la      t0, digits + 11
        li      t1, 10
1:      divu    zero, a0, t1
        mfhi    t2
        mflo    a0
        addiu   t2, t2, '0'
        addiu   t0, t0, -1
        bnez    a0, 1b
        sb      t2, 0(t0)
        la      t3, digits + 11
        subu    a2, t3, t0
        move    a1, t0
        li      a0, 1
        li      v0, SYS_write
        syscall
        jr      ra
        nop

putc:   la      a1, digits
        sb      a0, 0(a1)
        li      a0, 1
        li      a2, 1
        li      v0, SYS_write
        syscall
        jr      ra
        nop

        .rodata
msg:    .ascii  "ok\n"

        .bss
digits: .space  12
