// A reader spins on an atomic flag while the writer does 300000 steps of
// work before it sets the flag. A fair schedule lets the writer finish: the
// reader's re-reads of a flag nobody wrote make no progress, so it gives up
// its priority (PCT) or its turn (random) until the flag is written. An
// unfair one gives the reader as many steps as the writer, and the run
// overshoots the budget as a false `hang`.
// EXPECT: none
// OPTIONS: max_steps=400000
// SEEDS: pct 1-4 random 1-3
#include "ravel_test.h"
#include <pthread.h>

#define WORK 300000

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
    ;
  RD(work[0]); // ordered after the writer's work by the flag
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
