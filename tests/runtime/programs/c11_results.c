// C11 threads: the thrd_* results are glibc's: thrd_busy for a trylock of
// a mutex another thread holds, thrd_timedout for a timed lock or wait
// whose deadline passed, thrd_error for a second join; a recursive mtx_t
// (also mtx_timed | mtx_recursive) may be locked again by its owner. None
// of this is a finding. The program's exit status says which check failed.
// EXPECT: none
#include "ravel_test.h"
#include <threads.h>
#include <time.h>

static mtx_t plain, rec;
static cnd_t cv;
static int step;

static int holder(void *arg) {
  FUNC();
  AT(mtx_lock(&plain));
  step_set(&step, 1);
  step_wait(&step, 2);
  AT(mtx_unlock(&plain));
  return 0;
}

int main(void) {
  FUNC();
  if (AT(mtx_init(&plain, mtx_plain)) != thrd_success ||
      AT(mtx_init(&rec, mtx_timed | mtx_recursive)) != thrd_success ||
      AT(cnd_init(&cv)) != thrd_success)
    return 2;

  thrd_t t;
  AT(thrd_create(&t, holder, 0));
  step_wait(&step, 1);
  if (AT(mtx_trylock(&plain)) != thrd_busy)
    return 3;
  struct timespec past = {0, 0};
  if (AT(mtx_timedlock(&plain, &past)) != thrd_timedout)
    return 4;
  step_set(&step, 2);
  if (AT(thrd_join(t, 0)) != thrd_success)
    return 5;

  if (AT(mtx_lock(&rec)) != thrd_success ||
      AT(mtx_trylock(&rec)) != thrd_success ||
      AT(mtx_timedlock(&rec, &past)) != thrd_success)
    return 6;
  AT(mtx_unlock(&rec));
  AT(mtx_unlock(&rec));
  AT(mtx_unlock(&rec));

  AT(mtx_lock(&plain));
  if (AT(cnd_timedwait(&cv, &plain, &past)) != thrd_timedout)
    return 7;
  if (AT(cnd_broadcast(&cv)) != thrd_success)
    return 8;
  AT(mtx_unlock(&plain));

  struct timespec nap = {0, 1000};
  if (AT(thrd_sleep(&nap, 0)) != 0)
    return 9;
  AT(thrd_yield());
  if (thrd_equal(thrd_current(), t))
    return 10;
  return 0;
}
