// Producer fills a buffer and hands it to the consumer through a flag
// guarded by a mutex and a condition variable: no race.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static int buffer[4];
static int ready;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *consumer(void *arg) {
  FUNC();
  AT(pthread_mutex_lock(&m));
  for (;;) {
    RD(ready);
    if (ready)
      break;
    AT(pthread_cond_wait(&cv, &m));
  }
  AT(pthread_mutex_unlock(&m));
  int sum = 0;
  for (int i = 0; i < 4; ++i) {
    RD(buffer[i]);
    sum += buffer[i];
  }
  return (void *)(long)sum;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, consumer, 0));
  for (int i = 0; i < 4; ++i) {
    WR(buffer[i]);
    buffer[i] = i;
  }
  AT(pthread_mutex_lock(&m));
  WR(ready);
  ready = 1;
  AT(pthread_cond_signal(&cv));
  AT(pthread_mutex_unlock(&m));
  void *sum;
  AT(pthread_join(t, &sum));
  return (long)sum == 6 ? 0 : 1;
}
