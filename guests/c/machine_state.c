/*
 * Kernel state that belongs to one machine: pipe inode numbers and futex queues. A thread waits on a futex word in
 * a MAP_SHARED page (a shared futex, keyed by where the word lives) and then reads a pipe; the main thread wakes it
 * and writes to the pipe. With the argument "inodes" the pipes' inode numbers are printed too (they are the
 * machine's own, so they differ between Linux and Trapgate; without it the output is the same on both).
 *
 * test/kernel/two-machines.test.ts runs a second machine while the first one's thread is asleep on the futex:
 * if the machines shared their futex queues or inode counter, the second machine's wake or pipes would land in the
 * first one's state.
 */
#include <linux/futex.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int *word;
static int channel[2];

static void *waiter(void *arg) {
  (void)arg;
  while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == 0) syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
  char buf[32];
  ssize_t n = read(channel[0], buf, sizeof buf);
  printf("waiter woke and read %d bytes: %.*s\n", (int)n, (int)(n > 0 ? n : 0), buf);
  return NULL;
}

int main(int argc, char **argv) {
  int show_inodes = argc > 1 && strcmp(argv[1], "inodes") == 0;
  word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (word == MAP_FAILED) return 1;
  if (pipe(channel) != 0) return 2;
  int more[2][2];
  for (int i = 0; i < 2; i++)
    if (pipe(more[i]) != 0) return 3;
  struct stat a, b, c;
  fstat(channel[0], &a);
  fstat(more[0][0], &b);
  fstat(more[1][1], &c);
  printf("three pipes, distinct inodes: %s\n", a.st_ino != b.st_ino && b.st_ino != c.st_ino && a.st_ino != c.st_ino ? "yes" : "no");
  if (show_inodes) printf("inodes %lu %lu %lu\n", (unsigned long)a.st_ino, (unsigned long)b.st_ino, (unsigned long)c.st_ino);

  pthread_t t;
  if (pthread_create(&t, NULL, waiter, NULL) != 0) return 4;
  /* Give the waiter time to fall asleep on the futex word. */
  for (int i = 0; i < 20; i++) sched_yield();
  usleep(20000);
  printf("main: the waiter should be asleep now\n");
  fflush(stdout);

  __atomic_store_n(word, 1, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
  write(channel[1], "hello", 5);
  pthread_join(t, NULL);
  printf("done\n");
  return 0;
}
