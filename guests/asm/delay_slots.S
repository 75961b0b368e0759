# Branch-delay-slot semantics, observable from user space; prints one letter per check, then a newline:
#   J  `jr` jumps to the address its register held BEFORE the delay slot overwrote it
#   S  the delay slot of a taken branch executes
#   N  the delay slot of a not-taken ordinary branch executes
#   A  a not-taken branch-likely annuls its delay slot
#   T  a taken branch-likely executes its delay slot
#   L  `bal` links to the address after its delay slot
# Exit status 0; a failed check prints '-' in its place and the status is 1.

        .set    noreorder
        .set    noat
        .equ    SYS_write, 4004
        .equ    SYS_exit_group, 4246

        .text
        .globl  __start
__start:
        move    s7, zero                # failure flag

        # J: jr reads t0 before the slot changes it.
        la      t0, j_ok
        la      t1, j_bad
        jr      t0
        move    t0, t1                  # delay slot
j_bad:  jal     fail
        nop
        b       check_s
        nop
j_ok:   li      a0, 'J'
        jal     put
        nop

check_s:                                # S: taken branch, slot runs
        li      t2, 0
        b       1f
        li      t2, 1                   # delay slot
1:      li      a0, 'S'
        beqz    t2, 2f
        nop
        jal     put
        nop
        b       check_n
        nop
2:      jal     fail
        nop

check_n:                                # N: not-taken branch, slot runs
        li      t2, 0
        li      t3, 5
        beqz    t3, 1f                  # not taken
        li      t2, 1                   # delay slot
1:      li      a0, 'N'
        beqz    t2, 2f
        nop
        jal     put
        nop
        b       check_a
        nop
2:      jal     fail
        nop

check_a:                                # A: not-taken likely annuls the slot
        li      t2, 0
        li      t3, 5
        beqzl   t3, 1f                  # not taken
        li      t2, 1                   # annulled
1:      li      a0, 'A'
        bnez    t2, 2f
        nop
        jal     put
        nop
        b       check_t
        nop
2:      jal     fail
        nop

check_t:                                # T: taken likely runs the slot
        li      t2, 0
        beqzl   zero, 1f                # taken
        li      t2, 1                   # delay slot runs
1:      li      a0, 'T'
        beqz    t2, 2f
        nop
        jal     put
        nop
        b       check_l
        nop
2:      jal     fail
        nop

check_l:                                # L: bal links past its slot
        bal     1f
        nop
link_point:
1:      la      t4, link_point
        li      a0, 'L'
        bne     ra, t4, 2f
        nop
        jal     put
        nop
        b       done
        nop
2:      jal     fail
        nop

done:   li      a0, '\n'
        jal     put
        nop
        move    a0, s7
        li      v0, SYS_exit_group
        syscall

# put(a0 = character): write(1, &c, 1)
put:    la      t9, char
        sb      a0, 0(t9)
        li      a0, 1
        move    a1, t9
        li      a2, 1
        li      v0, SYS_write
        syscall
        jr      ra
        nop

# fail: prints '-' and remembers the failure.
fail:   move    s6, ra
        li      s7, 1
        li      a0, '-'
        jal     put
        nop
        jr      s6
        nop

        .bss
char:   .space  4
