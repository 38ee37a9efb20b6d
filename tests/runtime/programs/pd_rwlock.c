// rwlocks: an inversion of two read locks cannot block (glibc's default
// rwlocks prefer readers), so r1/r2 read-read is not reported; nor is m1/m2
// where one link is read-read. The inversion of w1/w2, each held in write
// mode and requested in read mode, can block on both links: reported.
// EXPECT: potential-deadlock pd_rwlock.c:@wb:rdlock pd_rwlock.c:@wa:rdlock
#include "ravel_test.h"
#include <pthread.h>

static pthread_rwlock_t r1 = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t r2 = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t w1 = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t w2 = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t m1 = PTHREAD_RWLOCK_INITIALIZER;
static pthread_rwlock_t m2 = PTHREAD_RWLOCK_INITIALIZER;
static int step;

#define RDLOCK(L)                                                              \
  (__ravel_next_site(RT_SITE(RAVEL_SITE_SYNC, #L)), pthread_rwlock_rdlock(&(L)))
#define WRLOCK(L)                                                              \
  (__ravel_next_site(RT_SITE(RAVEL_SITE_SYNC, #L)), pthread_rwlock_wrlock(&(L)))
#define RWUNLOCK(L)                                                            \
  (__ravel_next_site(RT_SITE(RAVEL_SITE_SYNC, #L)), pthread_rwlock_unlock(&(L)))

static void *t1(void *arg) {
  FUNC();
  RDLOCK(r1);
  RDLOCK(r2);
  RWUNLOCK(r2);
  RWUNLOCK(r1);
  RDLOCK(m1);
  WRLOCK(m2);
  RWUNLOCK(m2);
  RWUNLOCK(m1);
  WRLOCK(w1);
  RDLOCK(w2); // @wb
  RWUNLOCK(w2);
  RWUNLOCK(w1);
  step_set(&step, 1);
  return arg;
}
static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  RDLOCK(r2);
  RDLOCK(r1);
  RWUNLOCK(r1);
  RWUNLOCK(r2);
  RDLOCK(m2);
  RDLOCK(m1);
  RWUNLOCK(m1);
  RWUNLOCK(m2);
  WRLOCK(w2);
  RDLOCK(w1); // @wa
  RWUNLOCK(w1);
  RWUNLOCK(w2);
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
