// Locks a program builds itself and annotates take part in lock-order
// cycles like pthread mutexes: one thread takes custom lock a then b,
// another b then a (run one after the other by an uncounted barrier): a
// potential deadlock. A try-lock that failed (__tsan_mutex_post_lock with
// its try-lock-failed flag) is not an acquisition, and an unbalanced
// "ignore writes end" does not turn checking off: the write to `after`
// still races.
// EXPECT: potential-deadlock annotated_locks.c:@t1b:lock annotated_locks.c:@t2a:lock
// EXPECT: data-race annotated_locks.c:@w1:write annotated_locks.c:@w2:write
#include "ravel_test.h"
#include <pthread.h>
#define __RAVEL__ 1 // as ravel-cc defines it
#include <ravel/annotations.h>

void __tsan_mutex_post_lock(void *addr, unsigned flags, int recursion);
void AnnotateIgnoreWritesEnd(const char *f, int l);

static int a, b, c; // the lock words of three custom locks
static long after;
static int step;

static void *t1(void *arg) {
  FUNC();
  AT(__ravel_annotate_lock_acquired(&a, 1));
  AT(__ravel_annotate_lock_acquired(&b, 1)); // @t1b
  AT(__ravel_annotate_lock_released(&b, 1));
  AT(__ravel_annotate_lock_released(&a, 1));
  // Holding a, a try of c that failed: no a -> c edge, c not held.
  AT(__ravel_annotate_lock_acquired(&a, 1));
  AT(__tsan_mutex_post_lock(&c, (1u << 4) | (1u << 5), 0));
  AT(__ravel_annotate_lock_released(&a, 1));
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  WR(after); // @w1
  step_set(&step, 1);
  return arg;
}

static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(__ravel_annotate_lock_acquired(&b, 1));
  AT(__ravel_annotate_lock_acquired(&a, 1)); // @t2a
  AT(__ravel_annotate_lock_released(&a, 1));
  AT(__ravel_annotate_lock_released(&b, 1));
  // c then a: with a wrong a -> c edge from the failed try, a cycle.
  AT(__ravel_annotate_lock_acquired(&c, 1));
  AT(__ravel_annotate_lock_acquired(&a, 1));
  AT(__ravel_annotate_lock_released(&a, 1));
  AT(__ravel_annotate_lock_released(&c, 1));
  WR(after); // @w2
  return arg;
}

int main(void) {
  FUNC();
  AT(__ravel_annotate_lock_create(&a, 0));
  AT(__ravel_annotate_lock_create(&b, 0));
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
