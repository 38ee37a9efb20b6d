// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of seat_booking.c (check-then-act).
//
// The check and the booking now sit in one critical section: once an agent
// has seen a free seat, no other agent can take it before the decrement. The
// final printf runs after both agents were joined.
#include <pthread.h>
#include <stdio.h>

struct flight {
  pthread_mutex_t lock;
  int seats_left;
  int booked;
};

static int book_seat(struct flight *f) {
  int booked = 0;
  pthread_mutex_lock(&f->lock);
  if (f->seats_left > 0) {
    f->seats_left--;
    f->booked++;
    booked = 1;
  }
  pthread_mutex_unlock(&f->lock);
  return booked;
}

static void *booking_agent(void *arg) {
  struct flight *f = arg;
  for (int request = 0; request < 2; request++)
    book_seat(f);
  return NULL;
}

int main(void) {
  struct flight lh454 = {PTHREAD_MUTEX_INITIALIZER, 3, 0};
  pthread_t web, counter;
  pthread_create(&web, NULL, booking_agent, &lh454);
  pthread_create(&counter, NULL, booking_agent, &lh454);
  pthread_join(web, NULL);
  pthread_join(counter, NULL);
  printf("booked %d, seats left %d\n", lh454.booked, lh454.seats_left);
  return 0;
}
