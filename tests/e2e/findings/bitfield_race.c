// Two threads set adjacent bit-fields of one struct: a bit-field store is a
// read-modify-write of the whole memory location (C11 3.14: the run of
// adjacent bit-fields), so the two stores race although the fields differ.
// The first store is forced to come first (a spin the detector does not
// see), so the report names the second.
// EXPECT: data-race s.b (bitfield_race.c:29, bitfield_race.c:37)
// RUNS: 5
#include "uncounted.h"

#include <pthread.h>
#include <sched.h>

struct Settings {
  unsigned a : 1;
  unsigned b : 1;
  int other;
};

static struct Settings s;
static int first_done;

static void waitFor(int *flag) {
  while (!uncounted_load(flag))
    sched_yield();
}

static void *set_a(void *arg) {
  (void)arg;
  s.a = 1;
  uncounted_add(&first_done, 1);
  return 0;
}

static void *set_b(void *arg) {
  (void)arg;
  waitFor(&first_done);
  s.b = 1;
  return 0;
}

int main(void) {
  pthread_t x, y;
  pthread_create(&x, 0, set_a, 0);
  pthread_create(&y, 0, set_b, 0);
  pthread_join(x, 0);
  pthread_join(y, 0);
  return s.a + s.b == 2 ? 0 : 3;
}
