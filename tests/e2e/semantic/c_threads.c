// Semantic corpus: a correctly synchronised pthread program (joined before
// its results are read, counters under a mutex, a condition variable).
// FLAGS: -std=c11 -O2 -pthread
#include <pthread.h>
#include <stdio.h>

enum { Workers = 4, Rounds = 1000 };

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long total;
static int started;
static long partial[Workers];

static void *work(void *arg) {
  long id = (long)arg;
  pthread_mutex_lock(&mu);
  started++;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < Rounds; ++i) {
    partial[id] += i;
    pthread_mutex_lock(&mu);
    total += 1;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}

int main(void) {
  pthread_t t[Workers];
  for (long i = 0; i < Workers; ++i)
    pthread_create(&t[i], 0, work, (void *)i);
  pthread_mutex_lock(&mu);
  while (started < Workers)
    pthread_cond_wait(&cv, &mu);
  pthread_mutex_unlock(&mu);
  for (int i = 0; i < Workers; ++i)
    pthread_join(t[i], 0);
  long sum = 0;
  for (int i = 0; i < Workers; ++i)
    sum += partial[i];
  printf("%ld %ld %d\n", total, sum, started);
  return 0;
}
