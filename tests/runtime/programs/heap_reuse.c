// A thread writes a large heap block and frees it (munmap); main, with no
// happens-before to that thread, allocates a block of the same size, gets
// the same address back and writes it: not a race, the memory is new.
// EXPECT: none
#include "ravel_test.h"
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

enum { Size = 1 << 20 };
static char *volatile first;
static int step;

static void *worker(void *arg) {
  FUNC();
  char *p = malloc(Size);
  __ravel_write_range(p, Size, RT_SITE(RAVEL_SITE_WRITE, "p[0..]"));
  for (int i = 0; i < Size; i += 4096)
    p[i] = 1;
  first = p;
  free(p);
  step_set(&step, 1);
  step_wait(&step, 2);
  return arg;
}

int main(void) {
  FUNC();
  // A fixed threshold: blocks this large are always mmap'ed, so the freed
  // block's address comes back from the kernel for the next one.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  step_wait(&step, 1);
  char *q = malloc(Size);
  if (q != first)
    return 3; // the allocator did not reuse the address: test is void
  WR(q[0]);
  q[0] = 2;
  __ravel_write_range(q, Size, RT_SITE(RAVEL_SITE_WRITE, "q[0..]"));
  step_set(&step, 2);
  AT(pthread_join(t, 0));
  free(q);
  return 0;
}
