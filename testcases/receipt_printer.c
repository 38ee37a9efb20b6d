// EXPECT: mutex-misuse (receipt_printer.c:46)
// RAVEL-RUN: --schedule native --runs 5
//
// Unlocking a mutex the thread does not hold.
//
// print_receipt() takes the printer's lock, prints the lines, and releases
// it at a shared exit label. A later change added an early exit for empty
// receipts that jumps to the same label -- past the lock, but not past the
// unlock. For a default POSIX mutex that is undefined behaviour, and glibc
// simply releases the lock, whoever holds it:
//
//   T1 (till 1): locks the printer, starts printing a 3-line receipt
//   T2 (till 2): empty receipt -> goto done -> unlocks the printer
//                (held by T1!)
//   T3:          locks the printer and prints into the middle of T1's
//                receipt                    <- mutual exclusion is gone
//
// Why it is rare: empty receipts are rare, and the damage needs a third
// print job to arrive while the first is still printing. (This program
// stops after the misuse so that nothing else goes wrong.) An error-checking
// mutex (PTHREAD_MUTEX_ERRORCHECK) would return EPERM; ravel reports the
// misuse with any mutex.
//
// Fix (receipt_printer_fixed.c): return before taking the lock, so the exit
// label is reached only with the lock held.
#include <pthread.h>
#include <stdio.h>

struct printer {
  pthread_mutex_t lock;
  int lines_printed;
};

struct till {
  struct printer *printer;
  int lines; /* lines on the receipt this till prints */
};

static void print_receipt(struct printer *p, int lines) {
  if (lines == 0)
    goto done; /* nothing to print */
  pthread_mutex_lock(&p->lock);
  for (int line = 0; line < lines; line++)
    p->lines_printed++;
done:
  pthread_mutex_unlock(&p->lock);
}

static void *run_till(void *arg) {
  struct till *t = arg;
  print_receipt(t->printer, t->lines);
  return NULL;
}

int main(void) {
  struct printer front = {PTHREAD_MUTEX_INITIALIZER, 0};
  struct till till1 = {&front, 3}, till2 = {&front, 0};
  pthread_t t1, t2;
  pthread_create(&t1, NULL, run_till, &till1);
  pthread_create(&t2, NULL, run_till, &till2);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  printf("%d lines printed\n", front.lines_printed);
  return 0;
}
