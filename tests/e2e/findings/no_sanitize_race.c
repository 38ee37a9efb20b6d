// Two threads bump two counters without a lock. bump_stats() is marked for
// ThreadSanitizer not to check (no_sanitize("thread")): as under
// ThreadSanitizer, its accesses are not recorded, so its race with the
// other thread's bump_stats() is not reported; the race on hits, in an
// ordinary function, is.
// EXPECT: data-race hits (no_sanitize_race.c:16, no_sanitize_race.c:16)
// RUNS: 5
#include <pthread.h>

static long hits, stats;

__attribute__((no_sanitize("thread"))) static void bump_stats(void) {
  stats++;
}

static void bump_hits(void) { hits++; }

static void *worker(void *arg) {
  bump_stats();
  bump_hits();
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
