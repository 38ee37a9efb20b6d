// fork from a threaded program under a controlled schedule: the child has
// only the forking thread, so it runs freely (no scheduler, nothing waits
// for the parent's threads): it creates and joins a thread of its own,
// locks a mutex and exits; a second child execs a program. The parent's
// threads go on as before. The program ends cleanly natively: no finding.
// EXPECT: none
// SEEDS: pct 1-6 random 1-3
#include "ravel_test.h"
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count, child_count;

static void *worker(void *arg) {
  FUNC();
  for (int i = 0; i < 5; ++i) {
    LOCK(m);
    UPD(count);
    count++;
    UNLOCK(m);
  }
  return arg;
}

static void *child_worker(void *arg) {
  FUNC();
  pthread_mutex_t *cm = arg;
  LOCK(*cm);
  UPD(child_count);
  child_count++;
  UNLOCK(*cm);
  return 0;
}

static int in_child(void) {
  FUNC();
  pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
  pthread_t t;
  AT(pthread_create(&t, 0, child_worker, &cm));
  LOCK(cm);
  UPD(child_count);
  child_count++;
  UNLOCK(cm);
  AT(pthread_join(t, 0));
  return child_count == 2 ? 0 : 1;
}

int main(void) {
  FUNC();
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    AT(pthread_create(&t[i], 0, worker, 0));
  int bad = 0;
  pid_t p = fork();
  if (p == 0)
    exit(in_child());
  pid_t q = fork();
  if (q == 0) {
    execl("/bin/true", "true", (char *)0);
    _exit(127);
  }
  int st;
  bad |= waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st);
  bad |= waitpid(q, &st, 0) != q || !WIFEXITED(st) || WEXITSTATUS(st);
  for (int i = 0; i < 2; ++i)
    AT(pthread_join(t[i], 0));
  RD(count);
  return bad || count != 10;
}
