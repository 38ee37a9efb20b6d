// A client thread fills one struct, connects to a listening AF_UNIX socket
// (abstract name) and fills another before it sends a byte; the server
// reads the first after accept and the second after recv: connect orders
// before accept, send before recv, no race.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int before_connect, before_send;
static struct sockaddr_un addr;

static void *client(void *arg) {
  FUNC();
  int s = AT(socket(AF_UNIX, SOCK_STREAM, 0));
  if (s < 0)
    return arg;
  WR(before_connect);
  before_connect = 1;
  if (AT(connect(s, (struct sockaddr *)&addr, sizeof addr)) != 0)
    return arg;
  WR(before_send);
  before_send = 2;
  if (AT(send(s, "x", 1, 0)) != 1)
    return arg;
  AT(close(s));
  return arg;
}

int main(void) {
  FUNC();
  addr.sun_family = AF_UNIX;
  // Abstract name (leading NUL): nothing on disk, unique per process.
  snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "ravel-io-%d",
           (int)getpid());
  int l = AT(socket(AF_UNIX, SOCK_STREAM, 0));
  if (l < 0 || bind(l, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(l, 1) != 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, client, 0));
  int c = AT(accept(l, 0, 0));
  if (c < 0)
    return 4;
  RD(before_connect);
  int sum = before_connect;
  char b;
  if (AT(recv(c, &b, 1, 0)) != 1)
    return 5;
  RD(before_send);
  sum += before_send;
  AT(pthread_join(t, 0));
  AT(close(c));
  AT(close(l));
  return sum == 3 ? 0 : 6;
}
