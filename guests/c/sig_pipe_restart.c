/* Blocking pipe reads and signals (reference linux-mips-abi.md §3.6): an empty pipe's read sleeps; SIGALRM
 * interrupts it. Without SA_RESTART the read fails with EINTR; with SA_RESTART it is re-issued, and since the
 * handler wrote into the pipe, the restarted read returns that byte. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int fds[2];
static volatile int handled;

static void on_alarm(int sig) {
  (void)sig;
  handled++;
  if (write(fds[1], "R", 1) != 1) _exit(3);
}

static void arm(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = flags;
  sigaction(SIGALRM, &sa, 0);
  alarm(1);
}

int main(void) {
  char c = 0;
  if (pipe(fds) != 0) return 2;

  arm(0);
  /* The handler writes a byte, but without SA_RESTART the interrupted read still fails. */
  ssize_t n = read(fds[0], &c, 1);
  printf("without SA_RESTART: read -> %zd (%s), handled %d\n", n, n < 0 ? strerror(errno) : "data", handled);
  if (n < 0 && read(fds[0], &c, 1) == 1) printf("the handler's byte is still there: %c\n", c);

  arm(SA_RESTART);
  n = read(fds[0], &c, 1);
  printf("with SA_RESTART: read -> %zd, byte %c, handled %d\n", n, c, handled);
  return 0;
}
