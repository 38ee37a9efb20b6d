// A flag hand-off through a C11 atomic_int used with plain operators: by
// C11 6.5.16 `ready = 1` is a seq_cst atomic store and `while (!ready)` a
// seq_cst atomic load, so the store of the payload happens before its load
// and there is no race. A plain counter bumped with `hits++` on an
// _Atomic(long) by both threads is an atomic update, no race either.
// EXPECT: none
// RUNS: 5
#include <pthread.h>
#include <stdatomic.h>

static int payload;
static atomic_int ready;
static _Atomic(long) hits;

static void *producer(void *arg) {
  (void)arg;
  payload = 42;
  hits++;
  ready = 1;
  return 0;
}

static void *consumer(void *arg) {
  (void)arg;
  while (!ready) {
  }
  hits += 2;
  return (void *)(long)payload;
}

int main(void) {
  pthread_t p, c;
  void *got;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&p, 0, producer, 0);
  pthread_join(p, 0);
  pthread_join(c, &got);
  return (long)got == 42 && hits == 3 ? 0 : 3;
}
