// A barrier for three threads that only two ever reach: both wait forever.
// The watchdog reports the deadlock and ends the program with the findings
// exit code.
// EXPECT: deadlock dl_barrier.c:@main:barrier dl_barrier.c:@worker:barrier
// OPTIONS: deadlock_timeout_ms=300
#include "ravel_test.h"
#include <pthread.h>

static pthread_barrier_t bar;

static void *worker(void *arg) {
  FUNC();
  AT(pthread_barrier_wait(&bar)); // @worker
  return arg;
}

int main(void) {
  FUNC();
  AT(pthread_barrier_init(&bar, 0, 3));
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  AT(pthread_barrier_wait(&bar)); // @main
  AT(pthread_join(t, 0));
  return 0;
}
