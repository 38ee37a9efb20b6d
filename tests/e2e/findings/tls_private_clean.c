// Each thread counts in its own thread-local, whose address never leaves
// it: nothing is shared, nothing to report (and the accesses are pruned).
// EXPECT: none
// RUNS: 5
#include <pthread.h>

static __thread int tls_count;
static int totals[2];

static void *count(void *arg) {
  int *total = arg;
  for (int i = 0; i < 100; ++i)
    tls_count += 1;
  *total = tls_count;
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, count, &totals[0]);
  pthread_create(&b, 0, count, &totals[1]);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return totals[0] == 100 && totals[1] == 100 ? 0 : 3;
}
