// A function locks a local mutex and returns without unlocking it; a later
// call's local mutex lives at the same address. The new mutex is a new
// lock, whether made by pthread_mutex_init (a fresh object: the old
// lifetime's held entry goes) or by PTHREAD_MUTEX_INITIALIZER with no call
// at all (its memory says unlocked while the old one was held by this very
// thread): no self-deadlock, no misuse, and the thread's held locks in a
// later report are only the ones it really holds.
// The same holds under schedule=pct (SEEDS).
// EXPECT: data-race abandoned_mutex.c:@first:write abandoned_mutex.c:@race:write
// HELD: abandoned_mutex.c:@race:write other
// SEEDS: pct 5
#include "ravel_test.h"
#include <pthread.h>

static void *volatile where[2];
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static int g, step;

__attribute__((noinline)) static void with_init(int abandon) {
  FUNC();
  pthread_mutex_t m;
  where[abandon] = &m;
  AT(pthread_mutex_init(&m, 0));
  LOCK(m);
  if (abandon)
    return; // m is left locked
  UNLOCK(m);
  AT(pthread_mutex_destroy(&m));
}

__attribute__((noinline)) static void with_initializer(int abandon) {
  FUNC();
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  where[abandon] = &m;
  LOCK(m);
  if (abandon)
    return; // m is left locked
  UNLOCK(m);
}

static void *writer(void *arg) {
  FUNC();
  WR(g); // @first
  step_set(&step, 1);
  return arg;
}

int main(void) {
  FUNC();
  with_init(1);
  with_init(0);
  if (where[0] != where[1])
    return 3; // the frames did not overlap: the test is void
  with_initializer(1);
  with_initializer(0);
  if (where[0] != where[1])
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, writer, 0));
  step_wait(&step, 1);
  LOCK(other);
  WR(g); // @race
  UNLOCK(other);
  AT(pthread_join(t, 0));
  return 0;
}
