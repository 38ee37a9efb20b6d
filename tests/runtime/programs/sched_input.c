// A program whose path depends on its input: argv[1] is how many rounds
// each worker makes (default 3), and SCHED_INPUT_OTHER=1 in the environment
// makes the workers lock at another site and update another variable (as
// many steps).
// A replay of a schedule recorded with one input, run with another, must be
// reported as diverged (tests/runtime/replay_test.cpp, Replay.*); with
// the same input it replays exactly.
// EXPECT: none
// OPTIONS: schedule=pct seed=2
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int rounds = 3, other, counter, spare;

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < rounds; ++i) {
    if (other) {
      LOCK(m);
      UPD(spare); // @other
      spare++;
    } else {
      LOCK(m);
      UPD(counter); // @counter
      counter++;
    }
    UNLOCK(m);
  }
  return arg;
}

int main(int argc, char **argv) {
  FUNC();
  if (argc > 1)
    rounds = atoi(argv[1]);
  const char *o = getenv("SCHED_INPUT_OTHER");
  other = o && *o == '1';
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    AT(pthread_create(&t[i], 0, worker, 0));
  for (int i = 0; i < 2; ++i)
    AT(pthread_join(t[i], 0));
  return 0;
}
