// Every acquisition counts, not only the first of a nesting: main nests
// a -> b, then starts T2, which nests b -> a; then main nests a -> b again.
// The first a -> b is ordered before T2 by the fork; the repeat is not
// ordered with T2's b -> a (the uncounted barrier only keeps the run from
// hanging), so the inversion is a potential deadlock, reported once, at the
// repeat.
// EXPECT: potential-deadlock pd_repeat.c:@again:lock pd_repeat.c:@t2a:lock
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void nest(void) {
  FUNC();
  LOCK(a);
  LOCK(b); // @first
  UNLOCK(b);
  UNLOCK(a);
}

static void *t2(void *arg) {
  FUNC();
  LOCK(b);
  LOCK(a); // @t2a
  UNLOCK(a);
  UNLOCK(b);
  step_set(&step, 1);
  return arg;
}

int main(void) {
  FUNC();
  nest();
  nest(); // a repeat before the fork: ordered before T2 too
  pthread_t t;
  AT(pthread_create(&t, 0, t2, 0));
  step_wait(&step, 1);
  LOCK(a);
  LOCK(b); // @again
  UNLOCK(b);
  UNLOCK(a);
  AT(pthread_join(t, 0));
  return 0;
}
