// With halt_on_error=1 the first race ends the run at once with exitcode=
// (here 7); the second race is never reached.
// EXPECT: data-race halt_on_error.c:@first:write halt_on_error.c:@firstmain:write
// OPTIONS: halt_on_error=1 exitcode=7
// EXIT: 7
#include "ravel_test.h"
#include <pthread.h>

static int first, second;
static int step;

static void *worker(void *arg) {
  FUNC();
  step_wait(&step, 1);
  WR(first); // @first
  first = 2;
  WR(second);
  second = 2;
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  WR(first); // @firstmain
  first = 1;
  WR(second);
  second = 1;
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return 0;
}
