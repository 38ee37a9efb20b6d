/* Diagnostics name the user's line and column and quote the user's text,
   on lines the rewriter changes (a function's entry, shared accesses, a
   lock call) and inside macro expansions, whose warnings clang gives with
   their expansion notes or not at all (run-warnings.py compares the whole
   output with clang's). */
#include <pthread.h>

#define BUMP(x) (x)++
#define TWICE(s) \
  if (1)         \
    s;           \
  s
#define IGNORED(x) (x) + 1

int shared, other;
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

int touch(int *p, unsigned n) { int unused; shared = *p + (int)n; return shared < n; }

void bump(int *p) {
  pthread_mutex_lock(&mu); int also_unused; BUMP(shared); pthread_mutex_unlock(&mu);
  TWICE(other++);
  IGNORED(*p);
  if (shared)
    other = 1;
    shared = 2;
}
