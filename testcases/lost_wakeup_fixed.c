// EXPECT: none
// RAVEL-RUN: --runs 200 --schedule pct
//
// Fixed variant of lost_wakeup.c (lost wake-up).
//
// The worker records that it is done in a flag protected by the mutex, and
// main waits in a loop on that flag. If the worker finished first, main sees
// done == 1 and never waits; if main waits first, the signal wakes it; and a
// spurious wake-up just goes round the loop again.
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
  for (int sale = 0; sale < 5000; sale++)
    total += (sale % 97) * 25;
  pthread_mutex_lock(&job->lock);
  job->total_cents = total;
  job->done = 1;
  pthread_cond_signal(&job->finished);
  pthread_mutex_unlock(&job->lock);
  return NULL;
}

int main(void) {
  struct report_job job = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                           0, 0};
  pthread_t worker;
  pthread_create(&worker, NULL, compute_report, &job);
  pthread_mutex_lock(&job.lock);
  while (!job.done)
    pthread_cond_wait(&job.finished, &job.lock);
  long total = job.total_cents;
  pthread_mutex_unlock(&job.lock);
  pthread_join(worker, NULL);
  printf("nightly total: %ld cents\n", total);
  return 0;
}
