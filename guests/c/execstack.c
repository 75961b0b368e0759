/* Runs code from the stack: works when the stack is executable (Debian's default, PT_GNU_STACK RWE). Its twin
 * execstack_nx is the same source built with -z noexecstack, where Linux faults (SIGSEGV) on the fetch. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

typedef int (*fn)(void);

int main(void) {
  /* li v0,42 ; jr ra ; nop */
  static const uint32_t code[] = { 0x2402002a, 0x03e00008, 0x00000000 };
  uint32_t onstack[4] __attribute__((aligned(16)));
  memcpy(onstack, code, sizeof code);
  __builtin___clear_cache((char *)onstack, (char *)onstack + sizeof code);
  printf("calling code on the stack\n");
  fflush(stdout);
  int v = ((fn)(uintptr_t)onstack)();
  printf("stack code returned %d\n", v);
  return 0;
}
