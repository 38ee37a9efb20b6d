// C11 threads: ABBA on two mtx_t. The uncounted barrier runs the threads
// one after the other, so the run never hangs, but the order is inverted:
// a potential deadlock.
// EXPECT: potential-deadlock c11_pd_two_locks.c:@t1b:lock c11_pd_two_locks.c:@t2a:lock
#include "ravel_test.h"
#include <threads.h>

static mtx_t a, b;
static int step;

static int t1(void *arg) {
  FUNC();
  AT(mtx_lock(&a));
  AT(mtx_lock(&b)); // @t1b
  AT(mtx_unlock(&b));
  AT(mtx_unlock(&a));
  step_set(&step, 1);
  return 0;
}

static int t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(mtx_lock(&b));
  AT(mtx_lock(&a)); // @t2a
  AT(mtx_unlock(&a));
  AT(mtx_unlock(&b));
  return 0;
}

int main(void) {
  FUNC();
  AT(mtx_init(&a, mtx_plain));
  AT(mtx_init(&b, mtx_timed));
  thrd_t x, y;
  AT(thrd_create(&x, t1, 0));
  AT(thrd_create(&y, t2, 0));
  AT(thrd_join(x, 0));
  AT(thrd_join(y, 0));
  return 0;
}
