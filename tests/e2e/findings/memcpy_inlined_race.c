// Two threads copy into one shared buffer without a lock. At -O1 the
// compiler expands the small memcpy and memset inline, so no libc
// interceptor sees them; the instrumenter checks each call at its own site,
// so the race is found and reported at the calls' lines, on `shared`.
// EXPECT: data-race shared (memcpy_inlined_race.c:19, memcpy_inlined_race.c:25)
// RUNS: 5
#include <pthread.h>
#include <string.h>

struct Record {
  long id;
  long amount;
};

static struct Record shared;

static void *writer(void *arg) {
  struct Record local = {(long)arg, 100};
  memcpy(&shared, &local, sizeof local);
  return 0;
}

static void *clearer(void *arg) {
  (void)arg;
  memset(&shared, 0, sizeof shared);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, writer, (void *)1);
  pthread_create(&b, 0, clearer, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
