// Two lock-order inversions that never deadlock in this run (an uncounted
// barrier runs the threads one after the other; nothing orders them for
// ravel), so both are potential deadlocks:
//  - `a.mu` and `b.mu`, named apart in the source;
//  - two accounts' locks both written `from->mu` in transfer(), which must
//    still be named apart in the cycle.
#include "../findings/uncounted.h"

#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

static struct account a = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account b = {PTHREAD_MUTEX_INITIALIZER, 100};
static struct account alice = {PTHREAD_MUTEX_INITIALIZER, 500};
static struct account bob = {PTHREAD_MUTEX_INITIALIZER, 200};
static int gate;

static void transfer(struct account *from, struct account *to, long n) {
  pthread_mutex_lock(&from->mu); // @t_from
  pthread_mutex_lock(&to->mu);   // @t_to
  from->balance -= n;
  to->balance += n;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

static void *first(void *arg) {
  (void)arg;
  pthread_mutex_lock(&a.mu); // @f_a
  pthread_mutex_lock(&b.mu); // @f_b
  pthread_mutex_unlock(&b.mu);
  pthread_mutex_unlock(&a.mu);
  transfer(&alice, &bob, 10);
  uncounted_add(&gate, 1);
  return 0;
}

static void *second(void *arg) {
  (void)arg;
  uncounted_barrier(&gate, 2);
  pthread_mutex_lock(&b.mu); // @s_b
  pthread_mutex_lock(&a.mu); // @s_a
  pthread_mutex_unlock(&a.mu);
  pthread_mutex_unlock(&b.mu);
  transfer(&bob, &alice, 5);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, first, 0);
  pthread_create(&t2, 0, second, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  printf("alice %ld bob %ld\n", alice.balance, bob.balance);
  return 0;
}
