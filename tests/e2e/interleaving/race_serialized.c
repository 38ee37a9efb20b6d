// The same kind of race under a serialized schedule (pct): there every
// plain access is a step of its thread's ring, so both racing accesses
// appear with their real steps, next to the threads' lock steps.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
static int finished;

static void *adder(void *arg) {
  total += (long)arg;              // @add
  pthread_mutex_lock(&done_lock);  // @done_lock
  finished++;
  pthread_mutex_unlock(&done_lock); // @done_unlock
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, adder, (void *)1); // @create_a
  pthread_create(&b, 0, adder, (void *)2); // @create_b
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("total %ld\n", total);
  return 0;
}
