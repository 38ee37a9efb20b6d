// A thread maps a region, writes it and unmaps it; main, with no
// happens-before to that thread, maps a region at the same address and
// writes it: not a race, the memory is new. Then main unmaps it while a
// thread that main created writes it first: ordered, no race either.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

enum { Size = 64 * 1024 };
static char *volatile first;
static int step;

static void *worker(void *arg) {
  FUNC();
  char *p = mmap(0, Size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                 -1, 0);
  if (p == MAP_FAILED)
    return (void *)1;
  WR(p[100]);
  p[100] = 1;
  __ravel_write_range(p, Size, RT_SITE(RAVEL_SITE_WRITE, "p[0..]"));
  first = p;
  munmap(p, Size);
  step_set(&step, 1);
  step_wait(&step, 2);
  return arg;
}

static void *writer(void *arg) {
  FUNC();
  WR(((char *)arg)[8]);
  ((char *)arg)[8] = 3;
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t, u;
  AT(pthread_create(&t, 0, worker, 0));
  step_wait(&step, 1);
  char *q = mmap(first, Size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (q == MAP_FAILED || q != first)
    return 3; // the address was not free again: the test is void
  WR(q[100]);
  q[100] = 2;
  __ravel_write_range(q, Size, RT_SITE(RAVEL_SITE_WRITE, "q[0..]"));
  step_set(&step, 2);
  AT(pthread_join(t, 0));
  AT(pthread_create(&u, 0, writer, q));
  AT(pthread_join(u, 0));
  munmap(q, Size);
  return 0;
}
