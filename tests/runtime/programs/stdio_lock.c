// flockfile/funlockfile are a lock (recursive): counts updated under
// flockfile(stdout) by two threads do not race; a variable written after
// funlockfile does. Under serialized schedules a thread that finds the FILE
// locked parks until the holder unlocks (the holder is preempted inside).
// EXPECT: data-race stdio_lock.c:@after:write stdio_lock.c:@after:write
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>
#include <stdio.h>

static long count, after;

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < 3; ++i) {
    AT(flockfile(stdout));
    AT(flockfile(stdout)); // recursive
    UPD(count);
    ++count;
    AT(funlockfile(stdout));
    UPD(count);
    ++count;
    AT(funlockfile(stdout));
  }
  if (AT(ftrylockfile(stdout)) == 0) {
    UPD(count);
    ++count;
    AT(funlockfile(stdout));
  }
  WR(after); // @after
  after = 1;
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, worker, 0));
  AT(pthread_create(&y, 0, worker, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return count >= 12 ? 0 : 3;
}
