// Timed waits under a controlled schedule time out as the real calls do,
// in virtual time: a condvar on CLOCK_MONOTONIC (pthread_condattr_setclock)
// with a deadline 50 ms ahead on that clock, a condvar wait whose deadline
// has already passed (ETIMEDOUT, never a spurious 0), and a semaphore wait
// whose deadline has passed. Nobody signals, so natively each one
// times out too. No finding, no deadlock.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#define _GNU_SOURCE
#include "ravel_test.h"
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mono, real;
static sem_t sem;
static int spins;

static struct timespec after_ms(clockid_t c, long ms) {
  struct timespec ts;
  clock_gettime(c, &ts);
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

static void *spinner(void *arg) {
  FUNC();
  for (int i = 0; i < 10; ++i) {
    LOCK(m);
    UPD(spins);
    spins++;
    UNLOCK(m);
  }
  return arg;
}

int main(void) {
  FUNC();
  int bad = 0;
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  AT(pthread_cond_init(&mono, &ca));
  AT(pthread_cond_init(&real, 0));
  AT(sem_init(&sem, 0, 0));
  pthread_t t;
  AT(pthread_create(&t, 0, spinner, 0));

  LOCK(m);
  struct timespec d = after_ms(CLOCK_MONOTONIC, 50);
  int r = AT(pthread_cond_timedwait(&mono, &m, &d));
  struct timespec now = after_ms(CLOCK_MONOTONIC, 0);
  // It timed out, and not before its deadline.
  bad |= r != ETIMEDOUT;
  bad |= now.tv_sec < d.tv_sec ||
         (now.tv_sec == d.tv_sec && now.tv_nsec < d.tv_nsec);
  for (int i = 0; i < 8; ++i) {
    struct timespec past = after_ms(CLOCK_REALTIME, -1000);
    bad |= AT(pthread_cond_timedwait(&real, &m, &past)) != ETIMEDOUT;
    struct timespec mpast = after_ms(CLOCK_MONOTONIC, -1000);
    bad |= AT(pthread_cond_timedwait(&mono, &m, &mpast)) != ETIMEDOUT;
  }
  UNLOCK(m);

  struct timespec past = after_ms(CLOCK_REALTIME, -1000);
  bad |= AT(sem_timedwait(&sem, &past)) != -1 || errno != ETIMEDOUT;
  AT(pthread_join(t, 0));
  RD(spins);
  return bad || spins != 10;
}
