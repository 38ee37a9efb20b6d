// main joins a thread while holding the mutex that thread is blocked on:
// the join can never complete. The watchdog reports the wait-for cycle
// through the join (main waits for T1, T1 for the mutex main holds) and
// ends the program with the findings exit code.
// EXPECT: deadlock dl_join.c:@join:join dl_join.c:@lock:lock
// OPTIONS: deadlock_timeout_ms=300
// STDERR: 2 threads wait for each other forever: T0 holds m and waits for thread T1; T1 is joined by T0 and waits for m
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
  FUNC();
  LOCK(m); // @lock
  UNLOCK(m);
  return arg;
}

int main(void) {
  FUNC();
  LOCK(m);
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  AT(pthread_join(t, 0)); // @join
  UNLOCK(m);
  return 0;
}
