/* stdin_sum: reads all of stdin with read(2) in odd-sized chunks; prints byte count, line count and
 * FNV-1a/32 of the data. read returns 0 exactly at end of file. */
#include <stdio.h>
#include <stdint.h>
#include <unistd.h>
#include <errno.h>

int main(void)
{
	static unsigned char chunk[777];
	uint32_t h = 2166136261u;
	unsigned long total = 0, lines = 0;
	for (;;) {
		ssize_t n = read(0, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("read");
			return 1;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			h = (h ^ chunk[i]) * 16777619u;
			if (chunk[i] == '\n')
				lines++;
		}
		total += (unsigned long)n;
	}
	printf("bytes: %lu\nlines: %lu\nfnv1a: %08x\n", total, lines, h);
	printf("read after EOF: %zd\n", read(0, chunk, sizeof chunk));
	return total == 0 ? 2 : 0;
}
