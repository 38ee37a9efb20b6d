// A thread blocked where the scheduler cannot see (read(2) on a pipe) under
// a serialized schedule: the stall watchdog lets main go on, and the race
// found afterwards says why it is not exactly replayable, in its text and
// in its JSON (schedule.inexact_reason). The pipe orders main's write(2)
// before the reader's read, not main's update of the counter after it: that
// is still a race.
// EXPECT: data-race sched_pipe.c:@main:write sched_pipe.c:@reader:write
// OPTIONS: schedule=random seed=2
// STDERR: Not exactly replayable: thread T1 blocked in read(2) at
// STDERR: sched_pipe.c:26 (code ravel cannot see); it ran freely from there
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

static int fds[2];
static sem_t reading;
static int counter;

static void *reader(void *arg) {
  FUNC();
  char c;
  // With this seed the reader keeps the turn at the scheduling points of
  // the post and of read(), so it blocks holding it, until the watchdog
  // lets main run.
  AT(sem_post(&reading));
  if (read(fds[0], &c, 1) != 1)
    return arg;
  WR(counter); // @reader
  counter++;
  return arg;
}

int main(void) {
  FUNC();
  if (pipe(fds) != 0)
    return 3;
  AT(sem_init(&reading, 0, 0));
  pthread_t t;
  AT(pthread_create(&t, 0, reader, 0));
  AT(sem_wait(&reading));
  if (write(fds[1], "x", 1) != 1)
    return 4;
  WR(counter); // @main
  counter++;
  AT(pthread_join(t, 0));
  return 0;
}
