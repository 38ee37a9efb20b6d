// Two workers each run a long loop over their own array, then add their
// sum to a shared total under a mutex. Under a controlled schedule every
// access is a scheduling point, but nothing changes between the loop's
// steps: the thread that holds the turn goes on without a decision, so the
// recorded schedule has a handful of decisions (creations, the lock, PCT's
// change points), not one per step (tests/runtime/replay_test.cpp,
// Replay.PrivateLoopsAddNoDecisions), and the replay is exact.
// EXPECT: none
// OPTIONS: schedule=pct seed=1
// SEEDS: pct 1-4 random 1-2
#include "ravel_test.h"
#include <pthread.h>

enum { N = 20000 };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static long total;
static long own[2][N];

static void *worker(void *arg) {
  FUNC();
  long *mine = own[(long)arg];
  long sum = 0;
  for (int i = 0; i < N; ++i) {
    WR(mine[i]);
    mine[i] = i;
    RD(mine[i]);
    sum += mine[i];
  }
  LOCK(m);
  UPD(total);
  total += sum;
  UNLOCK(m);
  return 0;
}

int main(void) {
  FUNC();
  pthread_t t[2];
  for (long i = 0; i < 2; ++i)
    AT(pthread_create(&t[i], 0, worker, (void *)i));
  for (int i = 0; i < 2; ++i)
    AT(pthread_join(t[i], 0));
  RD(total);
  return total == 2L * N * (N - 1) / 2 ? 0 : 1;
}
