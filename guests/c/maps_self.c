/*
 * The kernel's special mappings as /proc/self/maps shows them (reference linux-mips-abi.md §4.3): the lines named
 * [...] ([heap], [stack], [vvar], [vdso]) and the anonymous read+execute page (the delay-slot emulation page at
 * STACK_TOP), in the file's order (ascending addresses), as "perms name"; then how they sit against each other.
 *   maps_self             deterministic output: permissions, names and relations, no addresses
 *   maps_self addresses   the same lines with their address ranges, and AT_SYSINFO_EHDR (for layout tests)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

struct area { unsigned long start, end; char perms[5]; char name[64]; };

static const char *yesno(int ok) { return ok ? "yes" : "no"; }

int main(int argc, char **argv) {
  int addresses = argc > 1 && strcmp(argv[1], "addresses") == 0;
  FILE *f = fopen("/proc/self/maps", "r");
  if (f == NULL) {
    perror("/proc/self/maps");
    return 1;
  }
  struct area areas[64];
  int n = 0;
  char line[512];
  while (fgets(line, sizeof line, f) != NULL && n < 64) {
    struct area a;
    int name_at = 0;
    a.name[0] = 0;
    if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &a.start, &a.end, a.perms, &name_at) < 3) continue;
    if (name_at > 0) {
      strncpy(a.name, line + name_at, sizeof a.name - 1);
      a.name[sizeof a.name - 1] = 0;
      a.name[strcspn(a.name, "\n")] = 0;
    }
    if (a.name[0] == '[' || (a.name[0] == 0 && strcmp(a.perms, "r-xp") == 0)) areas[n++] = a;
  }
  fclose(f);

  const struct area *stack = NULL, *dsemul = NULL, *vvar = NULL, *vdso = NULL;
  for (int i = 0; i < n; i++) {
    if (addresses) printf("%08lx-%08lx ", areas[i].start, areas[i].end);
    printf("%s %s\n", areas[i].perms, areas[i].name[0] ? areas[i].name : "(anonymous)");
    if (strcmp(areas[i].name, "[stack]") == 0) stack = &areas[i];
    if (strcmp(areas[i].name, "[vvar]") == 0) vvar = &areas[i];
    if (strcmp(areas[i].name, "[vdso]") == 0) vdso = &areas[i];
    if (areas[i].name[0] == 0) dsemul = &areas[i];
  }
  unsigned long ehdr = getauxval(AT_SYSINFO_EHDR);
  if (addresses) printf("AT_SYSINFO_EHDR 0x%08lx\n", ehdr);
  if (stack == NULL || dsemul == NULL || vvar == NULL || vdso == NULL) {
    printf("some of [stack], the anonymous r-xp page, [vvar], [vdso] missing\n");
    return 0;
  }
  printf("the anonymous r-xp page is one page: %s\n", yesno(dsemul->end - dsemul->start == 4096));
  printf("[stack] ends at or below it: %s\n", yesno(stack->end <= dsemul->start));
  printf("[vvar] starts at most 1 MiB above its end: %s\n",
         yesno(vvar->start >= dsemul->end && vvar->start - dsemul->end <= 1024 * 1024));
  printf("[vvar] ends where [vdso] starts: %s\n", yesno(vvar->end == vdso->start));
  printf("[vdso] starts at AT_SYSINFO_EHDR: %s\n", yesno(vdso->start == ehdr));
  return 0;
}
