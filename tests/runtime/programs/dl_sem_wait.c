// Nobody ever posts the semaphore: the worker waits forever and main waits
// for the worker. The watchdog reports the deadlock and ends the program
// with the findings exit code instead of letting it hang.
// EXPECT: deadlock dl_sem_wait.c:@wait:sem-wait dl_sem_wait.c:@join:join
// OPTIONS: deadlock_timeout_ms=300
// STDERR: deadlock
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>

static sem_t s;

static void *worker(void *arg) {
  FUNC();
  AT(sem_wait(&s)); // @wait
  return arg;
}

int main(void) {
  FUNC();
  AT(sem_init(&s, 0, 0));
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  AT(pthread_join(t, 0)); // @join
  return 0;
}
