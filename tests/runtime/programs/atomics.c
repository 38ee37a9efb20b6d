// Release/acquire publication orders the data (no race); the same hand-off
// with relaxed orders does not (race on data2).
// EXPECT: data-race atomics.c:@w2:write atomics.c:@r2:read
#include "ravel_test.h"
#include <pthread.h>

static int data1, data2;
static int flag1, flag2;

#define ATOMIC_STORE(P, V, MO)                                                 \
  do {                                                                         \
    const __ravel_site *S_ = RT_SITE(RAVEL_SITE_ATOMIC, #P);                   \
    __ravel_atomic_begin(P, sizeof *(P), RAVEL_ATOMIC_STORE, MO, MO, S_);      \
    __atomic_store_n(P, V, MO);                                                \
    __ravel_atomic_end(P, sizeof *(P), RAVEL_ATOMIC_STORE, MO, MO, 1, S_);     \
  } while (0)
static int atomic_load(int *p, int mo, const __ravel_site *s) {
  __ravel_atomic_begin(p, sizeof *p, RAVEL_ATOMIC_LOAD, mo, mo, s);
  int v = __atomic_load_n(p, mo);
  __ravel_atomic_end(p, sizeof *p, RAVEL_ATOMIC_LOAD, mo, mo, 1, s);
  return v;
}

static void *reader(void *arg) {
  FUNC();
  while (!atomic_load(&flag1, __ATOMIC_ACQUIRE,
                      RT_SITE(RAVEL_SITE_ATOMIC, "flag1")))
    sched_yield();
  RD(data1);
  int v = data1;
  while (!atomic_load(&flag2, __ATOMIC_RELAXED,
                      RT_SITE(RAVEL_SITE_ATOMIC, "flag2")))
    sched_yield();
  RD(data2); // @r2
  v += data2;
  return (void *)(long)v;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, reader, 0));
  WR(data1);
  data1 = 1;
  ATOMIC_STORE(&flag1, 1, __ATOMIC_RELEASE);
  WR(data2); // @w2
  data2 = 2;
  ATOMIC_STORE(&flag2, 1, __ATOMIC_RELAXED);
  AT(pthread_join(t, 0));
  return 0;
}
