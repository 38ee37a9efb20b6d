// A write under two locks races with a read under an unrelated lock: both
// sides of the report list the locks their thread held at the access, the
// previous access included, with where each was acquired.
// EXPECT: data-race race_locks_held.c:@write:write race_locks_held.c:@read:read
// HELD: race_locks_held.c:@write:write outer inner
// HELD: race_locks_held.c:@read:read other
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t inner = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static int balance;
static int step;

static void *auditor(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(other);
  RD(balance); // @read
  int b = balance;
  UNLOCK(other);
  return (void *)(long)b;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, auditor, 0));
  LOCK(outer);
  LOCK(inner);
  WR(balance); // @write
  balance = 10;
  UNLOCK(inner);
  UNLOCK(outer);
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return 0;
}
