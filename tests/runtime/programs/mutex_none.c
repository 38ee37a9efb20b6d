// Both threads update the counter under one mutex: no race, whichever order
// the uncounted barrier forces.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static int counter;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *worker(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(pthread_mutex_lock(&m));
  UPD(counter);
  counter++;
  AT(pthread_mutex_unlock(&m));
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  AT(pthread_mutex_lock(&m));
  UPD(counter);
  counter++;
  AT(pthread_mutex_unlock(&m));
  step_set(&step, 1);
  AT(pthread_join(t, 0));
  return counter == 2 ? 0 : 1;
}
