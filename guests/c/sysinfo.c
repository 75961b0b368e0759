/* sysinfo: the struct's fields are host-dependent, so only relations are printed. */
#include <stdio.h>
#include <sys/sysinfo.h>

static const char *yesno(int c) { return c ? "yes" : "no"; }

int main(void)
{
	struct sysinfo si;
	printf("sysinfo -> %d\n", sysinfo(&si));
	printf("mem_unit > 0: %s\n", yesno(si.mem_unit > 0));
	printf("totalram > 0: %s\n", yesno(si.totalram > 0));
	printf("freeram <= totalram: %s\n", yesno(si.freeram <= si.totalram));
	printf("freeswap <= totalswap: %s\n", yesno(si.freeswap <= si.totalswap));
	printf("uptime >= 0: %s\n", yesno(si.uptime >= 0));
	printf("procs >= 1: %s\n", yesno(si.procs >= 1));
	printf("get_nprocs >= 1: %s\n", yesno(get_nprocs() >= 1));
	return 0;
}
