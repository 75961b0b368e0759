/*
 * abi_dump: prints the MIPS o32 Linux ABI as Debian's mipsel cross headers and
 * glibc 2.36 see it, one "Name VALUE" line per fact, for test/abi/abi.test.ts
 * to compare with src/abi/. Names are the TypeScript paths (Errno.ENOENT,
 * NR.openat, O.CREAT, Stat64.st_size, ...).
 *
 * Build (from the repository root):
 *   mipsel-linux-gnu-gcc -O2 -static -o guests/build/abi/abi_dump guests/abi/abi_dump.c
 * Run:
 *   qemu-mipsel guests/build/abi/abi_dump
 *
 * The emulator writes KERNEL structures, so the kernel's UAPI headers are the
 * source wherever glibc's userspace type differs (stat64, sigaction, termios,
 * ucontext, siginfo, sigset_t). glibc headers are used only for what the
 * kernel headers do not express (R_OK, DT_*, UTIME_*, EFD_*, RSEQ_SIG) and for
 * the strings glibc prints (strsignal, sigabbrev_np, strerrorname_np).
 * The few kernel-internal facts no header defines (restart errnos, signal
 * frames, linux_dirent*, rseq fields newer than the 6.1 headers, AT_RSEQ_*)
 * are declared below from their kernel declarations, marked "fact".
 */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>        /* R_OK W_OK X_OK F_OK */
#include <dirent.h>        /* DT_* */
#include <sys/eventfd.h>   /* EFD_* (no UAPI header in 6.1) */
#include <sys/rseq.h>      /* RSEQ_SIG, and <linux/rseq.h> */

/* glibc's <sys/stat.h> for UTIME_NOW/UTIME_OMIT; its struct stat/stat64 tags
 * would clash with the kernel's, so the kernel ones are renamed below. */
#include <sys/stat.h>
#undef st_atime
#undef st_mtime
#undef st_ctime
#define stat kernel_stat
#define stat64 kernel_stat64
#include <asm/stat.h>
#undef stat
#undef stat64

#include <asm/unistd.h>
#include <linux/errno.h>
#include <linux/signal.h>      /* asm/signal.h, asm/siginfo.h (kernel sigset_t, sigaction, stack_t, siginfo_t) */
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#include <asm/break.h>
#include <asm/sysmips.h>
#include <asm/cachectl.h>
#include <asm/hwcap.h>
#include <linux/fcntl.h>
#include <linux/fs.h>          /* SEEK_*, RENAME_* */
#include <linux/mman.h>
#include <linux/stat.h>        /* statx */
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/times.h>
#include <linux/timex.h>
#include <linux/resource.h>
#include <linux/utsname.h>
#include <linux/sysinfo.h>
#include <linux/uio.h>
#include <linux/sched.h>       /* CLONE_*, SCHED_*, struct clone_args */
#include <linux/sched/types.h> /* struct sched_param */
#include <linux/futex.h>
#include <linux/auxvec.h>
#include <linux/wait.h>
#include <linux/prctl.h>
#include <linux/random.h>
#include <linux/poll.h>
#include <linux/eventpoll.h>
#include <linux/signalfd.h>
#include <linux/timerfd.h>
#include <linux/memfd.h>
#include <linux/close_range.h>
#include <asm/termbits.h>
#include <asm/termios.h>       /* struct winsize */
#include <asm/ioctls.h>

/* glibc 2.32+ exports these GNU functions; declared here so that no
 * _GNU_SOURCE (which would drag in more conflicting glibc types) is needed. */
extern const char *sigabbrev_np(int sig);
extern const char *strerrorname_np(int errnum);

/* Fact (include/linux/errno.h, kernel-internal): the restart codes. */
#define K_ERRESTARTSYS 512
#define K_ERRESTARTNOINTR 513
#define K_ERRESTARTNOHAND 514
#define K_ENOIOCTLCMD 515
#define K_ERRESTART_RESTARTBLOCK 516
/* Fact (arch/mips/include/asm/errno.h): "the biggest error number defined here". */
#define K_EMAXERRNO 1133
/* Fact (include/uapi/linux/auxvec.h, 6.3+; newer than the 6.1 headers). */
#define K_AT_RSEQ_FEATURE_SIZE 27
#define K_AT_RSEQ_ALIGN 28

/* Fact (arch/mips/kernel/signal.c): the signal frames the kernel builds. */
struct k_sigframe {
	uint32_t sf_ass[4];
	uint32_t sf_pad[2];
	struct sigcontext sf_sc;
	sigset_t sf_mask;
	unsigned long long sf_extcontext[];
};
struct k_rt_sigframe {
	uint32_t rs_ass[4];
	uint32_t rs_pad[2];
	siginfo_t rs_info;
	struct ucontext rs_uc;
};
/* Fact (include/linux/dirent.h and fs/readdir.c, kernel-internal). */
struct k_linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};
struct k_linux_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};
/* Fact (include/uapi/linux/rseq.h, 6.3+): node_id and mm_cid follow flags. */
struct k_rseq63 {
	uint32_t cpu_id_start;
	uint32_t cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
	uint32_t node_id;
	uint32_t mm_cid;
	char end[];
} __attribute__((aligned(32)));
/* Fact (include/vdso/datapage.h, 5.x-6.12): the vDSO data page's struct vdso_data, kernel-private. */
struct k_vdso_timestamp {
	uint64_t sec;
	uint64_t nsec;
};
struct k_vdso_data {
	uint32_t seq;
	int32_t clock_mode;
	uint64_t cycle_last;
	uint64_t mask;
	uint32_t mult;
	uint32_t shift;
	struct k_vdso_timestamp basetime[12];	/* VDSO_BASES = CLOCK_TAI + 1 */
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
	uint32_t hrtimer_res;
	uint32_t __unused;
};
/* Trapgate's [vvar] page: Linux's data[CS_BASES = 2], then Trapgate's own fields (not Linux's). */
struct trapgate_vvar {
	struct k_vdso_data data[2];
	uint32_t coarse_res;
	uint32_t syscall_count;
	uint32_t syscall_map[16];
};
/* Fact (include/vdso/clocksource.h, arch/mips/include/asm/vdso/clocksource.h). */
enum { K_VDSO_CLOCKMODE_NONE = 0, K_VDSO_CLOCKMODE_R4K = 1 };

/* One line per fact. */
#define V(path, expr)       printf("%s %lld\n", path, (long long)(expr))
#define VU64(path, expr)    printf("%s %llu\n", path, (unsigned long long)(expr))
#define NM(fam, name)       printf(#fam "." #name " %lld\n", (long long)(name))
#define PF(fam, pfx, name)  printf(#fam "." #name " %lld\n", (long long)(pfx##name))
#define SIZE(T, ctype)      printf(#T ".size %u\n", (unsigned)sizeof(ctype))
#define OFF(T, ctype, f)    printf(#T "." #f " %u\n", (unsigned)offsetof(ctype, f))
#define SYS(name)           printf("NR." #name " %lld\n", (long long)__NR_##name)

static void errno_values(void)
{
	NM(Errno, EPERM); NM(Errno, ENOENT); NM(Errno, ESRCH); NM(Errno, EINTR); NM(Errno, EIO);
	NM(Errno, ENXIO); NM(Errno, E2BIG); NM(Errno, ENOEXEC); NM(Errno, EBADF); NM(Errno, ECHILD);
	NM(Errno, EAGAIN); NM(Errno, ENOMEM); NM(Errno, EACCES); NM(Errno, EFAULT); NM(Errno, ENOTBLK);
	NM(Errno, EBUSY); NM(Errno, EEXIST); NM(Errno, EXDEV); NM(Errno, ENODEV); NM(Errno, ENOTDIR);
	NM(Errno, EISDIR); NM(Errno, EINVAL); NM(Errno, ENFILE); NM(Errno, EMFILE); NM(Errno, ENOTTY);
	NM(Errno, ETXTBSY); NM(Errno, EFBIG); NM(Errno, ENOSPC); NM(Errno, ESPIPE); NM(Errno, EROFS);
	NM(Errno, EMLINK); NM(Errno, EPIPE); NM(Errno, EDOM); NM(Errno, ERANGE); NM(Errno, ENOMSG);
	NM(Errno, EIDRM); NM(Errno, ECHRNG); NM(Errno, EL2NSYNC); NM(Errno, EL3HLT); NM(Errno, EL3RST);
	NM(Errno, ELNRNG); NM(Errno, EUNATCH); NM(Errno, ENOCSI); NM(Errno, EL2HLT); NM(Errno, EDEADLK);
	NM(Errno, ENOLCK); NM(Errno, EBADE); NM(Errno, EBADR); NM(Errno, EXFULL); NM(Errno, ENOANO);
	NM(Errno, EBADRQC); NM(Errno, EBADSLT); NM(Errno, EDEADLOCK); NM(Errno, EBFONT); NM(Errno, ENOSTR);
	NM(Errno, ENODATA); NM(Errno, ETIME); NM(Errno, ENOSR); NM(Errno, ENONET); NM(Errno, ENOPKG);
	NM(Errno, EREMOTE); NM(Errno, ENOLINK); NM(Errno, EADV); NM(Errno, ESRMNT); NM(Errno, ECOMM);
	NM(Errno, EPROTO); NM(Errno, EDOTDOT); NM(Errno, EMULTIHOP); NM(Errno, EBADMSG);
	NM(Errno, ENAMETOOLONG); NM(Errno, EOVERFLOW); NM(Errno, ENOTUNIQ); NM(Errno, EBADFD);
	NM(Errno, EREMCHG); NM(Errno, ELIBACC); NM(Errno, ELIBBAD); NM(Errno, ELIBSCN); NM(Errno, ELIBMAX);
	NM(Errno, ELIBEXEC); NM(Errno, EILSEQ); NM(Errno, ENOSYS); NM(Errno, ELOOP); NM(Errno, ERESTART);
	NM(Errno, ESTRPIPE); NM(Errno, ENOTEMPTY); NM(Errno, EUSERS); NM(Errno, ENOTSOCK);
	NM(Errno, EDESTADDRREQ); NM(Errno, EMSGSIZE); NM(Errno, EPROTOTYPE); NM(Errno, ENOPROTOOPT);
	NM(Errno, EPROTONOSUPPORT); NM(Errno, ESOCKTNOSUPPORT); NM(Errno, EOPNOTSUPP);
	NM(Errno, EPFNOSUPPORT); NM(Errno, EAFNOSUPPORT); NM(Errno, EADDRINUSE); NM(Errno, EADDRNOTAVAIL);
	NM(Errno, ENETDOWN); NM(Errno, ENETUNREACH); NM(Errno, ENETRESET); NM(Errno, ECONNABORTED);
	NM(Errno, ECONNRESET); NM(Errno, ENOBUFS); NM(Errno, EISCONN); NM(Errno, ENOTCONN);
	NM(Errno, EUCLEAN); NM(Errno, ENOTNAM); NM(Errno, ENAVAIL); NM(Errno, EISNAM); NM(Errno, EREMOTEIO);
	NM(Errno, EINIT); NM(Errno, EREMDEV); NM(Errno, ESHUTDOWN); NM(Errno, ETOOMANYREFS);
	NM(Errno, ETIMEDOUT); NM(Errno, ECONNREFUSED); NM(Errno, EHOSTDOWN); NM(Errno, EHOSTUNREACH);
	NM(Errno, EWOULDBLOCK); NM(Errno, EALREADY); NM(Errno, EINPROGRESS); NM(Errno, ESTALE);
	NM(Errno, ECANCELED); NM(Errno, ENOMEDIUM); NM(Errno, EMEDIUMTYPE); NM(Errno, ENOKEY);
	NM(Errno, EKEYEXPIRED); NM(Errno, EKEYREVOKED); NM(Errno, EKEYREJECTED); NM(Errno, EOWNERDEAD);
	NM(Errno, ENOTRECOVERABLE); NM(Errno, ERFKILL); NM(Errno, EHWPOISON); NM(Errno, EDQUOT);
	V("Errno.ENOTSUP", EOPNOTSUPP); /* glibc's alias; the kernel has only EOPNOTSUPP */

	V("KernelErrno.ERESTARTSYS", K_ERRESTARTSYS);
	V("KernelErrno.ERESTARTNOINTR", K_ERRESTARTNOINTR);
	V("KernelErrno.ERESTARTNOHAND", K_ERRESTARTNOHAND);
	V("KernelErrno.ENOIOCTLCMD", K_ENOIOCTLCMD);
	V("KernelErrno.ERESTART_RESTARTBLOCK", K_ERRESTART_RESTARTBLOCK);
	V("MAX_ERRNO", K_EMAXERRNO);

	/* glibc's own name for every number it knows: errnoName must agree. */
	for (int e = 1; e <= K_EMAXERRNO; e++) {
		const char *name = strerrorname_np(e);
		if (name)
			printf("errnoName.%d %s\n", e, name);
	}
}

static void syscall_numbers(void)
{
	V("O32_SYSCALL_BASE", __NR_Linux);
	SYS(syscall); SYS(exit); SYS(fork); SYS(read); SYS(write); SYS(open);
	SYS(close); SYS(waitpid); SYS(creat); SYS(link); SYS(unlink); SYS(execve);
	SYS(chdir); SYS(time); SYS(mknod); SYS(chmod); SYS(lchown); SYS(break);
	SYS(unused18); SYS(lseek); SYS(getpid); SYS(mount); SYS(umount); SYS(setuid);
	SYS(getuid); SYS(stime); SYS(ptrace); SYS(alarm); SYS(unused28); SYS(pause);
	SYS(utime); SYS(stty); SYS(gtty); SYS(access); SYS(nice); SYS(ftime);
	SYS(sync); SYS(kill); SYS(rename); SYS(mkdir); SYS(rmdir); SYS(dup);
	SYS(pipe); SYS(times); SYS(prof); SYS(brk); SYS(setgid); SYS(getgid);
	SYS(signal); SYS(geteuid); SYS(getegid); SYS(acct); SYS(umount2); SYS(lock);
	SYS(ioctl); SYS(fcntl); SYS(mpx); SYS(setpgid); SYS(ulimit); SYS(unused59);
	SYS(umask); SYS(chroot); SYS(ustat); SYS(dup2); SYS(getppid); SYS(getpgrp);
	SYS(setsid); SYS(sigaction); SYS(sgetmask); SYS(ssetmask); SYS(setreuid); SYS(setregid);
	SYS(sigsuspend); SYS(sigpending); SYS(sethostname); SYS(setrlimit); SYS(getrlimit); SYS(getrusage);
	SYS(gettimeofday); SYS(settimeofday); SYS(getgroups); SYS(setgroups); SYS(reserved82); SYS(symlink);
	SYS(unused84); SYS(readlink); SYS(uselib); SYS(swapon); SYS(reboot); SYS(readdir);
	SYS(mmap); SYS(munmap); SYS(truncate); SYS(ftruncate); SYS(fchmod); SYS(fchown);
	SYS(getpriority); SYS(setpriority); SYS(profil); SYS(statfs); SYS(fstatfs); SYS(ioperm);
	SYS(socketcall); SYS(syslog); SYS(setitimer); SYS(getitimer); SYS(stat); SYS(lstat);
	SYS(fstat); SYS(unused109); SYS(iopl); SYS(vhangup); SYS(idle); SYS(vm86);
	SYS(wait4); SYS(swapoff); SYS(sysinfo); SYS(ipc); SYS(fsync); SYS(sigreturn);
	SYS(clone); SYS(setdomainname); SYS(uname); SYS(modify_ldt); SYS(adjtimex); SYS(mprotect);
	SYS(sigprocmask); SYS(create_module); SYS(init_module); SYS(delete_module); SYS(get_kernel_syms); SYS(quotactl);
	SYS(getpgid); SYS(fchdir); SYS(bdflush); SYS(sysfs); SYS(personality); SYS(afs_syscall);
	SYS(setfsuid); SYS(setfsgid); SYS(_llseek); SYS(getdents); SYS(_newselect); SYS(flock);
	SYS(msync); SYS(readv); SYS(writev); SYS(cacheflush); SYS(cachectl); SYS(sysmips);
	SYS(unused150); SYS(getsid); SYS(fdatasync); SYS(_sysctl); SYS(mlock); SYS(munlock);
	SYS(mlockall); SYS(munlockall); SYS(sched_setparam); SYS(sched_getparam); SYS(sched_setscheduler); SYS(sched_getscheduler);
	SYS(sched_yield); SYS(sched_get_priority_max); SYS(sched_get_priority_min); SYS(sched_rr_get_interval); SYS(nanosleep); SYS(mremap);
	SYS(accept); SYS(bind); SYS(connect); SYS(getpeername); SYS(getsockname); SYS(getsockopt);
	SYS(listen); SYS(recv); SYS(recvfrom); SYS(recvmsg); SYS(send); SYS(sendmsg);
	SYS(sendto); SYS(setsockopt); SYS(shutdown); SYS(socket); SYS(socketpair); SYS(setresuid);
	SYS(getresuid); SYS(query_module); SYS(poll); SYS(nfsservctl); SYS(setresgid); SYS(getresgid);
	SYS(prctl); SYS(rt_sigreturn); SYS(rt_sigaction); SYS(rt_sigprocmask); SYS(rt_sigpending); SYS(rt_sigtimedwait);
	SYS(rt_sigqueueinfo); SYS(rt_sigsuspend); SYS(pread64); SYS(pwrite64); SYS(chown); SYS(getcwd);
	SYS(capget); SYS(capset); SYS(sigaltstack); SYS(sendfile); SYS(getpmsg); SYS(putpmsg);
	SYS(mmap2); SYS(truncate64); SYS(ftruncate64); SYS(stat64); SYS(lstat64); SYS(fstat64);
	SYS(pivot_root); SYS(mincore); SYS(madvise); SYS(getdents64); SYS(fcntl64); SYS(reserved221);
	SYS(gettid); SYS(readahead); SYS(setxattr); SYS(lsetxattr); SYS(fsetxattr); SYS(getxattr);
	SYS(lgetxattr); SYS(fgetxattr); SYS(listxattr); SYS(llistxattr); SYS(flistxattr); SYS(removexattr);
	SYS(lremovexattr); SYS(fremovexattr); SYS(tkill); SYS(sendfile64); SYS(futex); SYS(sched_setaffinity);
	SYS(sched_getaffinity); SYS(io_setup); SYS(io_destroy); SYS(io_getevents); SYS(io_submit); SYS(io_cancel);
	SYS(exit_group); SYS(lookup_dcookie); SYS(epoll_create); SYS(epoll_ctl); SYS(epoll_wait); SYS(remap_file_pages);
	SYS(set_tid_address); SYS(restart_syscall); SYS(fadvise64); SYS(statfs64); SYS(fstatfs64); SYS(timer_create);
	SYS(timer_settime); SYS(timer_gettime); SYS(timer_getoverrun); SYS(timer_delete); SYS(clock_settime); SYS(clock_gettime);
	SYS(clock_getres); SYS(clock_nanosleep); SYS(tgkill); SYS(utimes); SYS(mbind); SYS(get_mempolicy);
	SYS(set_mempolicy); SYS(mq_open); SYS(mq_unlink); SYS(mq_timedsend); SYS(mq_timedreceive); SYS(mq_notify);
	SYS(mq_getsetattr); SYS(vserver); SYS(waitid); SYS(add_key); SYS(request_key); SYS(keyctl);
	SYS(set_thread_area); SYS(inotify_init); SYS(inotify_add_watch); SYS(inotify_rm_watch); SYS(migrate_pages); SYS(openat);
	SYS(mkdirat); SYS(mknodat); SYS(fchownat); SYS(futimesat); SYS(fstatat64); SYS(unlinkat);
	SYS(renameat); SYS(linkat); SYS(symlinkat); SYS(readlinkat); SYS(fchmodat); SYS(faccessat);
	SYS(pselect6); SYS(ppoll); SYS(unshare); SYS(splice); SYS(sync_file_range); SYS(tee);
	SYS(vmsplice); SYS(move_pages); SYS(set_robust_list); SYS(get_robust_list); SYS(kexec_load); SYS(getcpu);
	SYS(epoll_pwait); SYS(ioprio_set); SYS(ioprio_get); SYS(utimensat); SYS(signalfd); SYS(timerfd);
	SYS(eventfd); SYS(fallocate); SYS(timerfd_create); SYS(timerfd_gettime); SYS(timerfd_settime); SYS(signalfd4);
	SYS(eventfd2); SYS(epoll_create1); SYS(dup3); SYS(pipe2); SYS(inotify_init1); SYS(preadv);
	SYS(pwritev); SYS(rt_tgsigqueueinfo); SYS(perf_event_open); SYS(accept4); SYS(recvmmsg); SYS(fanotify_init);
	SYS(fanotify_mark); SYS(prlimit64); SYS(name_to_handle_at); SYS(open_by_handle_at); SYS(clock_adjtime); SYS(syncfs);
	SYS(sendmmsg); SYS(setns); SYS(process_vm_readv); SYS(process_vm_writev); SYS(kcmp); SYS(finit_module);
	SYS(sched_setattr); SYS(sched_getattr); SYS(renameat2); SYS(seccomp); SYS(getrandom); SYS(memfd_create);
	SYS(bpf); SYS(execveat); SYS(userfaultfd); SYS(membarrier); SYS(mlock2); SYS(copy_file_range);
	SYS(preadv2); SYS(pwritev2); SYS(pkey_mprotect); SYS(pkey_alloc); SYS(pkey_free); SYS(statx);
	SYS(rseq); SYS(io_pgetevents); SYS(semget); SYS(semctl); SYS(shmget); SYS(shmctl);
	SYS(shmat); SYS(shmdt); SYS(msgget); SYS(msgsnd); SYS(msgrcv); SYS(msgctl);
	SYS(clock_gettime64); SYS(clock_settime64); SYS(clock_adjtime64); SYS(clock_getres_time64); SYS(clock_nanosleep_time64); SYS(timer_gettime64);
	SYS(timer_settime64); SYS(timerfd_gettime64); SYS(timerfd_settime64); SYS(utimensat_time64); SYS(pselect6_time64); SYS(ppoll_time64);
	SYS(io_pgetevents_time64); SYS(recvmmsg_time64); SYS(mq_timedsend_time64); SYS(mq_timedreceive_time64); SYS(semtimedop_time64); SYS(rt_sigtimedwait_time64);
	SYS(futex_time64); SYS(sched_rr_get_interval_time64); SYS(pidfd_send_signal); SYS(io_uring_setup); SYS(io_uring_enter); SYS(io_uring_register);
	SYS(open_tree); SYS(move_mount); SYS(fsopen); SYS(fsconfig); SYS(fsmount); SYS(fspick);
	SYS(pidfd_open); SYS(clone3); SYS(close_range); SYS(openat2); SYS(pidfd_getfd); SYS(faccessat2);
	SYS(process_madvise); SYS(epoll_pwait2); SYS(mount_setattr); SYS(quotactl_fd); SYS(landlock_create_ruleset); SYS(landlock_add_rule);
	SYS(landlock_restrict_self); SYS(process_mrelease); SYS(futex_waitv); SYS(set_mempolicy_home_node);
}

static void signal_values(void)
{
	NM(Signal, SIGHUP); NM(Signal, SIGINT); NM(Signal, SIGQUIT); NM(Signal, SIGILL);
	NM(Signal, SIGTRAP); NM(Signal, SIGABRT); NM(Signal, SIGIOT); NM(Signal, SIGEMT);
	NM(Signal, SIGFPE); NM(Signal, SIGKILL); NM(Signal, SIGBUS); NM(Signal, SIGSEGV);
	NM(Signal, SIGSYS); NM(Signal, SIGPIPE); NM(Signal, SIGALRM); NM(Signal, SIGTERM);
	NM(Signal, SIGUSR1); NM(Signal, SIGUSR2); NM(Signal, SIGCHLD); NM(Signal, SIGCLD);
	NM(Signal, SIGPWR); NM(Signal, SIGWINCH); NM(Signal, SIGURG); NM(Signal, SIGIO);
	NM(Signal, SIGPOLL); NM(Signal, SIGSTOP); NM(Signal, SIGTSTP); NM(Signal, SIGCONT);
	NM(Signal, SIGTTIN); NM(Signal, SIGTTOU); NM(Signal, SIGVTALRM); NM(Signal, SIGPROF);
	NM(Signal, SIGXCPU); NM(Signal, SIGXFSZ); NM(Signal, SIGRTMIN); NM(Signal, SIGRTMAX);
	V("NSIG", _NSIG);
	V("SIGSET_SIZE", sizeof(sigset_t));

	PF(SA, SA_, NOCLDSTOP); PF(SA, SA_, SIGINFO); PF(SA, SA_, NOCLDWAIT); PF(SA, SA_, ONSTACK);
	PF(SA, SA_, RESTART); PF(SA, SA_, NODEFER); PF(SA, SA_, RESETHAND); PF(SA, SA_, NOMASK);
	PF(SA, SA_, ONESHOT); PF(SA, SA_, UNSUPPORTED); PF(SA, SA_, EXPOSE_TAGBITS);

	PF(SIG, SIG_, BLOCK); PF(SIG, SIG_, UNBLOCK); PF(SIG, SIG_, SETMASK);
	V("SIG.DFL", (intptr_t)SIG_DFL); V("SIG.IGN", (intptr_t)SIG_IGN); V("SIG.ERR", (intptr_t)SIG_ERR);
	PF(SS, SS_, ONSTACK); PF(SS, SS_, DISABLE); PF(SS, SS_, AUTODISARM);
	V("MINSIGSTKSZ", MINSIGSTKSZ); V("SIGSTKSZ", SIGSTKSZ);

	PF(SI, SI_, USER); PF(SI, SI_, KERNEL); PF(SI, SI_, QUEUE); PF(SI, SI_, TIMER);
	PF(SI, SI_, MESGQ); PF(SI, SI_, ASYNCIO); PF(SI, SI_, SIGIO); PF(SI, SI_, TKILL);
	PF(SI, SI_, DETHREAD); PF(SI, SI_, ASYNCNL);
	PF(ILL, ILL_, ILLOPC); PF(ILL, ILL_, ILLOPN); PF(ILL, ILL_, ILLADR); PF(ILL, ILL_, ILLTRP);
	PF(ILL, ILL_, PRVOPC); PF(ILL, ILL_, PRVREG); PF(ILL, ILL_, COPROC); PF(ILL, ILL_, BADSTK);
	PF(ILL, ILL_, BADIADDR);
	PF(FPE, FPE_, INTDIV); PF(FPE, FPE_, INTOVF); PF(FPE, FPE_, FLTDIV); PF(FPE, FPE_, FLTOVF);
	PF(FPE, FPE_, FLTUND); PF(FPE, FPE_, FLTRES); PF(FPE, FPE_, FLTINV); PF(FPE, FPE_, FLTSUB);
	PF(FPE, FPE_, FLTUNK); PF(FPE, FPE_, CONDTRAP);
	PF(SEGV, SEGV_, MAPERR); PF(SEGV, SEGV_, ACCERR); PF(SEGV, SEGV_, BNDERR); PF(SEGV, SEGV_, PKUERR);
	PF(SEGV, SEGV_, ACCADI); PF(SEGV, SEGV_, ADIDERR); PF(SEGV, SEGV_, ADIPERR);
	PF(SEGV, SEGV_, MTEAERR); PF(SEGV, SEGV_, MTESERR);
	PF(BUS, BUS_, ADRALN); PF(BUS, BUS_, ADRERR); PF(BUS, BUS_, OBJERR);
	PF(BUS, BUS_, MCEERR_AR); PF(BUS, BUS_, MCEERR_AO);
	PF(TRAP, TRAP_, BRKPT); PF(TRAP, TRAP_, TRACE); PF(TRAP, TRAP_, BRANCH); PF(TRAP, TRAP_, HWBKPT);
	PF(TRAP, TRAP_, UNK); PF(TRAP, TRAP_, PERF);
	PF(CLD, CLD_, EXITED); PF(CLD, CLD_, KILLED); PF(CLD, CLD_, DUMPED); PF(CLD, CLD_, TRAPPED);
	PF(CLD, CLD_, STOPPED); PF(CLD, CLD_, CONTINUED);
	PF(POLL_CODE, POLL_, IN); PF(POLL_CODE, POLL_, OUT); PF(POLL_CODE, POLL_, MSG);
	PF(POLL_CODE, POLL_, ERR); PF(POLL_CODE, POLL_, PRI); PF(POLL_CODE, POLL_, HUP);
	PF(SYS_CODE, SYS_, SECCOMP); PF(SYS_CODE, SYS_, USER_DISPATCH);
	PF(EMT, EMT_, TAGOVF);

	PF(USED, USED_, FP); PF(USED, USED_, FR1); PF(USED, USED_, HYBRID_FPRS); PF(USED, USED_, EXTCONTEXT);
	V("EXTCONTEXT_MAGIC.MSA", MSA_EXTCONTEXT_MAGIC);
	V("EXTCONTEXT_MAGIC.END", END_EXTCONTEXT_MAGIC);

	PF(BRK, BRK_, USERBP); PF(BRK, BRK_, SSTEPBP); PF(BRK, BRK_, OVERFLOW); PF(BRK, BRK_, DIVZERO);
	PF(BRK, BRK_, RANGE); PF(BRK, BRK_, BUG); PF(BRK, BRK_, UPROBE); PF(BRK, BRK_, UPROBE_XOL);
	PF(BRK, BRK_, MEMU); PF(BRK, BRK_, KPROBE_BP); PF(BRK, BRK_, KPROBE_SSTEPBP); PF(BRK, BRK_, MULOVF);

	/* What glibc (and so bash, via strsignal) calls each signal. */
	for (int s = 0; s <= _NSIG + 1; s++) {
		const char *abbrev = sigabbrev_np(s);
		if (abbrev)
			printf("signalName.%d SIG%s\n", s, abbrev);
		printf("signalDescription.%d %s\n", s, strsignal(s));
	}
}

static void open_and_file_flags(void)
{
	PF(O, O_, RDONLY); PF(O, O_, WRONLY); PF(O, O_, RDWR); PF(O, O_, ACCMODE); PF(O, O_, APPEND);
	PF(O, O_, DSYNC); PF(O, O_, NONBLOCK); PF(O, O_, NDELAY); PF(O, O_, CREAT); PF(O, O_, TRUNC);
	PF(O, O_, EXCL); PF(O, O_, NOCTTY); V("O.ASYNC", FASYNC); PF(O, O_, LARGEFILE); PF(O, O_, SYNC);
	PF(O, O_, DIRECT); PF(O, O_, DIRECTORY); PF(O, O_, NOFOLLOW); PF(O, O_, NOATIME);
	PF(O, O_, CLOEXEC); PF(O, O_, PATH); PF(O, O_, TMPFILE);

	PF(AT, AT_, FDCWD); PF(AT, AT_, SYMLINK_NOFOLLOW); PF(AT, AT_, EACCESS); PF(AT, AT_, REMOVEDIR);
	PF(AT, AT_, SYMLINK_FOLLOW); PF(AT, AT_, NO_AUTOMOUNT); PF(AT, AT_, EMPTY_PATH);
	PF(AT, AT_, STATX_SYNC_TYPE); PF(AT, AT_, STATX_SYNC_AS_STAT); PF(AT, AT_, STATX_FORCE_SYNC);
	PF(AT, AT_, STATX_DONT_SYNC); PF(AT, AT_, RECURSIVE);

	PF(F, F_, DUPFD); PF(F, F_, GETFD); PF(F, F_, SETFD); PF(F, F_, GETFL); PF(F, F_, SETFL);
	PF(F, F_, GETLK); PF(F, F_, SETLK); PF(F, F_, SETLKW); PF(F, F_, SETOWN); PF(F, F_, GETOWN);
	PF(F, F_, SETSIG); PF(F, F_, GETSIG); PF(F, F_, GETLK64); PF(F, F_, SETLK64); PF(F, F_, SETLKW64);
	PF(F, F_, SETOWN_EX); PF(F, F_, GETOWN_EX); PF(F, F_, GETOWNER_UIDS); PF(F, F_, OFD_GETLK);
	PF(F, F_, OFD_SETLK); PF(F, F_, OFD_SETLKW); PF(F, F_, SETLEASE); PF(F, F_, GETLEASE);
	PF(F, F_, NOTIFY); PF(F, F_, CANCELLK); PF(F, F_, DUPFD_CLOEXEC); PF(F, F_, SETPIPE_SZ);
	PF(F, F_, GETPIPE_SZ); PF(F, F_, ADD_SEALS); PF(F, F_, GET_SEALS); PF(F, F_, GET_RW_HINT);
	PF(F, F_, SET_RW_HINT); PF(F, F_, GET_FILE_RW_HINT); PF(F, F_, SET_FILE_RW_HINT);
	PF(F, F_, SEAL_SEAL); PF(F, F_, SEAL_SHRINK); PF(F, F_, SEAL_GROW); PF(F, F_, SEAL_WRITE);
	PF(F, F_, SEAL_FUTURE_WRITE); PF(F, F_, RDLCK); PF(F, F_, WRLCK); PF(F, F_, UNLCK);
	PF(F, F_, EXLCK); PF(F, F_, SHLCK); PF(F, F_, OWNER_TID); PF(F, F_, OWNER_PID);
	PF(F, F_, OWNER_PGRP);
	PF(FD, FD_, CLOEXEC);
	PF(LOCK, LOCK_, SH); PF(LOCK, LOCK_, EX); PF(LOCK, LOCK_, NB); PF(LOCK, LOCK_, UN);

	PF(S, S_, IFMT); PF(S, S_, IFSOCK); PF(S, S_, IFLNK); PF(S, S_, IFREG); PF(S, S_, IFBLK);
	PF(S, S_, IFDIR); PF(S, S_, IFCHR); PF(S, S_, IFIFO); PF(S, S_, ISUID); PF(S, S_, ISGID);
	PF(S, S_, ISVTX); PF(S, S_, IRWXU); PF(S, S_, IRUSR); PF(S, S_, IWUSR); PF(S, S_, IXUSR);
	PF(S, S_, IRWXG); PF(S, S_, IRGRP); PF(S, S_, IWGRP); PF(S, S_, IXGRP); PF(S, S_, IRWXO);
	PF(S, S_, IROTH); PF(S, S_, IWOTH); PF(S, S_, IXOTH);

	PF(SEEK, SEEK_, SET); PF(SEEK, SEEK_, CUR); PF(SEEK, SEEK_, END); PF(SEEK, SEEK_, DATA);
	PF(SEEK, SEEK_, HOLE);
	NM(ACCESS, F_OK); NM(ACCESS, R_OK); NM(ACCESS, W_OK); NM(ACCESS, X_OK);
	PF(UTIME, UTIME_, NOW); PF(UTIME, UTIME_, OMIT);
	PF(DT, DT_, UNKNOWN); PF(DT, DT_, FIFO); PF(DT, DT_, CHR); PF(DT, DT_, DIR); PF(DT, DT_, BLK);
	PF(DT, DT_, REG); PF(DT, DT_, LNK); PF(DT, DT_, SOCK); PF(DT, DT_, WHT);
	PF(RENAME, RENAME_, NOREPLACE); PF(RENAME, RENAME_, EXCHANGE); PF(RENAME, RENAME_, WHITEOUT);
	PF(CLOSE_RANGE, CLOSE_RANGE_, UNSHARE); PF(CLOSE_RANGE, CLOSE_RANGE_, CLOEXEC);

	PF(STATX, STATX_, TYPE); PF(STATX, STATX_, MODE); PF(STATX, STATX_, NLINK); PF(STATX, STATX_, UID);
	PF(STATX, STATX_, GID); PF(STATX, STATX_, ATIME); PF(STATX, STATX_, MTIME); PF(STATX, STATX_, CTIME);
	PF(STATX, STATX_, INO); PF(STATX, STATX_, SIZE); PF(STATX, STATX_, BLOCKS);
	PF(STATX, STATX_, BASIC_STATS); PF(STATX, STATX_, BTIME); PF(STATX, STATX_, MNT_ID);
	PF(STATX, STATX_, DIOALIGN); PF(STATX, STATX_, ALL); PF(STATX, STATX_, _RESERVED);
	PF(STATX_ATTR, STATX_ATTR_, COMPRESSED); PF(STATX_ATTR, STATX_ATTR_, IMMUTABLE);
	PF(STATX_ATTR, STATX_ATTR_, APPEND); PF(STATX_ATTR, STATX_ATTR_, NODUMP);
	PF(STATX_ATTR, STATX_ATTR_, ENCRYPTED); PF(STATX_ATTR, STATX_ATTR_, AUTOMOUNT);
	PF(STATX_ATTR, STATX_ATTR_, MOUNT_ROOT); PF(STATX_ATTR, STATX_ATTR_, VERITY);
	PF(STATX_ATTR, STATX_ATTR_, DAX);

	PF(EFD, EFD_, SEMAPHORE); PF(EFD, EFD_, CLOEXEC); PF(EFD, EFD_, NONBLOCK);
	PF(SFD, SFD_, CLOEXEC); PF(SFD, SFD_, NONBLOCK);
	PF(TFD, TFD_, TIMER_ABSTIME); PF(TFD, TFD_, TIMER_CANCEL_ON_SET); PF(TFD, TFD_, CLOEXEC);
	PF(TFD, TFD_, NONBLOCK);
	PF(MFD, MFD_, CLOEXEC); PF(MFD, MFD_, ALLOW_SEALING); PF(MFD, MFD_, HUGETLB);
	PF(EPOLL, EPOLL, IN); PF(EPOLL, EPOLL, PRI); PF(EPOLL, EPOLL, OUT); PF(EPOLL, EPOLL, ERR);
	PF(EPOLL, EPOLL, HUP); PF(EPOLL, EPOLL, NVAL); PF(EPOLL, EPOLL, RDNORM); PF(EPOLL, EPOLL, RDBAND);
	PF(EPOLL, EPOLL, WRNORM); PF(EPOLL, EPOLL, WRBAND); PF(EPOLL, EPOLL, MSG); PF(EPOLL, EPOLL, RDHUP);
	PF(EPOLL, EPOLL, EXCLUSIVE); PF(EPOLL, EPOLL, WAKEUP); PF(EPOLL, EPOLL, ONESHOT);
	PF(EPOLL, EPOLL, ET); PF(EPOLL, EPOLL_, CLOEXEC); PF(EPOLL, EPOLL_, CTL_ADD);
	PF(EPOLL, EPOLL_, CTL_DEL); PF(EPOLL, EPOLL_, CTL_MOD);
	PF(POLL, POLL, IN); PF(POLL, POLL, PRI); PF(POLL, POLL, OUT); PF(POLL, POLL, ERR);
	PF(POLL, POLL, HUP); PF(POLL, POLL, NVAL); PF(POLL, POLL, RDNORM); PF(POLL, POLL, RDBAND);
	PF(POLL, POLL, WRNORM); PF(POLL, POLL, WRBAND); PF(POLL, POLL, MSG); PF(POLL, POLL, REMOVE);
	PF(POLL, POLL, RDHUP);
	PF(GRND, GRND_, NONBLOCK); PF(GRND, GRND_, RANDOM); PF(GRND, GRND_, INSECURE);
}

static void memory_flags(void)
{
	PF(PROT, PROT_, NONE); PF(PROT, PROT_, READ); PF(PROT, PROT_, WRITE); PF(PROT, PROT_, EXEC);
	PF(PROT, PROT_, SEM); PF(PROT, PROT_, GROWSDOWN); PF(PROT, PROT_, GROWSUP);
	PF(MAP, MAP_, SHARED); PF(MAP, MAP_, PRIVATE); PF(MAP, MAP_, SHARED_VALIDATE); PF(MAP, MAP_, TYPE);
	PF(MAP, MAP_, FIXED); PF(MAP, MAP_, RENAME); PF(MAP, MAP_, AUTOGROW); PF(MAP, MAP_, LOCAL);
	PF(MAP, MAP_, AUTORSRV); PF(MAP, MAP_, NORESERVE); PF(MAP, MAP_, ANONYMOUS);
	PF(MAP, MAP_, GROWSDOWN); PF(MAP, MAP_, DENYWRITE); PF(MAP, MAP_, EXECUTABLE);
	PF(MAP, MAP_, LOCKED); PF(MAP, MAP_, POPULATE); PF(MAP, MAP_, NONBLOCK); PF(MAP, MAP_, STACK);
	PF(MAP, MAP_, HUGETLB); PF(MAP, MAP_, FIXED_NOREPLACE);
	PF(MREMAP, MREMAP_, MAYMOVE); PF(MREMAP, MREMAP_, FIXED); PF(MREMAP, MREMAP_, DONTUNMAP);
	PF(MS, MS_, ASYNC); PF(MS, MS_, INVALIDATE); PF(MS, MS_, SYNC);
	PF(MCL, MCL_, CURRENT); PF(MCL, MCL_, FUTURE); PF(MCL, MCL_, ONFAULT);
	V("MLOCK_ONFAULT", MLOCK_ONFAULT);
	PF(MADV, MADV_, NORMAL); PF(MADV, MADV_, RANDOM); PF(MADV, MADV_, SEQUENTIAL);
	PF(MADV, MADV_, WILLNEED); PF(MADV, MADV_, DONTNEED); PF(MADV, MADV_, FREE); PF(MADV, MADV_, REMOVE);
	PF(MADV, MADV_, DONTFORK); PF(MADV, MADV_, DOFORK); PF(MADV, MADV_, MERGEABLE);
	PF(MADV, MADV_, UNMERGEABLE); PF(MADV, MADV_, HUGEPAGE); PF(MADV, MADV_, NOHUGEPAGE);
	PF(MADV, MADV_, DONTDUMP); PF(MADV, MADV_, DODUMP); PF(MADV, MADV_, WIPEONFORK);
	PF(MADV, MADV_, KEEPONFORK); PF(MADV, MADV_, COLD); PF(MADV, MADV_, PAGEOUT);
	PF(MADV, MADV_, POPULATE_READ); PF(MADV, MADV_, POPULATE_WRITE); PF(MADV, MADV_, DONTNEED_LOCKED);
	PF(MADV, MADV_, COLLAPSE); PF(MADV, MADV_, HWPOISON);
	PF(SYSMIPS, , SETNAME); PF(SYSMIPS, , FLUSH_CACHE); PF(SYSMIPS, , MIPS_FIXADE);
	PF(SYSMIPS, , MIPS_RDNVRAM); PF(SYSMIPS, , MIPS_ATOMIC_SET);
	PF(CACHECTL, , ICACHE); PF(CACHECTL, , DCACHE); PF(CACHECTL, , BCACHE);
	PF(CACHECTL, , CACHEABLE); PF(CACHECTL, , UNCACHEABLE);
}

static void process_flags(void)
{
	PF(CLOCK, CLOCK_, REALTIME); PF(CLOCK, CLOCK_, MONOTONIC); PF(CLOCK, CLOCK_, PROCESS_CPUTIME_ID);
	PF(CLOCK, CLOCK_, THREAD_CPUTIME_ID); PF(CLOCK, CLOCK_, MONOTONIC_RAW);
	PF(CLOCK, CLOCK_, REALTIME_COARSE); PF(CLOCK, CLOCK_, MONOTONIC_COARSE); PF(CLOCK, CLOCK_, BOOTTIME);
	PF(CLOCK, CLOCK_, REALTIME_ALARM); PF(CLOCK, CLOCK_, BOOTTIME_ALARM); PF(CLOCK, CLOCK_, SGI_CYCLE);
	PF(CLOCK, CLOCK_, TAI);
	V("MAX_CLOCKS", MAX_CLOCKS);
	PF(TIMER, TIMER_, ABSTIME);
	PF(ITIMER, ITIMER_, REAL); PF(ITIMER, ITIMER_, VIRTUAL); PF(ITIMER, ITIMER_, PROF);

	V("CLONE.CSIGNAL", CSIGNAL);
	PF(CLONE, CLONE_, VM); PF(CLONE, CLONE_, FS); PF(CLONE, CLONE_, FILES); PF(CLONE, CLONE_, SIGHAND);
	PF(CLONE, CLONE_, PIDFD); PF(CLONE, CLONE_, PTRACE); PF(CLONE, CLONE_, VFORK);
	PF(CLONE, CLONE_, PARENT); PF(CLONE, CLONE_, THREAD); PF(CLONE, CLONE_, NEWNS);
	PF(CLONE, CLONE_, SYSVSEM); PF(CLONE, CLONE_, SETTLS); PF(CLONE, CLONE_, PARENT_SETTID);
	PF(CLONE, CLONE_, CHILD_CLEARTID); PF(CLONE, CLONE_, DETACHED); PF(CLONE, CLONE_, UNTRACED);
	PF(CLONE, CLONE_, CHILD_SETTID); PF(CLONE, CLONE_, NEWCGROUP); PF(CLONE, CLONE_, NEWUTS);
	PF(CLONE, CLONE_, NEWIPC); PF(CLONE, CLONE_, NEWUSER); PF(CLONE, CLONE_, NEWPID);
	PF(CLONE, CLONE_, NEWNET); PF(CLONE, CLONE_, IO); PF(CLONE, CLONE_, CLEAR_SIGHAND);
	PF(CLONE, CLONE_, INTO_CGROUP); PF(CLONE, CLONE_, NEWTIME);
	PF(CLONE, CLONE_, ARGS_SIZE_VER0); PF(CLONE, CLONE_, ARGS_SIZE_VER1); PF(CLONE, CLONE_, ARGS_SIZE_VER2);
	PF(SCHED, SCHED_, NORMAL); PF(SCHED, SCHED_, FIFO); PF(SCHED, SCHED_, RR); PF(SCHED, SCHED_, BATCH);
	PF(SCHED, SCHED_, IDLE); PF(SCHED, SCHED_, DEADLINE); PF(SCHED, SCHED_, RESET_ON_FORK);

	PF(FUTEX, FUTEX_, WAIT); PF(FUTEX, FUTEX_, WAKE); PF(FUTEX, FUTEX_, FD); PF(FUTEX, FUTEX_, REQUEUE);
	PF(FUTEX, FUTEX_, CMP_REQUEUE); PF(FUTEX, FUTEX_, WAKE_OP); PF(FUTEX, FUTEX_, LOCK_PI);
	PF(FUTEX, FUTEX_, UNLOCK_PI); PF(FUTEX, FUTEX_, TRYLOCK_PI); PF(FUTEX, FUTEX_, WAIT_BITSET);
	PF(FUTEX, FUTEX_, WAKE_BITSET); PF(FUTEX, FUTEX_, WAIT_REQUEUE_PI);
	PF(FUTEX, FUTEX_, CMP_REQUEUE_PI); PF(FUTEX, FUTEX_, LOCK_PI2); PF(FUTEX, FUTEX_, PRIVATE_FLAG);
	PF(FUTEX, FUTEX_, CLOCK_REALTIME); PF(FUTEX, FUTEX_, CMD_MASK); PF(FUTEX, FUTEX_, WAITERS);
	PF(FUTEX, FUTEX_, OWNER_DIED); PF(FUTEX, FUTEX_, TID_MASK); PF(FUTEX, FUTEX_, BITSET_MATCH_ANY);
	PF(FUTEX, FUTEX_, WAITV_MAX);
	PF(FUTEX, FUTEX_, OP_SET); PF(FUTEX, FUTEX_, OP_ADD); PF(FUTEX, FUTEX_, OP_OR);
	PF(FUTEX, FUTEX_, OP_ANDN); PF(FUTEX, FUTEX_, OP_XOR); PF(FUTEX, FUTEX_, OP_OPARG_SHIFT);
	PF(FUTEX, FUTEX_, OP_CMP_EQ); PF(FUTEX, FUTEX_, OP_CMP_NE); PF(FUTEX, FUTEX_, OP_CMP_LT);
	PF(FUTEX, FUTEX_, OP_CMP_LE); PF(FUTEX, FUTEX_, OP_CMP_GT); PF(FUTEX, FUTEX_, OP_CMP_GE);
	V("ROBUST_LIST_LIMIT", ROBUST_LIST_LIMIT);

	PF(RLIMIT, RLIMIT_, CPU); PF(RLIMIT, RLIMIT_, FSIZE); PF(RLIMIT, RLIMIT_, DATA);
	PF(RLIMIT, RLIMIT_, STACK); PF(RLIMIT, RLIMIT_, CORE); PF(RLIMIT, RLIMIT_, NOFILE);
	PF(RLIMIT, RLIMIT_, AS); PF(RLIMIT, RLIMIT_, RSS); PF(RLIMIT, RLIMIT_, NPROC);
	PF(RLIMIT, RLIMIT_, MEMLOCK); PF(RLIMIT, RLIMIT_, LOCKS); PF(RLIMIT, RLIMIT_, SIGPENDING);
	PF(RLIMIT, RLIMIT_, MSGQUEUE); PF(RLIMIT, RLIMIT_, NICE); PF(RLIMIT, RLIMIT_, RTPRIO);
	PF(RLIMIT, RLIMIT_, RTTIME);
	V("RLIM_NLIMITS", RLIM_NLIMITS);
	V("RLIM.INFINITY", RLIM_INFINITY);
	VU64("RLIM.INFINITY64", RLIM64_INFINITY);
	PF(RUSAGE, RUSAGE_, SELF); PF(RUSAGE, RUSAGE_, CHILDREN); PF(RUSAGE, RUSAGE_, BOTH);
	PF(RUSAGE, RUSAGE_, THREAD);
	PF(PRIO, PRIO_, PROCESS); PF(PRIO, PRIO_, PGRP); PF(PRIO, PRIO_, USER);

	PF(W, W, NOHANG); PF(W, W, UNTRACED); PF(W, W, STOPPED); PF(W, W, EXITED); PF(W, W, CONTINUED);
	PF(W, W, NOWAIT); PF(W, __W, NOTHREAD); PF(W, __W, ALL); PF(W, __W, CLONE);
	PF(P, P_, ALL); PF(P, P_, PID); PF(P, P_, PGID); PF(P, P_, PIDFD);

	PF(PR, PR_, SET_PDEATHSIG); PF(PR, PR_, GET_PDEATHSIG); PF(PR, PR_, GET_DUMPABLE);
	PF(PR, PR_, SET_DUMPABLE); PF(PR, PR_, GET_UNALIGN); PF(PR, PR_, SET_UNALIGN);
	PF(PR, PR_, GET_KEEPCAPS); PF(PR, PR_, SET_KEEPCAPS); PF(PR, PR_, GET_FPEMU);
	PF(PR, PR_, SET_FPEMU); PF(PR, PR_, GET_FPEXC); PF(PR, PR_, SET_FPEXC); PF(PR, PR_, GET_TIMING);
	PF(PR, PR_, SET_TIMING); PF(PR, PR_, SET_NAME); PF(PR, PR_, GET_NAME); PF(PR, PR_, GET_ENDIAN);
	PF(PR, PR_, SET_ENDIAN); PF(PR, PR_, GET_SECCOMP); PF(PR, PR_, SET_SECCOMP);
	PF(PR, PR_, CAPBSET_READ); PF(PR, PR_, CAPBSET_DROP); PF(PR, PR_, GET_TSC); PF(PR, PR_, SET_TSC);
	PF(PR, PR_, GET_SECUREBITS); PF(PR, PR_, SET_SECUREBITS); PF(PR, PR_, SET_TIMERSLACK);
	PF(PR, PR_, GET_TIMERSLACK); PF(PR, PR_, TASK_PERF_EVENTS_DISABLE);
	PF(PR, PR_, TASK_PERF_EVENTS_ENABLE); PF(PR, PR_, MCE_KILL); PF(PR, PR_, MCE_KILL_GET);
	PF(PR, PR_, SET_MM); PF(PR, PR_, SET_PTRACER); PF(PR, PR_, SET_CHILD_SUBREAPER);
	PF(PR, PR_, GET_CHILD_SUBREAPER); PF(PR, PR_, SET_NO_NEW_PRIVS); PF(PR, PR_, GET_NO_NEW_PRIVS);
	PF(PR, PR_, GET_TID_ADDRESS); PF(PR, PR_, SET_THP_DISABLE); PF(PR, PR_, GET_THP_DISABLE);
	PF(PR, PR_, MPX_ENABLE_MANAGEMENT); PF(PR, PR_, MPX_DISABLE_MANAGEMENT);
	PF(PR, PR_, SET_FP_MODE); PF(PR, PR_, GET_FP_MODE); PF(PR, PR_, FP_MODE_FR);
	PF(PR, PR_, FP_MODE_FRE); PF(PR, PR_, CAP_AMBIENT); PF(PR, PR_, SVE_SET_VL);
	PF(PR, PR_, SVE_GET_VL); PF(PR, PR_, GET_SPECULATION_CTRL); PF(PR, PR_, SET_SPECULATION_CTRL);
	PF(PR, PR_, PAC_RESET_KEYS); PF(PR, PR_, SET_TAGGED_ADDR_CTRL); PF(PR, PR_, GET_TAGGED_ADDR_CTRL);
	PF(PR, PR_, SET_IO_FLUSHER); PF(PR, PR_, GET_IO_FLUSHER); PF(PR, PR_, SET_SYSCALL_USER_DISPATCH);
	PF(PR, PR_, PAC_SET_ENABLED_KEYS); PF(PR, PR_, PAC_GET_ENABLED_KEYS); PF(PR, PR_, SCHED_CORE);
	PF(PR, PR_, SME_SET_VL); PF(PR, PR_, SME_GET_VL); PF(PR, PR_, SET_VMA);

	PF(Auxv, AT_, NULL); PF(Auxv, AT_, IGNORE); PF(Auxv, AT_, EXECFD); PF(Auxv, AT_, PHDR);
	PF(Auxv, AT_, PHENT); PF(Auxv, AT_, PHNUM); PF(Auxv, AT_, PAGESZ); PF(Auxv, AT_, BASE);
	PF(Auxv, AT_, FLAGS); PF(Auxv, AT_, ENTRY); PF(Auxv, AT_, NOTELF); PF(Auxv, AT_, UID);
	PF(Auxv, AT_, EUID); PF(Auxv, AT_, GID); PF(Auxv, AT_, EGID); PF(Auxv, AT_, PLATFORM);
	PF(Auxv, AT_, HWCAP); PF(Auxv, AT_, CLKTCK); PF(Auxv, AT_, SECURE); PF(Auxv, AT_, BASE_PLATFORM);
	PF(Auxv, AT_, RANDOM); PF(Auxv, AT_, HWCAP2); PF(Auxv, AT_, EXECFN); PF(Auxv, AT_, SYSINFO_EHDR);
	PF(Auxv, AT_, MINSIGSTKSZ);
	V("Auxv.RSEQ_FEATURE_SIZE", K_AT_RSEQ_FEATURE_SIZE);
	V("Auxv.RSEQ_ALIGN", K_AT_RSEQ_ALIGN);
	PF(HWCAP, HWCAP_, MIPS_R6); PF(HWCAP, HWCAP_, MIPS_MSA); PF(HWCAP, HWCAP_, MIPS_CRC32);
	PF(HWCAP, HWCAP_, MIPS_MIPS16); PF(HWCAP, HWCAP_, MIPS_MDMX); PF(HWCAP, HWCAP_, MIPS_MIPS3D);
	PF(HWCAP, HWCAP_, MIPS_SMARTMIPS); PF(HWCAP, HWCAP_, MIPS_DSP); PF(HWCAP, HWCAP_, MIPS_DSP2);
	PF(HWCAP, HWCAP_, MIPS_DSP3); PF(HWCAP, HWCAP_, MIPS_MIPS16E2); PF(HWCAP, HWCAP_, LOONGSON_MMI);
	PF(HWCAP, HWCAP_, LOONGSON_EXT); PF(HWCAP, HWCAP_, LOONGSON_EXT2); PF(HWCAP, HWCAP_, LOONGSON_CPUCFG);

	PF(RSEQ, RSEQ_, SIG); PF(RSEQ, RSEQ_, FLAG_UNREGISTER);
	PF(RSEQ, RSEQ_, CPU_ID_UNINITIALIZED); PF(RSEQ, RSEQ_, CPU_ID_REGISTRATION_FAILED);
	PF(RSEQ, RSEQ_, CS_FLAG_NO_RESTART_ON_PREEMPT); PF(RSEQ, RSEQ_, CS_FLAG_NO_RESTART_ON_SIGNAL);
	PF(RSEQ, RSEQ_, CS_FLAG_NO_RESTART_ON_MIGRATE);
}

static void terminal_values(void)
{
	PF(IOCTL, , TCGETS); PF(IOCTL, , TCSETS); PF(IOCTL, , TCSETSW); PF(IOCTL, , TCSETSF);
	PF(IOCTL, , TCGETA); PF(IOCTL, , TCSETA); PF(IOCTL, , TCSETAW); PF(IOCTL, , TCSETAF);
	PF(IOCTL, , TCSBRK); PF(IOCTL, , TCSBRKP); PF(IOCTL, , TCXONC); PF(IOCTL, , TCFLSH);
	PF(IOCTL, , TCGETS2); PF(IOCTL, , TCSETS2); PF(IOCTL, , TCSETSW2); PF(IOCTL, , TCSETSF2);
	PF(IOCTL, , TIOCEXCL); PF(IOCTL, , TIOCNXCL); PF(IOCTL, , TIOCGEXCL); PF(IOCTL, , TIOCOUTQ);
	PF(IOCTL, , TIOCSTI); PF(IOCTL, , TIOCMGET); PF(IOCTL, , TIOCMBIS); PF(IOCTL, , TIOCMBIC);
	PF(IOCTL, , TIOCMSET); PF(IOCTL, , TIOCPKT); PF(IOCTL, , TIOCGPKT); PF(IOCTL, , TIOCSWINSZ);
	PF(IOCTL, , TIOCGWINSZ); PF(IOCTL, , TIOCNOTTY); PF(IOCTL, , TIOCSCTTY); PF(IOCTL, , TIOCSETD);
	PF(IOCTL, , TIOCGETD); PF(IOCTL, , TIOCSPGRP); PF(IOCTL, , TIOCGPGRP); PF(IOCTL, , TIOCGSID);
	PF(IOCTL, , TIOCCONS); PF(IOCTL, , TIOCSBRK); PF(IOCTL, , TIOCCBRK); PF(IOCTL, , TIOCGPTN);
	PF(IOCTL, , TIOCSPTLCK); PF(IOCTL, , TIOCGPTLCK); PF(IOCTL, , TIOCGDEV); PF(IOCTL, , TIOCSIG);
	PF(IOCTL, , TIOCVHANGUP); PF(IOCTL, , TIOCGPTPEER); PF(IOCTL, , FIOCLEX); PF(IOCTL, , FIONCLEX);
	PF(IOCTL, , FIOASYNC); PF(IOCTL, , FIONBIO); PF(IOCTL, , FIOQSIZE); PF(IOCTL, , FIONREAD);
	PF(IOCTL, , TIOCINQ);

	V("NCCS", NCCS);
	PF(VCC, , VINTR); PF(VCC, , VQUIT); PF(VCC, , VERASE); PF(VCC, , VKILL); PF(VCC, , VMIN);
	PF(VCC, , VTIME); PF(VCC, , VEOL2); PF(VCC, , VSWTC); PF(VCC, , VSTART); PF(VCC, , VSTOP);
	PF(VCC, , VSUSP); PF(VCC, , VREPRINT); PF(VCC, , VDISCARD); PF(VCC, , VWERASE);
	PF(VCC, , VLNEXT); PF(VCC, , VEOF); PF(VCC, , VEOL);
	PF(IFLAG, , IGNBRK); PF(IFLAG, , BRKINT); PF(IFLAG, , IGNPAR); PF(IFLAG, , PARMRK);
	PF(IFLAG, , INPCK); PF(IFLAG, , ISTRIP); PF(IFLAG, , INLCR); PF(IFLAG, , IGNCR); PF(IFLAG, , ICRNL);
	PF(IFLAG, , IUCLC); PF(IFLAG, , IXON); PF(IFLAG, , IXANY); PF(IFLAG, , IXOFF);
	PF(IFLAG, , IMAXBEL); PF(IFLAG, , IUTF8);
	PF(OFLAG, , OPOST); PF(OFLAG, , OLCUC); PF(OFLAG, , ONLCR); PF(OFLAG, , OCRNL); PF(OFLAG, , ONOCR);
	PF(OFLAG, , ONLRET); PF(OFLAG, , OFILL); PF(OFLAG, , OFDEL); PF(OFLAG, , NLDLY); PF(OFLAG, , CRDLY);
	PF(OFLAG, , TABDLY); PF(OFLAG, , XTABS); PF(OFLAG, , BSDLY); PF(OFLAG, , VTDLY); PF(OFLAG, , FFDLY);
	PF(CFLAG, , CBAUD); PF(CFLAG, , CSIZE); PF(CFLAG, , CS5); PF(CFLAG, , CS6); PF(CFLAG, , CS7);
	PF(CFLAG, , CS8); PF(CFLAG, , CSTOPB); PF(CFLAG, , CREAD); PF(CFLAG, , PARENB); PF(CFLAG, , PARODD);
	PF(CFLAG, , HUPCL); PF(CFLAG, , CLOCAL); PF(CFLAG, , CBAUDEX); PF(CFLAG, , BOTHER);
	PF(CFLAG, , CIBAUD); PF(CFLAG, , CMSPAR); PF(CFLAG, , CRTSCTS); PF(CFLAG, , IBSHIFT);
	PF(CFLAG, , B0); PF(CFLAG, , B50); PF(CFLAG, , B75); PF(CFLAG, , B110); PF(CFLAG, , B134);
	PF(CFLAG, , B150); PF(CFLAG, , B200); PF(CFLAG, , B300); PF(CFLAG, , B600); PF(CFLAG, , B1200);
	PF(CFLAG, , B1800); PF(CFLAG, , B2400); PF(CFLAG, , B4800); PF(CFLAG, , B9600);
	PF(CFLAG, , B19200); PF(CFLAG, , B38400); PF(CFLAG, , B57600); PF(CFLAG, , B115200);
	PF(CFLAG, , B230400); PF(CFLAG, , B460800); PF(CFLAG, , B500000); PF(CFLAG, , B576000);
	PF(CFLAG, , B921600); PF(CFLAG, , B1000000); PF(CFLAG, , B1152000); PF(CFLAG, , B1500000);
	PF(CFLAG, , B2000000); PF(CFLAG, , B2500000); PF(CFLAG, , B3000000); PF(CFLAG, , B3500000);
	PF(CFLAG, , B4000000);
	PF(LFLAG, , ISIG); PF(LFLAG, , ICANON); PF(LFLAG, , XCASE); PF(LFLAG, , ECHO); PF(LFLAG, , ECHOE);
	PF(LFLAG, , ECHOK); PF(LFLAG, , ECHONL); PF(LFLAG, , NOFLSH); PF(LFLAG, , IEXTEN);
	PF(LFLAG, , ECHOCTL); PF(LFLAG, , ECHOPRT); PF(LFLAG, , ECHOKE); PF(LFLAG, , FLUSHO);
	PF(LFLAG, , PENDIN); PF(LFLAG, , TOSTOP); PF(LFLAG, , EXTPROC);
	PF(TC, TC, OOFF); PF(TC, TC, OON); PF(TC, TC, IOFF); PF(TC, TC, ION); PF(TC, TC, IFLUSH);
	PF(TC, TC, OFLUSH); PF(TC, TC, IOFLUSH);
}

static void file_layouts(void)
{
	SIZE(Stat, struct kernel_stat);
	OFF(Stat, struct kernel_stat, st_dev); OFF(Stat, struct kernel_stat, st_pad1);
	OFF(Stat, struct kernel_stat, st_ino); OFF(Stat, struct kernel_stat, st_mode);
	OFF(Stat, struct kernel_stat, st_nlink); OFF(Stat, struct kernel_stat, st_uid);
	OFF(Stat, struct kernel_stat, st_gid); OFF(Stat, struct kernel_stat, st_rdev);
	OFF(Stat, struct kernel_stat, st_pad2); OFF(Stat, struct kernel_stat, st_size);
	OFF(Stat, struct kernel_stat, st_pad3); OFF(Stat, struct kernel_stat, st_atime);
	OFF(Stat, struct kernel_stat, st_atime_nsec); OFF(Stat, struct kernel_stat, st_mtime);
	OFF(Stat, struct kernel_stat, st_mtime_nsec); OFF(Stat, struct kernel_stat, st_ctime);
	OFF(Stat, struct kernel_stat, st_ctime_nsec); OFF(Stat, struct kernel_stat, st_blksize);
	OFF(Stat, struct kernel_stat, st_blocks); OFF(Stat, struct kernel_stat, st_pad4);

	SIZE(Stat64, struct kernel_stat64);
	OFF(Stat64, struct kernel_stat64, st_dev); OFF(Stat64, struct kernel_stat64, st_pad0);
	OFF(Stat64, struct kernel_stat64, st_ino); OFF(Stat64, struct kernel_stat64, st_mode);
	OFF(Stat64, struct kernel_stat64, st_nlink); OFF(Stat64, struct kernel_stat64, st_uid);
	OFF(Stat64, struct kernel_stat64, st_gid); OFF(Stat64, struct kernel_stat64, st_rdev);
	OFF(Stat64, struct kernel_stat64, st_pad1); OFF(Stat64, struct kernel_stat64, st_size);
	OFF(Stat64, struct kernel_stat64, st_atime); OFF(Stat64, struct kernel_stat64, st_atime_nsec);
	OFF(Stat64, struct kernel_stat64, st_mtime); OFF(Stat64, struct kernel_stat64, st_mtime_nsec);
	OFF(Stat64, struct kernel_stat64, st_ctime); OFF(Stat64, struct kernel_stat64, st_ctime_nsec);
	OFF(Stat64, struct kernel_stat64, st_blksize); OFF(Stat64, struct kernel_stat64, st_pad2);
	OFF(Stat64, struct kernel_stat64, st_blocks);

	SIZE(StatxTimestamp, struct statx_timestamp);
	OFF(StatxTimestamp, struct statx_timestamp, tv_sec);
	OFF(StatxTimestamp, struct statx_timestamp, tv_nsec);
	OFF(StatxTimestamp, struct statx_timestamp, __reserved);
	SIZE(Statx, struct statx);
	OFF(Statx, struct statx, stx_mask); OFF(Statx, struct statx, stx_blksize);
	OFF(Statx, struct statx, stx_attributes); OFF(Statx, struct statx, stx_nlink);
	OFF(Statx, struct statx, stx_uid); OFF(Statx, struct statx, stx_gid);
	OFF(Statx, struct statx, stx_mode); OFF(Statx, struct statx, stx_ino);
	OFF(Statx, struct statx, stx_size); OFF(Statx, struct statx, stx_blocks);
	OFF(Statx, struct statx, stx_attributes_mask); OFF(Statx, struct statx, stx_atime);
	OFF(Statx, struct statx, stx_btime); OFF(Statx, struct statx, stx_ctime);
	OFF(Statx, struct statx, stx_mtime); OFF(Statx, struct statx, stx_rdev_major);
	OFF(Statx, struct statx, stx_rdev_minor); OFF(Statx, struct statx, stx_dev_major);
	OFF(Statx, struct statx, stx_dev_minor); OFF(Statx, struct statx, stx_mnt_id);
	OFF(Statx, struct statx, stx_dio_mem_align); OFF(Statx, struct statx, stx_dio_offset_align);

	SIZE(LinuxDirent64, struct k_linux_dirent64);
	OFF(LinuxDirent64, struct k_linux_dirent64, d_ino); OFF(LinuxDirent64, struct k_linux_dirent64, d_off);
	OFF(LinuxDirent64, struct k_linux_dirent64, d_reclen);
	OFF(LinuxDirent64, struct k_linux_dirent64, d_type);
	OFF(LinuxDirent64, struct k_linux_dirent64, d_name);
	SIZE(LinuxDirent, struct k_linux_dirent);
	OFF(LinuxDirent, struct k_linux_dirent, d_ino); OFF(LinuxDirent, struct k_linux_dirent, d_off);
	OFF(LinuxDirent, struct k_linux_dirent, d_reclen); OFF(LinuxDirent, struct k_linux_dirent, d_name);

	SIZE(Iovec, struct iovec);
	OFF(Iovec, struct iovec, iov_base); OFF(Iovec, struct iovec, iov_len);
	SIZE(Pollfd, struct pollfd);
	OFF(Pollfd, struct pollfd, fd); OFF(Pollfd, struct pollfd, events); OFF(Pollfd, struct pollfd, revents);
	SIZE(EpollEvent, struct epoll_event);
	OFF(EpollEvent, struct epoll_event, events); OFF(EpollEvent, struct epoll_event, data);

	SIZE(Flock, struct flock);
	OFF(Flock, struct flock, l_type); OFF(Flock, struct flock, l_whence);
	OFF(Flock, struct flock, l_start); OFF(Flock, struct flock, l_len);
	OFF(Flock, struct flock, l_pid); OFF(Flock, struct flock, l_sysid); OFF(Flock, struct flock, pad);
	SIZE(Flock64, struct flock64);
	OFF(Flock64, struct flock64, l_type); OFF(Flock64, struct flock64, l_whence);
	OFF(Flock64, struct flock64, l_start); OFF(Flock64, struct flock64, l_len);
	OFF(Flock64, struct flock64, l_pid);

	SIZE(Termios, struct termios);
	OFF(Termios, struct termios, c_iflag); OFF(Termios, struct termios, c_oflag);
	OFF(Termios, struct termios, c_cflag); OFF(Termios, struct termios, c_lflag);
	OFF(Termios, struct termios, c_line); OFF(Termios, struct termios, c_cc);
	SIZE(Termios2, struct termios2);
	OFF(Termios2, struct termios2, c_iflag); OFF(Termios2, struct termios2, c_oflag);
	OFF(Termios2, struct termios2, c_cflag); OFF(Termios2, struct termios2, c_lflag);
	OFF(Termios2, struct termios2, c_line); OFF(Termios2, struct termios2, c_cc);
	OFF(Termios2, struct termios2, c_ispeed); OFF(Termios2, struct termios2, c_ospeed);
	SIZE(Winsize, struct winsize);
	OFF(Winsize, struct winsize, ws_row); OFF(Winsize, struct winsize, ws_col);
	OFF(Winsize, struct winsize, ws_xpixel); OFF(Winsize, struct winsize, ws_ypixel);
}

static void time_and_process_layouts(void)
{
	SIZE(Timespec, struct __kernel_old_timespec);
	OFF(Timespec, struct __kernel_old_timespec, tv_sec); OFF(Timespec, struct __kernel_old_timespec, tv_nsec);
	SIZE(KernelTimespec, struct __kernel_timespec);
	OFF(KernelTimespec, struct __kernel_timespec, tv_sec);
	OFF(KernelTimespec, struct __kernel_timespec, tv_nsec);
	SIZE(Timeval, struct __kernel_old_timeval);
	OFF(Timeval, struct __kernel_old_timeval, tv_sec); OFF(Timeval, struct __kernel_old_timeval, tv_usec);
	SIZE(Timezone, struct timezone);
	OFF(Timezone, struct timezone, tz_minuteswest); OFF(Timezone, struct timezone, tz_dsttime);
	SIZE(Itimerval, struct __kernel_old_itimerval);
	OFF(Itimerval, struct __kernel_old_itimerval, it_interval);
	OFF(Itimerval, struct __kernel_old_itimerval, it_value);
	SIZE(Itimerspec, struct itimerspec);
	OFF(Itimerspec, struct itimerspec, it_interval); OFF(Itimerspec, struct itimerspec, it_value);
	SIZE(KernelItimerspec, struct __kernel_itimerspec);
	OFF(KernelItimerspec, struct __kernel_itimerspec, it_interval);
	OFF(KernelItimerspec, struct __kernel_itimerspec, it_value);
	SIZE(Tms, struct tms);
	OFF(Tms, struct tms, tms_utime); OFF(Tms, struct tms, tms_stime);
	OFF(Tms, struct tms, tms_cutime); OFF(Tms, struct tms, tms_cstime);

	SIZE(Rusage, struct rusage);
	OFF(Rusage, struct rusage, ru_utime); OFF(Rusage, struct rusage, ru_stime);
	OFF(Rusage, struct rusage, ru_maxrss); OFF(Rusage, struct rusage, ru_ixrss);
	OFF(Rusage, struct rusage, ru_idrss); OFF(Rusage, struct rusage, ru_isrss);
	OFF(Rusage, struct rusage, ru_minflt); OFF(Rusage, struct rusage, ru_majflt);
	OFF(Rusage, struct rusage, ru_nswap); OFF(Rusage, struct rusage, ru_inblock);
	OFF(Rusage, struct rusage, ru_oublock); OFF(Rusage, struct rusage, ru_msgsnd);
	OFF(Rusage, struct rusage, ru_msgrcv); OFF(Rusage, struct rusage, ru_nsignals);
	OFF(Rusage, struct rusage, ru_nvcsw); OFF(Rusage, struct rusage, ru_nivcsw);
	SIZE(Rlimit, struct rlimit);
	OFF(Rlimit, struct rlimit, rlim_cur); OFF(Rlimit, struct rlimit, rlim_max);
	SIZE(Rlimit64, struct rlimit64);
	OFF(Rlimit64, struct rlimit64, rlim_cur); OFF(Rlimit64, struct rlimit64, rlim_max);

	SIZE(Utsname, struct new_utsname);
	OFF(Utsname, struct new_utsname, sysname); OFF(Utsname, struct new_utsname, nodename);
	OFF(Utsname, struct new_utsname, release); OFF(Utsname, struct new_utsname, version);
	OFF(Utsname, struct new_utsname, machine); OFF(Utsname, struct new_utsname, domainname);
	V("UTSNAME_FIELD_LENGTH", __NEW_UTS_LEN + 1);

	SIZE(Sysinfo, struct sysinfo);
	OFF(Sysinfo, struct sysinfo, uptime); OFF(Sysinfo, struct sysinfo, loads);
	OFF(Sysinfo, struct sysinfo, totalram); OFF(Sysinfo, struct sysinfo, freeram);
	OFF(Sysinfo, struct sysinfo, sharedram); OFF(Sysinfo, struct sysinfo, bufferram);
	OFF(Sysinfo, struct sysinfo, totalswap); OFF(Sysinfo, struct sysinfo, freeswap);
	OFF(Sysinfo, struct sysinfo, procs); OFF(Sysinfo, struct sysinfo, pad);
	OFF(Sysinfo, struct sysinfo, totalhigh); OFF(Sysinfo, struct sysinfo, freehigh);
	OFF(Sysinfo, struct sysinfo, mem_unit); OFF(Sysinfo, struct sysinfo, _f);

	SIZE(Timex, struct timex);
	OFF(Timex, struct timex, modes); OFF(Timex, struct timex, offset); OFF(Timex, struct timex, freq);
	OFF(Timex, struct timex, maxerror); OFF(Timex, struct timex, esterror);
	OFF(Timex, struct timex, status); OFF(Timex, struct timex, constant);
	OFF(Timex, struct timex, precision); OFF(Timex, struct timex, tolerance);
	OFF(Timex, struct timex, time); OFF(Timex, struct timex, tick); OFF(Timex, struct timex, ppsfreq);
	OFF(Timex, struct timex, jitter); OFF(Timex, struct timex, shift); OFF(Timex, struct timex, stabil);
	OFF(Timex, struct timex, jitcnt); OFF(Timex, struct timex, calcnt); OFF(Timex, struct timex, errcnt);
	OFF(Timex, struct timex, stbcnt); OFF(Timex, struct timex, tai);

	SIZE(SchedParam, struct sched_param);
	OFF(SchedParam, struct sched_param, sched_priority);
	SIZE(CloneArgs, struct clone_args);
	OFF(CloneArgs, struct clone_args, flags); OFF(CloneArgs, struct clone_args, pidfd);
	OFF(CloneArgs, struct clone_args, child_tid); OFF(CloneArgs, struct clone_args, parent_tid);
	OFF(CloneArgs, struct clone_args, exit_signal); OFF(CloneArgs, struct clone_args, stack);
	OFF(CloneArgs, struct clone_args, stack_size); OFF(CloneArgs, struct clone_args, tls);
	OFF(CloneArgs, struct clone_args, set_tid); OFF(CloneArgs, struct clone_args, set_tid_size);
	OFF(CloneArgs, struct clone_args, cgroup);

	SIZE(RobustListHead, struct robust_list_head);
	OFF(RobustListHead, struct robust_list_head, list);
	OFF(RobustListHead, struct robust_list_head, futex_offset);
	OFF(RobustListHead, struct robust_list_head, list_op_pending);

	SIZE(Rseq, struct rseq);
	OFF(Rseq, struct rseq, cpu_id_start); OFF(Rseq, struct rseq, cpu_id);
	OFF(Rseq, struct rseq, rseq_cs); OFF(Rseq, struct rseq, flags);
	OFF(Rseq, struct k_rseq63, node_id); OFF(Rseq, struct k_rseq63, mm_cid); OFF(Rseq, struct k_rseq63, end);
	V("Rseq.alignment", __alignof__(struct rseq));
	SIZE(RseqCs, struct rseq_cs);
	OFF(RseqCs, struct rseq_cs, version); OFF(RseqCs, struct rseq_cs, flags);
	OFF(RseqCs, struct rseq_cs, start_ip); OFF(RseqCs, struct rseq_cs, post_commit_offset);
	OFF(RseqCs, struct rseq_cs, abort_ip);
	V("RseqCs.alignment", __alignof__(struct rseq_cs));
}

static void signal_layouts(void)
{
	SIZE(Sigaction, struct sigaction);
	OFF(Sigaction, struct sigaction, sa_flags); OFF(Sigaction, struct sigaction, sa_handler);
	OFF(Sigaction, struct sigaction, sa_mask);
	SIZE(StackT, stack_t);
	OFF(StackT, stack_t, ss_sp); OFF(StackT, stack_t, ss_size); OFF(StackT, stack_t, ss_flags);

	SIZE(Siginfo, siginfo_t);
	OFF(Siginfo, siginfo_t, si_signo); OFF(Siginfo, siginfo_t, si_code); OFF(Siginfo, siginfo_t, si_errno);
	OFF(Siginfo, siginfo_t, si_pid); OFF(Siginfo, siginfo_t, si_uid); OFF(Siginfo, siginfo_t, si_tid);
	OFF(Siginfo, siginfo_t, si_overrun); OFF(Siginfo, siginfo_t, si_value); OFF(Siginfo, siginfo_t, si_int);
	OFF(Siginfo, siginfo_t, si_ptr); OFF(Siginfo, siginfo_t, si_status); OFF(Siginfo, siginfo_t, si_utime);
	OFF(Siginfo, siginfo_t, si_stime); OFF(Siginfo, siginfo_t, si_addr);
	OFF(Siginfo, siginfo_t, si_addr_lsb); OFF(Siginfo, siginfo_t, si_lower);
	OFF(Siginfo, siginfo_t, si_upper); OFF(Siginfo, siginfo_t, si_pkey); OFF(Siginfo, siginfo_t, si_band);
	OFF(Siginfo, siginfo_t, si_fd); OFF(Siginfo, siginfo_t, si_call_addr);
	OFF(Siginfo, siginfo_t, si_syscall); OFF(Siginfo, siginfo_t, si_arch);

	SIZE(Sigcontext, struct sigcontext);
	OFF(Sigcontext, struct sigcontext, sc_regmask); OFF(Sigcontext, struct sigcontext, sc_status);
	OFF(Sigcontext, struct sigcontext, sc_pc); OFF(Sigcontext, struct sigcontext, sc_regs);
	OFF(Sigcontext, struct sigcontext, sc_fpregs); OFF(Sigcontext, struct sigcontext, sc_acx);
	OFF(Sigcontext, struct sigcontext, sc_fpc_csr); OFF(Sigcontext, struct sigcontext, sc_fpc_eir);
	OFF(Sigcontext, struct sigcontext, sc_used_math); OFF(Sigcontext, struct sigcontext, sc_dsp);
	OFF(Sigcontext, struct sigcontext, sc_mdhi); OFF(Sigcontext, struct sigcontext, sc_mdlo);
	OFF(Sigcontext, struct sigcontext, sc_hi1); OFF(Sigcontext, struct sigcontext, sc_lo1);
	OFF(Sigcontext, struct sigcontext, sc_hi2); OFF(Sigcontext, struct sigcontext, sc_lo2);
	OFF(Sigcontext, struct sigcontext, sc_hi3); OFF(Sigcontext, struct sigcontext, sc_lo3);

	SIZE(Ucontext, struct ucontext);
	OFF(Ucontext, struct ucontext, uc_flags); OFF(Ucontext, struct ucontext, uc_link);
	OFF(Ucontext, struct ucontext, uc_stack); OFF(Ucontext, struct ucontext, uc_mcontext);
	OFF(Ucontext, struct ucontext, uc_sigmask); OFF(Ucontext, struct ucontext, uc_extcontext);

	SIZE(Sigframe, struct k_sigframe);
	OFF(Sigframe, struct k_sigframe, sf_ass); OFF(Sigframe, struct k_sigframe, sf_pad);
	OFF(Sigframe, struct k_sigframe, sf_sc); OFF(Sigframe, struct k_sigframe, sf_mask);
	OFF(Sigframe, struct k_sigframe, sf_extcontext);
	SIZE(RtSigframe, struct k_rt_sigframe);
	OFF(RtSigframe, struct k_rt_sigframe, rs_ass); OFF(RtSigframe, struct k_rt_sigframe, rs_pad);
	OFF(RtSigframe, struct k_rt_sigframe, rs_info); OFF(RtSigframe, struct k_rt_sigframe, rs_uc);
}

static void vdso_layouts(void)
{
	SIZE(VdsoData, struct k_vdso_data);
	OFF(VdsoData, struct k_vdso_data, seq); OFF(VdsoData, struct k_vdso_data, clock_mode);
	OFF(VdsoData, struct k_vdso_data, cycle_last); OFF(VdsoData, struct k_vdso_data, mask);
	OFF(VdsoData, struct k_vdso_data, mult); OFF(VdsoData, struct k_vdso_data, shift);
	OFF(VdsoData, struct k_vdso_data, basetime); OFF(VdsoData, struct k_vdso_data, tz_minuteswest);
	OFF(VdsoData, struct k_vdso_data, tz_dsttime); OFF(VdsoData, struct k_vdso_data, hrtimer_res);
	V("VdsoData.timestamp_size", sizeof(struct k_vdso_timestamp));
	V("VdsoData.timestamp_sec", offsetof(struct k_vdso_timestamp, sec));
	V("VdsoData.timestamp_nsec", offsetof(struct k_vdso_timestamp, nsec));
	V("VdsoData.cs_hres_coarse", offsetof(struct trapgate_vvar, data[0]));
	V("VdsoData.cs_raw", offsetof(struct trapgate_vvar, data[1]));
	V("VdsoData.coarse_res", offsetof(struct trapgate_vvar, coarse_res));
	V("VdsoData.syscall_count", offsetof(struct trapgate_vvar, syscall_count));
	V("VdsoData.syscall_map", offsetof(struct trapgate_vvar, syscall_map));
	V("VdsoData.syscall_map_words", sizeof(((struct trapgate_vvar *)0)->syscall_map) / 4);
	V("VDSO_CLOCKMODE.NONE", K_VDSO_CLOCKMODE_NONE);
	V("VDSO_CLOCKMODE.R4K", K_VDSO_CLOCKMODE_R4K);
}

int main(void)
{
	errno_values();
	syscall_numbers();
	signal_values();
	open_and_file_flags();
	memory_flags();
	process_flags();
	terminal_values();
	file_layouts();
	time_and_process_layouts();
	signal_layouts();
	vdso_layouts();
	return 0;
}
