// An access after the free of its block, by a thread not ordered after the
// free, races with the free (a use after free that no synchronisation
// orders): the free's write stays in the block's shadow until the block is
// allocated again. Also for the old block of a realloc that moved it.
// The accesses are hooks only: nothing touches the freed memory.
// EXPECT: data-race free_use_race.c:@use:read free_use_race.c:@free:write
// EXPECT: data-race free_use_race.c:@ruse:write free_use_race.c:@realloc:write
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>

struct Obj {
  long pad, x;
};
static struct Obj *p;
static char *r, *old;
static int step;

static void *t1(void *arg) {
  FUNC();
  old = r;
  AT(free(p)); // @free
  r = AT(realloc(r, 1 << 12)); // @realloc
  step_set(&step, 1);
  step_wait(&step, 2);
  free(r);
  return arg;
}

static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  RD(p->x); // @use
  WR(old[3]); // @ruse
  step_set(&step, 2);
  return arg;
}

int main(void) {
  FUNC();
  p = malloc(sizeof *p);
  r = malloc(16);
  WR(p->x);
  WR(r[3]);
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
