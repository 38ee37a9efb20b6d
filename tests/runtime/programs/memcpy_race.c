// memcpy into a shared buffer while another thread reads it: a race
// reported at the memcpy call's site.
// EXPECT: data-race memcpy_race.c:@copy:write memcpy_race.c:@read:read
#include "ravel_test.h"
#include <pthread.h>
#include <string.h>

static char shared[64];
static int step;

static void *reader(void *arg) {
  FUNC();
  RD(shared[10]); // @read
  char c = shared[10];
  step_set(&step, 1);
  return (void *)(long)c;
}

int main(void) {
  FUNC();
  char local[64] = "hello";
  pthread_t t;
  AT(pthread_create(&t, 0, reader, 0));
  step_wait(&step, 1);
  volatile size_t n = sizeof local; // a real call, not an inlined copy
  AT(memcpy(shared, local, n));     // @copy
  AT(pthread_join(t, 0));
  return 0;
}
