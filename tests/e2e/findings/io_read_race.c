// Buffers filled by read(2) and fgets in one thread while another thread
// writes them: the calls write the bytes they transferred, reported in a
// <libc> frame above the caller's line. Built with -O2 -D_FORTIFY_SOURCE=2:
// gcc turns the calls into __read_chk and __fgets_chk, clang (whose
// __builtin_object_size cannot see through glibc's wrappers) into read and
// fgets; all four are intercepted.
// EXPECT: data-race line[0] (<libc>:0, io_read_race.c:38)
// EXPECT: data-race chunk[0] (<libc>:0, io_read_race.c:37)
// FLAGS: -O2 -D_FORTIFY_SOURCE=2
// RUNS: 5
#include "uncounted.h"
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static char chunk[32], line[32];
static int fds[2];
static FILE *in;
static volatile size_t want = 8;
static volatile int line_size = sizeof line;
static int done_reading;

static void *reader(void *arg) {
  (void)arg;
  read(fds[0], chunk, want);
  fgets(line, line_size, in);
  uncounted_add(&done_reading, 1);
  return 0;
}

static void *scribbler(void *arg) {
  (void)arg;
  // After the reads (an order the detector does not see): the report is
  // made at these writes, on the variables they name.
  while (!uncounted_load(&done_reading))
    __asm__ volatile("pause" ::: "memory");
  chunk[0] = 'c';
  line[0] = 'l';
  return 0;
}

int main(void) {
  static char text[] = "a line\n";
  if (pipe(fds) != 0 || write(fds[1], "12345678", 8) != 8)
    return 3;
  in = fmemopen(text, sizeof text - 1, "r");
  if (!in)
    return 3;
  pthread_t a, b;
  pthread_create(&a, 0, reader, 0);
  pthread_create(&b, 0, scribbler, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  fclose(in);
  return 0;
}
