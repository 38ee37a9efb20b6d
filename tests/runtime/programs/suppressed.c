// Two races; the suppressions file silences the one on `noisy_stat` (by
// variable text) and the one in function `log_hit` (by function), so the
// run is clean; an exit code of 0 shows nothing was counted.
// EXPECT: none
// OPTIONS: suppressions=%S/suppressed.supp
#include "ravel_test.h"
#include <pthread.h>

static int noisy_stat, hits;
static int step;

static void log_hit(void) {
  FUNC();
  UPD(hits);
  hits++;
}

static void *worker(void *arg) {
  FUNC();
  step_wait(&step, 1);
  UPD(noisy_stat);
  noisy_stat++;
  log_hit();
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  UPD(noisy_stat);
  noisy_stat++;
  log_hit();
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return 0;
}
