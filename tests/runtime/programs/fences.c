// Fence-based publication: a release fence before a relaxed store, and a
// relaxed load followed by an acquire fence, synchronise (no race on
// data1). Without the reader's acquire fence there is no edge (data2).
// Atomic accesses never race with each other.
// EXPECT: data-race fences.c:@w2:write fences.c:@r2:read
#include "ravel_test.h"
#include <pthread.h>

static int data1, data2;
static int flag1, flag2;

static void store_relaxed(int *p, int v, const __ravel_site *s) {
  __ravel_atomic_begin(p, sizeof *p, RAVEL_ATOMIC_STORE, 0, 0, s);
  __atomic_store_n(p, v, __ATOMIC_RELAXED);
  __ravel_atomic_end(p, sizeof *p, RAVEL_ATOMIC_STORE, 0, 0, 1, s);
}
static int load_relaxed(int *p, const __ravel_site *s) {
  __ravel_atomic_begin(p, sizeof *p, RAVEL_ATOMIC_LOAD, 0, 0, s);
  int v = __atomic_load_n(p, __ATOMIC_RELAXED);
  __ravel_atomic_end(p, sizeof *p, RAVEL_ATOMIC_LOAD, 0, 0, 1, s);
  return v;
}
#define FENCE(MO)                                                              \
  (__ravel_fence(MO, 0, RT_SITE(RAVEL_SITE_ATOMIC, "fence")),                  \
   __atomic_thread_fence(MO))

static void *reader(void *arg) {
  FUNC();
  while (!load_relaxed(&flag1, RT_SITE(RAVEL_SITE_ATOMIC, "flag1")))
    sched_yield();
  FENCE(__ATOMIC_ACQUIRE);
  RD(data1);
  int v = data1;
  while (!load_relaxed(&flag2, RT_SITE(RAVEL_SITE_ATOMIC, "flag2")))
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
  FENCE(__ATOMIC_RELEASE);
  store_relaxed(&flag1, 1, RT_SITE(RAVEL_SITE_ATOMIC, "flag1"));
  WR(data2); // @w2
  data2 = 2;
  FENCE(__ATOMIC_RELEASE);
  store_relaxed(&flag2, 1, RT_SITE(RAVEL_SITE_ATOMIC, "flag2"));
  AT(pthread_join(t, 0));
  return 0;
}
