#include "worker.h"

long hits;

void *worker(void *arg) {
  (void)arg;
  hits++;
  return 0;
}
