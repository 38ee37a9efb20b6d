// C11 threads: a table initialised by call_once and read by two threads;
// whichever thread runs the initialiser (the uncounted barrier lets the
// worker call first), the other reads after call_once returns: no race.
// EXPECT: none
#include "ravel_test.h"
#include <threads.h>

static once_flag once = ONCE_FLAG_INIT;
static int table[8];
static int step;

static void init_table(void) {
  FUNC();
  for (int i = 0; i < 8; ++i) {
    WR(table[i]);
    table[i] = i * i;
  }
}

static int sum_table(void) {
  FUNC();
  AT(call_once(&once, init_table));
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    RD(table[i]);
    sum += table[i];
  }
  return sum;
}

static int reader(void *arg) {
  FUNC();
  int sum = sum_table();
  step_set(&step, 1);
  return sum;
}

int main(void) {
  FUNC();
  thrd_t t;
  AT(thrd_create(&t, reader, 0));
  step_wait(&step, 1);
  int mine = sum_table();
  int theirs = 0;
  AT(thrd_join(t, &theirs));
  return mine == 140 && theirs == 140 ? 0 : 1;
}
