/* A lost update: two threads increment a shared counter without a lock. */
#include <pthread.h>
#include <stdio.h>

static long hits = 0;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; ++i)
    hits++;
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, NULL);
  pthread_create(&b, NULL, worker, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", hits);
  return 0;
}
