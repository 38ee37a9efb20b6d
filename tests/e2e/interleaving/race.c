// A real data race in native mode: the worker bumps `hits` under
// `stats_lock`; main reads it without any lock once the worker is done (an
// uncounted barrier orders them in time, nothing orders them for ravel).
// The interleaving must show main's steps and the worker's ring as it is at
// report time, with the worker's write placed between its lock and unlock.
#include "../findings/uncounted.h"

#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int hits;
static int gate;

static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&stats_lock); // @w_lock
  hits++;                          // @w_write
  pthread_mutex_unlock(&stats_lock); // @w_unlock
  uncounted_barrier(&gate, 2);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0); // @m_create
  pthread_mutex_lock(&log_lock);    // @m_lock
  pthread_mutex_unlock(&log_lock);  // @m_unlock
  uncounted_barrier(&gate, 2);
  int seen = hits; // @m_read
  pthread_join(t, 0);
  printf("hits %d\n", seen);
  return 0;
}
