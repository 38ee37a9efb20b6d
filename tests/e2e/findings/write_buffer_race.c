// A logger thread write(2)s a line buffer that the main thread filled with no
// synchronisation between them (the barrier is invisible to the detector and
// only fixes the order): the bytes write(2) reads race with the stores.
// EXPECT: data-race write (<libc>:0, write_buffer_race.c:27)
// RUNS: 3
#include "uncounted.h"
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static char line[64];
static int gate;

static void *logger(void *arg) {
  uncounted_barrier(&gate, 2);
  int fd = open("/dev/null", O_WRONLY);
  if (write(fd, line, sizeof line) < 0)
    return arg;
  close(fd);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, logger, 0);
  for (int i = 0; i < 63; ++i)
    line[i] = 'a' + i % 26;
  uncounted_barrier(&gate, 2);
  pthread_join(t, 0);
  return 0;
}
