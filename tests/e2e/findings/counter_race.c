// A counter incremented by two threads, one of them without the lock: the
// unlocked update races with the locked ones (the unlocked thread never takes
// the lock, so no run orders them). The locked-only counter is fine.
// EXPECT: data-race counter (counter_race.c:17, counter_race.c:23)
// RUNS: 5
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long guarded;

static void *locked(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&mu);
    guarded++;
    counter++;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}

static void bump(void) { counter += 2; }

static void *unlocked(void *arg) {
  (void)arg;
  bump();
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, locked, 0);
  pthread_create(&b, 0, unlocked, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return guarded == 100 ? 0 : 3;
}
