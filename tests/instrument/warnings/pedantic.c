/* Every C rewrite (plain access, bit-field and packed bases, _Atomic
   objects, <stdatomic.h> calls, libc calls) builds under -std=c11
   -pedantic -Werror plain and with ravel-cc (run-warnings.py --werror). */
#include <stdatomic.h>
#include <string.h>

struct flags {
  unsigned a : 1, b : 3;
  int n;
};

int shared;
struct flags *gp;
struct flags g;
_Atomic int counter;
atomic_int hits;
char buf[16];

int touch(const char *s) {
  shared = shared + 1;
  gp->a = 1;
  g.b = 2;
  counter += 2;
  atomic_fetch_add(&hits, 1);
  memcpy(buf, s, 4);
  return shared + (int)strlen(buf);
}
