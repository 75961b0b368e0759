/* execstack built with -z noexecstack (the Makefile adds it for names ending in _nx): the stack is not
 * executable, so Linux raises SIGSEGV on the instruction fetch from it. */
#include "execstack.c"
