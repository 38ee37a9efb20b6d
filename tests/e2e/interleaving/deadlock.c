// A real ABBA deadlock in native mode: each thread takes its first lock,
// both meet at an uncounted barrier, then each blocks on the other's lock.
// The watchdog reports it; the blocked acquisitions are the highlighted
// final steps of both threads.
#include "../findings/uncounted.h"

#include <pthread.h>

static pthread_mutex_t left = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t right = PTHREAD_MUTEX_INITIALIZER;
static int gate;

static void *one(void *arg) {
  (void)arg;
  pthread_mutex_lock(&left);  // @one_left
  uncounted_barrier(&gate, 2);
  pthread_mutex_lock(&right); // @one_right
  return 0;
}

static void *two(void *arg) {
  (void)arg;
  pthread_mutex_lock(&right); // @two_right
  uncounted_barrier(&gate, 2);
  pthread_mutex_lock(&left);  // @two_left
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, one, 0);
  pthread_create(&t2, 0, two, 0);
  pthread_join(t1, 0); // @join
  pthread_join(t2, 0);
  return 0;
}
