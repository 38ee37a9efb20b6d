// C11 <threads.h>: two threads take two mtx_t in opposite orders. A spin
// barrier the detector does not see runs them one after the other, so the
// run never hangs, but the inversion is a potential deadlock, reported at
// the two nested mtx_lock calls. A condition-variable hand-off of a job
// before it is race-free.
// EXPECT: potential-deadlock accounts (c11_threads_abba.c:30, c11_threads_abba.c:41)
// RUNS: 3
#include "uncounted.h"
#include <threads.h>

static mtx_t accounts, audit;
static mtx_t qmu;
static cnd_t qcv;
static int job, have_job;
static int gate;

static int take_job(void) {
  mtx_lock(&qmu);
  while (!have_job)
    cnd_wait(&qcv, &qmu);
  int j = job;
  mtx_unlock(&qmu);
  return j;
}

static int transfer(void *arg) {
  (void)arg;
  int j = take_job();
  mtx_lock(&accounts);
  mtx_lock(&audit);
  mtx_unlock(&audit);
  mtx_unlock(&accounts);
  uncounted_barrier(&gate, 2);
  return j;
}

static int report(void *arg) {
  (void)arg;
  uncounted_barrier(&gate, 2);
  mtx_lock(&audit);
  mtx_lock(&accounts);
  mtx_unlock(&accounts);
  mtx_unlock(&audit);
  return 0;
}

int main(void) {
  mtx_init(&accounts, mtx_plain);
  mtx_init(&audit, mtx_plain);
  mtx_init(&qmu, mtx_plain);
  cnd_init(&qcv);
  thrd_t t1, t2;
  thrd_create(&t1, transfer, 0);
  thrd_create(&t2, report, 0);
  mtx_lock(&qmu);
  job = 7;
  have_job = 1;
  cnd_signal(&qcv);
  mtx_unlock(&qmu);
  int r1 = 0, r2 = 0;
  thrd_join(t1, &r1);
  thrd_join(t2, &r2);
  return r1 == 7 && r2 == 0 ? 0 : 1;
}
