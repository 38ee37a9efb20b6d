// Each misuse of a mutex is a finding with its site, and the program goes
// on: unlock of a mutex not locked, unlock of a mutex held by another
// thread, destroy of a locked mutex, condvar wait without the mutex, and a
// thread exiting while holding a lock.
// EXPECT: mutex-misuse misuse.c:@notlocked:unlock
// EXPECT: mutex-misuse misuse.c:@other:unlock
// EXPECT: mutex-misuse misuse.c:@destroy:destroy
// EXPECT: mutex-misuse misuse.c:@nowait:wait
// EXPECT: mutex-misuse misuse.c:@exitlock:exit
#include "ravel_test.h"
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t m1 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m2 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m3 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m4 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m5 = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int step;

static void *holder(void *arg) {
  FUNC();
  LOCK(m2);
  step_set(&step, 1);
  step_wait(&step, 2);
  return arg;
}

static void *leaver(void *arg) {
  FUNC();
  LOCK(m5); // @exitlock
  return arg;
}

int main(void) {
  FUNC();
  UNLOCK(m1); // @notlocked

  pthread_t t;
  AT(pthread_create(&t, 0, holder, 0));
  step_wait(&step, 1);
  UNLOCK(m2); // @other
  step_set(&step, 2);
  AT(pthread_join(t, 0));

  LOCK(m3);
  AT(pthread_mutex_destroy(&m3)); // @destroy

  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  // A wait with a mutex the thread does not hold (glibc does not check;
  // m4 is unlocked, so the timed wait just times out).
  AT(pthread_cond_timedwait(&cv, &m4, &ts)); // @nowait

  AT(pthread_create(&t, 0, leaver, 0));
  AT(pthread_join(t, 0));
  return 0;
}
