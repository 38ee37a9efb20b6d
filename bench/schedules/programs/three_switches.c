// A bug that needs the two threads to alternate three times: the reader
// sees Stage go from 1 to 2 between its two loads only if the writer
// stores 1, the reader loads, the writer stores 2, the reader loads again.
// Each thread does other, correct work around its part, so the window is a
// few steps among several hundred. No data race (all atomic); the reader's
// abort is the bug (a `crash`).
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

static atomic_int Stage;
static atomic_long Work;

static void busy(int N) {
  for (int I = 0; I < N; ++I)
    atomic_fetch_add(&Work, 1);
}

static void *writer(void *arg) {
  busy(100);
  atomic_store(&Stage, 1);
  atomic_store(&Stage, 2);
  atomic_store(&Stage, 3);
  busy(100);
  return arg;
}

static void *reader(void *arg) {
  busy(100);
  int A = atomic_load(&Stage);
  int B = atomic_load(&Stage);
  if (A == 1 && B == 2)
    abort(); // BUG: a torn view of a two-step update
  busy(100);
  return arg;
}

int main(void) {
  pthread_t W, R;
  pthread_create(&W, 0, writer, 0);
  pthread_create(&R, 0, reader, 0);
  pthread_join(W, 0);
  pthread_join(R, 0);
  return 0;
}
