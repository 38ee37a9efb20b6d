// A correct program whose whole process is stopped (SIGSTOP, then SIGCONT,
// from a child) for longer than the stall watchdog's second while its
// threads take turns: as on a loaded machine, the thread holding the turn
// gets no core, but it is not stuck. The watchdog must not free it (a
// thread freed while it waited to be woken for the turn never ran again,
// and the run hung until it was killed); no finding. The workers stop when
// the child says so after the stop (a raw atomic the detector does not see).
// EXPECT: none
// SEEDS: pct 2 random 1-2
#include "ravel_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int count;
static int *done; // shared with the child

static void *worker(void *arg) {
  FUNC();
  while (!__atomic_load_n(done, __ATOMIC_ACQUIRE)) {
    LOCK(m);
    UPD(count);
    count++;
    UNLOCK(m);
  }
  return arg;
}

int main(void) {
  FUNC();
  done =
      mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (done == MAP_FAILED)
    return 3;
  pid_t parent = getpid();
  pid_t p = fork();
  if (p == 0) {
    // The "load": no core at all for 1.2 s while the workers run.
    usleep(50 * 1000);
    kill(parent, SIGSTOP);
    usleep(1200 * 1000);
    kill(parent, SIGCONT);
    usleep(100 * 1000);
    __atomic_store_n(done, 1, __ATOMIC_RELEASE);
    _exit(0);
  }
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    AT(pthread_create(&t[i], 0, worker, 0));
  for (int i = 0; i < 2; ++i)
    AT(pthread_join(t[i], 0));
  int status = 0;
  if (waitpid(p, &status, 0) != p || !WIFEXITED(status))
    return 4;
  return 0;
}
