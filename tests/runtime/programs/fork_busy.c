// fork while other threads are busy inside the runtime: they lock and
// unlock, allocate and free blocks holding mutexes, and enter functions,
// so at any moment one of them may hold a runtime lock. Each child locks,
// allocates, starts and joins a thread: none may find a runtime lock that
// a thread absent from the child left held. The atfork handlers hold the
// program's own mutex across the fork (the correct pattern), and allocate
// and free while the forking thread holds the runtime's locks. The program
// is correct: no finding, every child exits 0.
// EXPECT: none
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

enum { Forks = 40 };

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count, child_count;
static volatile int stop;
static void *prepared;

static void *worker(void *arg) {
  FUNC();
  while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
    LOCK(m);
    UPD(count);
    count++;
    UNLOCK(m);
    pthread_mutex_t *own = malloc(sizeof *own);
    AT(pthread_mutex_init(own, 0));
    LOCK(*own);
    UNLOCK(*own);
    AT(pthread_mutex_destroy(own));
    free(own);
  }
  return arg;
}

static void *child_worker(void *arg) {
  FUNC();
  LOCK(m);
  UPD(child_count);
  child_count++;
  UNLOCK(m);
  return arg;
}

static int in_child(void) {
  FUNC();
  pthread_t t;
  AT(pthread_create(&t, 0, child_worker, 0));
  void *p = malloc(100);
  LOCK(m);
  UPD(child_count);
  child_count++;
  UNLOCK(m);
  free(p);
  AT(pthread_join(t, 0));
  RD(child_count);
  return child_count == 2 ? 0 : 1;
}

static void prepare(void) {
  pthread_mutex_lock(&m);
  free(prepared);
  prepared = realloc(malloc(16), 64);
}
static void parent(void) { pthread_mutex_unlock(&m); }
static void child(void) {
  pthread_mutex_unlock(&m);
  free(malloc(32));
}

int main(void) {
  FUNC();
  AT(pthread_atfork(prepare, parent, child));
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    AT(pthread_create(&t[i], 0, worker, 0));
  int bad = 0;
  for (int i = 0; i < Forks; ++i) {
    pid_t p = fork();
    if (p == 0)
      _exit(in_child());
    int st;
    bad |= waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st);
  }
  __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
  for (int i = 0; i < 2; ++i)
    AT(pthread_join(t[i], 0));
  free(prepared);
  return bad;
}
