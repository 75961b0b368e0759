// Differential test: every guest built in guests/build/c and guests/build/cxx runs under qemu-mipsel
// (the reference) and under Trapgate with the same argv, stdin and environment; stdout must be equal
// byte for byte and the exit status equal (128 + N for a guest killed by signal N). Where qemu-mipsel
// is known to differ from Linux, the table below gives the Linux result, which Trapgate must produce.
// Build the guests with `make -C guests` (needs mipsel-linux-gnu-gcc).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GUEST_ENV, findQemu, REPO_ROOT, runUnderQemu, runUnderTrapgate, type RunResult } from './run-guest.js';

const SIGTRAP = 5;
const SIGFPE = 8;
const SIGBUS = 10; // MIPS numbering (linux-mips-abi.md §3.1)
const SIGSEGV = 11;

/** How a guest is run. Guests not listed run with no arguments and an empty stdin. */
interface GuestSpec {
  /** A fresh, empty temporary directory (one per run) is passed as argv[1], before `args`. */
  tmpdir?: boolean;
  args?: string[];
  stdin?: Buffer;
}

/** Deterministic text for stdin_sum: 4000 lines of pseudo-random letters, about 170 KB. */
function stdinText(): Buffer {
  let x = 2463534242;
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) {
    let word = '';
    const len = 10 + (i % 71);
    for (let j = 0; j < len; j++) {
      x ^= x << 13; x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5; x >>>= 0;
      word += String.fromCharCode(32 + (x % 95));
    }
    lines.push(`line ${i}: ${word}\n`);
  }
  return Buffer.from(lines.join(''), 'latin1');
}

const SPECS: Record<string, GuestSpec> = {
  'c/args': { args: ['alpha', 'beta gamma', '', '--flag=1', 'ünïcödé'] },
  'c/fileio': { tmpdir: true },
  'c/dirs': { tmpdir: true },
  'c/dupfd': { tmpdir: true },
  'c/memory': { tmpdir: true },
  'c/madvise': { tmpdir: true },
  'c/errno': { tmpdir: true },
  'c/readdir32': { tmpdir: true },
  'c/files64': { tmpdir: true },
  'c/stdin_sum': { stdin: stdinText() },
};

/**
 * Guests for which qemu-mipsel 7.2 and Linux disagree. `linux` is what a MIPS32 Linux kernel gives and
 * Trapgate must give; a missing `stdout` means Linux prints exactly what qemu prints (only the status
 * differs). `qemu` records what qemu-mipsel was seen to do (reported, not enforced).
 */
interface KnownDifference {
  linux: { status: number; stdout?: string };
  qemu: string;
  cite: string;
}

const QEMU_DIFFERS_FROM_LINUX: Record<string, KnownDifference> = {
  'c/pthread_robust': {
    linux: {
      status: 0,
      stdout: [
        'robust mutex: owner ended holding it; lock -> EOWNERDEAD, consistent -> 0, unlock -> 0, lock -> 0, ' +
          'unlock -> 0',
        'robust mutex: owner ended while we waited; lock -> EOWNERDEAD, unlock without consistent -> 0, ' +
          'lock -> ENOTRECOVERABLE',
        'robust PI mutex: owner ended holding it; lock -> EOWNERDEAD, consistent -> 0, unlock -> 0, ' +
          'lock -> 0, unlock -> 0',
        'robust PI mutex: owner ended while we waited; lock -> EOWNERDEAD, unlock without consistent -> 0, ' +
          'lock -> ENOTRECOVERABLE',
        'process-shared robust mutex, child _exit holding it (status 7): lock -> EOWNERDEAD, ' +
          'consistent -> 0, unlock -> 0',
        'process-shared robust mutex, held by another thread of a child that calls _exit (status 8): ' +
          'lock -> EOWNERDEAD, consistent -> 0, unlock -> 0',
        'process-shared robust mutex, child execs while holding it (status 9): lock -> EOWNERDEAD, ' +
          'consistent -> 0, unlock -> 0',
        'get_robust_list(0) -> 0, length 12, head registered: yes',
        'get_robust_list(own tid) -> 0, same head: yes',
        'empty list: next points at the head itself: yes, nothing pending: yes',
        'holding a robust mutex: the list\'s first entry leads to its lock word: yes, word holds our tid: yes',
        'after unlock the list is empty again: yes',
        'get_robust_list(another thread) -> 0, its own head: yes, the one it sees: yes',
        'get_robust_list(no such task) -> -1 ESRCH',
        'hand-built list: set_robust_list -> 0',
        ' owned word -> FUTEX_OWNER_DIED',
        ' owned word with waiters -> FUTEX_WAITERS|FUTEX_OWNER_DIED; its shared waiter woken, ' +
          'its private waiter not woken (ETIMEDOUT)',
        ' another task\'s word -> unchanged',
        ' PI entry with waiters -> FUTEX_WAITERS|FUTEX_OWNER_DIED; its waiter not woken (ETIMEDOUT)',
        ' list_op_pending with no owner -> unchanged; its waiter woken',
        'circular list (set_robust_list -> 0): the thread ended; its entry -> FUTEX_OWNER_DIED, ' +
          'list_op_pending -> FUTEX_OWNER_DIED',
        'list of 2100 entries (set_robust_list -> 0): 2048 marked, the first unmarked is entry 2048',
        'futex_offset 9 (set_robust_list -> 0): the word 8 bytes on -> unchanged',
        'set_robust_list with length 16 -> EINVAL',
        '',
      ].join('\n'),
    },
    qemu: 'set_robust_list/get_robust_list return ENOSYS, so nothing marks a dead owner\'s lock: every non-PI robust case ' +
      'times out (ETIMEDOUT), the exec case exits 127 (qemu-user cannot exec a mipsel program without binfmt_misc), ' +
      '"get_robust_list(0) -> -1 ENOSYS"; the robust PI cases go to the host kernel and depend on whether the dead ' +
      'owner\'s host thread has finished exiting: EOWNERDEAD (the host\'s exit_pi_state_list) or glibc\'s assertion ' +
      '"e != ESRCH || !robust" (FUTEX_LOCK_PI -> ESRCH) aborting with SIGABRT',
    cite: 'reference anchors.md §2.2: qemu-user returns ENOSYS for set_robust_list/get_robust_list on purpose; glibc 2.36 ' +
      'registers &pd->robust_head (12 bytes, list pointing at itself, list_op_pending NULL) in __tls_init_tp and ' +
      'start_thread (linux-mips-abi.md §6.4) and links every robust mutex it holds into that list (nptl ' +
      'pthread_mutex_lock.c, ENQUEUE_MUTEX; PI mutexes with bit 0 set); with __ASSUME_SET_ROBUST_LIST it never checks ' +
      'that the call worked, so robust mutexes need the kernel\'s list walk. Linux 6.1 kernel/futex/core.c: ' +
      'futex_exit_release (do_exit -> exit_mm -> exit_mm_release, for exit, exit_group and death by a signal alike) ' +
      'and futex_exec_release (begin_new_exec -> exec_mm_release) run futex_cleanup: exit_robust_list walks at most ' +
      'ROBUST_LIST_LIMIT (2048) entries, and handle_futex_death turns a word whose TID is the dying task\'s into ' +
      '(uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED, waking one waiter for a non-PI futex with FUTEX_WAITERS; then ' +
      'exit_pi_state_list gives a PI lock with a blocked waiter to that waiter, whose fixup_pi_state_owner ' +
      '(kernel/futex/pi.c) writes its TID | FUTEX_WAITERS | FUTEX_OWNER_DIED (the pi_state has no owner); a PI word ' +
      'with no TID is taken by FUTEX_LOCK_PI keeping FUTEX_OWNER_DIED (futex_lock_pi_atomic). glibc ' +
      'pthread_mutex_timedlock.c returns EOWNERDEAD when it finds FUTEX_OWNER_DIED; pthread_mutex_unlock without ' +
      'pthread_mutex_consistent marks the mutex PTHREAD_MUTEX_NOTRECOVERABLE, so the next lock is ENOTRECOVERABLE. ' +
      'kernel/futex/syscalls.c get_robust_list: pid 0 is the caller, otherwise find_task_by_vpid (ESRCH when none) ' +
      'and ptrace_may_access(PTRACE_MODE_READ_REALCREDS) (same user: allowed); it stores sizeof(*head) = 12 in ' +
      '*len_ptr and the registered head in *head_ptr; set_robust_list with len != sizeof(*head) is EINVAL. The ' +
      'hand-built lists follow exit_robust_list step by step: bit 0 of a next pointer marks a PI entry; each entry ' +
      'other than list_op_pending is handled, then the limit counter (ROBUST_LIST_LIMIT = 2048) is decremented and ' +
      'the walk stops at 0, so of 2100 entries exactly 2048 are marked, and an entry pointing at itself ends the walk ' +
      'the same way; list_op_pending is handled after the walk; handle_futex_death ignores a misaligned word ' +
      '(uaddr % 4), leaves a word whose TID is another task\'s alone, for a pending non-PI word with no owner only ' +
      'wakes a waiter, and wakes nobody for a PI entry. Its wake is futex_wake(uaddr, FLAGS_SHARED, 1, ...): for ' +
      'private anonymous memory get_futex_key makes the shared key (mm, address) with FUT_OFF_MMSHARED in ' +
      'offset, which match_futex never equals to a FUTEX_PRIVATE_FLAG key, so only the waiter without the private ' +
      'flag wakes (glibc waits on robust mutexes without it for this reason: PTHREAD_ROBUST_MUTEX_PSHARED).',
  },
  'c/pthread_robust_kill': {
    linux: {
      status: 0,
      stdout: [
        'child\'s second thread holds it, SIGKILL (killed by signal 9): lock -> EOWNERDEAD, consistent -> 0, unlock -> 0',
        'child holds it and dies of SIGSEGV (killed by signal 11): lock -> EOWNERDEAD, consistent -> 0, unlock -> 0',
        '',
      ].join('\n'),
    },
    qemu: 'both locks time out (ETIMEDOUT): set_robust_list is ENOSYS, so the dead child\'s lock keeps its TID',
    cite: 'reference anchors.md §2.2 (qemu-user: set_robust_list ENOSYS). Linux 6.1: a fatal signal ends every thread ' +
      'of the group through do_exit (get_signal -> do_group_exit; zap_other_threads sends SIGKILL to the others), and ' +
      'do_exit -> exit_mm -> exit_mm_release -> futex_exit_release walks each thread\'s robust list as for _exit ' +
      '(kernel/futex/core.c exit_robust_list, handle_futex_death: FUTEX_OWNER_DIED), so the parent\'s ' +
      'pthread_mutex_timedlock on the MAP_SHARED process-shared robust mutex returns EOWNERDEAD (glibc ' +
      'pthread_mutex_timedlock.c).',
  },
  'c/vdso_parse': {
    linux: {
      status: 0,
      stdout: [
        'AT_SYSINFO_EHDR: page aligned: yes',
        'ELF header: ELFCLASS32 little-endian: yes',
        'ELF header: ET_DYN, EM_MIPS: yes',
        'PT_LOAD: yes',
        'PT_DYNAMIC: yes',
        'no PT_TLS: yes',
        'first PT_LOAD: offset 0, linked at 0, R+X, not writable: yes',
        'PT_DYNAMIC inside the PT_LOAD: yes',
        'DT_HASH: yes',
        'DT_SYMTAB, DT_STRTAB, DT_STRSZ, DT_SYMENT = 16: yes',
        'DT_VERSYM, DT_VERDEF, DT_VERDEFNUM: yes',
        'dynamic pointers inside the PT_LOAD: yes',
        'no relocations: yes',
        'DT_SONAME linux-vdso.so.1: yes',
        'ELF hash of LINUX_2.6 is 61765110: yes',
        'version LINUX_2.6 defined: yes',
        '__vdso_clock_gettime: found',
        '__vdso_clock_gettime64: found',
        '__vdso_gettimeofday: found',
        '__vdso_clock_getres: found',
        '__vdso_rt_sigreturn not exported: yes',
        '__vdso_sigreturn not exported: yes',
        '__vdso_time not exported: yes',
        '__VDSO_CLOCK_GETTIME not exported: yes',
        ...['clock_gettime64', 'clock_gettime'].flatMap((fn) => [
          ...['CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID',
            'CLOCK_MONOTONIC_RAW', 'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME', 'CLOCK_TAI',
          ].map((clock) => `${fn}(${clock}): returns 0: yes, within syscall readings: yes`),
          ...['-1', '-2147483648', '2147483647', '12'].map((clock) => `${fn}(${clock}): returns -EINVAL: yes`),
        ]),
        'gettimeofday: returns 0: yes, within syscall readings: yes, time zone equals the syscall\'s: yes',
        'gettimeofday(NULL, NULL) returns 0: yes',
        'gettimeofday(NULL, tz) returns 0: yes',
        'gettimeofday(tv, NULL) returns 0: yes',
        ...['CLOCK_REALTIME', 'CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID', 'CLOCK_THREAD_CPUTIME_ID',
          'CLOCK_MONOTONIC_RAW', 'CLOCK_REALTIME_COARSE', 'CLOCK_MONOTONIC_COARSE', 'CLOCK_BOOTTIME', 'CLOCK_TAI',
        ].map((clock) => `clock_getres(${clock}): returns 0: yes, equals the syscall's: yes`),
        'clock_getres(CLOCK_MONOTONIC, NULL) returns 0: yes',
        'clock_getres(INT_MAX) returns -EINVAL: yes',
        '',
      ].join('\n'),
    },
    qemu: 'prints "no vDSO" (status 0): qemu-mipsel 7.2 passes no AT_SYSINFO_EHDR',
    cite: 'reference anchors.md §2.1: QEMU 7.2 gives no vDSO to any guest (linux-user vDSO loading arrived in 8.2) and ' +
      'there is no MIPS vDSO image in qemu at all. Linux (reference linux-mips-abi.md §2.1, §4; run without ' +
      'arguments the guest checks only what Linux documents): AT_SYSINFO_EHDR = mm->context.vdso, a page-aligned ' +
      'special mapping (§4.3). The image (§4.1, arch/mips/vdso/vdso.lds.S + Makefile): OUTPUT_FORMAT ' +
      'elf32-tradlittlemips, a -shared link (ET_DYN, EM_MIPS, 32-byte phdrs), `. = SIZEOF_HEADERS` so linked at 0, ' +
      'PHDRS text PT_LOAD FLAGS(5) FILEHDR PHDRS (offset 0, R+X) with .dynamic inside it and its own PT_DYNAMIC, ' +
      'no PT_TLS (glibc\'s setup_vdso asserts it, §4.5); --hash-style=sysv (DT_HASH), and ld always emits ' +
      'DT_SYMTAB/DT_STRTAB/DT_STRSZ/DT_SYMENT=sizeof(Elf32_Sym)=16; the VERSION script\'s node LINUX_2.6 gives ' +
      '.gnu.version/.gnu.version_d (DT_VERSYM, DT_VERDEF, DT_VERDEFNUM = 2: base + LINUX_2.6); genvdso refuses any ' +
      'SHT_REL/SHT_RELA section (§4.2), so no relocations; -soname=linux-vdso.so.1. ELF hash of "LINUX_2.6" = ' +
      '61765110 is glibc\'s VDSO_HASH (§4.5). Exports LINUX_2.6 { __vdso_clock_gettime; __vdso_gettimeofday ' +
      '(CONFIG_MIPS_CLOCK_VSYSCALL, set for an R2 core with the R4K counter); __vdso_clock_getres; ' +
      '__vdso_clock_gettime64 (o32) } as STT_FUNC; `local: *` keeps __vdso_sigreturn/__vdso_rt_sigreturn out of ' +
      '.dynsym; no __vdso_time on MIPS (§4.1, mechanisms-and-test-clients.md §5). Calls (§4.4, lib/vdso/' +
      'gettimeofday.c): HRES/RAW/COARSE clocks read the data page the kernel\'s timekeeper keeps (or fall back to ' +
      'the syscall in clock mode NONE), every other id goes to the fallback syscall (4403/4263 for the 64-/32-bit ' +
      'entries) and returns its -errno, so each reading lies between two syscall readings of the same clock; ' +
      '-1, INT_MIN, INT_MAX → -EINVAL as vdso_test_correctness expects, 12 → -EINVAL (no posix_clocks[12], ' +
      'kernel/time/posix-timers.c); gettimeofday = do_hres(REALTIME) with tv_usec = nsec/1000 and tz from ' +
      'vd[0].tz_minuteswest/tz_dsttime (update_vsyscall_tz, the values the syscall reports), NULL tv/tz allowed; ' +
      'clock_getres: HRES/RAW → hrtimer_res (= hrtimer_resolution the syscall reports), COARSE → LOW_RES_NSEC ' +
      '(= posix_get_coarse_res), others the fallback; res may be NULL.',
  },
  'c/maps_self': {
    linux: {
      status: 0,
      stdout: [
        'rw-p [heap]',
        'rwxp [stack]',
        'r-xp (anonymous)',
        'r--p [vvar]',
        'r-xp [vdso]',
        'the anonymous r-xp page is one page: yes',
        '[stack] ends at or below it: yes',
        '[vvar] starts at most 1 MiB above its end: yes',
        '[vvar] ends where [vdso] starts: yes',
        '[vdso] starts at AT_SYSINFO_EHDR: yes',
        '',
      ].join('\n'),
    },
    qemu: 'no [heap], [vvar] or [vdso] line: "r-xp (anonymous)" (its signal-trampoline page, below the stack), ' +
      '"rwxp [stack]", then "some of [stack], the anonymous r-xp page, [vvar], [vdso] missing"',
    cite: 'reference linux-mips-abi.md §4.3 and anchors.md §2.1 (qemu 7.2 has no MIPS vDSO). arch/mips/kernel/' +
      'vdso.c arch_setup_additional_pages: the delay-slot emulation page at exactly STACK_TOP, one page, ' +
      'VM_READ|VM_EXEC private, anonymous ("r-xp", no name); base = get_unmapped_area(vdso_base()) with ' +
      'vdso_base() = STACK_TOP + PAGE_SIZE + PAGE_ALIGN(get_random_u32_below(VDSO_RANDOMIZE_SIZE = 1 MiB)) (no ' +
      'colour adjustment on a CPU without D-cache aliases); "[vvar]" = the data page (VM_READ, "r--p") at base, ' +
      '"[vdso]" (VM_READ|VM_EXEC, "r-xp") right after it at mm->context.vdso = AT_SYSINFO_EHDR. mips_stack_top() ' +
      'puts STACK_TOP below all of these and setup_arg_pages the stack below STACK_TOP. fs/binfmt_elf.c: this ' +
      'guest\'s PT_GNU_STACK is RWE (Debian\'s default link), EXSTACK_ENABLE_X → VM_EXEC on the stack ("rwxp"); ' +
      'arch/mips/kernel/elf.c mips_elf_read_implies_exec (Kees Cook\'s 2021 patch, reference §2.2) sets ' +
      'READ_IMPLIES_EXEC only when there is ' +
      'no PT_GNU_STACK, so the brk area (glibc\'s static startup grows it: [heap]) is "rw-p". /proc/pid/maps ' +
      'lists VMAs in address order.',
  },
  'c/auxv_order': {
    linux: {
      status: 0,
      stdout: [
        'auxv types: 33 16 6 17 3 4 5 7 8 9 11 12 13 14 23 25 31 24 0',
        'each type once: yes, getauxval agrees: yes',
        'AT_PAGESZ 4096: yes',
        'AT_CLKTCK 100: yes',
        'AT_PHENT 32: yes',
        'AT_PHNUM is this program\'s e_phnum: yes',
        'AT_PHDR is this program\'s program headers: yes',
        'AT_ENTRY is this program\'s e_entry: yes',
        'AT_BASE 0 (no interpreter): yes',
        'AT_FLAGS 0: yes',
        'AT_SECURE 0: yes',
        'AT_UID, AT_EUID, AT_GID, AT_EGID are the process\'s ids: yes',
        'AT_EXECFN is argv[0]: yes',
        'AT_BASE_PLATFORM: mips32r2',
        'AT_RANDOM above the auxv: yes',
        'AT_SYSINFO_EHDR: an ELF header',
        '',
      ].join('\n'),
    },
    qemu: 'auxv types: 3 4 5 6 7 8 9 11 12 13 14 16 17 25 23 31 24 0 (its own order, and no AT_SYSINFO_EHDR (33)); ' +
      '"AT_SYSINFO_EHDR: none"; the other checks as on Linux',
    cite: 'reference linux-mips-abi.md §2.1 (fs/binfmt_elf.c create_elf_tables, Linux 6.1): ARCH_DLINFO first — on ' +
      'MIPS AT_SYSINFO_EHDR (33) = the vDSO base (arch/mips/include/asm/elf.h) —, then HWCAP PAGESZ CLKTCK PHDR ' +
      'PHENT PHNUM BASE FLAGS ENTRY UID EUID GID EGID SECURE RANDOM, no HWCAP2 (MIPS defines none), EXECFN, no ' +
      'AT_PLATFORM (NULL for a generic MIPS32r2 core), BASE_PLATFORM "mips32r2" (cpu-probe.c set_isa), AT_NULL. ' +
      'Values: PAGESZ = ELF_EXEC_PAGESIZE 4096, CLKTCK = USER_HZ 100, PHENT 32, BASE 0 for a static program, ' +
      'FLAGS 0, SECURE 0 for a plain exec. Kernels from 6.3 with CONFIG_RSEQ add AT_RSEQ_FEATURE_SIZE (27) and ' +
      'AT_RSEQ_ALIGN (28) before AT_NULL; this entry is the 6.1 (Debian 12) list, consistent with Trapgate\'s ' +
      'rseq() answering ENOSYS. anchors.md §2.1: qemu 7.2 passes no AT_SYSINFO_EHDR (its create_elf_tables has ' +
      'its own order).',
  },
  'c/divzero': {
    linux: { status: 128 + SIGFPE },
    qemu: `SIGTRAP (status ${128 + SIGTRAP}): qemu maps every trap/break code to SIGTRAP`,
    cite: 'reference linux-mips-abi.md §7 "Break codes": conditional traps go through do_tr → do_trap_or_bp ' +
      '(arch/mips/kernel/traps.c) with tcode = (op >> 6) & 0x3ff; BRK_DIVZERO (7) → SIGFPE/FPE_INTDIV, ' +
      'so GCC\'s `teq rX,$zero,7` raises SIGFPE',
  },
  'c/break7': {
    linux: { status: 128 + SIGFPE },
    qemu: `SIGTRAP (status ${128 + SIGTRAP})`,
    cite: 'reference linux-mips-abi.md §7 "Break codes": do_bp → do_trap_or_bp (arch/mips/kernel/traps.c): ' +
      'BRK_DIVZERO (7) and BRK_OVERFLOW (6) → SIGFPE, other codes SIGTRAP',
  },
  'c/unaligned': {
    linux: {
      status: 0,
      stdout: [
        'buf is 8-byte aligned: yes',
        'lw  buf+1 = 0x14131211',
        'lw  buf+2 = 0x15141312',
        'lw  buf+3 = 0x16151413',
        'lh  buf+1 = 4625',
        'lh  buf+9 = -2',
        'lhu buf+9 = 65534',
        'buf: 10 11 12 13 14 15 16 17 18 fe ff 1b 1c 1d 1e 1f 20 ef be ad de 25 26 fe ca 29 2a 2b 2c 2d 2e 2f',
        'lw in a delay slot, buf+13 = 0x201f1e1d',
        '',
      ].join('\n'),
    },
    qemu: `SIGBUS (status ${128 + SIGBUS}) at the first unaligned lw`,
    cite: 'arch/mips/kernel/unaligned.c do_ade: user address errors are emulated (emulate_load_store_insn, ' +
      'delay slots via compute_return_epc) unless TIF_FIXADE is clear; INIT_THREAD_INFO in ' +
      'arch/mips/include/asm/thread_info.h sets .flags = _TIF_FIXADE and it is inherited by fork/exec ' +
      '(only sysmips(MIPS_FIXADE, 0) clears it). Expected bytes are the little-endian loads/stores of the ' +
      'buffer pattern, worked out by hand and checked against the same program using memcpy under qemu.',
  },
  'c/readdir32': {
    linux: {
      status: 0,
      stdout: 'readdir ended with errno=0 (end of directory)\n8 entries: . .. 0digit Upper alpha mid subdir zeta\n',
    },
    qemu: 'on an ext4 host: readdir fails with EOVERFLOW (79), status 1; on tmpfs it matches Linux',
    cite: 'fs/ext4/dir.c is_32bit_api() (BITS_PER_LONG == 32, or in_compat_syscall() on a 64-bit kernel) ' +
      'makes ext4 hand 32-bit directory cookies to 32-bit callers; glibc\'s non-LFS readdir ' +
      '(sysdeps/unix/sysv/linux/readdir.c) fails with EOVERFLOW only when d_off/d_ino do not fit in 32 bits. ' +
      'qemu-user is a 64-bit process on the host, so the host ext4 returns 64-bit hash cookies.',
  },
  'c/madvise': {
    linux: {
      status: 0,
      stdout: [
        'MADV_DONTNEED pages 1-2 -> 0',
        'page0=7 page1=0 page2=0 page3=7',
        'page1 writable again: 9',
        'MADV_DONTNEED private file page 0 -> 0',
        'file page0 back to the file: F, page1 keeps its private copy: y',
        'MADV_WILLNEED -> 0',
        'MADV_NORMAL -> 0',
        'madvise unaligned -> -1 errno=22 (Invalid argument)',
        'madvise bad advice -> -1 errno=22 (Invalid argument)',
        'madvise on unmapped memory -> -1 errno=12 (Cannot allocate memory)',
        '',
      ].join('\n'),
    },
    qemu: 'madvise with an unknown advice and madvise of unmapped memory both return 0',
    cite: 'mm/madvise.c do_madvise: unknown advice → -EINVAL (madvise_behavior_valid); a range with an ' +
      'unmapped hole → -ENOMEM (madvise_walk_vmas; man 2 madvise "ENOMEM Addresses in the specified range ' +
      'are not currently mapped"). Confirmed by building this same source natively for x86-64 and running ' +
      'it on a Linux 6.18 host (EINVAL 22 and ENOMEM 12 have the same numbers on MIPS).',
  },
  'c/efault_wake': {
    linux: {
      status: 0,
      stdout: [
        'nanosleep interrupted, rem = (void *)1 -> -1 EFAULT',
        'read of a pipe filled later into a kernel address -> -1 EFAULT',
        'the data is still there for a good buffer: 4 bytes',
        'still alive: yes',
        '',
      ].join('\n'),
    },
    qemu: 'the interrupted nanosleep returns EINTR: linux-user/syscall.c TARGET_NR_nanosleep ignores the result of ' +
      'host_to_target_timespec(arg2, &rem)',
    cite: 'kernel/time/hrtimer.c (6.1): do_nanosleep, interrupted with time left, returns nanosleep_copyout(), which ' +
      'is -EFAULT when put_old_timespec32/put_timespec64 to rmtp fails (else -ERESTART_RESTARTBLOCK, EINTR with a ' +
      'handler). The pipe read (fs/pipe.c pipe_read: copy_page_to_iter fails after the wait, nothing read) is EFAULT ' +
      'and leaves the data in the pipe, which qemu shows too.',
  },
  'c/files64': {
    linux: {
      status: 0,
      stdout: [
        'lseek64 5 GiB + 3 -> 5368709123',
        'write 4 bytes there -> 4',
        'lseek64 SEEK_CUR -> 5368709127',
        'lseek64 SEEK_END -> 5368709127',
        'lseek64 SEEK_END -2 -> 5368709125',
        'pwrite64 at 4 GiB - 2 (straddles 4 GiB) -> 4',
        'pread64 at 4 GiB - 2 -> 4',
        '  read \'abcd\'',
        'raw pread64 at 5 GiB + 3 -> 4',
        '  read \'WXYZ\'',
        'pread64 inside the hole at 2 GiB -> 4',
        '  hole reads as zero: yes',
        'pread64 negative offset -> -1 EINVAL',
        'lseek64 negative result -> -1 EINVAL',
        'st_size 5368709127',
        'ftruncate64 6 GiB -> 0',
        'st_size 6442450944',
        'ftruncate64 4 GiB - 1 -> 0',
        'st_size 4294967295',
        'pread64 at 5 GiB after the shrink -> 0',
        'ftruncate64 negative -> -1 EINVAL',
        'lseek64 3 GiB -> 3221225472',
        '32-bit lseek SEEK_CUR at 3 GiB -> -1 EOVERFLOW',
        'getdents64: 8 records, lseek(d_off) resumes at the next one: 8 of 8',
        'seekdir(telldir after 3 entries) reads the 4th again: yes',
        'TCGETS on a file -> -1 ENOTTY',
        'TIOCGWINSZ on a file -> -1 ENOTTY',
        'FIONREAD on a file at offset 3 -> 0',
        '  FIONREAD value 7',
        'unknown request on a file -> -1 ENOTTY',
        'isatty(file) -> 0',
        'TCGETS on a pipe -> -1 ENOTTY',
        'TIOCGWINSZ on a pipe -> -1 ENOTTY',
        'FIONREAD on a pipe -> 0',
        '  FIONREAD value 5',
        'FIONREAD on a pipe, bad pointer -> -1 EFAULT',
        'TCGETS on a bad descriptor -> -1 EBADF',
        '',
      ].join('\n'),
    },
    qemu: 'the 32-bit lseek at 3 GiB gives EINVAL; seekdir to a telldir cookie does not come back to the same ' +
      'entry on an ext4 host; an unknown ioctl request is ENOSYS',
    cite: 'fs/read_write.c ksys_lseek (32-bit sys_lseek): a position that does not fit in off_t is -EOVERFLOW. ' +
      'fs/ext4/dir.c is_32bit_api(): a 32-bit kernel hands 32-bit directory cookies, so glibc\'s telldir/seekdir ' +
      '(sysdeps/unix/sysv/linux/telldir.c, seekdir.c: the cookie is the d_off, given to lseek) round-trip; qemu-user ' +
      'is a 64-bit host process and gets 64-bit hash cookies (as for c/readdir32). fs/ioctl.c vfs_ioctl and ' +
      'ext4_ioctl/pipe_ioctl: a request the file does not know is -ENOTTY (qemu 7.2 linux-user do_ioctl answers ' +
      'requests missing from its table itself).',
  },
  'c/stack_limit': {
    linux: {
      status: 0,
      stdout: [
        'SIGSEGV past RLIMIT_STACK: yes, si_code SEGV_MAPERR',
        'fault address below main\'s frame by 960 KiB..1 MiB + 4 KiB: yes',
        'deepest frame reached is above the fault address: yes',
        '2 MiB deep after raising the limit to 4 MiB: fine',
        '',
      ].join('\n'),
    },
    qemu: 'no fault 2 MiB deep under a 1 MiB limit: qemu-user gives the guest a fixed stack mapping and ignores ' +
      'the guest\'s RLIMIT_STACK',
    cite: 'mm/mmap.c acct_stack_growth (6.1): growth fails with -ENOMEM when vm_end - new start exceeds ' +
      'rlimit(RLIMIT_STACK), read at the time of the fault, so a lowered limit stops growth and a raised one allows ' +
      'it; arch/mips/mm/fault.c __do_page_fault: expand_stack failing goes to bad_area with si_code still ' +
      'SEGV_MAPERR and si_addr the faulting address; the handler runs on the sigaltstack (SA_ONSTACK).',
  },
  'c/mremap_edge': {
    linux: {
      status: 0,
      stdout: [
        'munmap last 2 of 4 pages -> 0',
        'mremap 2 -> 4 pages without MREMAP_MAYMOVE: in place errno=0',
        'old part kept: yes, new part zero: yes',
        'mremap to length 0: failed errno=22 (Invalid argument)',
        '',
      ].join('\n'),
    },
    qemu: 'growing into the munmapped range fails with ENOMEM (12); new length 0 gives ENOMEM instead of EINVAL',
    cite: 'mm/mremap.c: SYSCALL_DEFINE5(mremap) returns -EINVAL for a zero new_len ("a zero new-len is ' +
      'nonsensical") and grows in place when vma_expandable() finds the range free. Confirmed by building ' +
      'this same source natively for x86-64 and running it on a Linux 6.18 host.',
  },
  'c/sig_sync_linux': {
    linux: {
      status: 0,
      stdout: [
        'SIGBUS=10 SIGFPE=8 SIGTRAP=5 FPE_INTDIV=1 FPE_INTOVF=2 TRAP_BRKPT=1 SI_KERNEL=128',
        'add overflow, delay slot   sig=8 code=2 addr=insn pc=insn',
        'teq $0,$0,7                sig=8 code=1 addr=insn pc=insn',
        'tge $0,$0,6                sig=8 code=2 addr=insn pc=insn',
        'break 6                    sig=8 code=2 addr=insn pc=insn',
        'break 7                    sig=8 code=1 addr=insn pc=insn',
        'break                      sig=5 code=1 addr=0 pc=insn',
        'break 12 (BRK_BUG)         sig=5 code=128 addr=0 pc=insn',
        'll from an odd address     sig=10 code=128 addr=0 pc=insn',
        'lw from 0x80000000         sig=10 code=128 addr=0 pc=insn',
        'lw from 0x1001 (unmapped)  sig=11 code=128 addr=0 pc=insn',
        'fetch from code+2          sig=10 code=128 addr=0 pc=insn+2',
        '7/0: sig=8 code=1 addr==pc=1',
        '',
      ].join('\n'),
    },
    qemu: 'aborts at the misaligned instruction fetch ("unhandled CPU exception 0xc", assertion in cpu_exec, status ' +
      '127); before that: every break and the traps with code 6/7 are SIGTRAP (break: TRAP_BRKPT with si_addr = pc), ' +
      'the misaligned ll is BUS_ADRALN with the data address, lw from 0x80000000 is SIGSEGV/SEGV_MAPERR, the ' +
      'misaligned lw from unmapped memory is SIGBUS/BUS_ADRALN, and an ' +
      'overflow in a delay slot reports si_addr = the add instead of the branch',
    cite: 'arch/mips/kernel/traps.c (6.1): do_bp/do_tr -> do_trap_or_bp: BRK_OVERFLOW/BRK_DIVZERO -> ' +
      'force_sig_fault(SIGFPE, FPE_INTOVF/FPE_INTDIV, cp0_epc); BRK_BUG -> force_sig(SIGTRAP); other codes -> ' +
      'force_sig_fault(SIGTRAP, TRAP_BRKPT, NULL) for break, force_sig(SIGTRAP) for traps (do_tr passes si_code 0); ' +
      'do_tr takes tcode = (insn >> 6) & 0x3ff for the register forms. do_ov: force_sig_fault(SIGFPE, FPE_INTOVF, ' +
      'cp0_epc), and EPC is the branch when the instruction is in a delay slot (Cause.BD). ' +
      'arch/mips/kernel/unaligned.c: do_ade sends force_sig(SIGBUS) for an instruction fetch (badvaddr == epc); ' +
      'emulate_load_store_insn sends force_sig(SIGBUS) for ll/sc and for a lw whose address fails access_ok ' +
      '(0x80000000 is above TASK_SIZE; user-mode kseg0 accesses raise an address error), and force_sig(SIGSEGV) ' +
      'when the emulated access itself faults (label fault:). kernel/signal.c force_sig: ' +
      'si_code SI_KERNEL (0x80), si_addr 0.',
  },
  'c/sig_fpctx': {
    linux: {
      status: 0,
      stdout: [
        'before any FP use: sc_used_math = 0',
        'first FP instructions: $f0 = 0xffffffff, $f20 = 0xffffffff, $f21 = 0xffffffff, $f31 = 0xffffffff, FCSR = 0',
        'in the handler: sc_used_math = 1, sc_fpc_csr = 0x80007e, live FCSR = 0x80007e',
        'in the handler: sc_fpregs[20] = 0x40091eb851eb851f, sc_fpregs[22] = 0xc059000000000000',
        'unchanged frame: after sigreturn $f20 = 0x51eb851f, $f21 = 0x40091eb8, $f22 = 0, $f23 = 0xc0590000, ' +
          'FCSR = 0x80007e',
        '$f20:$f21 and FCSR changed in the frame: after sigreturn $f20 = 0x89abcdef, $f21 = 0x1234567, $f22 = 0, ' +
          '$f23 = 0xc0590000, FCSR = 0x1',
        'enabled cause in the frame\'s FCSR: after sigreturn $f20 = 0x51eb851f, $f21 = 0x40091eb8, $f22 = 0, ' +
          '$f23 = 0xc0590000, FCSR = 0x400',
        'SIGFPE after sigreturn: si_code = 128, si_addr = 0, pc = fp_probe_resume: 1',
        'SIGFPE handler: sc_fpc_csr = 0x400, live FCSR = 0x400',
        'sc_used_math cleared in the frame: after sigreturn $f20 = 0xffffffff, $f21 = 0xffffffff, ' +
          '$f22 = 0xffffffff, $f23 = 0xffffffff',
        '',
      ].join('\n'),
    },
    qemu: 'sc_used_math is always 1 and sc_fpc_csr is not saved (0); FCSR is not restored from the frame, a pending ' +
      'enabled cause in it raises no SIGFPE, a cleared sc_used_math is ignored; FP registers start as 0',
    cite: 'arch/mips/kernel/signal.c (6.1): protected_save_fp_context writes sc_used_math = 0 when !used_math(), else ' +
      'USED_FP (FR=0: no USED_FR1) and the FP context: copy_fp_to_sigcontext / _save_fp_context store even ' +
      'registers as 64-bit pairs (TIF_32BIT_FPREGS: inc = 2) and fcr31; protected_restore_fp_context: ' +
      'conditional_used_math(used & USED_FP) and lose_fpu(0) when it is clear, fpcsr_pending clears an enabled ' +
      '(or unimplemented) cause in the frame and sys_rt_sigreturn then force_sig(SIGFPE) (SI_KERNEL, no address). ' +
      'arch/mips/kernel/traps.c init_fp_ctx: a thread\'s first FP use (do_cpu -> enable_restore_fp_context) starts ' +
      'with every FP register all ones; FCSR is preset at exec (mips_set_personality_nan, 0 for legacy NaN). ' +
      'arch/mips/kernel/process.c start_thread clears used_math; glibc\'s first FP instruction is the sdc1 of the ' +
      'setjmp in __libc_start_call_main, after the constructors (seen with qemu -d in_asm).',
  },
  'c/sig_altstack_linux': {
    linux: {
      status: 128 + SIGSEGV,
      stdout: [
        'nested signals on the alternate stack:',
        ' depth 0: uc_stack.ss_flags = 0, sigaltstack() flags = 1',
        ' depth 1: uc_stack.ss_flags = 0, sigaltstack() flags = 1',
        'SS_AUTODISARM: sigaltstack -> 0, query flags 0x80000000',
        ' handler on the stack: 1',
        ' uc_stack: sp is the stack 1, size 16384, flags 0x80000000',
        ' sigaltstack() inside: sp (nil), size 0, flags 0x2',
        ' changing it inside: 0',
        'after rt_sigreturn: sp is the stack 1, size 16384, flags 0x80000000',
        'raising it again with less than a frame of alternate stack left: the kernel forces SIGSEGV',
        '',
      ].join('\n'),
    },
    qemu: 'uc_stack.ss_flags is SS_ONSTACK for the nested signal; SS_AUTODISARM is rejected with EINVAL; the frame ' +
      'that does not fit is written below the alternate stack and the program carries on (status 0)',
    cite: 'kernel/signal.c (since 4.7, as in 6.1): __save_altstack stores t->sas_ss_flags (the flags given to ' +
      'sigaltstack) in uc_stack.ss_flags, while do_sigaltstack reports sas_ss_flags(sp) | (sas_ss_flags & ' +
      'SS_FLAG_BITS); signal_delivered calls sas_ss_reset when SS_AUTODISARM is set, restore_altstack (from ' +
      'rt_sigreturn) re-installs uc_stack; on_sig_stack is false for an SS_AUTODISARM stack. ' +
      'arch/mips/kernel/signal.c get_sigframe returns (void *)-1 when on_sig_stack(sp) && !on_sig_stack(sp - ' +
      'frame_size), setup_rt_frame fails, and signal_setup_done -> force_sigsegv kills the process (no SIGSEGV ' +
      'handler installed).',
  },
  'c/sig_linux': {
    linux: {
      status: 0,
      stdout: [
        'sigaction flags 0x10020d08 -> 0, read back 0x10000808',
        'old action returned by the next call: 0x10000808',
        'sigaction(2) flags 0x40000500 -> 0, read back 0x40000000',
        'rt_sigqueueinfo(self, si_code -42, si_errno 7) -> 0 errno 0',
        'received: signo 16 code -42 errno 7 value 99',
        'restart_syscall: -1 errno 4',
        '',
      ].join('\n'),
    },
    qemu: 'keeps unknown sa_flags bits; rt_sigqueueinfo with an unknown si_code fails with E2BIG (7) (its siginfo ' +
      'conversion leaves bytes past the kernel siginfo non-zero); restart_syscall is ENOSYS (89)',
    cite: 'kernel/signal.c do_sigaction (Linux 5.11+, commit "signal: clear non-uapi flag bits when passing/returning ' +
      'sa_flags"): act and oact sa_flags &= UAPI_SA_FLAGS (include/linux/signal_types.h: NOCLDSTOP NOCLDWAIT ' +
      'SIGINFO ONSTACK RESTART NODEFER RESETHAND EXPOSE_TAGBITS; no arch bits on MIPS); man 2 sigaction ' +
      '"SA_UNSUPPORTED". do_rt_sigqueueinfo refuses only si_code >= 0 or SI_TKILL for another process; ' +
      'post_copy_siginfo_from_user accepts an unknown si_code when the bytes past kernel_siginfo are zero. ' +
      'SYSCALL_DEFINE0(restart_syscall) calls restart_block.fn, which is do_no_restart_syscall (-EINTR) ' +
      'initially and after every sigreturn (arch/mips/kernel/signal.c restore_sigcontext).',
  },
  'c/poll_select_linux': {
    linux: {
      status: 0,
      stdout: [
        '-- MIPS poll bits',
        'write end, POLLWRBAND (0x100): 0 revents 0x0',
        'write end, POLLWRNORM (0x4): 1 revents 0x4',
        '-- the time left after a signal',
        '_newselect, 5 s, interrupted: -1 EINTR, time left between 4 and 5 s: yes, read bit kept 1',
        'pselect6, 5 s, interrupted: -1 EINTR, time left between 4 and 5 s: yes',
        'ppoll, 5 s, interrupted: -1 EINTR, time left between 4 and 5 s: yes, revents 0x0',
        'SIGALRM handled 3 times',
        '-- select\'s timeval',
        '_newselect with tv_usec 1050000: 1 , normalised time left: sec 1, usec below 1e6: yes',
        '-- nfds beyond the descriptor table',
        'select(101) with fd 100 not open: 1 , fd 100 bit 1, write end 1',
        '',
      ].join('\n'),
    },
    qemu: 'POLLWRBAND on a pipe\'s write end -> 1 revents 0x100 (the guest\'s poll bits go to the x86 host untranslated, ' +
      'where 0x100 is POLLWRNORM); after a signal the timeouts of _newselect/pselect6/ppoll are left as they were ' +
      'and ppoll\'s revents are not written (0x7777 stays); _newselect with tv_usec 1050000 -> EINVAL; select(101) ' +
      'with fd 100 closed -> EBADF (the host process\'s descriptor table is larger)',
    cite: 'arch/mips/include/uapi/asm/poll.h: POLLWRNORM = POLLOUT (4), POLLWRBAND = 0x100; fs/select.c do_pollfd ' +
      'filters the file\'s mask by demangle_poll(events) | EPOLLERR | EPOLLHUP and returns mangle_poll(mask), and ' +
      'fs/pipe.c pipe_poll reports EPOLLOUT | EPOLLWRNORM for a writable pipe, never EPOLLWRBAND. fs/select.c ' +
      'poll_select_finish writes the time left (end_time minus now, 0 if past) into a non-zero user timeout on ' +
      'every return, -ERESTARTNOHAND included, so that the re-issued call waits only for the rest (PT_TIMEVAL for ' +
      'sys_select, PT_OLD_TIMESPEC for pselect6/ppoll on a 32-bit kernel); do_sys_poll copies every revents back ' +
      'after do_poll whatever it returned (0 here: nothing ready); core_sys_select returns -ERESTARTNOHAND before ' +
      'set_fd_set, so the sets stay as passed; a handler turns -ERESTARTNOHAND into EINTR ' +
      '(arch/mips/kernel/signal.c handle_signal). kern_select normalises the timeval: ' +
      'poll_select_set_timeout(tv_sec + tv_usec / USEC_PER_SEC, (tv_usec % USEC_PER_SEC) * NSEC_PER_USEC), and ' +
      'the data is ready at once, so about 1.05 s is left. core_sys_select clamps n to fdt->max_fds; a table that ' +
      'never held a descriptor above 31 has NR_OPEN_DEFAULT = BITS_PER_LONG = 32 slots on a 32-bit kernel ' +
      '(fs/file.c; expand_files grows it only for a higher descriptor, dup_fd copies the parent\'s size), which ' +
      'is the case for a process tree started by Trapgate, so fd 100 is not looked at (no EBADF) and set_fd_set ' +
      'writes back FDS_BYTES(32) = 4 bytes only (fd 100\'s word is untouched). qemu 7.2 linux-user/syscall.c: ' +
      'do_ppoll/do_select/do_pselect6 copy poll events as is and write the timeout back only on success, and ' +
      'do_select passes tv_usec * 1000 as tv_nsec to the host.',
  },
};

function listGuests(): string[] {
  const found: string[] = [];
  for (const kind of ['c', 'cxx']) {
    const dir = path.join(REPO_ROOT, 'guests', 'build', kind);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const st = statSync(path.join(dir, name));
      if (st.isFile() && (st.mode & 0o111) !== 0) found.push(`${kind}/${name}`);
    }
  }
  return found;
}

async function withTmpdir<T>(needed: boolean, label: string, fn: (dir: string | null) => Promise<T>): Promise<T> {
  if (!needed) return fn(null);
  const dir = await mkdtemp(path.join(os.tmpdir(), `trapgate-guest-${label}-`));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tail(s: string, n = 3000): string {
  return s.length > n ? `…${s.slice(-n)}` : s;
}

const guests = listGuests();
const qemu = findQemu();

if (guests.length === 0) {
  test('guest programs (differential vs qemu-mipsel)', {
    skip: 'no guests in guests/build/c or guests/build/cxx: run `make -C guests` (needs mipsel-linux-gnu-gcc)',
  }, () => {});
} else if (qemu === null) {
  test('guest programs (differential vs qemu-mipsel)', {
    skip: 'qemu-mipsel not found (install qemu-user, or set QEMU_MIPSEL): nothing to compare against',
  }, () => {});
} else {
  for (const guest of guests) {
    test(`guest ${guest}: Trapgate matches qemu-mipsel / Linux`, { timeout: 60_000 }, async (t) => {
      const binary = path.join(REPO_ROOT, 'guests', 'build', guest);
      const spec = SPECS[guest] ?? {};
      const label = guest.replace('/', '-');
      const opts = { stdin: spec.stdin ?? Buffer.alloc(0), env: { ...DEFAULT_GUEST_ENV }, cwd: REPO_ROOT };
      const argsFor = (dir: string | null): string[] => [...(dir === null ? [] : [dir]), ...(spec.args ?? [])];

      const [ref, got]: [RunResult, RunResult] = await Promise.all([
        withTmpdir(spec.tmpdir === true, `${label}-qemu`, (dir) => runUnderQemu(binary, argsFor(dir), opts)),
        withTmpdir(spec.tmpdir === true, `${label}-trapgate`, (dir) => runUnderTrapgate(binary, argsFor(dir), opts)),
      ]);

      const known = QEMU_DIFFERS_FROM_LINUX[guest];
      const expected = {
        status: known ? known.linux.status : ref.status,
        stdout: known?.linux.stdout !== undefined ? known.linux.stdout : ref.stdout.toString('latin1'),
      };
      if (known) {
        const qemuMatchesLinux = ref.status === expected.status && ref.stdout.toString('latin1') === expected.stdout;
        t.diagnostic(`known qemu/Linux difference: Linux gives status ${known.linux.status}; qemu: ${known.qemu}. ` +
          `Source: ${known.cite}`);
        if (qemuMatchesLinux) t.diagnostic('note: this qemu-mipsel now agrees with Linux for this guest');
      }
      const actual = { status: got.status, stdout: got.stdout.toString('latin1') };
      if (actual.status !== expected.status || actual.stdout !== expected.stdout) {
        t.diagnostic(`trapgate stderr:\n${tail(got.stderr)}`);
        t.diagnostic(`qemu-mipsel status ${ref.status}, stderr:\n${tail(ref.stderr)}`);
      }
      // latin1 maps bytes 1:1 to characters, so equal strings mean byte-for-byte equal stdout.
      assert.deepEqual(actual, expected);
    });
  }
}
