// Both sides of a race are reported with their full source stacks, the
// previous access too (two instrumented frames deep in each thread). A
// caller's line is the last site it executed before the call (ravel.h), so
// each call here shares its line with an access.
// EXPECT: data-race race_stacks.c:@store:write race_stacks.c:@load:read
// STACK: race_stacks.c:@store>race_stacks.c:@callset>race_stacks.c:@callupdate
// STACK: race_stacks.c:@load>race_stacks.c:@callget
#include "ravel_test.h"
#include <pthread.h>

static int shared;
static int step;

static void set_value(int v) {
  FUNC();
  WR(shared); // @store
  shared = v;
}

static void update(void) {
  FUNC();
  int local = 3;
  WR(local), set_value(local); // @callset
}

static int get_value(void) {
  FUNC();
  RD(shared); // @load
  return shared;
}

static void *reader(void *arg) {
  FUNC();
  step_wait(&step, 1);
  int v = 0;
  WR(v), v = get_value(); // @callget
  return (void *)(long)v;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, reader, 0));
  static int calls;
  WR(calls), update(); // @callupdate
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return 0;
}
