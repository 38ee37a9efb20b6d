// Two threads call a function with a function-local static whose
// constructor writes its fields; both read the fields. Thread-safe static
// initialisation orders the constructor before every use: no race, whichever
// thread initialises and whether the other one waits in
// __cxa_guard_acquire (it arrives while the constructor runs) or finds the
// static ready with the compiler's inline check (it arrives after). Under a
// controlled schedule the waiting thread is parked, not blocked for real
// (which left the run to the stall watchdog: slow, and not exactly
// replayable).
// EXPECT: none
// SEEDS: pct 1-8 random 1-4
#include "ravel_test.h"
#include <pthread.h>

static volatile int step;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

struct Foo {
  int a, b;
  Foo() {
    FUNC();
    WR(a);
    a = 1;
    step_set(&step, 1); // the other thread may now call get()
    LOCK(m);            // a scheduling point inside the constructor
    UNLOCK(m);
    WR(b);
    b = 2;
  }
};

static Foo &get() {
  FUNC();
  static Foo f;
  return f;
}

static int use() {
  FUNC();
  Foo &f = get();
  RD(f.a);
  RD(f.b);
  return f.a + f.b;
}

static void *worker(void *arg) {
  FUNC();
  if (arg) // the second caller: arrives during or after the constructor
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
  return ra == (void *)3 && rb == (void *)3 ? 0 : 1;
}
