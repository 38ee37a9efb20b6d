// Data handed over with sem_post/sem_wait: no race. A second field written
// after the post races with the consumer's read.
// EXPECT: data-race semaphore.c:@late:write semaphore.c:@readlate:read
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>

static int payload, late;
static sem_t sem;
static int step;

static void *consumer(void *arg) {
  FUNC();
  AT(sem_wait(&sem));
  RD(payload);
  int v = payload;
  RD(late); // @readlate
  v += late;
  step_set(&step, 1);
  return (void *)(long)v;
}

int main(void) {
  FUNC();
  AT(sem_init(&sem, 0, 0));
  pthread_t t;
  AT(pthread_create(&t, 0, consumer, 0));
  WR(payload);
  payload = 42;
  AT(sem_post(&sem));
  step_wait(&step, 1);
  WR(late); // @late
  late = 1;
  AT(pthread_join(t, 0));
  AT(sem_destroy(&sem));
  return 0;
}
