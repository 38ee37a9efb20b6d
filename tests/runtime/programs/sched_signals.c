// Signals to threads under a controlled schedule. pthread_kill to a worker
// parked in a condvar wait: the handler runs in the worker and posts a
// semaphore main waits on (async-signal-safe). raise() in main: the
// handler runs at once, in main. The handlers' effects are awaited with
// sem_wait, so the worker must get to run its handler although the
// scheduler had parked it. The program ends cleanly natively: no finding,
// no deadlock or hang under any schedule.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static sem_t handled;
static volatile sig_atomic_t in_worker, in_main;
static pthread_t worker_thread, main_thread;
static int stop;

static void on_usr1(int sig) {
  if (pthread_equal(pthread_self(), worker_thread))
    in_worker = 1;
  if (pthread_equal(pthread_self(), main_thread))
    in_main = 1;
  sem_post(&handled);
}

static void *worker(void *arg) {
  FUNC();
  LOCK(m);
  while (!stop) {
    RD(stop);
    AT(pthread_cond_wait(&cv, &m));
  }
  UNLOCK(m);
  return arg;
}

int main(void) {
  FUNC();
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, 0);
  AT(sem_init(&handled, 0, 0));
  main_thread = pthread_self();
  AT(pthread_create(&worker_thread, 0, worker, 0));
  AT(pthread_kill(worker_thread, SIGUSR1));
  AT(sem_wait(&handled));
  raise(SIGUSR1);
  AT(sem_wait(&handled));
  LOCK(m);
  WR(stop);
  stop = 1;
  AT(pthread_cond_broadcast(&cv));
  UNLOCK(m);
  AT(pthread_join(worker_thread, 0));
  return in_worker && in_main ? 0 : 1;
}
