// Five dining philosophers each take their left fork, then their right one.
// They eat one after the other here (uncounted barrier), but the five-lock
// cycle is there: one report naming all five acquisitions.
// clang-format off
// EXPECT: potential-deadlock pd_philosophers.c:@right:lock pd_philosophers.c:@right:lock pd_philosophers.c:@right:lock pd_philosophers.c:@right:lock pd_philosophers.c:@right:lock
// clang-format on
#include "ravel_test.h"
#include <pthread.h>

enum { N = 5 };
static pthread_mutex_t fork_[N];
static int turn;

static void *philosopher(void *arg) {
  FUNC();
  int i = (int)(long)arg;
  step_wait(&turn, i);
  LOCK(fork_[i]);
  LOCK(fork_[(i + 1) % N]); // @right
  UNLOCK(fork_[(i + 1) % N]);
  UNLOCK(fork_[i]);
  step_set(&turn, i + 1);
  return 0;
}

int main(void) {
  FUNC();
  pthread_t t[N];
  for (int i = 0; i < N; ++i)
    AT(pthread_mutex_init(&fork_[i], 0));
  for (int i = 0; i < N; ++i)
    AT(pthread_create(&t[i], 0, philosopher, (void *)(long)i));
  for (int i = 0; i < N; ++i)
    AT(pthread_join(t[i], 0));
  return 0;
}
