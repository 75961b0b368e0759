/*
 * The auxiliary vector as the kernel laid it out: found by walking the initial stack past envp's NULL (reference
 * linux-mips-abi.md §2.1: argc | argv | NULL | envp | NULL | auxv pairs | AT_NULL), printed as the list of types
 * in order (Linux's create_elf_tables puts the architecture's entries, AT_SYSINFO_EHDR on MIPS, first), then the
 * values that do not depend on the run checked one by one.
 *   auxv_order        the types and the checks
 *   auxv_order ehdr   only "AT_SYSINFO_EHDR 0x..." (or "AT_SYSINFO_EHDR none"): the vDSO's address, for tests
 *                     of the address layout
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern const Elf32_Ehdr __ehdr_start; /* the linker's symbol for this program's own ELF header */

static const char *yesno(int ok) { return ok ? "yes" : "no"; }

int main(int argc, char **argv, char **envp) {
  char **p = envp;
  while (*p != NULL) p++;
  const Elf32_auxv_t *auxv = (const Elf32_auxv_t *)(p + 1);

  if (argc > 1 && strcmp(argv[1], "ehdr") == 0) {
    for (const Elf32_auxv_t *a = auxv; a->a_type != AT_NULL; a++)
      if (a->a_type == AT_SYSINFO_EHDR) {
        printf("AT_SYSINFO_EHDR 0x%08lx\n", (unsigned long)a->a_un.a_val);
        return 0;
      }
    printf("AT_SYSINFO_EHDR none\n");
    return 0;
  }

  printf("auxv types:");
  unsigned n = 0;
  for (const Elf32_auxv_t *a = auxv;; a++, n++) {
    printf(" %u", (unsigned)a->a_type);
    if (a->a_type == AT_NULL) break;
  }
  printf("\n");

  /* Every type at most once, and getauxval agrees with the walk. */
  int once = 1, agrees = 1;
  for (const Elf32_auxv_t *a = auxv; a->a_type != AT_NULL; a++) {
    for (const Elf32_auxv_t *b = auxv; b != a; b++)
      if (b->a_type == a->a_type) once = 0;
    if (getauxval(a->a_type) != a->a_un.a_val) agrees = 0;
  }
  printf("each type once: %s, getauxval agrees: %s\n", yesno(once), yesno(agrees));

  printf("AT_PAGESZ 4096: %s\n", yesno(getauxval(AT_PAGESZ) == 4096));
  printf("AT_CLKTCK 100: %s\n", yesno(getauxval(AT_CLKTCK) == 100));
  printf("AT_PHENT 32: %s\n", yesno(getauxval(AT_PHENT) == sizeof(Elf32_Phdr)));
  printf("AT_PHNUM is this program's e_phnum: %s\n", yesno(getauxval(AT_PHNUM) == __ehdr_start.e_phnum));
  printf("AT_PHDR is this program's program headers: %s\n",
         yesno(getauxval(AT_PHDR) == (uintptr_t)&__ehdr_start + __ehdr_start.e_phoff));
  printf("AT_ENTRY is this program's e_entry: %s\n", yesno(getauxval(AT_ENTRY) == __ehdr_start.e_entry));
  printf("AT_BASE 0 (no interpreter): %s\n", yesno(getauxval(AT_BASE) == 0));
  printf("AT_FLAGS 0: %s\n", yesno(getauxval(AT_FLAGS) == 0));
  printf("AT_SECURE 0: %s\n", yesno(getauxval(AT_SECURE) == 0));
  printf("AT_UID, AT_EUID, AT_GID, AT_EGID are the process's ids: %s\n",
         yesno(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() && getauxval(AT_GID) == getgid() &&
               getauxval(AT_EGID) == getegid()));
  const char *execfn = (const char *)getauxval(AT_EXECFN);
  printf("AT_EXECFN is argv[0]: %s\n", yesno(execfn != NULL && strcmp(execfn, argv[0]) == 0));
  const char *base_platform = (const char *)getauxval(AT_BASE_PLATFORM);
  printf("AT_BASE_PLATFORM: %s\n", base_platform != NULL ? base_platform : "(none)");
  const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
  printf("AT_RANDOM above the auxv: %s\n", yesno(random != NULL && (uintptr_t)random > (uintptr_t)(auxv + n)));
  const Elf32_Ehdr *vdso = (const Elf32_Ehdr *)getauxval(AT_SYSINFO_EHDR);
  printf("AT_SYSINFO_EHDR: %s\n", vdso == NULL ? "none"
                                  : memcmp(vdso->e_ident, ELFMAG, SELFMAG) == 0 ? "an ELF header"
                                                                                : "not an ELF header");
  return 0;
}
