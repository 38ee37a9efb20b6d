// Readers under rdlock and a writer under wrlock do not race; a "reader"
// that writes under a read lock races with another reader's read.
// EXPECT: data-race rwlock.c:@badwrite:write rwlock.c:@read2:read
#include "ravel_test.h"
#include <pthread.h>

static int config, stats;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int step;

static void *reader(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(pthread_rwlock_rdlock(&rw));
  RD(config);
  (void)config;
  RD(stats); // @read2
  (void)stats;
  AT(pthread_rwlock_unlock(&rw));
  step_set(&step, 2);
  return arg;
}

static void *writer(void *arg) {
  FUNC();
  step_wait(&step, 2);
  AT(pthread_rwlock_wrlock(&rw));
  WR(config);
  config = 2;
  AT(pthread_rwlock_unlock(&rw));
  return arg;
}

int main(void) {
  FUNC();
  pthread_t r, w;
  AT(pthread_create(&r, 0, reader, 0));
  AT(pthread_create(&w, 0, writer, 0));
  AT(pthread_rwlock_rdlock(&rw));
  RD(config);
  (void)config;
  WR(stats); // @badwrite
  stats++;
  AT(pthread_rwlock_unlock(&rw));
  step_set(&step, 1);
  AT(pthread_join(r, 0));
  AT(pthread_join(w, 0));
  RD(config);
  return config == 2 ? 0 : 1;
}
