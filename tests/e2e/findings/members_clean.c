// Two threads write different members of one struct: distinct plain
// members, and bit-fields that a zero-width bit-field puts in different
// memory locations. Nothing races.
// EXPECT: none
// RUNS: 5
#include <pthread.h>

struct Record {
  int x;
  int y;
  unsigned lo : 4;
  unsigned : 0;
  unsigned hi : 4;
};

static struct Record r;

static void *first(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    r.x = i;
    r.lo = i & 7;
  }
  return 0;
}

static void *second(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; ++i) {
    r.y = i;
    r.hi = i & 7;
  }
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first, 0);
  pthread_create(&b, 0, second, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return r.x == 99 && r.y == 99 ? 0 : 3;
}
