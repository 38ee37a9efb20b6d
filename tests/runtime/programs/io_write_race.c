// A buffer filled by one thread while another write(2)s it: the call reads
// the bytes it sends, so it races with the fill in both orders (reported at
// the write call's site), natively and under the PCT scheduler.
// EXPECT: data-race io_write_race.c:@send1:read io_write_race.c:@fill1:write
// EXPECT: data-race io_write_race.c:@send2:read io_write_race.c:@fill2:write
// SEEDS: pct 4
#include "ravel_test.h"
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static char first[16], second[16];
static int step;

static void *filler(void *arg) {
  FUNC();
  WR(first[0]); // @fill1
  first[0] = 'a';
  step_set(&step, 1);
  step_wait(&step, 2);
  WR(second[0]); // @fill2
  second[0] = 'b';
  return arg;
}

int main(void) {
  FUNC();
  int out = AT(open("/dev/null", O_WRONLY));
  if (out < 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, filler, 0));
  step_wait(&step, 1);
  // The fill of `first` came before this write; `second` is filled after.
  if (AT(write(out, first, sizeof first)) != sizeof first) // @send1
    return 4;
  if (AT(write(out, second, sizeof second)) != sizeof second) // @send2
    return 4;
  step_set(&step, 2);
  AT(pthread_join(t, 0));
  AT(close(out));
  return 0;
}
