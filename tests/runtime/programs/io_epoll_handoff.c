// A thread sets up a connection's state and registers a ready descriptor
// with an epoll instance; main's epoll_wait returns its event and main uses
// the state through the event's data pointer: ordered by epoll_ctl before
// epoll_wait, no race. What the thread writes after registering races.
// EXPECT: data-race io_epoll_handoff.c:@late:write io_epoll_handoff.c:@uselate:read
#include "ravel_test.h"
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct Conn {
  int state, late;
};
static struct Conn conn;
static int efd, evfd, step;

static void *worker(void *arg) {
  FUNC();
  WR(conn.state);
  conn.state = 7;
  struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT};
  ev.data.ptr = &conn;
  if (AT(epoll_ctl(efd, EPOLL_CTL_ADD, evfd, &ev)) != 0)
    return (void *)1;
  WR(conn.late); // @late
  conn.late = 1;
  step_set(&step, 1);
  return arg;
}

int main(void) {
  FUNC();
  efd = AT(epoll_create1(0));
  evfd = AT(eventfd(1, 0)); // readable from the start
  if (efd < 0 || evfd < 0)
    return 3;
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  struct epoll_event got;
  if (AT(epoll_wait(efd, &got, 1, -1)) != 1)
    return 4;
  struct Conn *c = got.data.ptr;
  RD(c->state);
  int ok = c->state == 7;
  step_wait(&step, 1);
  RD(c->late); // @uselate
  AT(pthread_join(t, 0));
  AT(close(evfd));
  AT(close(efd));
  return ok ? 0 : 5;
}
