// Operations on a sync object access its memory (as in ThreadSanitizer):
// init and destroy write it, lock/unlock/wait/signal/post read it
// atomically. Each pair below runs in two threads ordered only by uncounted
// steps, so init or destroy races with the other thread's use, in both
// orders (init before the use, use before the destroy). Uses of one object
// by two threads never race with each other (atomic reads).
// EXPECT: data-race sync_object_access.c:@minit:write sync_object_access.c:@mlock:atomic-load
// EXPECT: data-race sync_object_access.c:@mlock2:atomic-load sync_object_access.c:@mdestroy:write
// EXPECT: data-race sync_object_access.c:@rwinit:write sync_object_access.c:@rdlock:atomic-load
// EXPECT: data-race sync_object_access.c:@spinlock:atomic-load sync_object_access.c:@spindestroy:write
// EXPECT: data-race sync_object_access.c:@seminit:write sync_object_access.c:@sempost:atomic-load
// EXPECT: data-race sync_object_access.c:@bwait:atomic-load sync_object_access.c:@bdestroy:write
// EXPECT: data-race sync_object_access.c:@signal:atomic-load sync_object_access.c:@free:write
// EXPECT: data-race sync_object_access.c:@cinit:write sync_object_access.c:@bcast:atomic-load
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>

static pthread_mutex_t m1, m2, shared = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t rw;
static pthread_spinlock_t sp;
static sem_t sem;
static pthread_barrier_t bar;
static pthread_cond_t cv;
struct Obj {
  int x;
  pthread_cond_t cv;
};
static struct Obj *obj;
static int step;

static void *t1(void *arg) {
  FUNC();
  AT(pthread_mutex_init(&m1, 0)); // @minit
  step_set(&step, 1);
  step_wait(&step, 2);
  AT(pthread_mutex_destroy(&m2)); // @mdestroy
  AT(pthread_rwlock_init(&rw, 0)); // @rwinit
  step_set(&step, 3);
  step_wait(&step, 4);
  AT(pthread_spin_destroy(&sp)); // @spindestroy
  AT(sem_init(&sem, 0, 0)); // @seminit
  step_set(&step, 5);
  step_wait(&step, 6);
  AT(pthread_barrier_destroy(&bar)); // @bdestroy
  AT(free(obj)); // @free
  AT(pthread_cond_init(&cv, 0)); // @cinit
  step_set(&step, 7);
  // Two threads using one mutex: no race among the operations.
  LOCK(shared);
  UNLOCK(shared);
  return arg;
}

static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  LOCK(m1); // @mlock
  UNLOCK(m1);
  LOCK(m2); // @mlock2
  UNLOCK(m2);
  step_set(&step, 2);
  step_wait(&step, 3);
  AT(pthread_rwlock_rdlock(&rw)); // @rdlock
  AT(pthread_rwlock_unlock(&rw));
  AT(pthread_spin_lock(&sp)); // @spinlock
  AT(pthread_spin_unlock(&sp));
  step_set(&step, 4);
  step_wait(&step, 5);
  AT(sem_post(&sem)); // @sempost
  AT(pthread_barrier_wait(&bar)); // @bwait
  AT(pthread_cond_signal(&obj->cv)); // @signal
  step_set(&step, 6);
  step_wait(&step, 7);
  AT(pthread_cond_broadcast(&cv)); // @bcast
  LOCK(shared);
  UNLOCK(shared);
  return arg;
}

int main(void) {
  FUNC();
  AT(pthread_mutex_init(&m2, 0));
  AT(pthread_spin_init(&sp, 0));
  AT(pthread_barrier_init(&bar, 0, 1));
  obj = malloc(sizeof *obj);
  AT(pthread_cond_init(&obj->cv, 0));
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
