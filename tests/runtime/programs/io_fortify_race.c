// glibc's _FORTIFY_SOURCE forms of the receiving calls (what gcc -O2
// -D_FORTIFY_SOURCE=2 emits when it knows the buffer's size) write the
// user's buffer like the plain ones: each races with another thread's read.
// EXPECT: data-race io_fortify_race.c:@read:write io_fortify_race.c:@ra:read
// EXPECT: data-race io_fortify_race.c:@pread:write io_fortify_race.c:@rb:read
// EXPECT: data-race io_fortify_race.c:@recv:write io_fortify_race.c:@rc:read
// EXPECT: data-race io_fortify_race.c:@recvfrom:write io_fortify_race.c:@rd:read
// EXPECT: data-race io_fortify_race.c:@fread:write io_fortify_race.c:@re:read
// EXPECT: data-race io_fortify_race.c:@fgets:write io_fortify_race.c:@rf:read
#include "ravel_test.h"
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

// Declared here: the headers declare them only under _FORTIFY_SOURCE.
ssize_t __read_chk(int, void *, size_t, size_t);
ssize_t __pread_chk(int, void *, size_t, off_t, size_t);
ssize_t __recv_chk(int, void *, size_t, size_t, int);
ssize_t __recvfrom_chk(int, void *, size_t, size_t, int, struct sockaddr *,
                       socklen_t *);
size_t __fread_chk(void *, size_t, size_t, size_t, FILE *);
char *__fgets_chk(char *, size_t, int, FILE *);

static char a[8], b[8], c[8], d[8], e[8], f[8];
static int step;

static void *other(void *arg) {
  FUNC();
  (void)arg;
  RD(a[0]); // @ra
  RD(b[0]); // @rb
  RD(c[0]); // @rc
  RD(d[0]); // @rd
  RD(e[0]); // @re
  RD(f[0]); // @rf
  step_set(&step, 1);
  return (void *)(long)(a[0] + b[0] + c[0] + d[0] + e[0] + f[0]);
}

int main(void) {
  FUNC();
  int p[2], sv[2];
  if (AT(pipe(p)) != 0 || AT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) != 0)
    return 3;
  static char text[] = "0123456789abcdef\nxyz\n";
  FILE *in = fmemopen(text, sizeof text - 1, "r");
  FILE *file = tmpfile();
  if (!in || !file || fputs("file data", file) < 0 || fflush(file) != 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, other, 0));
  step_wait(&step, 1);
  if (AT(write(p[1], "12345678", 8)) != 8 ||
      AT(send(sv[1], "abcdefgh", 8, 0)) != 8)
    return 4;
  if (AT(__read_chk(p[0], a, 4, sizeof a)) != 4) // @read
    return 5;
  if (AT(__pread_chk(fileno(file), b, 4, 0, sizeof b)) != 4) // @pread
    return 5;
  if (AT(__recv_chk(sv[0], c, 4, sizeof c, 0)) != 4) // @recv
    return 5;
  if (AT(__recvfrom_chk(sv[0], d, 4, sizeof d, 0, 0, 0)) != 4) // @recvfrom
    return 5;
  if (AT(__fread_chk(e, sizeof e, 1, 4, in)) != 4) // @fread
    return 5;
  if (!AT(__fgets_chk(f, sizeof f, sizeof f, in))) // @fgets
    return 5;
  AT(pthread_join(t, 0));
  fclose(in);
  fclose(file);
  return 0;
}
