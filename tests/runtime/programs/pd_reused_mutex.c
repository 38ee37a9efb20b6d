// Lock identity survives memory reuse: a is destroyed and a new mutex is
// initialised at the same address before the inverted order is taken. The
// old and new a are different locks, so there is no cycle.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a, b = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *t1(void *arg) {
  FUNC();
  LOCK(a);
  LOCK(b);
  UNLOCK(b);
  UNLOCK(a);
  AT(pthread_mutex_destroy(&a));
  AT(pthread_mutex_init(&a, 0));
  step_set(&step, 1);
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(b);
  LOCK(a);
  UNLOCK(a);
  UNLOCK(b);
  return arg;
}

int main(void) {
  FUNC();
  AT(pthread_mutex_init(&a, 0));
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
