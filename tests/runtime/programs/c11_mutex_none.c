// C11 threads: both threads update the counter under one mtx_t: no race,
// whichever order the uncounted barrier forces (glibc's mtx_lock calls its
// pthread mutex internally; ravel must still see the lock).
// EXPECT: none
#include "ravel_test.h"
#include <threads.h>

static int counter;
static mtx_t m;
static int step;

static int worker(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(mtx_lock(&m));
  UPD(counter);
  counter++;
  AT(mtx_unlock(&m));
  return 0;
}

int main(void) {
  FUNC();
  if (AT(mtx_init(&m, mtx_plain)) != thrd_success)
    return 2;
  thrd_t t;
  if (AT(thrd_create(&t, worker, 0)) != thrd_success)
    return 3;
  AT(mtx_lock(&m));
  UPD(counter);
  counter++;
  AT(mtx_unlock(&m));
  step_set(&step, 1);
  AT(thrd_join(t, 0));
  AT(mtx_destroy(&m));
  return counter == 2 ? 0 : 1;
}
