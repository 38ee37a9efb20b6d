// Lock identity survives memory reuse: a is destroyed and a new mutex is
// initialised at the same address before the inverted order is taken. The
// old and new a are different locks, so there is no cycle. (t2 joins t1:
// destroy and init write the mutex's memory, so t2's use must be ordered
// after them, or it would be a race on a.)
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_t x;

static void *t1(void *arg) {
  FUNC();
  LOCK(a);
  LOCK(b);
  UNLOCK(b);
  UNLOCK(a);
  AT(pthread_mutex_destroy(&a));
  AT(pthread_mutex_init(&a, 0));
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  AT(pthread_join(x, 0));
  LOCK(b);
  LOCK(a);
  UNLOCK(a);
  UNLOCK(b);
  return arg;
}

int main(void) {
  FUNC();
  AT(pthread_mutex_init(&a, 0));
  pthread_t y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(y, 0));
  return 0;
}
