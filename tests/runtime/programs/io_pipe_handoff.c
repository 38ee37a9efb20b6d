// One thread fills a struct and writes a byte to a pipe; the other reads the
// byte, then the struct: ordered by the pipe, no race. The reader then
// reuses the buffer the byte was sent from: write(2) read it before the
// byte left, so that is ordered too. Then a third thread fills the struct
// again and closes the write end; the reader's read sees end of file:
// ordered as well.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>
#include <unistd.h>

static struct {
  int a, b;
} msg;
static int fds[2];
static char note[4] = "x";

static void *writer(void *arg) {
  FUNC();
  WR(msg.a);
  msg.a = 1;
  WR(msg.b);
  msg.b = 2;
  AT(write(fds[1], note, 1));
  return arg;
}

static void *closer(void *arg) {
  FUNC();
  WR(msg.a);
  msg.a = 3;
  AT(close(fds[1]));
  return arg;
}

int main(void) {
  FUNC();
  if (AT(pipe(fds)) != 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, writer, 0));
  char c;
  if (AT(read(fds[0], &c, 1)) != 1)
    return 4;
  RD(msg.a);
  RD(msg.b);
  int sum = msg.a + msg.b;
  WR(note[0]);
  note[0] = c;
  // The closer is created after main's reads, so its write is ordered
  // after them; its close orders its write before main's next read (EOF).
  pthread_t u;
  AT(pthread_create(&u, 0, closer, 0));
  if (AT(read(fds[0], &c, 1)) != 0)
    return 5;
  RD(msg.a);
  sum += msg.a;
  AT(pthread_join(t, 0));
  AT(pthread_join(u, 0));
  return sum == 6 ? 0 : 6;
}
