// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of philosophers.c (circular wait).
//
// Resource ordering: each philosopher picks up the lower-numbered of the two
// forks first. Philosopher 4 now reaches for fork 0 before fork 4, so the
// lock-order graph only has edges from lower to higher fork numbers and
// cannot contain a cycle.
#include <pthread.h>
#include <stdio.h>

#define PHILOSOPHERS 5
#define MEALS 3

struct seat {
  pthread_mutex_t *first;
  pthread_mutex_t *second;
  int meals_eaten;
};

static void *dine(void *arg) {
  struct seat *s = arg;
  for (int meal = 0; meal < MEALS; meal++) {
    pthread_mutex_lock(s->first);
    pthread_mutex_lock(s->second);
    s->meals_eaten++;
    pthread_mutex_unlock(s->second);
    pthread_mutex_unlock(s->first);
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
    int left = i, right = (i + 1) % PHILOSOPHERS;
    seats[i].first = &forks[left < right ? left : right];
    seats[i].second = &forks[left < right ? right : left];
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
