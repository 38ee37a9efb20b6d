// pthread_cancel of a thread blocked in read(2) on a pipe nobody writes, a
// cancellation point ravel does not model. Either the reader had not yet
// reached the read (it acts on the cancellation when it does) or it is
// blocked there for real, where the scheduler's watchdog lets it run freely;
// the real cancellation then unwinds it. Either way its cleanup handler runs
// (and takes a lock) before it counts as finished, so the joiner gets
// PTHREAD_CANCELED and sees the handler's write: no finding, no hang.
// EXPECT: none
// SEEDS: pct 1-3 random 1-2
#include "ravel_test.h"
#include <pthread.h>
#include <unistd.h>

static int fds[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int cleaned;

static void cleanup(void *arg) {
  LOCK(m);
  UPD(cleaned);
  cleaned++;
  UNLOCK(m);
}

static void *reader(void *arg) {
  FUNC();
  char c;
  pthread_cleanup_push(cleanup, 0);
  if (read(fds[0], &c, 1) != 1)
    return arg;
  pthread_cleanup_pop(0);
  return arg;
}

int main(void) {
  FUNC();
  if (pipe(fds))
    return 2;
  pthread_t t;
  AT(pthread_create(&t, 0, reader, 0));
  AT(pthread_cancel(t));
  void *r;
  AT(pthread_join(t, &r));
  RD(cleaned); // ordered by the join
  return r == PTHREAD_CANCELED && cleaned == 1 ? 0 : 1;
}
