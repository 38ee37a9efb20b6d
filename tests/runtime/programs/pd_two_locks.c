// Classic ABBA: one thread takes a then b, another b then a. The uncounted
// barrier runs them one after the other, so the run never hangs, but the
// order is inverted: a potential deadlock.
// EXPECT: potential-deadlock pd_two_locks.c:@t1b:lock pd_two_locks.c:@t2a:lock
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *t1(void *arg) {
  FUNC();
  LOCK(a);
  LOCK(b); // @t1b
  UNLOCK(b);
  UNLOCK(a);
  step_set(&step, 1);
  return arg;
}

static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(b);
  LOCK(a); // @t2a
  UNLOCK(a);
  UNLOCK(b);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
