// A thread updates a variable and closes a descriptor; main, after that
// close (an order the detector does not see), opens a file and gets the
// same number back: the kernel freed it at the close, so the close happens
// before the open, and main's read of the variable is no race.
// EXPECT: none
#include "ravel_test.h"
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static int shared, fd, step;

static void *closer(void *arg) {
  FUNC();
  WR(shared);
  shared = 1;
  AT(close(fd));
  step_set(&step, 1);
  return arg;
}

int main(void) {
  FUNC();
  fd = AT(open("/dev/null", O_RDONLY));
  if (fd < 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, closer, 0));
  step_wait(&step, 1);
  int again = AT(open("/dev/null", O_RDONLY));
  if (again != fd) // the lowest free number: the one just closed
    return 4;
  RD(shared);
  int v = shared;
  AT(pthread_join(t, 0));
  AT(close(again));
  return v == 1 ? 0 : 5;
}
