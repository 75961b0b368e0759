/* ret3: the value returned from main is the exit status (3); stdout buffered in a pipe is flushed. */
#include <stdio.h>

int main(void)
{
	printf("returning 3 from main\n");
	return 3;
}
