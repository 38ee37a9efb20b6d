// A stopped process is not a deadlock. Both threads wait without a time
// limit (the worker on a semaphore, main in join) when a child stops the
// whole process for longer than deadlock_timeout_ms, then sends the signal
// whose handler posts the semaphore, and lets the process go on. Time the
// process spent stopped (or, on a loaded machine, without a core) is not
// time its threads were seen blocked: no deadlock finding, clean exit.
// EXPECT: none
// OPTIONS: deadlock_timeout_ms=1500
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t go;

static void on_usr1(int sig) {
  (void)sig;
  sem_post(&go);
}

static void *worker(void *arg) {
  FUNC();
  while (sem_wait(&go) != 0) {
  }
  return arg;
}

int main(void) {
  FUNC();
  sem_init(&go, 0, 0);
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, 0);
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  pid_t self = getpid();
  pid_t child = fork();
  if (child == 0) {
    usleep(200 * 1000);
    kill(self, SIGSTOP);
    usleep(3000 * 1000); // twice the deadlock timeout
    kill(self, SIGUSR1);
    kill(self, SIGCONT);
    _exit(0);
  }
  AT(pthread_join(t, 0));
  int st;
  return waitpid(child, &st, 0) != child || !WIFEXITED(st);
}
