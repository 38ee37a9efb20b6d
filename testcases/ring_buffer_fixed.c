// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of ring_buffer.c (unsynchronised producer/consumer queue).
//
// The classic bounded buffer: one mutex protects slots, head and count, and
// the two sides wait on condition variables instead of spinning. Each wait
// is in a while loop (see job_queue.cpp for why). Unlocking the mutex after
// a put and locking it before the matching get orders the slot write before
// the slot read.
#include <pthread.h>
#include <stdio.h>

#define SLOTS 16
#define READINGS 1000

struct ring {
  pthread_mutex_t lock;
  pthread_cond_t not_empty;
  pthread_cond_t not_full;
  int slots[SLOTS];
  unsigned head;
  unsigned count;
};

static void ring_put(struct ring *r, int reading) {
  pthread_mutex_lock(&r->lock);
  while (r->count == SLOTS)
    pthread_cond_wait(&r->not_full, &r->lock);
  r->slots[(r->head + r->count) % SLOTS] = reading;
  r->count++;
  pthread_cond_signal(&r->not_empty);
  pthread_mutex_unlock(&r->lock);
}

static int ring_get(struct ring *r) {
  pthread_mutex_lock(&r->lock);
  while (r->count == 0)
    pthread_cond_wait(&r->not_empty, &r->lock);
  int reading = r->slots[r->head];
  r->head = (r->head + 1) % SLOTS;
  r->count--;
  pthread_cond_signal(&r->not_full);
  pthread_mutex_unlock(&r->lock);
  return reading;
}

static void *sensor(void *arg) {
  for (int i = 0; i < READINGS; i++)
    ring_put(arg, i % 50);
  return NULL;
}

/* The logger runs on the main thread and drains the ring. */
int main(void) {
  static struct ring r = {PTHREAD_MUTEX_INITIALIZER,
                          PTHREAD_COND_INITIALIZER,
                          PTHREAD_COND_INITIALIZER,
                          {0},
                          0,
                          0};
  pthread_t producer;
  pthread_create(&producer, NULL, sensor, &r);
  long sum = 0;
  for (int i = 0; i < READINGS; i++)
    sum += ring_get(&r);
  pthread_join(producer, NULL);
  printf("sum of readings: %ld\n", sum);
  return 0;
}
