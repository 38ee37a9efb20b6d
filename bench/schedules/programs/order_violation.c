// Order violation: the worker uses Config before main has published it.
// main publishes it right after pthread_create, so a free run almost always
// wins the race (a new thread takes far longer to start than one store);
// the bug needs the worker to run first: one preemption at the thread's
// creation. Config is atomic, so there is no data race to report: the
// worker's NULL dereference is the bug (a `crash`).
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>

struct config {
  int verbose;
};
static _Atomic(struct config *) Config;
static struct config Real = {1};

static void *worker(void *arg) {
  struct config *C = atomic_load(&Config);
  printf("verbose %d\n", C->verbose); // BUG: may run before it is set
  return arg;
}

int main(void) {
  pthread_t T;
  pthread_create(&T, 0, worker, 0);
  atomic_store(&Config, &Real);
  pthread_join(T, 0);
  return 0;
}
