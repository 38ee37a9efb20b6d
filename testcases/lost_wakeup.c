// EXPECT: deadlock (lost_wakeup.c:49)
// RAVEL-RUN: --runs 200 --schedule pct
//
// Lost wake-up: a signal sent before anyone waits is gone.
//
// main() starts a worker to compute a nightly report and then waits on a
// condition variable for it. The wait has no predicate: main assumes it
// will be waiting by the time the worker signals. A condition variable has
// no memory, so if the worker finishes first its signal wakes nobody:
//
//   T1:   computes, locks, result = ..., signals (no one waiting), unlocks
//   main: locks, pthread_cond_wait()     <- waits for a signal already sent
//   main: blocked forever; the report is never printed
//
// Why it is rare: the worker has real work to do and main reaches the wait
// within microseconds of creating it, so main is practically always waiting
// first. A controlled schedule that runs the worker to completion first
// shows the hang at once.
//
// Fix (lost_wakeup_fixed.c): wait for a state, not for a signal: a `done`
// flag set under the mutex, checked in a while loop around the wait.
#include <pthread.h>
#include <stdio.h>

struct report_job {
  pthread_mutex_t lock;
  pthread_cond_t finished;
  long total_cents;
};

static void *compute_report(void *arg) {
  struct report_job *job = arg;
  long total = 0;
  for (int sale = 0; sale < 5000; sale++)
    total += (sale % 97) * 25;
  pthread_mutex_lock(&job->lock);
  job->total_cents = total;
  pthread_cond_signal(&job->finished);
  pthread_mutex_unlock(&job->lock);
  return NULL;
}

int main(void) {
  struct report_job job = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                           0};
  pthread_t worker;
  pthread_create(&worker, NULL, compute_report, &job);
  pthread_mutex_lock(&job.lock);
  pthread_cond_wait(&job.finished, &job.lock);
  long total = job.total_cents;
  pthread_mutex_unlock(&job.lock);
  pthread_join(worker, NULL);
  printf("nightly total: %ld cents\n", total);
  return 0;
}
