// A struct handed from one thread to another through a pipe, a socketpair
// and an AF_UNIX connection, under the PCT scheduler: nothing to report in
// any run. Each reader waits, with a spin the detector does not see, until
// its writer has sent, so no read blocks (a thread blocked in read(2) holds
// the serialized schedule's turn until the stall watchdog frees it).
// EXPECT: none
// OPTIONS: schedule=pct
// RUNS: 5
#include "uncounted.h"
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct message {
  int id;
  char text[12];
};

static struct message by_pipe, by_pair, by_connect, by_send;
static int pipe_fds[2], pair[2];
static struct sockaddr_un addr;
static int sent_pipe, sent_pair, connected, sent_socket;

static void wait_for(int *flag) {
  while (!uncounted_load(flag))
    sched_yield();
}

static void *writer(void *arg) {
  (void)arg;
  by_pipe.id = 1;
  snprintf(by_pipe.text, sizeof by_pipe.text, "pipe");
  write(pipe_fds[1], "x", 1);
  uncounted_add(&sent_pipe, 1);

  by_pair.id = 2;
  snprintf(by_pair.text, sizeof by_pair.text, "socketpair");
  send(pair[1], "x", 1, 0);
  uncounted_add(&sent_pair, 1);

  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  by_connect.id = 3;
  if (connect(s, (struct sockaddr *)&addr, sizeof addr) != 0)
    return 0;
  uncounted_add(&connected, 1);
  by_send.id = 4;
  send(s, "x", 1, 0);
  uncounted_add(&sent_socket, 1);
  close(s);
  return 0;
}

int main(void) {
  if (pipe(pipe_fds) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
    return 3;
  addr.sun_family = AF_UNIX;
  snprintf(addr.sun_path + 1, sizeof addr.sun_path - 1, "ravel-pct-%d",
           (int)getpid());
  int l = socket(AF_UNIX, SOCK_STREAM, 0);
  if (l < 0 || bind(l, (struct sockaddr *)&addr, sizeof addr) != 0 ||
      listen(l, 1) != 0)
    return 3;
  pthread_t t;
  pthread_create(&t, 0, writer, 0);
  char c;
  int sum = 0;
  wait_for(&sent_pipe);
  if (read(pipe_fds[0], &c, 1) == 1)
    sum += by_pipe.id + by_pipe.text[0];
  wait_for(&sent_pair);
  if (recv(pair[0], &c, 1, 0) == 1)
    sum += by_pair.id + by_pair.text[0];
  wait_for(&connected);
  int a = accept(l, 0, 0);
  if (a >= 0)
    sum += by_connect.id;
  wait_for(&sent_socket);
  if (a >= 0 && recv(a, &c, 1, 0) == 1)
    sum += by_send.id;
  pthread_join(t, 0);
  printf("%d\n", sum);
  return 0;
}
