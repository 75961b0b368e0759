# trapgate demo: a MIPS32r2 o32 program assembled and linked by Trapgate itself (no cross compiler needed).
# It prints a banner, the primes below 200 (sieve in .bss), the machine name from uname(2), and exits 0.
# Raw system calls: number in v0, arguments in a0-a2, `syscall`; a3 != 0 means v0 holds an errno.

        .set    noreorder
        .set    noat

        .equ    SYS_exit_group, 4246
        .equ    SYS_write, 4004
        .equ    SYS_uname, 4122
        .equ    LIMIT, 200

        .text
        .globl  __start
        .type   __start, @function
__start:
        la      a0, banner
        jal     puts
        nop

        # Sieve of Eratosthenes: sieve[i] = 1 marks i composite.
        la      s0, sieve
        li      s1, 2                   # i
sieve_outer:
        mul     t0, s1, s1
        slti    t1, t0, LIMIT
        beqz    t1, print_primes
        addu    t2, s0, s1
        lbu     t3, 0(t2)
        bnez    t3, sieve_next
        li      t4, 1
sieve_mark:
        addu    t2, s0, t0
        sb      t4, 0(t2)
        addu    t0, t0, s1
        slti    t1, t0, LIMIT
        bnez    t1, sieve_mark
        nop
sieve_next:
        b       sieve_outer
        addiu   s1, s1, 1               # delay slot: i++

print_primes:
        la      a0, primes_label
        jal     puts
        nop
        li      s1, 2
prime_loop:
        addu    t2, s0, s1
        lbu     t3, 0(t2)
        bnez    t3, prime_next
        nop
        move    a0, s1
        jal     put_decimal
        nop
prime_next:
        addiu   s1, s1, 1
        slti    t1, s1, LIMIT
        bnez    t1, prime_loop
        nop
        la      a0, newline
        jal     puts
        nop

        # uname(&utsname): the machine field is at offset 260.
        la      a0, utsname
        li      v0, SYS_uname
        syscall
        la      a0, machine_label
        jal     puts
        nop
        la      a0, utsname + 260
        jal     puts
        nop
        la      a0, newline
        jal     puts
        nop

        li      a0, 0
        li      v0, SYS_exit_group
        syscall
        .size   __start, . - __start

# puts(a0 = NUL-terminated string): write(1, s, strlen(s)).
        .type   puts, @function
puts:
        move    a1, a0
        move    a2, zero
1:      addu    t0, a1, a2
        lbu     t1, 0(t0)
        bnez    t1, 1b
        addiu   a2, a2, 1               # delay slot: counts the NUL too...
        addiu   a2, a2, -1              # ...so take it back
        li      a0, 1
        li      v0, SYS_write
        syscall
        jr      ra
        nop
        .size   puts, . - puts

# put_decimal(a0 = unsigned number): prints it followed by a space.
        .type   put_decimal, @function
put_decimal:
        la      t0, digits_end          # build the digits backwards
        li      t1, 10
        li      t2, ' '
        sb      t2, 0(t0)
1:      divu    zero, a0, t1
        mfhi    t3
        mflo    a0
        addiu   t3, t3, '0'
        addiu   t0, t0, -1
        bnez    a0, 1b
        sb      t3, 0(t0)               # delay slot: store the digit
        la      t4, digits_end + 1
        subu    a2, t4, t0
        move    a1, t0
        li      a0, 1
        li      v0, SYS_write
        syscall
        jr      ra
        nop
        .size   put_decimal, . - put_decimal

        .rodata
banner:
        .asciz  "Trapgate demo: this MIPS32r2 program was assembled and linked by Trapgate itself.\n"
primes_label:
        .asciz  "primes below 200: "
machine_label:
        .asciz  "uname machine: "
newline:
        .asciz  "\n"

        .bss
        .align  2
sieve:
        .space  LIMIT
utsname:
        .space  390
digits:
        .space  15
digits_end:
        .space  2
