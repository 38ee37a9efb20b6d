// A thread writes small heap blocks and frees them; another thread, with no
// happens-before to it, allocates blocks of the same size, gets some of the
// same addresses back and writes them: not a race, the memory is new (the
// freed blocks' history, kept to catch accesses after the free, is dropped
// when the allocator hands the memory out again).
// EXPECT: none
#include "ravel_test.h"
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

enum { N = 32, Size = 48 };
static char *freed[N];
static int step;

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < N; ++i) {
    freed[i] = malloc(Size);
    WR(freed[i][0]);
    __ravel_write_range(freed[i], Size, RT_SITE(RAVEL_SITE_WRITE, "b[0..]"));
  }
  for (int i = 0; i < N; ++i)
    free(freed[i]); // past the thread cache's 7: to the arena's bins
  step_set(&step, 1);
  step_wait(&step, 2);
  return arg;
}

int main(void) {
  FUNC();
  // One arena for every thread, so the worker's freed blocks can come back
  // to main's allocations.
  mallopt(M_ARENA_MAX, 1);
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  step_wait(&step, 1);
  char *mine[N];
  int reused = 0;
  for (int i = 0; i < N; ++i) {
    mine[i] = malloc(Size);
    for (int j = 0; j < N; ++j)
      reused += mine[i] == freed[j];
    WR(mine[i][0]);
    mine[i][0] = 2;
    __ravel_write_range(mine[i] + 1, Size - 1,
                        RT_SITE(RAVEL_SITE_WRITE, "m[1..]"));
  }
  step_set(&step, 2);
  AT(pthread_join(t, 0));
  for (int i = 0; i < N; ++i)
    free(mine[i]);
  return reused ? 0 : 3; // 3: no address came back, the test is void
}
