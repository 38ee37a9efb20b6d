// The buffers of libc I/O calls are accesses: fwrite and puts read theirs;
// fread, fgets and recv write theirs, only the bytes they transferred (the
// read of `part[8]` does not race with a recv that got one byte).
// EXPECT: data-race io_stdio_race.c:@fwrite:read io_stdio_race.c:@wa:write
// EXPECT: data-race io_stdio_race.c:@puts:read io_stdio_race.c:@wb:write
// EXPECT: data-race io_stdio_race.c:@fread:write io_stdio_race.c:@rc:read
// EXPECT: data-race io_stdio_race.c:@fgets:write io_stdio_race.c:@rd:read
// EXPECT: data-race io_stdio_race.c:@recv:write io_stdio_race.c:@re:read
#include "ravel_test.h"
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static char a[8] = "abc", b[8] = "def", c[8], d[8], e[8], part[16];
static int step;

static void *other(void *arg) {
  FUNC();
  (void)arg;
  WR(a[0]); // @wa
  a[0] = 'A';
  WR(b[0]); // @wb
  b[0] = 'D';
  RD(c[0]); // @rc
  RD(d[0]); // @rd
  RD(e[0]); // @re
  RD(part[8]);
  step_set(&step, 1);
  return (void *)(long)(c[0] + d[0] + e[0] + part[8]);
}

int main(void) {
  FUNC();
  int sv[2];
  if (AT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) != 0)
    return 3;
  FILE *null = fopen("/dev/null", "w");
  static char text[] = "0123456789\nxyz\n";
  FILE *in = fmemopen(text, sizeof text - 1, "r");
  if (!null || !in)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, other, 0));
  step_wait(&step, 1);
  if (AT(fwrite(a, 1, 4, null)) != 4) // @fwrite
    return 4;
  if (AT(puts(b)) < 0) // @puts
    return 4;
  if (AT(fread(c, 1, 4, in)) != 4) // @fread
    return 4;
  if (!AT(fgets(d, sizeof d, in))) // @fgets
    return 4;
  if (AT(send(sv[1], "xy", 2, 0)) != 2)
    return 4;
  if (AT(recv(sv[0], e, 1, 0)) != 1) // @recv
    return 4;
  if (AT(recv(sv[0], part, sizeof part, 0)) != 1)
    return 4;
  AT(pthread_join(t, 0));
  fclose(null);
  fclose(in);
  return 0;
}
