// printf-family calls read the strings they print and write the buffers
// they print into: a logger printing a name while another thread renames
// it races, and so does snprintf into a line another thread reads. Built
// with -O2 -D_FORTIFY_SOURCE=2, so the calls are glibc's __fprintf_chk and
// __snprintf_chk; the plain forms are checked by a runtime program. The
// logger goes first (a barrier the detector does not see).
// EXPECT: data-race name[1] (<libc>:0, printf_race_fortify.c:22)
// EXPECT: data-race line[0] (<libc>:0, printf_race_fortify.c:35)
// FLAGS: -O2 -D_FORTIFY_SOURCE=2
// RUNS: 3
#include "uncounted.h"
#include <pthread.h>
#include <stdio.h>

static char name[32] = "init";
static char line[16];
static char first;
static int gate;

static void *renamer(void *arg) {
  uncounted_barrier(&gate, 3);
  name[1] = 'x';
  return 0;
}

static void *logger(void *arg) {
  fprintf(stderr, "name=%s\n", name);
  snprintf(line, sizeof line, "n=%d", 7);
  uncounted_barrier(&gate, 3);
  return arg;
}

static void *reader(void *arg) {
  uncounted_barrier(&gate, 3);
  first = line[0];
  return arg;
}

int main(void) {
  pthread_t a, b, c;
  pthread_create(&a, 0, renamer, 0);
  pthread_create(&b, 0, logger, 0);
  pthread_create(&c, 0, reader, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  return 0;
}
