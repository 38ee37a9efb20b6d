// The worker locks and unlocks the session's mutex; main destroys it without
// waiting for the worker (the barrier is invisible to the detector and only
// fixes the order): the destroy, a write of the mutex, races with the
// unlock.
// EXPECT: data-race session_lock (mutex_destroy_race.c:14, mutex_destroy_race.c:25)
// RUNS: 3
#include "uncounted.h"
#include <pthread.h>

static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;
static int hits, gate;

static void *worker(void *arg) {
  pthread_mutex_lock(&session_lock);
  hits++;
  pthread_mutex_unlock(&session_lock);
  uncounted_barrier(&gate, 2);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  uncounted_barrier(&gate, 2);
  pthread_mutex_destroy(&session_lock);
  pthread_join(t, 0);
  return 0;
}
