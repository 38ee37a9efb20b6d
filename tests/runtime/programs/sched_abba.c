// The real ABBA deadlock under a controlled schedule: the scheduler sees
// that no thread can run and reports at once (no time-out), with the
// wait-for cycle; the lock-order inversion is reported too.
// EXPECT: deadlock sched_abba.c:@t1b:lock sched_abba.c:@t2a:lock sched_abba.c:@join:join
// EXPECT: potential-deadlock sched_abba.c:@t1b:lock sched_abba.c:@t2a:lock
// OPTIONS: schedule=random seed=3 deadlock_timeout_ms=0
// STDERR: wait for each other's locks forever
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *t1(void *arg) {
  FUNC();
  LOCK(a);
  step_set(&step, 1);
  step_wait(&step, 2);
  LOCK(b); // @t1b
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(b);
  step_set(&step, 2);
  LOCK(a); // @t2a
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0)); // @join
  return 0;
}
