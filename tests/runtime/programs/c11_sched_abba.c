// C11 threads: the real ABBA deadlock on two mtx_t under a controlled
// schedule: the scheduler sees that no thread can run and reports it at
// once, with the wait-for cycle; the lock-order inversion is reported too.
// EXPECT: deadlock c11_sched_abba.c:@t1b:lock c11_sched_abba.c:@t2a:lock c11_sched_abba.c:@join:join
// EXPECT: potential-deadlock c11_sched_abba.c:@t1b:lock c11_sched_abba.c:@t2a:lock
// OPTIONS: schedule=random seed=3 deadlock_timeout_ms=0
// STDERR: wait for each other's locks forever
#include "ravel_test.h"
#include <threads.h>

static mtx_t a, b;
static int step;

static int t1(void *arg) {
  FUNC();
  AT(mtx_lock(&a));
  step_set(&step, 1);
  step_wait(&step, 2);
  AT(mtx_lock(&b)); // @t1b
  return 0;
}
static int t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(mtx_lock(&b));
  step_set(&step, 2);
  AT(mtx_lock(&a)); // @t2a
  return 0;
}

int main(void) {
  FUNC();
  AT(mtx_init(&a, mtx_plain));
  AT(mtx_init(&b, mtx_plain));
  thrd_t x, y;
  AT(thrd_create(&x, t1, 0));
  AT(thrd_create(&y, t2, 0));
  AT(thrd_join(x, 0)); // @join
  return 0;
}
