// The main thread calls pthread_exit while a worker still runs: the
// process ends (status 0) when the worker does, under every schedule,
// although the runtime's helper threads are still alive; main's exit is
// not a deadlock and the worker's cleanup handler runs first.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;

static void unlock_m(void *arg) { UNLOCK(m); }

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < 5; ++i) {
    LOCK(m);
    UPD(count);
    count++;
    UNLOCK(m);
  }
  pthread_cleanup_push(unlock_m, 0);
  LOCK(m);
  pthread_exit(0);
  pthread_cleanup_pop(0);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  LOCK(m);
  UPD(count);
  count++;
  UNLOCK(m);
  AT(pthread_exit(0));
}
