// EXPECT: data-race job.done (lost_wakeup.c:43, lost_wakeup.c:54)
// EXPECT: deadlock (lost_wakeup.c:56)
// RAVEL-RUN: --runs 200 --schedule pct
//
// Lost wake-up: the predicate is checked outside the mutex.
//
// main() starts a worker to compute the nightly report and waits for it with
// a condition variable. It does have a `done` flag, and a loop -- but it
// reads the flag *before* taking the mutex. A condition variable has no
// memory: a signal sent while nobody waits is gone. If the worker finishes
// between main's check and main's wait, main sleeps forever:
//
//   main:   reads done == 0                   (no lock held)
//   worker: locks, done = 1, signal (no one is waiting yet), unlocks
//   main:   locks, pthread_cond_wait()        <- waits for a signal already
//                                                sent; never wakes up
//
// The unlocked read is also a data race with the worker's write. Why the hang
// is rare: the window is the few instructions between main's check and its
// wait, while the worker has a long computation to do first; in a normal run
// main is always waiting long before the signal comes.
//
// Fix (lost_wakeup_fixed.c): hold the mutex while checking the flag and
// while deciding to wait: pthread_cond_wait releases the mutex and starts
// waiting atomically, so the signal cannot slip in between.
#include <pthread.h>
#include <stdio.h>

struct report_job {
  pthread_mutex_t lock;
  pthread_cond_t finished;
  int done;
  long total_cents;
};

static void *compute_report(void *arg) {
  struct report_job *job = arg;
  long total = 0;
  for (int sale = 0; sale < 20000; sale++)
    total += (sale % 97) * 25;
  pthread_mutex_lock(&job->lock);
  job->total_cents = total;
  job->done = 1;
  pthread_cond_signal(&job->finished);
  pthread_mutex_unlock(&job->lock);
  return NULL;
}

int main(void) {
  static struct report_job job = {PTHREAD_MUTEX_INITIALIZER,
                                  PTHREAD_COND_INITIALIZER, 0, 0};
  pthread_t worker;
  pthread_create(&worker, NULL, compute_report, &job);
  while (!job.done) {
    pthread_mutex_lock(&job.lock);
    pthread_cond_wait(&job.finished, &job.lock);
    pthread_mutex_unlock(&job.lock);
  }
  pthread_mutex_lock(&job.lock);
  long total = job.total_cents;
  pthread_mutex_unlock(&job.lock);
  pthread_join(worker, NULL);
  printf("nightly total: %ld cents\n", total);
  return 0;
}
