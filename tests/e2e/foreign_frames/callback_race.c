/* Two threads each hand `handler` to an uninstrumented library, which calls
   it back through lib_run and lib_step; handler's update of `counter` races.
   Both stacks of the race must show the library's frames between handler
   and worker, marked as not instrumented. */
#include <pthread.h>

void lib_run(void (*cb)(void));

long counter;

static void handler(void) { counter++; }

static void *worker(void *arg) {
  (void)arg;
  lib_run(handler);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
