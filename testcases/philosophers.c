// EXPECT: potential-deadlock (philosophers.c:41, philosophers.c:42)
// EXPECT-MAYBE: deadlock (philosophers.c:41, philosophers.c:42)
// RAVEL-RUN: --schedule native --runs 5
//
// Dining philosophers: five threads, five forks, one circular wait.
//
// Philosopher i picks up fork i (left), then fork i+1 (right, mod 5). Each
// pair of neighbours shares a fork. If all five pick up their left fork at
// the same moment, every right fork is someone's left fork and is taken:
//
//   P0: locks fork 0     P1: locks fork 1   ...   P4: locks fork 4
//   P0: waits for fork 1 (P1)  P1: waits for fork 2 (P2) ... P4: waits for
//   fork 0 (P0)                                  <- nobody ever eats again
//
// Why it is rare: all five threads must be preempted between their two lock
// calls at the same time; with a few meals each this almost never happens on
// a desktop. The lock-order graph has the cycle 0->1->2->3->4->0 in every
// run, so ravel reports it without needing the unlucky timing.
// The unlucky timing can still happen in a run (more easily in an
// instrumented one, whose lock calls are slower): then ravel also reports
// the actual deadlock, which the EXPECT-MAYBE line allows.
//
// Fix (philosophers_fixed.c): resource ordering (Dijkstra): every
// philosopher picks up the lower-numbered of its two forks first, so the
// last one reaches for fork 0 before fork 4 and the cycle cannot close.
#include <pthread.h>
#include <stdio.h>

#define PHILOSOPHERS 5
#define MEALS 3

struct seat {
  pthread_mutex_t *left;
  pthread_mutex_t *right;
  int meals_eaten;
};

static void *dine(void *arg) {
  struct seat *s = arg;
  for (int meal = 0; meal < MEALS; meal++) {
    pthread_mutex_lock(s->left);
    pthread_mutex_lock(s->right);
    s->meals_eaten++;
    pthread_mutex_unlock(s->right);
    pthread_mutex_unlock(s->left);
  }
  return NULL;
}

int main(void) {
  pthread_mutex_t forks[PHILOSOPHERS];
  struct seat seats[PHILOSOPHERS];
  pthread_t diners[PHILOSOPHERS];
  for (int i = 0; i < PHILOSOPHERS; i++)
    pthread_mutex_init(&forks[i], NULL);
  for (int i = 0; i < PHILOSOPHERS; i++) {
    seats[i].left = &forks[i];
    seats[i].right = &forks[(i + 1) % PHILOSOPHERS];
    seats[i].meals_eaten = 0;
    pthread_create(&diners[i], NULL, dine, &seats[i]);
  }
  int meals = 0;
  for (int i = 0; i < PHILOSOPHERS; i++) {
    pthread_join(diners[i], NULL);
    meals += seats[i].meals_eaten;
  }
  printf("%d meals served\n", meals);
  return 0;
}
