// A new thread's stack and static TLS may have belonged to a finished
// thread: glibc caches the stacks of exited threads (a joinable thread's at
// its join, a detached one's at its exit) and gives them to the next thread
// it creates, and a program may pass one pthread_attr_setstack buffer to
// thread after thread. The new owner is not racing with the old one. Here
// generations of joined, detached and user-stack threads write an escaped
// local and a __thread variable at the same addresses (checked: exit 3 if
// the stack was not reused), none ordered after the previous generation by
// happens-before; only the real race on a stack variable at the end is
// reported.
// EXPECT: data-race stack_reuse.c:@racew1:write stack_reuse.c:@racew2:write
#define _GNU_SOURCE
#include "ravel_test.h"
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

// One scenario's generations must all see the same addresses.
struct Scenario {
  const char *Name;
  void *Local, *Tls;
  int Tid; // of the last generation, once it ran (uncounted)
};

static __thread int tls;

static void note(struct Scenario *S, void *Local, void *Tls) {
  if (!S->Local) {
    S->Local = Local;
    S->Tls = Tls;
  } else if (S->Local != Local || S->Tls != Tls) {
    fprintf(stderr, "%s: stack not reused (%p %p, then %p %p)\n", S->Name,
            S->Local, S->Tls, Local, Tls);
    exit(3);
  }
}

static void use(int *p) {
  FUNC();
  WR(*p); // through a pointer: the local escaped
}

static void *worker(void *arg) {
  FUNC();
  struct Scenario *S = arg;
  int local = 0;
  use(&local);
  WR(local);
  WR(tls);
  note(S, &local, &tls);
  __atomic_store_n(&S->Tid, (int)syscall(SYS_gettid), __ATOMIC_RELEASE);
  return 0;
}

// The last generation's thread is gone: the kernel cleared its tid, so
// glibc may reuse its stack and the program its stack buffer.
static void wait_gone(struct Scenario *S) {
  int Tid;
  while (!(Tid = __atomic_load_n(&S->Tid, __ATOMIC_ACQUIRE)))
    sched_yield();
  while (syscall(SYS_tgkill, getpid(), Tid, 0) == 0)
    sched_yield();
  __atomic_store_n(&S->Tid, 0, __ATOMIC_RELEASE);
}

// ---- Joined: main joins W1; B (not ordered after that join) starts W2 ----
static struct Scenario joined = {.Name = "joined"};
static int joinedStep;

static void *spawner(void *arg) {
  FUNC();
  step_wait(&joinedStep, 1); // W1 joined: its stack is in glibc's cache
  pthread_t w2;
  AT(pthread_create(&w2, 0, worker, &joined));
  AT(pthread_join(w2, 0));
  return arg;
}

static void joinedGenerations(void) {
  FUNC();
  pthread_t b, w1;
  AT(pthread_create(&b, 0, spawner, 0));
  AT(pthread_create(&w1, 0, worker, &joined));
  AT(pthread_join(w1, 0));
  step_set(&joinedStep, 1);
  AT(pthread_join(b, 0));
}

// ---- Detached: three generations on glibc's cached stack -----------------
static struct Scenario detached = {.Name = "detached"};

static void detachedGenerations(void) {
  FUNC();
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  for (int I = 0; I < 3; ++I) {
    pthread_t t;
    AT(pthread_create(&t, &a, worker, &detached));
    wait_gone(&detached);
  }
  pthread_attr_destroy(&a);
}

// ---- User stacks: one pthread_attr_setstack buffer, three generations ----
static struct Scenario user = {.Name = "user stack"};
static char ustack[1 << 18] __attribute__((aligned(4096)));

static void userStackGenerations(void) {
  FUNC();
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstack(&a, ustack, sizeof(ustack));
  for (int I = 0; I < 3; ++I) {
    pthread_t t;
    AT(pthread_create(&t, &a, worker, &user));
    wait_gone(&user);
  }
  pthread_attr_destroy(&a);
}

// ---- A real race on a stack variable is still reported --------------------
static int *shared_p;
static int raceStep;

static void *racer1(void *arg) {
  FUNC();
  int x = 0;
  __atomic_store_n(&shared_p, &x, __ATOMIC_RELEASE);
  WR(x); // @racew1
  step_set(&raceStep, 1);
  step_wait(&raceStep, 2); // x stays alive until racer2 wrote it
  return arg;
}

static void *racer2(void *arg) {
  FUNC();
  step_wait(&raceStep, 1);
  int *p = __atomic_load_n(&shared_p, __ATOMIC_ACQUIRE);
  WR(*p); // @racew2
  step_set(&raceStep, 2);
  return arg;
}

int main(void) {
  FUNC();
  joinedGenerations();
  detachedGenerations();
  userStackGenerations();
  pthread_t r1, r2;
  AT(pthread_create(&r1, 0, racer1, 0));
  AT(pthread_create(&r2, 0, racer2, 0));
  AT(pthread_join(r1, 0));
  AT(pthread_join(r2, 0));
  return 0;
}
