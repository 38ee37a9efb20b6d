// free (and realloc) writes the whole block: an access by another thread
// not ordered before it is a data race, wherever it is in the block (a
// small block, one byte in the middle of a 1 MiB block, a block realloc
// moves). A free ordered after the access by a mutex is not a race.
// EXPECT: data-race free_race.c:@read:read free_race.c:@free:write
// EXPECT: data-race free_race.c:@bigwrite:write free_race.c:@bigfree:write
// EXPECT: data-race free_race.c:@rwrite:write free_race.c:@realloc:write
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>

enum { Big = 1 << 20 };
struct Obj {
  long pad, x;
};
static struct Obj *p;
static char *big, *r, *ok;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int step;

static void *t1(void *arg) {
  FUNC();
  RD(p->x); // @read
  WR(big[Big / 2 + 3]); // @bigwrite
  WR(r[3]); // @rwrite
  LOCK(mu);
  WR(ok[5]);
  UNLOCK(mu);
  step_set(&step, 1);
  return arg;
}

static void *t2(void *arg) {
  FUNC();
  step_wait(&step, 1);
  AT(free(p)); // @free
  AT(free(big)); // @bigfree
  r = AT(realloc(r, 1 << 16)); // @realloc
  LOCK(mu);
  AT(free(ok));
  UNLOCK(mu);
  free(r);
  return arg;
}

int main(void) {
  FUNC();
  p = malloc(sizeof *p);
  big = malloc(Big);
  r = malloc(16);
  ok = malloc(64);
  pthread_t x, y;
  AT(pthread_create(&x, 0, t1, 0));
  AT(pthread_create(&y, 0, t2, 0));
  AT(pthread_join(x, 0));
  AT(pthread_join(y, 0));
  return 0;
}
