// A suppressions file in ThreadSanitizer's format loads as it is (thread:
// and signal: rules match nothing), and race_top: looks at the top frame of
// each stack only: the race whose top frame is top_write is silenced (and
// counted in the report file as suppressed), the race where top_write is
// only the caller is still reported.
// EXPECT: data-race suppressed_tsan.c:@inner:write suppressed_tsan.c:@inner:write
// OPTIONS: suppressions=%S/suppressed_tsan.supp
// SUPPRESSED: 1
#include "ravel_test.h"
#include <pthread.h>

static int shallow, deep;

static void inner(void) {
  FUNC();
  WR(deep); // @inner
}

static void top_write(void) {
  FUNC();
  WR(shallow);
  inner();
}

static void *worker(void *arg) {
  FUNC();
  top_write();
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, worker, 0));
  AT(pthread_create(&y, 0, worker, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
