// Both orders are taken, but always under the common gate lock g: the two
// sequences can never interleave, so there is no deadlock (ThreadSanitizer
// and Helgrind report one here).
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t g = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *t1(void *arg) {
  FUNC();
  LOCK(g);
  LOCK(a);
  LOCK(b);
  UNLOCK(b);
  UNLOCK(a);
  UNLOCK(g);
  step_set(&step, 1);
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(g);
  LOCK(b);
  LOCK(a);
  UNLOCK(a);
  UNLOCK(b);
  UNLOCK(g);
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
