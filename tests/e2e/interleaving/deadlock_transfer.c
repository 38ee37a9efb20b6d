// A real deadlock between two transfers in opposite directions: both lock
// `from->mu`, then `to->mu`, so one source text stands for two distinct
// locks; the cycle must still name them apart. An uncounted barrier between
// the two locks makes every run deadlock.
#include "../findings/uncounted.h"

#include <pthread.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};

static struct account alice = {PTHREAD_MUTEX_INITIALIZER, 500};
static struct account bob = {PTHREAD_MUTEX_INITIALIZER, 200};
static int gate;

static void transfer(struct account *from, struct account *to, long n) {
  pthread_mutex_lock(&from->mu); // @t_from
  uncounted_barrier(&gate, 2);
  pthread_mutex_lock(&to->mu); // @t_to
  from->balance -= n;
  to->balance += n;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
}

static void *payment(void *arg) {
  (void)arg;
  transfer(&alice, &bob, 10);
  return 0;
}

static void *refund(void *arg) {
  (void)arg;
  transfer(&bob, &alice, 5);
  return 0;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, payment, 0);
  pthread_create(&t2, 0, refund, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
