/* hello_nx: hello world linked with -z noexecstack (PT_GNU_STACK without PF_X). On Linux with RI/XI
 * the stack is then non-executable; glibc and a correct kernel must not need it to be executable. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("Hello from a non-executable stack!\n");
	fflush(stdout);
	static const char msg[] = "write(1) works\n";
	return write(1, msg, sizeof msg - 1) == (ssize_t)(sizeof msg - 1) ? 0 : 1;
}
