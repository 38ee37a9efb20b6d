// Five threads write five different bytes of one 8-byte granule (one more
// than the granule's shadow slots), with no order between them; then a
// sixth thread writes byte 0. Its race with the writer of byte 0 is found
// whatever that writer's place in the order (first, whose entry a full
// granule would evict, ..., last): granule g[k] has it at place k.
// EXPECT: data-race shadow_eviction.c:@w0:write shadow_eviction.c:@r0:write
// EXPECT: data-race shadow_eviction.c:@w1:write shadow_eviction.c:@r1:write
// EXPECT: data-race shadow_eviction.c:@w2:write shadow_eviction.c:@r2:write
// EXPECT: data-race shadow_eviction.c:@w3:write shadow_eviction.c:@r3:write
// EXPECT: data-race shadow_eviction.c:@w4:write shadow_eviction.c:@r4:write
#include "ravel_test.h"
#include <pthread.h>

static struct {
  char b[8];
} g[5] __attribute__((aligned(8)));
static int step;

static void *writer(void *arg) {
  FUNC();
  int i = (int)(long)arg; // writes byte i
  for (int k = 0; k < 5; ++k) {
    int place = (i + k) % 5; // writer 0 is at place k in g[k]
    step_wait(&step, 5 * k + place);
    switch (k) {
    case 0: WR(g[0].b[i]); break; // @w0
    case 1: WR(g[1].b[i]); break; // @w1
    case 2: WR(g[2].b[i]); break; // @w2
    case 3: WR(g[3].b[i]); break; // @w3
    case 4: WR(g[4].b[i]); break; // @w4
    }
    step_set(&step, 5 * k + place + 1);
  }
  return 0;
}

static void *racer(void *arg) {
  FUNC();
  step_wait(&step, 25);
  WR(g[0].b[0]); // @r0
  WR(g[1].b[0]); // @r1
  WR(g[2].b[0]); // @r2
  WR(g[3].b[0]); // @r3
  WR(g[4].b[0]); // @r4
  return arg;
}

int main(void) {
  FUNC();
  pthread_t t[6];
  for (long i = 0; i < 5; ++i)
    AT(pthread_create(&t[i], 0, writer, (void *)i));
  AT(pthread_create(&t[5], 0, racer, 0));
  for (int i = 0; i < 6; ++i)
    AT(pthread_join(t[i], 0));
  return 0;
}
