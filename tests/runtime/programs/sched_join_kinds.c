// Joins that do not wait for a finished thread, under a controlled
// schedule: pthread_join(pthread_self()) fails with EDEADLK (in main and in
// a worker), pthread_tryjoin_np of a running thread fails with EBUSY, a
// timed join whose deadline passes (in the future, and already past) fails
// with ETIMEDOUT in virtual time. The worker waits for main's go-ahead, so
// every result is the same natively. No finding, no deadlock.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#define _GNU_SOURCE
#include "ravel_test.h"
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int go, self_join;

static void *worker(void *arg) {
  FUNC();
  int r = AT(pthread_join(pthread_self(), 0));
  LOCK(m);
  WR(self_join);
  self_join = r;
  while (!go) {
    RD(go);
    AT(pthread_cond_wait(&cv, &m));
  }
  UNLOCK(m);
  return arg;
}

static struct timespec after_ms(long ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  long long ns = ts.tv_nsec + ms * 1000000LL;
  ts.tv_sec += ns / 1000000000;
  ns %= 1000000000;
  if (ns < 0) {
    ns += 1000000000;
    ts.tv_sec -= 1;
  }
  ts.tv_nsec = ns;
  return ts;
}

int main(void) {
  FUNC();
  int bad = 0;
  bad |= AT(pthread_join(pthread_self(), 0)) != EDEADLK;
  pthread_t t;
  AT(pthread_create(&t, 0, worker, (void *)5));
  bad |= AT(pthread_tryjoin_np(t, 0)) != EBUSY;
  struct timespec soon = after_ms(20), past = after_ms(-1000);
  bad |= AT(pthread_timedjoin_np(t, 0, &soon)) != ETIMEDOUT;
  bad |= AT(pthread_timedjoin_np(t, 0, &past)) != ETIMEDOUT;
  LOCK(m);
  WR(go);
  go = 1;
  AT(pthread_cond_broadcast(&cv));
  UNLOCK(m);
  void *ret = 0;
  struct timespec later = after_ms(60000);
  bad |= AT(pthread_timedjoin_np(t, &ret, &later)) != 0;
  bad |= ret != (void *)5;
  RD(self_join); // ordered by the join
  bad |= self_join != EDEADLK;
  return bad;
}
