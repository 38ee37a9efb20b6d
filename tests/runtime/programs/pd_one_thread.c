// One thread takes a then b in one function and b then a in another: it
// cannot deadlock with itself, but a second caller of either function in
// another thread would. Reported as a potential deadlock taken by one
// thread, like ThreadSanitizer and Helgrind do.
// EXPECT: potential-deadlock pd_one_thread.c:@ab:lock pd_one_thread.c:@ba:lock
// STDERR: lock-order inversion taken by one thread
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t d = PTHREAD_MUTEX_INITIALIZER;

static void transferAB(void) {
  FUNC();
  LOCK(a);
  LOCK(b); // @ab
  UNLOCK(b);
  UNLOCK(a);
}

static void transferBA(void) {
  FUNC();
  LOCK(b);
  LOCK(a); // @ba
  UNLOCK(a);
  UNLOCK(b);
}

// Both orders of c and d, always under gate: serialised, never reported.
static void gated(int Reverse) {
  FUNC();
  LOCK(gate);
  if (Reverse) {
    LOCK(d);
    LOCK(c);
    UNLOCK(c);
    UNLOCK(d);
  } else {
    LOCK(c);
    LOCK(d);
    UNLOCK(d);
    UNLOCK(c);
  }
  UNLOCK(gate);
}

int main(void) {
  FUNC();
  transferAB();
  transferBA();
  gated(0);
  gated(1);
  return 0;
}
