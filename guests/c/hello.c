/* hello: stdio on a pipe (buffered), a raw write(2) after fflush, stderr, exit status 0. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	printf("Hello, world!\n");
	puts("puts works");
	fputs("fputs works\n", stdout);
	fwrite("fwrite works\n", 1, 13, stdout);
	printf("%d %s %c %x %5.1f\n", 42, "str", 'c', 0xbeefu, 2.25);
	putchar('!');
	putchar('\n');
	fflush(stdout);
	static const char msg[] = "write(1) works\n";
	ssize_t n = write(1, msg, sizeof msg - 1);
	printf("write returned %zd\n", n);
	fprintf(stderr, "stderr works\n");
	return 0;
}
