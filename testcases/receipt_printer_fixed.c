// EXPECT: none
// RAVEL-RUN: --schedule native --runs 5
//
// Fixed variant of receipt_printer.c (unlock of a mutex not held).
//
// An empty receipt returns before the lock is taken; every path that
// reaches the unlock took the lock first. Keeping lock and unlock in one
// block with no jumps into or out of it makes that easy to see.
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
    return; /* nothing to print, nothing to lock */
  pthread_mutex_lock(&p->lock);
  for (int line = 0; line < lines; line++)
    p->lines_printed++;
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
