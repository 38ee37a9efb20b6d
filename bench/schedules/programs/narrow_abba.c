// Two locks taken in opposite orders, each pair held for one step after a
// long stretch of private work: the threads deadlock only if both hold
// their first lock at once. The lock-order graph reports the inversion
// from any run in which both orders occur (a `deadlock`), as
// ThreadSanitizer's does.
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static long Shared;
static long Own[2][4096];

static void work(long *Mine) {
  for (int I = 0; I < 4096; ++I)
    Mine[I] = I * 3;
}

static void *one(void *arg) {
  work(Own[0]);
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  ++Shared;
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return arg;
}

static void *two(void *arg) {
  work(Own[1]);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  ++Shared;
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return arg;
}

int main(void) {
  pthread_t T1, T2;
  pthread_create(&T1, 0, one, 0);
  pthread_create(&T2, 0, two, 0);
  pthread_join(T1, 0);
  pthread_join(T2, 0);
  return Shared == 2 ? 0 : 1;
}
