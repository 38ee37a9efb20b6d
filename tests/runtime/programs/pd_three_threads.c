// A rotating cycle through three threads: a -> b, b -> c, c -> a. No two
// threads invert a pair, only the three together deadlock.
// clang-format off
// EXPECT: potential-deadlock pd_three_threads.c:@l1:lock pd_three_threads.c:@l2:lock pd_three_threads.c:@l3:lock
// clang-format on
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *t1(void *arg) {
  FUNC();
  LOCK(a);
  LOCK(b); // @l1
  UNLOCK(b);
  UNLOCK(a);
  step_set(&step, 1);
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(b);
  LOCK(c); // @l2
  UNLOCK(c);
  UNLOCK(b);
  step_set(&step, 2);
  return arg;
}
static void *t3(void *arg) {
  FUNC();
  step_wait(&step, 2);
  LOCK(c);
  LOCK(a); // @l3
  UNLOCK(a);
  UNLOCK(c);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y, z;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_create(&z, 0, t3, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  AT(pthread_join(z, 0));
  return 0;
}
