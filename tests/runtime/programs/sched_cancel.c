// pthread_cancel of threads blocked in cancellation points the scheduler
// models: a condvar wait (its cleanup handler runs with the mutex
// re-acquired, as glibc does, and unlocks it), a sleep, and a join. Each
// target may or may not have reached its wait when it is cancelled; either
// way it acts on the cancellation there, runs its cleanup handlers and
// finishes, and its joiner gets PTHREAD_CANCELED. The program ends cleanly
// natively: no finding, no deadlock under any schedule.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int never, cleanups;

static void unlock_m(void *arg) { UNLOCK(m); }

static void count_cleanup(void *arg) {
  LOCK(log_mu);
  UPD(cleanups);
  cleanups++;
  UNLOCK(log_mu);
}

static void *waiter(void *arg) {
  FUNC();
  pthread_cleanup_push(unlock_m, 0);
  LOCK(m);
  while (!never) {
    RD(never);
    AT(pthread_cond_wait(&cv, &m));
  }
  pthread_cleanup_pop(1);
  return 0;
}

static void *sleeper(void *arg) {
  FUNC();
  pthread_cleanup_push(count_cleanup, 0);
  for (;;)
    sleep(1000);
  pthread_cleanup_pop(0);
  return 0;
}

static void *joiner(void *arg) {
  FUNC();
  pthread_cleanup_push(count_cleanup, 0);
  AT(pthread_join(*(pthread_t *)arg, 0));
  pthread_cleanup_pop(0);
  return 0;
}

int main(void) {
  FUNC();
  pthread_t w, s, j;
  AT(pthread_create(&w, 0, waiter, 0));
  AT(pthread_create(&s, 0, sleeper, 0));
  AT(pthread_create(&j, 0, joiner, &w));
  void *r1, *r2, *r3;
  AT(pthread_cancel(j));
  AT(pthread_join(j, &r1));
  AT(pthread_cancel(w));
  AT(pthread_join(w, &r2));
  AT(pthread_cancel(s));
  AT(pthread_join(s, &r3));
  LOCK(m); // unlocked by the waiter's cleanup handler
  UNLOCK(m);
  RD(cleanups);
  return r1 == PTHREAD_CANCELED && r2 == PTHREAD_CANCELED &&
                 r3 == PTHREAD_CANCELED && cleanups == 2
             ? 0
             : 1;
}
