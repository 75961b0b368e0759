/* mremap_edge: mremap cases where qemu-mipsel 7.2 differs from Linux (mm/mremap.c):
 *  - growing a mapping in place into the range just freed by munmap succeeds (vma_expandable: nothing
 *    is mapped there), qemu fails with ENOMEM because it keeps the freed range reserved on the host;
 *  - a new length of 0 is EINVAL ("a zero new-len is nonsensical"), qemu returns ENOMEM. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>

#define PG 4096u

int main(void)
{
	unsigned char *g = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g == MAP_FAILED)
		return 1;
	memset(g, 0x5a, 4 * PG);
	printf("munmap last 2 of 4 pages -> %d\n", munmap(g + 2 * PG, 2 * PG));
	errno = 0;
	unsigned char *g2 = mremap(g, 2 * PG, 4 * PG, 0);
	printf("mremap 2 -> 4 pages without MREMAP_MAYMOVE: %s errno=%d\n",
	       g2 == MAP_FAILED ? "failed" : g2 == g ? "in place" : "moved", g2 == MAP_FAILED ? errno : 0);
	if (g2 == g)
		printf("old part kept: %s, new part zero: %s\n", g[2 * PG - 1] == 0x5a ? "yes" : "no",
		       g[2 * PG] == 0 && g[4 * PG - 1] == 0 ? "yes" : "no");
	errno = 0;
	void *z = mremap(g, PG, 0, MREMAP_MAYMOVE);
	printf("mremap to length 0: %s errno=%d (%s)\n", z == MAP_FAILED ? "failed" : "ok", errno, strerror(errno));
	return 0;
}
