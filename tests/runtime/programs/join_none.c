// The child writes, the parent reads after join; a second child created
// after the first was joined writes again: all ordered, no race.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>

static int result;

static void *child(void *arg) {
  FUNC();
  UPD(result);
  result += (int)(long)arg;
  return 0;
}

int main(void) {
  FUNC();
  pthread_t a, b;
  AT(pthread_create(&a, 0, child, (void *)1));
  AT(pthread_join(a, 0));
  RD(result);
  int r = result;
  AT(pthread_create(&b, 0, child, (void *)2));
  AT(pthread_join(b, 0));
  RD(result);
  return r == 1 && result == 3 ? 0 : 1;
}
