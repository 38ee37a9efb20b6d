// C11 threads: thrd_join orders each child's writes before the parent's
// reads, whether the child returns or ends with thrd_exit; the child's int
// result reaches the joiner (negative values too): no finding.
// EXPECT: none
#include "ravel_test.h"
#include <threads.h>

static int result, exited;

static int returner(void *arg) {
  FUNC();
  WR(result);
  result = 42;
  return -7;
}

static void leave(void) {
  WR(exited);
  exited = 1;
  thrd_exit(5);
}

static int exiter(void *arg) {
  FUNC();
  leave();
  return 0; // not reached
}

int main(void) {
  FUNC();
  thrd_t a, b;
  int ra = 0, rb = 0;
  AT(thrd_create(&a, returner, 0));
  AT(thrd_create(&b, exiter, 0));
  if (AT(thrd_join(a, &ra)) != thrd_success ||
      AT(thrd_join(b, &rb)) != thrd_success)
    return 2;
  RD(result);
  RD(exited);
  return result == 42 && exited == 1 && ra == -7 && rb == 5 ? 0 : 1;
}
