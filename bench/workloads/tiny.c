// PLANTED: data-race started (tiny.c:23, tiny.c:23)
//
// Workload: the smallest threaded program: two threads, a mutex, a handful
// of increments. It measures fixed costs: process start-up, runtime
// initialisation, thread creation, report writing -- the cost of one run
// when ravel runs a program hundreds of times (`ravel run --runs 1000`).
//
// Usage: tiny
// Planted race (-DRAVEL_PLANT_RACE): a plain "threads started" counter (the
// PLANTED line above).
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
#ifdef RAVEL_PLANT_RACE
static int started;
#endif

static void *work(void *arg) {
  long add = (long)arg;
#ifdef RAVEL_PLANT_RACE
  started++;
#endif
  for (int i = 0; i < 10; i++) {
    pthread_mutex_lock(&lock);
    total += add;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, work, (void *)1L);
  pthread_create(&b, NULL, work, (void *)2L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("tiny total=%ld\n", total);
  return 0;
}
