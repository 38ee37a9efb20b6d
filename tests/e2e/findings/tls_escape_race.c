// A thread hands the address of its thread-local counter to another thread
// (through an atomic pointer: the hand-off itself is synchronised) and both
// update the counter without a lock afterwards: a race on the thread-local,
// which is private only while its address stays in its thread. The
// borrower's update is forced to come first with a spin the detector does
// not see; the owner keeps its thread (and the counter) alive until then.
// Under PCT schedules too: the owner's loop over its escaped thread-local
// is instrumented, so each update is a scheduling point and every run
// completes.
// EXPECT: data-race tls_counter (tls_escape_race.c:33, tls_escape_race.c:42)
// RUNS: 5
// SEEDS: pct 1-5
#include "uncounted.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

static __thread int tls_counter;
static int *_Atomic published;
static int borrowed; // the uncounted hand-back

static void waitFor(int *flag) {
  while (!uncounted_load(flag))
    sched_yield();
}

static void *owner(void *arg) {
  (void)arg;
  atomic_store(&published, &tls_counter);
  waitFor(&borrowed);
  for (int i = 0; i < 10; ++i)
    tls_counter += 1;
  return 0;
}

static void *borrower(void *arg) {
  (void)arg;
  int *p;
  while (!(p = atomic_load(&published)))
    sched_yield();
  *p += 1;
  uncounted_add(&borrowed, 1);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, owner, 0);
  pthread_create(&b, 0, borrower, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
