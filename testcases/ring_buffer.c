// EXPECT: data-race r->tail (ring_buffer.c:46, ring_buffer.c:51)
// EXPECT: data-race r->head (ring_buffer.c:54, ring_buffer.c:43)
// EXPECT: data-race (ring_buffer.c:45, ring_buffer.c:53)
// RAVEL-RUN: --schedule native --runs 5
//
// Unsynchronised producer/consumer queue: a "lock-free" ring buffer that is
// just racy.
//
// A sensor thread puts readings into a ring buffer and the logger (main
// thread) takes them out. head and tail are `volatile`, which the author
// believed makes them safe to share. volatile only stops the compiler from
// caching the value; it creates no ordering between threads. The compiler may
// move the (non-volatile) slot store after the tail store, and weakly ordered
// CPUs do so too:
//
//   producer: r->tail = next            (publishes slot 5 ...)
//   consumer: sees head != tail, reads r->slots[5]   <- not written yet
//   producer: r->slots[5] = reading     (... before filling it)
//
// Why it is rare: on x86 with this exact compiler output the stores happen
// to stay in order, so it "works" -- until another compiler, flag or CPU.
// The C and C++ memory models call every one of these accesses a data race,
// i.e. undefined behaviour, whatever the hardware.
//
// Fix (ring_buffer_fixed.c): a bounded buffer with a mutex and two
// condition variables (not_empty, not_full). Correct lock-free versions
// use atomics with release/acquire ordering on head and tail.
#include <pthread.h>
#include <stdio.h>

#define SLOTS 16
#define READINGS 1000

struct ring {
  int slots[SLOTS];
  /* On separate cache lines, so the two sides do not false-share. */
  _Alignas(64) volatile unsigned head; /* next to read, written by consumer */
  _Alignas(64) volatile unsigned tail; /* next to write, written by producer */
};

static void ring_put(struct ring *r, int reading) {
  unsigned next = (r->tail + 1) % SLOTS;
  while (next == r->head)
    ; /* full: spin */
  r->slots[r->tail] = reading;
  r->tail = next;
}

static int ring_get(struct ring *r) {
  unsigned at = r->head;
  while (at == r->tail)
    ; /* empty: spin */
  int reading = r->slots[at];
  r->head = (at + 1) % SLOTS;
  return reading;
}

static void *sensor(void *arg) {
  for (int i = 0; i < READINGS; i++)
    ring_put(arg, i % 50);
  return NULL;
}

/* The logger runs on the main thread and drains the ring. */
int main(void) {
  static struct ring r;
  pthread_t producer;
  pthread_create(&producer, NULL, sensor, &r);
  long sum = 0;
  for (int i = 0; i < READINGS; i++)
    sum += ring_get(&r);
  pthread_join(producer, NULL);
  printf("sum of readings: %ld\n", sum);
  return 0;
}
