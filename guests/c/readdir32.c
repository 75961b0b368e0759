/* readdir32: the non-LFS readdir() (32-bit d_ino/d_off) in a directory with a few entries, in argv[1].
 * glibc converts getdents64 records and fails with EOVERFLOW when d_off does not fit in 32 bits. A
 * 32-bit Linux kernel hands 32-bit directory cookies to 32-bit callers (ext4: is_32bit_api(); tmpfs:
 * small indices), so this succeeds on Linux. qemu-user runs on a 64-bit host kernel, which returns
 * 64-bit ext4 hash cookies: there readdir fails with EOVERFLOW (79). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) {
		fprintf(stderr, "usage: readdir32 DIR\n");
		return 2;
	}
	static const char *const files[] = { "zeta", "alpha", "mid", "Upper", "0digit" };
	for (unsigned i = 0; i < sizeof files / sizeof files[0]; i++) {
		int fd = open(files[i], O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			return 1;
		close(fd);
	}
	if (mkdir("subdir", 0755) != 0)
		return 1;

	DIR *d = opendir(".");
	if (!d)
		return 1;
	char *names[32];
	int n = 0;
	struct dirent *de;
	errno = 0;
	while (n < 32 && (de = readdir(d)) != NULL)
		names[n++] = strdup(de->d_name);
	int e = errno;
	closedir(d);
	printf("readdir ended with errno=%d (%s)\n", e, e ? strerror(e) : "end of directory");
	qsort(names, (size_t)n, sizeof names[0], cmp_str);
	printf("%d entries:", n);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
	return e == 0 && n == 8 ? 0 : 1;
}
