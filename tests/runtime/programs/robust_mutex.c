// A thread exits holding a robust mutex; the next locker gets EOWNERDEAD,
// which is a successful lock: it is ordered after the dead owner (no race
// on x), it is not a misuse, nor is the owner's exit, and nothing hangs.
// Unlocked without pthread_mutex_consistent, the mutex is not recoverable:
// the next lock returns ENOTRECOVERABLE, as the real call does.
// (robust_mutex_pct.c and robust_mutex_random.c run this under the
// controlled schedulers.)
// EXPECT: none
#include "ravel_test.h"
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t m, n;
static int x, y;
static int step;

static void *owner(void *arg) {
  FUNC();
  LOCK(m);
  WR(x);
  x = 1;
  LOCK(n);
  WR(y);
  y = 1;
  step_set(&step, 1);
  step_wait(&step, 2); // the heir may already be waiting for m
  return arg;          // exits holding m and n
}

static void *heir(void *arg) {
  FUNC();
  step_wait(&step, 1);
  step_set(&step, 2);
  if (LOCK(m) != EOWNERDEAD)
    return (void *)1;
  RD(x); // ordered after the owner's write through m
  if (x != 1 || AT(pthread_mutex_consistent(&m)) != 0)
    return (void *)2;
  UNLOCK(m);
  if (LOCK(n) != EOWNERDEAD)
    return (void *)3;
  RD(y);
  UNLOCK(n); // not made consistent: n is unusable from now on
  if (LOCK(m) != 0)
    return (void *)4;
  UNLOCK(m);
  if (LOCK(n) != ENOTRECOVERABLE)
    return (void *)5;
  return 0;
}

int main(void) {
  FUNC();
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
  AT(pthread_mutex_init(&m, &a));
  AT(pthread_mutex_init(&n, &a));
  pthread_t t, u;
  AT(pthread_create(&t, 0, owner, 0));
  AT(pthread_create(&u, 0, heir, 0));
  void *r;
  AT(pthread_join(u, &r));
  AT(pthread_join(t, 0));
  return r ? 10 + (int)(long)r : 0;
}
