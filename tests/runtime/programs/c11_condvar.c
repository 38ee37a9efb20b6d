// C11 threads: a producer hands a buffer to a consumer through a flag
// guarded by an mtx_t and a cnd_t. The uncounted barrier makes the
// consumer wait in cnd_wait before the producer takes the mutex: no race.
// EXPECT: none
#include "ravel_test.h"
#include <threads.h>

static int buffer[4];
static int ready;
static mtx_t m;
static cnd_t cv;
static int step;

static int consumer(void *arg) {
  FUNC();
  AT(mtx_lock(&m));
  step_set(&step, 1); // the producer now blocks on m until the wait
  for (;;) {
    RD(ready);
    if (ready)
      break;
    AT(cnd_wait(&cv, &m));
  }
  AT(mtx_unlock(&m));
  int sum = 0;
  for (int i = 0; i < 4; ++i) {
    RD(buffer[i]);
    sum += buffer[i];
  }
  return sum;
}

int main(void) {
  FUNC();
  AT(mtx_init(&m, mtx_plain));
  AT(cnd_init(&cv));
  thrd_t t;
  AT(thrd_create(&t, consumer, 0));
  for (int i = 0; i < 4; ++i) {
    WR(buffer[i]);
    buffer[i] = i;
  }
  step_wait(&step, 1);
  AT(mtx_lock(&m));
  WR(ready);
  ready = 1;
  AT(cnd_signal(&cv));
  AT(mtx_unlock(&m));
  int sum = 0;
  AT(thrd_join(t, &sum));
  AT(cnd_destroy(&cv));
  AT(mtx_destroy(&m));
  return sum == 6 ? 0 : 1;
}
