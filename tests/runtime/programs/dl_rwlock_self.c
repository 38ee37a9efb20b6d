// A thread write-locks a rwlock it already write-locked. POSIX leaves it
// undefined (glibc returns EDEADLK, other systems hang): a self-deadlock,
// reported at once, and the run ends with the findings exit code.
// EXPECT: deadlock dl_rwlock_self.c:@relock:lock
// STDERR: self-deadlock
#include "ravel_test.h"
#include <pthread.h>

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void helper(void) {
  FUNC();
  AT(pthread_rwlock_wrlock(&rw)); // @relock
}

int main(void) {
  FUNC();
  AT(pthread_rwlock_wrlock(&rw));
  helper();
  return 0;
}
