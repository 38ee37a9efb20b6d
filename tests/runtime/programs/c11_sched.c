// C11 threads under a controlled schedule: the scheduler models mtx_t,
// cnd_t, call_once, thrd_join and thrd_sleep like their pthread forms. A
// one-hour thrd_sleep passes in virtual time (the run would time out
// otherwise), a detached thread needs no join, and the hand-offs give no
// finding.
// EXPECT: none
// OPTIONS: schedule=pct seed=4 deadlock_timeout_ms=0
#include "ravel_test.h"
#include <threads.h>
#include <time.h>

static mtx_t m;
static cnd_t cv;
static once_flag once = ONCE_FLAG_INIT;
static int config, ready, payload, detached_done;

static void init_config(void) {
  FUNC();
  WR(config);
  config = 3;
}

static int producer(void *arg) {
  FUNC();
  AT(call_once(&once, init_config));
  struct timespec hour = {3600, 0};
  AT(thrd_sleep(&hour, 0));
  WR(payload);
  payload = 7;
  AT(mtx_lock(&m));
  WR(ready);
  ready = 1;
  AT(cnd_signal(&cv));
  AT(mtx_unlock(&m));
  return 0;
}

static int loner(void *arg) {
  FUNC();
  AT(thrd_yield());
  AT(mtx_lock(&m));
  UPD(detached_done);
  detached_done++;
  AT(mtx_unlock(&m));
  return 0;
}

int main(void) {
  FUNC();
  AT(mtx_init(&m, mtx_plain));
  AT(cnd_init(&cv));
  thrd_t p, l;
  AT(thrd_create(&p, producer, 0));
  AT(thrd_create(&l, loner, 0));
  AT(thrd_detach(l));
  AT(call_once(&once, init_config));
  RD(config);
  AT(mtx_lock(&m));
  for (;;) {
    RD(ready);
    if (ready)
      break;
    AT(cnd_wait(&cv, &m));
  }
  AT(mtx_unlock(&m));
  RD(payload);
  AT(thrd_join(p, 0));
  return config == 3 && payload == 7 ? 0 : 1;
}
