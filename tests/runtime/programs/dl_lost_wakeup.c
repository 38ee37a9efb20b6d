// The signal is sent before anyone waits and the waiter does not check a
// predicate: it waits forever (a lost wake-up). The watchdog reports it.
// EXPECT: deadlock dl_lost_wakeup.c:@wait:wait dl_lost_wakeup.c:@join:join
// OPTIONS: deadlock_timeout_ms=300
// STDERR: lost wake-up
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int step;

static void *waiter(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(m);
  AT(pthread_cond_wait(&cv, &m)); // @wait
  UNLOCK(m);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, waiter, 0));
  LOCK(m);
  AT(pthread_cond_signal(&cv));
  UNLOCK(m);
  step_set(&step, 1);
  AT(pthread_join(t, 0)); // @join
  return 0;
}
