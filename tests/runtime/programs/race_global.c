// Two threads write a global without synchronisation; an uncounted barrier
// makes the order fixed (main first), so the race is found on every run.
// EXPECT: data-race race_global.c:@inc:write race_global.c:@set:write
#include "ravel_test.h"
#include <pthread.h>

int counter;
static int step;

static void *worker(void *arg) {
  FUNC();
  (void)arg;
  step_wait(&step, 1);
  UPD(counter); // @inc
  counter++;
  return 0;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  WR(counter); // @set
  counter = 1;
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return 0;
}
