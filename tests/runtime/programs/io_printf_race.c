// The printf family reads the format's strings and writes its output
// buffer and %n targets: a name printed while another thread renames it
// races; so do sprintf into a line another thread reads and a %n count
// another thread reads. A string written before the printing thread was
// created is ordered: no race on it.
// EXPECT: data-race io_printf_race.c:@rename:write io_printf_race.c:@fprintf:read
// EXPECT: data-race io_printf_race.c:@readline:read io_printf_race.c:@sprintf:write
// EXPECT: data-race io_printf_race.c:@readcount:read io_printf_race.c:@fprintf:write
#include "ravel_test.h"
#include <pthread.h>
#include <stdio.h>

static char name[16] = "init", fixed[16] = "fixed", line[32];
static int count;
static int step;

static void *printer(void *arg) {
  FUNC();
  FILE *f = fopen("/dev/null", "w");
  if (!f)
    return arg;
  AT(fprintf(f, "%s %s%n\n", fixed, name, &count)); // @fprintf
  AT(sprintf(line, "%d-%s", 42, fixed)); // @sprintf
  fclose(f);
  step_set(&step, 1);
  return arg;
}

static void *other(void *arg) {
  FUNC();
  step_wait(&step, 1);
  WR(name[1]); // @rename
  RD(line[0]); // @readline
  RD(count); // @readcount
  return arg;
}

int main(void) {
  FUNC();
  pthread_t x, y;
  AT(pthread_create(&x, 0, printer, 0));
  AT(pthread_create(&y, 0, other, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
