// A thread waits for a flag nobody sets: under a controlled schedule the
// run stops at max_steps with a `hang` finding instead of spinning forever.
// EXPECT: hang sched_hang.c:@spin:run sched_hang.c:@join:join
// OPTIONS: schedule=random seed=1 max_steps=2000
#include "ravel_test.h"
#include <pthread.h>

static int flag;

static void *spinner(void *arg) {
  FUNC();
  for (;;) {
    RD(flag); // @spin
    if (flag)
      break;
  }
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, spinner, 0));
  AT(pthread_join(t, 0)); // @join
  return 0;
}
