/* stat_layouts: every stat system call of o32, made directly (glibc 2.36 itself uses statx and fstatat64), on a
 * file whose size, mode and times are set first: the old struct stat of stat/lstat/fstat, struct stat64 of
 * stat64/lstat64/fstat64/fstatat64, and struct statx. Each prints the fields it has; inode numbers and devices
 * are only compared between the calls. qemu-mipsel converts the host's answer into the MIPS layouts itself, so
 * it is an independent reference for the field offsets. */
#define _GNU_SOURCE
#include <asm/stat.h> /* the kernel's layouts, not glibc's (so no <fcntl.h> or <sys/stat.h> here) */
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define FILE_NAME "stat_layouts.tmp"
#define LINK_NAME "stat_layouts.lnk"

/* the file's inode number; calls on the link itself (link_call) check that the link has another one */
static unsigned long long file_ino;
static int link_call;

static void same_ino(const char *what, unsigned long long ino)
{
	if (link_call)
		printf("%s: the link's own inode: %s\n", what, ino != 0 && ino != file_ino ? "yes" : "no");
	else
		printf("%s: same inode as the file's: %s\n", what, ino == file_ino ? "yes" : "no");
}

static void old_stat(const char *what, long r, const struct stat *st)
{
	if (r != 0) return show(what, r);
	printf("%s: mode %o nlink %u size %ld mtime %ld.%09ld atime %ld.%09ld uid==getuid %d\n", what,
	       (unsigned)st->st_mode, (unsigned)st->st_nlink, (long)st->st_size, st->st_mtime, st->st_mtime_nsec,
	       st->st_atime, st->st_atime_nsec, st->st_uid == getuid());
	same_ino(what, st->st_ino);
}

static void new_stat(const char *what, long r, const struct stat64 *st)
{
	if (r != 0) return show(what, r);
	printf("%s: mode %o nlink %u size %lld blocks>=1 %d mtime %lu.%09lu atime %lu.%09lu uid==getuid %d\n", what,
	       (unsigned)st->st_mode, (unsigned)st->st_nlink, st->st_size, st->st_blocks >= 1, st->st_mtime,
	       st->st_mtime_nsec, st->st_atime, st->st_atime_nsec, st->st_uid == getuid());
	same_ino(what, st->st_ino);
}

int main(void)
{
	unlink(FILE_NAME);
	unlink(LINK_NAME);
	int fd = syscall(SYS_openat, AT_FDCWD, FILE_NAME, O_CREAT | O_RDWR | O_TRUNC, 0640);
	CHECK(fd >= 0);
	CHECK(write(fd, "0123456789abcdefghij", 20) == 20);
	CHECK(syscall(SYS_fchmod, fd, 0640) == 0);
	/* Whole microseconds: Trapgate on Node.js sets file times to the microsecond (README, Limitations). */
	const struct timespec times[2] = { { 1000000000, 123456000 }, { 1234567890, 987654000 } };
	CHECK(syscall(SYS_utimensat, fd, NULL, times, 0) == 0);
	CHECK(symlink(FILE_NAME, LINK_NAME) == 0);
	/* The link's own times (lutimes). Following the link reads it, which may move its atime (relatime): the
	 * lstat calls come first. */
	CHECK(syscall(SYS_utimensat, AT_FDCWD, LINK_NAME, times, AT_SYMLINK_NOFOLLOW) == 0);

	struct stat st;
	struct stat64 st64;
	memset(&st, 0, sizeof st);
	CHECK(syscall(SYS_fstat64, fd, &st64) == 0);
	file_ino = st64.st_ino;
	link_call = 1;
	old_stat("lstat (link)", syscall(SYS_lstat, LINK_NAME, &st), &st);
	new_stat("lstat64 (link)", syscall(SYS_lstat64, LINK_NAME, &st64), &st64);
	link_call = 0;
	old_stat("stat", syscall(SYS_stat, FILE_NAME, &st), &st);
	old_stat("fstat", syscall(SYS_fstat, fd, &st), &st);

	old_stat("stat (link)", syscall(SYS_stat, LINK_NAME, &st), &st);
	new_stat("stat64", syscall(SYS_stat64, FILE_NAME, &st64), &st64);
	new_stat("fstat64", syscall(SYS_fstat64, fd, &st64), &st64);

	new_stat("fstatat64", syscall(SYS_fstatat64, AT_FDCWD, FILE_NAME, &st64, 0), &st64);
	new_stat("fstatat64 AT_EMPTY_PATH", syscall(SYS_fstatat64, fd, "", &st64, AT_EMPTY_PATH), &st64);

	struct statx sx;
	memset(&sx, 0, sizeof sx);
	long r = syscall(SYS_statx, AT_FDCWD, FILE_NAME, 0, STATX_BASIC_STATS, &sx);
	if (r != 0)
		show("statx", r);
	else {
		printf("statx: basic stats %s mode %o nlink %u size %llu mtime %lld.%09u atime %lld.%09u\n",
		       (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS ? "all" : "some", sx.stx_mode, sx.stx_nlink,
		       (unsigned long long)sx.stx_size, (long long)sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec,
		       (long long)sx.stx_atime.tv_sec, sx.stx_atime.tv_nsec);
		same_ino("statx", sx.stx_ino);
	}

	show("stat of a missing file", syscall(SYS_stat, "stat_layouts.missing", &st));
	show("stat64 with a bad buffer", syscall(SYS_stat64, FILE_NAME, (void *)16));
	show("fstat of a bad descriptor", syscall(SYS_fstat, 999, &st));
	close(fd);
	unlink(LINK_NAME);
	unlink(FILE_NAME);
	return 0;
}
