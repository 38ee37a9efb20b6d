// The second thread starts only after the first was joined: its inverted
// order can never overlap the first one's (ThreadSanitizer and Helgrind
// report one here).
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *t1(void *arg) {
  FUNC();
  LOCK(a);
  LOCK(b);
  UNLOCK(b);
  UNLOCK(a);
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  LOCK(b);
  LOCK(a);
  UNLOCK(a);
  UNLOCK(b);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_join(x, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(y, 0));
  return 0;
}
