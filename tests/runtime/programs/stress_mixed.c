// Many threads at once through every runtime path (locks, rwlocks, atomics,
// condvars, heap churn, memcpy) for many iterations: correctly synchronised,
// so no finding, no hang and no crash of the runtime itself.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { Threads = 8, Iterations = 20000 };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long total, table[16];
static int ticket;

static void *worker(void *arg) {
  FUNC();
  long id = (long)arg;
  for (int i = 0; i < Iterations; ++i) {
    AT(pthread_mutex_lock(&m));
    UPD(total);
    total++;
    AT(pthread_mutex_unlock(&m));
    if (i % 8 == 0) {
      AT(pthread_rwlock_wrlock(&rw));
      WR(table[i % 16]);
      table[i % 16] = id;
      AT(pthread_rwlock_unlock(&rw));
    } else {
      AT(pthread_rwlock_rdlock(&rw));
      RD(table[i % 16]);
      (void)table[i % 16];
      AT(pthread_rwlock_unlock(&rw));
    }
    const __ravel_site *s = RT_SITE(RAVEL_SITE_ATOMIC, "ticket");
    __ravel_atomic_begin(&ticket, 4, RAVEL_ATOMIC_RMW, 4, 4, s);
    __atomic_fetch_add(&ticket, 1, __ATOMIC_ACQ_REL);
    __ravel_atomic_end(&ticket, 4, RAVEL_ATOMIC_RMW, 4, 4, 1, s);
    char *p = malloc(32 + i % 200);
    volatile size_t n = 32;
    AT(memset(p, (int)id, n));
    AT(memcpy(p + 16, p, 16));
    __ravel_write_range(p, 32, RT_SITE(RAVEL_SITE_WRITE, "p[0..32]"));
    free(p);
  }
  return 0;
}

int main(void) {
  FUNC();
  pthread_t t[Threads];
  for (long i = 0; i < Threads; ++i)
    AT(pthread_create(&t[i], 0, worker, (void *)i));
  for (int i = 0; i < Threads; ++i)
    AT(pthread_join(t[i], 0));
  RD(total);
  return total == (long)Threads * Iterations ? 0 : 1;
}
