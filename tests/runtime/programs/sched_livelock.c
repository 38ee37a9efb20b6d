// Two threads each wait for the other's flag, which neither ever sets: a
// livelock. The fairness rule takes the spinners' priority away, but they
// only spin on, so the run still ends at its step budget as a `hang`, and
// the report names both spinning threads and the reads they spin on.
// EXPECT: hang sched_livelock.c:@spin_a:run sched_livelock.c:@spin_b:run sched_livelock.c:@join:join
// OPTIONS: schedule=pct seed=1 max_steps=5000
// SEEDS: pct 1-3 random 1-2
// STDERR: Spinning (no progress):
// STDERR: T1 re-reads flag_b at
// STDERR: sched_livelock.c:30:1 (
// STDERR: T2 re-reads flag_a at
// STDERR: sched_livelock.c:39:1 (
// STDERR: used its whole budget of 5000 scheduling steps
#include "ravel_test.h"
#include <pthread.h>

static int flag_a, flag_b;

static int load(int *P, const __ravel_site *S) {
  __ravel_atomic_begin(P, sizeof *P, RAVEL_ATOMIC_LOAD, 2, 2, S);
  int V = __atomic_load_n(P, __ATOMIC_ACQUIRE);
  __ravel_atomic_end(P, sizeof *P, RAVEL_ATOMIC_LOAD, 2, 2, 1, S);
  return V;
}

// Each would set its own flag only after it saw the other's.
static void *a(void *arg) {
  FUNC();
  for (;;) {
    if (load(&flag_b, RT_SITE(RAVEL_SITE_ATOMIC, "flag_b"))) // @spin_a
      break;
  }
  return arg;
}

static void *b(void *arg) {
  FUNC();
  for (;;) {
    if (load(&flag_a, RT_SITE(RAVEL_SITE_ATOMIC, "flag_a"))) // @spin_b
      break;
  }
  return arg;
}

int main(void) {
  FUNC();
  pthread_t ta, tb;
  AT(pthread_create(&ta, 0, a, 0));
  AT(pthread_create(&tb, 0, b, 0));
  AT(pthread_join(ta, 0)); // @join
  AT(pthread_join(tb, 0));
  return 0;
}
