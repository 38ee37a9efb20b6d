// main creates a thread that races with main's last write and returns
// without joining. Ending the process is a scheduling point (and so is each
// exit handler), so under a controlled schedule the thread may run before
// the process ends: its write and main's are unordered, a race. Whether it
// runs there is the schedule's choice; this seed runs it at the exit point
// (without that point the thread never ran and the race was missed).
// EXPECT: data-race sched_exit_race.c:@main:write sched_exit_race.c:@worker:write
// OPTIONS: schedule=pct seed=6 depth=4 steps_hint=12
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>

static int last;

static void *worker(void *arg) {
  FUNC();
  WR(last); // @worker
  last = 2;
  return arg;
}

static void handler(void) {}

int main(void) {
  FUNC();
  atexit(handler);
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  WR(last); // @main
  last = 1;
  return 0;
}
