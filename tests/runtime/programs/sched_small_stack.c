// Threads with the smallest stacks a program may ask for, under a
// controlled schedule: the scheduler and the runtime's reporting must not
// overflow them. Two threads get PTHREAD_STACK_MIN plus a page through
// pthread_attr_setstacksize and race on a counter (found in every order:
// nothing orders their writes); two more run on small stacks of their own
// (pthread_attr_setstack) and only lock and unlock, many scheduling points
// each; a stack of their own has 64 KiB of inaccessible memory below it,
// so an overflow faults instead of writing into whatever lies there.
// EXPECT: data-race sched_small_stack.c:@inc:write sched_small_stack.c:@inc:write
// OPTIONS: schedule=pct seed=1 depth=3
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counter, guarded;

static void *racer(void *arg) {
  FUNC();
  for (int i = 0; i < 3; ++i) {
    UPD(counter); // @inc
    counter++;
  }
  return arg;
}

static void *locker(void *arg) {
  FUNC();
  for (int i = 0; i < 20; ++i) {
    LOCK(m);
    UPD(guarded);
    guarded++;
    UNLOCK(m);
  }
  return arg;
}

int main(void) {
  FUNC();
  size_t size = PTHREAD_STACK_MIN + 4096;
  pthread_attr_t small, own;
  pthread_attr_init(&small);
  pthread_attr_setstacksize(&small, size);
  pthread_t t[4];
  AT(pthread_create(&t[0], &small, racer, 0));
  AT(pthread_create(&t[1], &small, racer, 0));
  enum { Guard = 64 * 1024 };
  char *blocks[2];
  for (int i = 0; i < 2; ++i) {
    blocks[i] = mmap(0, Guard + size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (blocks[i] == MAP_FAILED || mprotect(blocks[i], Guard, PROT_NONE))
      return 2;
    pthread_attr_init(&own);
    pthread_attr_setstack(&own, blocks[i] + Guard, size);
    AT(pthread_create(&t[2 + i], &own, locker, 0));
    pthread_attr_destroy(&own);
  }
  for (int i = 0; i < 4; ++i)
    AT(pthread_join(t[i], 0));
  pthread_attr_destroy(&small);
  for (int i = 0; i < 2; ++i)
    munmap(blocks[i], Guard + size);
  return 0;
}
