// Misuse and error returns of lock calls: each is exactly one finding and
// the program goes on. A double unlock of a default mutex; an unlock of an
// error-checking mutex nobody holds (glibc returns EPERM: the same finding,
// not a second one); a relock of an error-checking mutex (EDEADLK) and an
// unlock of a rwlock not held.
// EXPECT: mutex-misuse misuse_errors.c:@double:unlock
// EXPECT: mutex-misuse misuse_errors.c:@ecunlock:unlock
// EXPECT: mutex-misuse misuse_errors.c:@ecrelock:pthread_mutex_lock
// EXPECT: mutex-misuse misuse_errors.c:@rwunlock:unlock
// STDERR: EDEADLK
#include "ravel_test.h"
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t e;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

int main(void) {
  FUNC();
  LOCK(m);
  UNLOCK(m);
  UNLOCK(m); // @double

  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
  AT(pthread_mutex_init(&e, &ma));
  pthread_mutexattr_destroy(&ma);
  if (UNLOCK(e) != EPERM) { // @ecunlock
    fprintf(stderr, "expected EPERM\n");
    exit(3);
  }
  LOCK(e);
  if (LOCK(e) != EDEADLK) { // @ecrelock
    fprintf(stderr, "expected EDEADLK\n");
    exit(3);
  }
  UNLOCK(e);

  AT(pthread_rwlock_unlock(&rw)); // @rwunlock
  return 0;
}
