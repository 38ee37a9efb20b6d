// Under a controlled schedule (one thread at a time, chosen by PCT from the
// seed) the unsynchronised counter is still a race, found on every run.
// EXPECT: data-race sched_race.c:@inc:write sched_race.c:@inc:write
// OPTIONS: schedule=pct seed=11 depth=3
#include "ravel_test.h"
#include <pthread.h>

static int counter;

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < 3; ++i) {
    UPD(counter); // @inc
    counter++;
  }
  return arg;
}

int main(void) {
  FUNC();
  pthread_t a, b;
  AT(pthread_create(&a, 0, worker, 0));
  AT(pthread_create(&b, 0, worker, 0));
  AT(pthread_join(a, 0));
  AT(pthread_join(b, 0));
  return 0;
}
