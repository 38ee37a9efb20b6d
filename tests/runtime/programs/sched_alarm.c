// alarm(2) under a serialized schedule expires in virtual time: a loop of
// one-second sleeps waiting for a one-second alarm runs a round or two (not
// as many as fit in a real second: that ran into the step budget, a false
// hang), and a thread that waits on a semaphore only the alarm's handler
// posts is not a deadlock: virtual time jumps to the alarm, whose handler
// runs. The program ends cleanly natively (after two real seconds).
// EXPECT: none
// OPTIONS: max_steps=3000
// SEEDS: pct 1-4 random 1-3
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t fired;
static sem_t posted;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int n;

static void on_alarm(int sig) {
  fired++;
  sem_post(&posted);
}

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < 5; ++i) {
    LOCK(m);
    UPD(n);
    n++;
    UNLOCK(m);
  }
  return arg;
}

int main(void) {
  FUNC();
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_alarm;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, 0);
  AT(sem_init(&posted, 0, 0));
  pthread_t t;
  AT(pthread_create(&t, 0, worker, 0));
  alarm(1);
  int rounds = 0;
  while (!fired) {
    sleep(1);
    ++rounds;
  }
  AT(sem_wait(&posted));
  alarm(1);
  AT(sem_wait(&posted)); // only the alarm's handler posts
  AT(pthread_join(t, 0));
  return fired == 2 && rounds <= 2 ? 0 : 1;
}
