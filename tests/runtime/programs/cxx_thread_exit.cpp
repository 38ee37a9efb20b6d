// The last code a thread runs, after its function returned or called
// pthread_exit: C++ thread_local destructors and pthread_key destructors.
// They write shared data (under a lock, reaching scheduling points); the
// joiner reads it after the join, so the thread must count as finished only
// after them: no race, no deadlock, under every schedule.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t key;
static int dtors;

static void bump() {
  LOCK(m);
  UPD(dtors);
  dtors++;
  UNLOCK(m);
}

struct Local {
  int used = 0;
  ~Local() { bump(); }
};
static thread_local Local local;

static void key_dtor(void *) { bump(); }

static void *worker(void *arg) {
  FUNC();
  local.used = 1;
  pthread_setspecific(key, &key);
  if (arg)
    pthread_exit(nullptr);
  return nullptr;
}

int main() {
  FUNC();
  pthread_key_create(&key, key_dtor);
  pthread_t a, b;
  AT(pthread_create(&a, nullptr, worker, nullptr));
  AT(pthread_create(&b, nullptr, worker, &a));
  AT(pthread_join(a, nullptr));
  AT(pthread_join(b, nullptr));
  RD(dtors); // ordered by the joins, without the lock
  return dtors == 4 ? 0 : 1;
}
