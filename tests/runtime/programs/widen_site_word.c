// A buffer written byte by byte widens one shadow entry per granule, on the
// hooks' fast path when the access has the site word the thread used last.
// That word also names the calling context and the locks held, so a byte
// written at the same site from another caller, or with another lock set,
// must get an entry of its own: the reports of the races on those bytes
// show the stack and the locks of the write that really touched them.
// EXPECT: data-race widen_site_word.c:@put:write widen_site_word.c:@readb:read
// EXPECT: data-race widen_site_word.c:@put2:write widen_site_word.c:@read2:read
// STACK: widen_site_word.c:@put>widen_site_word.c:@callb>widen_site_word.c:@mainb
// HELD: widen_site_word.c:@put2:write b
#include "ravel_test.h"
#include <pthread.h>

static _Alignas(8) unsigned char buf[8], buf2[8];
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int step;
// Written once per epoch first, so that the writes naming the callers'
// positions below are already recorded and compute no site word: nothing
// but the context changes between the two writes at @put.
static int pos;

static void put_byte(int i) {
  FUNC();
  WR(buf[i]); // @put
  buf[i] = 1;
}

static void fill_a(void) {
  FUNC();
  WR(pos), put_byte(0); // @calla
}

static void fill_b(void) {
  FUNC();
  WR(pos), put_byte(1); // @callb
}

// Holds b until main has written buf2[0] (and failed to take b: main's
// access to b is then already recorded in its epoch, so taking it later
// records nothing, and only the held set changes), then reads what main
// wrote with no order between them.
static void *helper(void *arg) {
  FUNC();
  LOCK(b);
  step_set(&step, 1);
  step_wait(&step, 2);
  UNLOCK(b);
  step_set(&step, 3);
  step_wait(&step, 4);
  RD(buf[1]);  // @readb
  RD(buf2[1]); // @read2
  return (void *)(long)(buf[1] + buf2[1]);
}

int main(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, helper, 0));
  WR(pos);
  WR(pos), fill_a();
  WR(pos), fill_b(); // @mainb (same site, same epoch, another context)
  step_wait(&step, 1);
  AT(pthread_mutex_trylock(&b)); // busy
  for (int i = 0; i < 2; ++i) {
    if (i == 1) {
      step_set(&step, 2);
      step_wait(&step, 3);
      LOCK(b);
    }
    WR(buf2[i]); // @put2
    buf2[i] = 1;
  }
  UNLOCK(b);
  step_set(&step, 4);
  AT(pthread_join(t, 0));
  return 0;
}
