// A deadline loop under a serialized schedule: main polls a 0.5 s deadline
// with 10 ms sleeps while a worker runs. Time is virtual there, so the loop
// takes 50 rounds in every run (not as many polls as fit in half a real
// second), the clocks agree with each other, and a timed wait nobody
// signals times out at its deadline in virtual time.
// EXPECT: none
// OPTIONS: schedule=random seed=3 max_steps=20000
#include "ravel_test.h"
#include <pthread.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int work;

static long long ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < 20; ++i) {
    LOCK(m);
    UPD(work);
    work++;
    UNLOCK(m);
  }
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  long long start = ns(CLOCK_MONOTONIC), wall = ns(CLOCK_REALTIME);
  time_t start_s = time(0);
  int rounds = 0;
  while (ns(CLOCK_MONOTONIC) < start + 500000000LL) {
    usleep(10000);
    ++rounds;
  }
  long long elapsed = ns(CLOCK_MONOTONIC) - start;
  long long wall_elapsed = ns(CLOCK_REALTIME) - wall;
  struct timeval tv;
  gettimeofday(&tv, 0);

  // A timed wait with nobody to signal: it times out 100 ms later.
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 100000000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_sec++;
    deadline.tv_nsec -= 1000000000;
  }
  long long before = ns(CLOCK_REALTIME);
  LOCK(m);
  int r = AT(pthread_cond_timedwait(&cv, &m, &deadline));
  UNLOCK(m);
  long long waited = ns(CLOCK_REALTIME) - before;

  // nanosleep and an absolute clock_nanosleep are virtual too.
  long long t0 = ns(CLOCK_MONOTONIC);
  struct timespec d = {0, 30000000};
  nanosleep(&d, 0);
  struct timespec until;
  clock_gettime(CLOCK_MONOTONIC, &until);
  until.tv_sec += 2;
  clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, 0);
  long long slept = ns(CLOCK_MONOTONIC) - t0;
  AT(pthread_join(t, 0));

  int ok = rounds == 50 && elapsed >= 500000000LL && elapsed < 510000000LL &&
           wall_elapsed >= elapsed && tv.tv_sec - start_s <= 1 &&
           r == 110 /* ETIMEDOUT */ && waited >= 100000000LL &&
           waited < 101000000LL && slept >= 2030000000LL &&
           slept < 2031000000LL;
  if (!ok)
    fprintf(stderr,
            "rounds %d elapsed %lld wall %lld timedwait %d after %lld slept "
            "%lld\n",
            rounds, elapsed, wall_elapsed, r, waited, slept);
  return ok ? 0 : 1;
}
