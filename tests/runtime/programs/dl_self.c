// Locking a default (non-recursive) mutex the thread already holds never
// returns: reported at once and the run ends instead of hanging.
// EXPECT: deadlock dl_self.c:@relock:lock
// STDERR: self-deadlock
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static void helper(void) {
  FUNC();
  LOCK(m); // @relock
}

int main(void) {
  FUNC();
  LOCK(m);
  helper();
  return 0;
}
