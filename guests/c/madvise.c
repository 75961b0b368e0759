/* madvise: MADV_DONTNEED drops private pages: anonymous pages read back as zeros, private file pages
 * read back as the file's contents again; MADV_WILLNEED/NORMAL are accepted; bad arguments fail. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>

#include "check.h"

#define PG 4096u

int main(int argc, char **argv)
{
	if (argc < 2 || chdir(argv[1]) != 0) {
		fprintf(stderr, "usage: madvise DIR\n");
		return 2;
	}
	unsigned char *a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		return 1;
	memset(a, 7, 4 * PG);
	show("MADV_DONTNEED pages 1-2", madvise(a + PG, 2 * PG, MADV_DONTNEED));
	printf("page0=%d page1=%d page2=%d page3=%d\n", a[0], a[PG], a[2 * PG + 100], a[3 * PG]);
	a[PG] = 9;
	printf("page1 writable again: %d\n", a[PG]);

	int fd = open("f", O_CREAT | O_TRUNC | O_RDWR, 0644);
	static unsigned char buf[2 * PG];
	memset(buf, 'F', sizeof buf);
	if (fd < 0 || write(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
		return 1;
	unsigned char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return 1;
	m[0] = 'x';
	m[PG] = 'y';
	show("MADV_DONTNEED private file page 0", madvise(m, PG, MADV_DONTNEED));
	printf("file page0 back to the file: %c, page1 keeps its private copy: %c\n", m[0], m[PG]);

	show("MADV_WILLNEED", madvise(a, 4 * PG, MADV_WILLNEED));
	show("MADV_NORMAL", madvise(a, 4 * PG, MADV_NORMAL));
	show("madvise unaligned", madvise(a + 1, PG, MADV_DONTNEED));
	show("madvise bad advice", madvise(a, PG, 12345));
	munmap(a, 4 * PG);
	show("madvise on unmapped memory", madvise(a, PG, MADV_WILLNEED));
	return 0;
}
