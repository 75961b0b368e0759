/* uname: sysname and machine ("mips" for every MIPS Linux, whatever the endianness); the other fields
 * are host-dependent and only checked for shape. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(void)
{
	struct utsname u;
	if (uname(&u) != 0)
		return 1;
	printf("sysname: %s\n", u.sysname);
	printf("machine: %s\n", u.machine);
	printf("release non-empty, starts with a digit: %s\n", u.release[0] >= '0' && u.release[0] <= '9' ? "yes" : "no");
	printf("version non-empty: %s\n", u.version[0] ? "yes" : "no");
	printf("nodename non-empty: %s\n", u.nodename[0] ? "yes" : "no");
	printf("fields NUL-terminated within 65 bytes: %s\n",
	       strnlen(u.sysname, 65) < 65 && strnlen(u.release, 65) < 65 && strnlen(u.machine, 65) < 65 ? "yes" : "no");
	return strcmp(u.machine, "mips") == 0 ? 0 : 1;
}
