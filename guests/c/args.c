/* args: argc/argv/envp as laid out by exec, and the auxiliary vector (walked directly after envp and
 * through getauxval). The test passes fixed arguments and a controlled environment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elf.h>
#include <link.h>
#include <sys/auxv.h>

extern void __start(void); /* glibc's MIPS entry point (sysdeps/mips/start.S) */
extern const ElfW(Ehdr) __ehdr_start;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *yesno(int c) { return c ? "yes" : "no"; }

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int main(int argc, char **argv, char **envp)
{
	printf("argc=%d\n", argc);
	printf("argv[0] basename=%s\n", base_name(argv[0]));
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=<%s>\n", i, argv[i]);
	printf("argv[argc]==NULL: %s\n", yesno(argv[argc] == NULL));
	printf("envp follows argv: %s\n", yesno(envp == argv + argc + 1));
	printf("initial sp (&argc) 16-byte aligned: %s\n", yesno(((unsigned long)(argv - 1) & 15) == 0));

	int envc = 0;
	while (envp[envc])
		envc++;
	char **sorted = malloc(sizeof(char *) * (size_t)(envc + 1));
	memcpy(sorted, envp, sizeof(char *) * (size_t)envc);
	qsort(sorted, (size_t)envc, sizeof(char *), cmp_str);
	printf("envc=%d\n", envc);
	for (int i = 0; i < envc; i++)
		printf("env: %s\n", sorted[i]);
	const char *t = getenv("TRAPGATE_TEST");
	printf("getenv(TRAPGATE_TEST)=%s\n", t ? t : "(unset)");
	t = getenv("TRAPGATE_NOT_SET");
	printf("getenv(TRAPGATE_NOT_SET)=%s\n", t ? t : "(unset)");
	setenv("TRAPGATE_NEW", "value", 1);
	printf("setenv then getenv: %s\n", getenv("TRAPGATE_NEW"));

	/* The auxiliary vector sits right after envp's NULL. */
	const ElfW(auxv_t) *av = (const ElfW(auxv_t) *)(envp + envc + 1);
	int seen_hwcap = 0, seen_pagesz = 0, seen_random = 0, seen_entry = 0, seen_null_last = 0, n = 0;
	for (; av[n].a_type != AT_NULL; n++) {
		switch (av[n].a_type) {
		case AT_HWCAP: seen_hwcap++; break;
		case AT_PAGESZ: seen_pagesz++; break;
		case AT_RANDOM: seen_random++; break;
		case AT_ENTRY: seen_entry++; break;
		}
	}
	seen_null_last = av[n].a_un.a_val == 0;
	printf("auxv entries > 10: %s\n", yesno(n > 10));
	printf("AT_NULL value 0: %s\n", yesno(seen_null_last));
	printf("AT_HWCAP present once: %s\n", yesno(seen_hwcap == 1));
	printf("AT_PAGESZ present once: %s\n", yesno(seen_pagesz == 1));
	printf("AT_RANDOM present once: %s\n", yesno(seen_random == 1));
	printf("AT_ENTRY present once: %s\n", yesno(seen_entry == 1));

	printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
	printf("sysconf(_SC_PAGESIZE)=%ld getpagesize()=%d\n", sysconf(_SC_PAGESIZE), getpagesize());
	printf("AT_CLKTCK=%lu sysconf(_SC_CLK_TCK)=%ld\n", getauxval(AT_CLKTCK), sysconf(_SC_CLK_TCK));
	printf("AT_PHENT=%lu\n", getauxval(AT_PHENT));
	printf("AT_PHNUM==e_phnum: %s\n", yesno(getauxval(AT_PHNUM) == __ehdr_start.e_phnum));
	printf("AT_PHDR==ehdr+e_phoff: %s\n",
	       yesno(getauxval(AT_PHDR) == (unsigned long)&__ehdr_start + __ehdr_start.e_phoff));
	printf("AT_ENTRY==__start: %s\n", yesno(getauxval(AT_ENTRY) == (unsigned long)&__start));
	printf("AT_BASE=%lu (static)\n", getauxval(AT_BASE));
	printf("AT_FLAGS=%lu\n", getauxval(AT_FLAGS));
	printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
	printf("AT_UID==getuid: %s\n", yesno(getauxval(AT_UID) == (unsigned long)getuid()));
	printf("AT_EUID==geteuid: %s\n", yesno(getauxval(AT_EUID) == (unsigned long)geteuid()));
	printf("AT_GID==getgid: %s\n", yesno(getauxval(AT_GID) == (unsigned long)getgid()));
	printf("AT_EGID==getegid: %s\n", yesno(getauxval(AT_EGID) == (unsigned long)getegid()));

	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	printf("AT_RANDOM non-null: %s\n", yesno(rnd != NULL));
	int nonzero = 0;
	for (int i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	printf("AT_RANDOM 16 bytes not all zero: %s\n", yesno(nonzero != 0));
	printf("AT_RANDOM on the stack above argv: %s\n", yesno((const void *)rnd > (const void *)argv));

	const char *execfn = (const char *)getauxval(AT_EXECFN);
	printf("AT_EXECFN==argv[0]: %s\n", yesno(execfn && strcmp(execfn, argv[0]) == 0));
	(void)getauxval(AT_HWCAP);
	printf("AT_HWCAP via getauxval: ok\n");
	return 0;
}
