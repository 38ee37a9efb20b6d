#include "worker.h"
#include <pthread.h>
#include <stdio.h>

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("hits %ld\n", hits);
  return 0;
}
