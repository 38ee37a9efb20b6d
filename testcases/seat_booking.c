// EXPECT: data-race f->seats_left (seat_booking.c:31, seat_booking.c:33)
// RAVEL-RUN: --schedule native --runs 5
//
// Check-then-act: the decrement is locked, the check that guards it is not.
//
// Two booking agents sell seats on one flight. book_seat() checks that a
// seat is left and then, under the flight's lock, takes it. The lock makes
// the decrement itself safe, but the decision was made on a value read
// without the lock, and it may be stale by the time the lock is taken:
//
//   T1: reads seats_left == 1            (check passes)
//   T2: reads seats_left == 1            (check passes)
//   T1: lock, seats_left = 0, unlock
//   T2: lock, seats_left = -1, unlock    <- the flight is overbooked
//
// Why it is rare: both agents must read the last seat within the few
// instructions between the other agent's check and its decrement.
//
// Fix (seat_booking_fixed.c): take the lock before the check, so checking
// and booking are one critical section.
#include <pthread.h>
#include <stdio.h>

struct flight {
  pthread_mutex_t lock;
  int seats_left;
  int booked;
};

static int book_seat(struct flight *f) {
  if (f->seats_left > 0) {
    pthread_mutex_lock(&f->lock);
    f->seats_left--;
    f->booked++;
    pthread_mutex_unlock(&f->lock);
    return 1;
  }
  return 0;
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
