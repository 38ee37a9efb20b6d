// C11 threads: two thrd_t threads write a global without synchronisation;
// an uncounted barrier fixes the order (main first), so the race is found
// on every run, at both writes.
// EXPECT: data-race c11_race.c:@inc:write c11_race.c:@set:write
#include "ravel_test.h"
#include <threads.h>

int counter;
static int step;

static int worker(void *arg) {
  FUNC();
  (void)arg;
  step_wait(&step, 1);
  UPD(counter); // @inc
  counter++;
  return 0;
}

int main(void) {
  FUNC();
  thrd_t t;
  AT(thrd_create(&t, worker, 0));
  WR(counter); // @set
  counter = 1;
  step_set(&step, 1);
  AT(thrd_join(t, 0));
  return 0;
}
