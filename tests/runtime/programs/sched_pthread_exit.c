// pthread_exit under a controlled schedule: the exiting thread's cleanup
// handlers run (and reach scheduling points: a cleanup that unlocks, one
// that locks and unlocks) before the thread counts as finished, so its
// joiner waits for them and sees the unlock; nothing is a deadlock. The
// program ends cleanly without ravel: no finding.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static int data, cleanups;

static void unlock_m(void *arg) { UNLOCK(m); }

static void count_cleanup(void *arg) {
  LOCK(log_mu);
  UPD(cleanups);
  cleanups++;
  UNLOCK(log_mu);
}

static void leave(void) {
  FUNC();
  pthread_exit((void *)7);
}

static void *holder(void *arg) {
  FUNC();
  pthread_cleanup_push(unlock_m, 0);
  LOCK(m);
  WR(data);
  data = 1;
  leave(); // the cleanup unlocks m
  pthread_cleanup_pop(0);
  return 0;
}

static void *counter(void *arg) {
  FUNC();
  pthread_cleanup_push(count_cleanup, 0);
  pthread_cleanup_push(count_cleanup, 0);
  pthread_exit(0);
  pthread_cleanup_pop(0);
  pthread_cleanup_pop(0);
  return 0;
}

int main(void) {
  FUNC();
  pthread_t a, b;
  AT(pthread_create(&a, 0, holder, 0));
  AT(pthread_create(&b, 0, counter, 0));
  void *ret = 0;
  AT(pthread_join(a, &ret));
  AT(pthread_join(b, 0));
  LOCK(m); // unlocked by a's cleanup handler
  RD(data);
  int ok = data == 1 && ret == (void *)7;
  UNLOCK(m);
  RD(cleanups); // ordered by the join
  return ok && cleanups == 2 ? 0 : 1;
}
