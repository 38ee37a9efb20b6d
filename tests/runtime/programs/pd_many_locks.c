// No cap on the locks a thread holds: T1 holds 80 locks at once (more than
// ThreadSanitizer's 64) and nests L[70] -> L[71] among them; T2 nests
// L[71] -> L[70]. The inversion among the later locks is reported (the 70
// other locks T1 holds are not held by T2, so they gate nothing).
// EXPECT: potential-deadlock pd_many_locks.c:@t1lock:lock pd_many_locks.c:@t2inner:lock
#include "ravel_test.h"
#include <pthread.h>

#define N 80
static pthread_mutex_t L[N];
static int step;

static void *t1(void *arg) {
  FUNC();
  for (int I = 0; I < N; ++I)
    AT(pthread_mutex_lock(&L[I])); // @t1lock
  for (int I = N - 1; I >= 0; --I)
    AT(pthread_mutex_unlock(&L[I]));
  step_set(&step, 1);
  return arg;
}

static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(pthread_mutex_lock(&L[71]));
  AT(pthread_mutex_lock(&L[70])); // @t2inner
  AT(pthread_mutex_unlock(&L[70]));
  AT(pthread_mutex_unlock(&L[71]));
  return arg;
}

int main(void) {
  FUNC();
  for (int I = 0; I < N; ++I)
    pthread_mutex_init(&L[I], 0);
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
