// C11 <threads.h>: a counter bumped by two thrd_t threads, one of them
// without taking the mtx_t: the unlocked update races with the locked ones
// (the unlocked thread never takes the lock, so no run orders them). The
// locked-only counter, the call_once configuration and the results read
// after thrd_join are fine.
// EXPECT: data-race counter (c11_threads_race.c:25, c11_threads_race.c:33)
// RUNS: 5
#include <threads.h>

static mtx_t mu;
static once_flag once = ONCE_FLAG_INIT;
static long counter;
static long guarded;
static int step;

static void configure(void) { step = 1; }

static int locked(void *arg) {
  (void)arg;
  call_once(&once, configure);
  for (int i = 0; i < 100; ++i) {
    if (mtx_lock(&mu) != thrd_success)
      return 1;
    guarded += step;
    counter++;
    mtx_unlock(&mu);
  }
  return 0;
}

static void bump(void) {
  call_once(&once, configure);
  counter += 2;
}

static int unlocked(void *arg) {
  (void)arg;
  bump();
  return 0;
}

int main(void) {
  thrd_t a, b;
  int ra = 1, rb = 1;
  mtx_init(&mu, mtx_plain);
  thrd_create(&a, locked, 0);
  thrd_create(&b, unlocked, 0);
  thrd_join(a, &ra);
  thrd_join(b, &rb);
  mtx_destroy(&mu);
  return guarded == 100 && ra == 0 && rb == 0 ? 0 : 3;
}
