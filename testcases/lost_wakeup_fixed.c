// EXPECT: none
// RAVEL-RUN: --runs 200 --schedule pct
//
// Fixed variant of lost_wakeup.c (lost wake-up).
//
// main reads the flag only with the mutex held, and pthread_cond_wait
// releases that mutex and starts waiting in one atomic step. The worker sets
// the flag under the same mutex, so it either runs before main's check (main
// sees done == 1 and never waits) or after main started waiting (the signal
// wakes it). A spurious wake-up just goes round the loop again.
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
  pthread_mutex_lock(&job.lock);
  while (!job.done)
    pthread_cond_wait(&job.finished, &job.lock);
  long total = job.total_cents;
  pthread_mutex_unlock(&job.lock);
  pthread_join(worker, NULL);
  printf("nightly total: %ld cents\n", total);
  return 0;
}
