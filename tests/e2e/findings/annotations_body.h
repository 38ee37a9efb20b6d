// The body of the annotation tests (annotations_*.c): hand-offs and locks
// ravel cannot see (inline-asm flags and a spin lock built on them), each
// once annotated, with the spelling's macros, and once not. The annotated
// half is race-free; each unannotated twin races, so the annotations are
// what makes the difference. The including file defines HB(x), HA(x),
// BENIGN(x, n), LOCK_CREATE(l), LOCK_ACQ(l), LOCK_REL(l), IGNORE_W_BEGIN()
// and IGNORE_W_END().
#include "uncounted.h"
#include <pthread.h>

static int flag, flag2, gate;
static int lock, lock2;
static long data, data2, stats, stats2, guarded, guarded2, ign, ign2;

static void spin_lock(int *l) {
  while (uncounted_add(l, 1) != 0) {
    uncounted_add(l, -1);
    __asm__ volatile("pause" ::: "memory");
  }
}
static void spin_unlock(int *l) { uncounted_add(l, -1); }

static void *producer(void *arg) {
  data = 1;
  HB(&flag);
  uncounted_add(&flag, 1);
  data2 = 1; // races: no annotation orders it
  uncounted_add(&flag2, 1);
  BENIGN(&stats, sizeof stats);
  stats++;
  stats2++; // races
  spin_lock(&lock);
  LOCK_ACQ(&lock);
  guarded++;
  LOCK_REL(&lock);
  spin_unlock(&lock);
  spin_lock(&lock2);
  guarded2++; // races
  spin_unlock(&lock2);
  IGNORE_W_BEGIN();
  ign = 1;
  IGNORE_W_END();
  ign2 = 1; // races
  uncounted_barrier(&gate, 2);
  return arg;
}

static void *consumer(void *arg) {
  while (!uncounted_load(&flag))
    __asm__ volatile("pause" ::: "memory");
  HA(&flag);
  long sum = data;
  while (!uncounted_load(&flag2))
    __asm__ volatile("pause" ::: "memory");
  sum += data2;
  uncounted_barrier(&gate, 2);
  stats++;
  stats2++;
  spin_lock(&lock);
  LOCK_ACQ(&lock);
  guarded++;
  LOCK_REL(&lock);
  spin_unlock(&lock);
  spin_lock(&lock2);
  guarded2++;
  spin_unlock(&lock2);
  sum += ign + ign2;
  return (void *)sum;
}

int main(void) {
  LOCK_CREATE(&lock);
  pthread_t p, c;
  pthread_create(&p, 0, producer, 0);
  pthread_create(&c, 0, consumer, 0);
  pthread_join(p, 0);
  pthread_join(c, 0);
  return 0;
}
