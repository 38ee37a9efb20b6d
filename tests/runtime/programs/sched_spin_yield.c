// A reader polls an atomic flag with sched_yield between its reads while
// the writer does 200000 steps of work first. A yield with no progress since
// the previous one (the flag re-read, nobody wrote it) is a spin: the reader
// gives up its turn until the flag is written, so the run fits the budget
// under every schedule. Without that, random gives the reader half of all
// steps and the run ends as a false `hang`.
// EXPECT: none
// OPTIONS: max_steps=280000
// SEEDS: pct 1-3 random 1-3
#include "ravel_test.h"
#include <pthread.h>

#define WORK 200000

static int flag;
static int work[8];

static int load_flag(void) {
  const __ravel_site *S = RT_SITE(RAVEL_SITE_ATOMIC, "flag");
  __ravel_atomic_begin(&flag, sizeof flag, RAVEL_ATOMIC_LOAD, 2, 2, S);
  int V = __atomic_load_n(&flag, __ATOMIC_ACQUIRE);
  __ravel_atomic_end(&flag, sizeof flag, RAVEL_ATOMIC_LOAD, 2, 2, 1, S);
  return V;
}

static void *writer(void *arg) {
  FUNC();
  for (int I = 0; I < WORK; ++I) {
    WR(work[I % 8]);
    work[I % 8] = I;
  }
  const __ravel_site *S = RT_SITE(RAVEL_SITE_ATOMIC, "flag");
  __ravel_atomic_begin(&flag, sizeof flag, RAVEL_ATOMIC_STORE, 3, 3, S);
  __atomic_store_n(&flag, 1, __ATOMIC_RELEASE);
  __ravel_atomic_end(&flag, sizeof flag, RAVEL_ATOMIC_STORE, 3, 3, 1, S);
  return arg;
}

static void *reader(void *arg) {
  FUNC();
  while (!load_flag())
    AT(sched_yield());
  RD(work[0]);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t r, w;
  AT(pthread_create(&r, 0, reader, 0));
  AT(pthread_create(&w, 0, writer, 0));
  AT(pthread_join(r, 0));
  AT(pthread_join(w, 0));
  return 0;
}
