// A function-local static whose first constructor run throws
// (__cxa_guard_abort): the other thread, which arrived while it ran (waiting
// in __cxa_guard_acquire, parked under a controlled schedule) or arrives
// after, initialises it instead; the thrower retries and uses it. Both read
// the fields the successful constructor wrote: no race, no deadlock.
// EXPECT: none
// SEEDS: pct 1-6 random 1-6
#include "ravel_test.h"
#include <pthread.h>

static volatile int step;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int attempts;

struct Foo {
  int a;
  Foo() {
    FUNC();
    LOCK(m);
    UPD(attempts);
    int first = attempts++ == 0;
    UNLOCK(m);
    if (first) {
      step_set(&step, 1); // the other thread may now call get()
      LOCK(m);            // a scheduling point inside the constructor
      UNLOCK(m);
      throw 1;
    }
    WR(a);
    a = 7;
  }
};

static Foo &get() {
  FUNC();
  static Foo f;
  return f;
}

static int use() {
  FUNC();
  for (;;) {
    try {
      Foo &f = get();
      RD(f.a);
      return f.a;
    } catch (int) {
    }
  }
}

static void *worker(void *arg) {
  FUNC();
  if (arg)
    step_wait(&step, 1);
  return (void *)(long)use();
}

int main() {
  FUNC();
  pthread_t a, b;
  AT(pthread_create(&a, nullptr, worker, nullptr));
  AT(pthread_create(&b, nullptr, worker, &a));
  void *ra, *rb;
  AT(pthread_join(a, &ra));
  AT(pthread_join(b, &rb));
  return ra == (void *)7 && rb == (void *)7 ? 0 : 1;
}
