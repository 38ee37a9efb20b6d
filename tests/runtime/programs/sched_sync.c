// Every blocking primitive under a controlled schedule (modelled, never
// blocking for real): mutex, rwlock, condvar with a predicate, semaphore,
// barrier, once, join, sleep. Correctly synchronised: no finding, no hang.
// EXPECT: none
// OPTIONS: schedule=pct seed=7 depth=3
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

enum { N = 3 };
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_barrier_t barrier;
static sem_t sem;
static int ready, total, config, once_value, phase1[N];

static void init_once(void) {
  WR(once_value);
  once_value = 1;
}

static void *worker(void *arg) {
  FUNC();
  long id = (long)arg;
  AT(pthread_once(&once, init_once));
  RD(once_value);
  WR(phase1[id]);
  phase1[id] = 1;
  AT(pthread_barrier_wait(&barrier));
  for (int i = 0; i < N; ++i) {
    RD(phase1[i]); // ordered by the barrier
    (void)phase1[i];
  }
  AT(pthread_mutex_lock(&m));
  while (!ready) {
    RD(ready);
    AT(pthread_cond_wait(&cv, &m));
  }
  UPD(total);
  total++;
  AT(pthread_mutex_unlock(&m));
  AT(pthread_rwlock_rdlock(&rw));
  RD(config);
  AT(pthread_rwlock_unlock(&rw));
  AT(sem_post(&sem));
  usleep(1000);
  return 0;
}

int main(void) {
  FUNC();
  AT(sem_init(&sem, 0, 0));
  AT(pthread_barrier_init(&barrier, 0, N));
  pthread_t t[N];
  for (long i = 0; i < N; ++i)
    AT(pthread_create(&t[i], 0, worker, (void *)i));
  AT(pthread_rwlock_wrlock(&rw));
  WR(config);
  config = 5;
  AT(pthread_rwlock_unlock(&rw));
  AT(pthread_mutex_lock(&m));
  WR(ready);
  ready = 1;
  AT(pthread_cond_broadcast(&cv));
  AT(pthread_mutex_unlock(&m));
  for (int i = 0; i < N; ++i)
    AT(sem_wait(&sem));
  for (int i = 0; i < N; ++i)
    AT(pthread_join(t[i], 0));
  RD(total);
  return total == N ? 0 : 1;
}
