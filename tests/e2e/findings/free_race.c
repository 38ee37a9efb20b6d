// A worker still writes its job's result when main frees the job: main never
// waited for it (the barrier here is invisible to the detector and only
// fixes the order in which the accesses happen). A free writes the whole
// block, so the worker's unordered write races with it.
// EXPECT: data-race free (<libc>:0, free_race.c:20)
// RUNS: 3
#include "uncounted.h"
#include <pthread.h>
#include <stdlib.h>

struct Job {
  long id;
  long pad[4];
  long result;
};
static int gate;

static void *worker(void *arg) {
  struct Job *j = arg;
  j->result = j->id * 2;
  uncounted_barrier(&gate, 2);
  return 0;
}

int main(void) {
  struct Job *j = calloc(1, sizeof *j);
  j->id = 7;
  pthread_t t;
  pthread_create(&t, 0, worker, j);
  uncounted_barrier(&gate, 2);
  free(j);
  pthread_join(t, 0);
  return 0;
}
