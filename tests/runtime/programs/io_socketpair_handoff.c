// The hand-off of io_pipe_handoff.c through a socketpair, with send/recv one
// way and write/read the other: each direction orders the two threads.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

static struct {
  int a, b;
} msg;
static int sv[2];

static void *peer(void *arg) {
  FUNC();
  char c;
  if (AT(recv(sv[1], &c, 1, 0)) != 1)
    return arg;
  RD(msg.a);
  WR(msg.b);
  msg.b = msg.a + 1;
  if (AT(write(sv[1], "y", 1)) != 1)
    return arg;
  return arg;
}

int main(void) {
  FUNC();
  if (AT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)) != 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, peer, 0));
  WR(msg.a);
  msg.a = 1;
  if (AT(send(sv[0], "x", 1, 0)) != 1)
    return 4;
  char c;
  if (AT(read(sv[0], &c, 1)) != 1)
    return 4;
  RD(msg.b);
  int b = msg.b;
  AT(pthread_join(t, 0));
  return b == 2 ? 0 : 5;
}
