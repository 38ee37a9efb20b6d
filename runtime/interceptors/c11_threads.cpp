//===- runtime/interceptors/c11_threads.cpp - C11 <threads.h> -------------===//
//
// glibc (2.34 and later) implements <threads.h> in libc on top of its own
// pthread functions, called directly rather than through the PLT, so the
// pthread interceptors never see an mtx_lock or a thrd_join. Each C11
// function here is instead what glibc's is, written against ravel's pthread
// interceptors: the program's C11 call takes exactly the path of the
// equivalent pthread call (happens-before, lock-order graph, misuse
// findings, controlled scheduler, deadlock watchdog, virtual time), and the
// result is mapped to thrd_* codes as glibc maps it.
//
// These wrappers are the program's calls, not runtime code: they run
// outside any RuntimeScope and call the interceptors as the program would
// (ground rule 2 is about the runtime's own work, which here is entirely in
// the interceptors they call).
//
// Layouts, as glibc relies on them: thrd_t is pthread_t, mtx_t is
// pthread_mutex_t, cnd_t is pthread_cond_t, once_flag wraps a
// pthread_once_t. mtx_init makes a recursive mutex when the type is
// mtx_recursive (with or without mtx_timed), else a normal one.
// thrd_create's start function returns int: glibc flags the thread so that
// its own start code calls it with the right type; here a trampoline calls
// it and returns the int as the thread's void* result, which thrd_join
// converts back (so does a thrd_exit value).
//
// Sites: the instrumenter names the user's call (__ravel_next_site) for
// the C11 sync calls; an uninstrumented call is named after the C11
// function (`mtx_lock`), not the pthread one it becomes.
//
// Not intercepted: thrd_current and thrd_equal (no synchronisation) and
// tss_* (thread-specific storage orders nothing).
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <threads.h>
#include <time.h>

using namespace ravel::rt;

static_assert(sizeof(thrd_t) == sizeof(pthread_t), "thrd_t is pthread_t");
static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t),
              "mtx_t is pthread_mutex_t");
static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t),
              "cnd_t is pthread_cond_t");
static_assert(sizeof(once_flag) == sizeof(pthread_once_t),
              "once_flag is pthread_once_t");

namespace {
/// glibc's thrd_err_map: a pthread error number as a thrd_* result.
int thrdResult(int Err) {
  switch (Err) {
  case 0:
    return thrd_success;
  case ENOMEM:
    return thrd_nomem;
  case ETIMEDOUT:
    return thrd_timedout;
  case EBUSY:
    return thrd_busy;
  default:
    return thrd_error;
  }
}

/// Names an uninstrumented call after its C11 function: sets the pending
/// site for the pthread interceptor unless the instrumenter already did,
/// and withdraws it afterwards if the interceptor did not consume it (a
/// failed init, a native-mode sleep), so it cannot name a later call.
class C11Site {
public:
  explicit C11Site(const char *Function) : T(interceptorThread()) {
    if (T && !T->PendingSite)
      T->PendingSite = Set = libcSite(Function);
  }
  ~C11Site() {
    if (Set && T->PendingSite == Set)
      T->PendingSite = nullptr;
  }
  C11Site(const C11Site &) = delete;
  C11Site &operator=(const C11Site &) = delete;

private:
  ThreadState *T;
  const __ravel_site *Set = nullptr;
};

pthread_mutex_t *asPthread(mtx_t *M) {
  return reinterpret_cast<pthread_mutex_t *>(M);
}
pthread_cond_t *asPthread(cnd_t *C) {
  return reinterpret_cast<pthread_cond_t *>(C);
}

struct C11Start {
  thrd_start_t Fn;
  void *Arg;
};

/// The pthread start routine of a C11 thread: the int result becomes the
/// thread's void* result, as glibc's start code converts it.
void *c11ThreadStart(void *P) {
  C11Start S = *static_cast<C11Start *>(P);
  internalFree(P);
  return reinterpret_cast<void *>(static_cast<uintptr_t>(S.Fn(S.Arg)));
}

void *allocStart(thrd_start_t Fn, void *Arg) {
  ThreadState *T = interceptorThread();
  void *P;
  if (T) {
    RuntimeScope Scope(T);
    P = internalAlloc(sizeof(C11Start));
  } else {
    P = internalAlloc(sizeof(C11Start));
  }
  *static_cast<C11Start *>(P) = C11Start{Fn, Arg};
  return P;
}
} // namespace

// ---- Threads ----------------------------------------------------------------

RAVEL_INTERCEPTOR(int, thrd_create, thrd_t *Th, thrd_start_t Fn, void *Arg) {
  C11Site Site("thrd_create");
  void *Start = allocStart(Fn, Arg);
  int R = pthread_create(Th, nullptr, c11ThreadStart, Start);
  if (R)
    internalFree(Start);
  return thrdResult(R);
}

RAVEL_INTERCEPTOR(int, thrd_join, thrd_t Th, int *Res) {
  C11Site Site("thrd_join");
  void *Ret = nullptr;
  int R = pthread_join(Th, &Ret);
  if (Res) // glibc stores it whatever the join returned
    *Res = static_cast<int>(reinterpret_cast<uintptr_t>(Ret));
  return thrdResult(R);
}

RAVEL_INTERCEPTOR(int, thrd_detach, thrd_t Th) {
  C11Site Site("thrd_detach");
  return thrdResult(pthread_detach(Th));
}

RAVEL_INTERCEPTOR(void, thrd_exit, int Res) {
  pthread_exit(reinterpret_cast<void *>(static_cast<uintptr_t>(Res)));
}

RAVEL_INTERCEPTOR(void, thrd_yield, void) {
  C11Site Site("thrd_yield");
  sched_yield();
}

// glibc: a relative CLOCK_REALTIME clock_nanosleep; 0, -1 when interrupted
// by a signal, -2 on any other error. Under a controlled schedule the sleep
// is in virtual time (interceptors/time.cpp).
RAVEL_INTERCEPTOR(int, thrd_sleep, const struct timespec *Duration,
                  struct timespec *Remaining) {
  C11Site Site("thrd_sleep");
  int R = clock_nanosleep(CLOCK_REALTIME, 0, Duration, Remaining);
  return R == 0 ? 0 : R == EINTR ? -1 : -2;
}

// ---- Mutexes ----------------------------------------------------------------

RAVEL_INTERCEPTOR(int, mtx_init, mtx_t *M, int Type) {
  C11Site Site("mtx_init");
  pthread_mutexattr_t A;
  pthread_mutexattr_init(&A);
  pthread_mutexattr_settype(&A, (Type & ~mtx_timed) == mtx_recursive
                                    ? PTHREAD_MUTEX_RECURSIVE
                                    : PTHREAD_MUTEX_NORMAL);
  int R = pthread_mutex_init(asPthread(M), &A);
  pthread_mutexattr_destroy(&A);
  return thrdResult(R);
}

RAVEL_INTERCEPTOR(int, mtx_lock, mtx_t *M) {
  C11Site Site("mtx_lock");
  return thrdResult(pthread_mutex_lock(asPthread(M)));
}

RAVEL_INTERCEPTOR(int, mtx_trylock, mtx_t *M) {
  C11Site Site("mtx_trylock");
  return thrdResult(pthread_mutex_trylock(asPthread(M)));
}

// The time point is TIME_UTC, which is CLOCK_REALTIME: pthread's clock.
RAVEL_INTERCEPTOR(int, mtx_timedlock, mtx_t *__restrict M,
                  const struct timespec *__restrict TS) {
  C11Site Site("mtx_timedlock");
  return thrdResult(pthread_mutex_timedlock(asPthread(M), TS));
}

RAVEL_INTERCEPTOR(int, mtx_unlock, mtx_t *M) {
  C11Site Site("mtx_unlock");
  return thrdResult(pthread_mutex_unlock(asPthread(M)));
}

RAVEL_INTERCEPTOR(void, mtx_destroy, mtx_t *M) {
  C11Site Site("mtx_destroy");
  pthread_mutex_destroy(asPthread(M));
}

// ---- Condition variables ----------------------------------------------------

RAVEL_INTERCEPTOR(int, cnd_init, cnd_t *C) {
  C11Site Site("cnd_init");
  return thrdResult(pthread_cond_init(asPthread(C), nullptr));
}

RAVEL_INTERCEPTOR(int, cnd_signal, cnd_t *C) {
  C11Site Site("cnd_signal");
  return thrdResult(pthread_cond_signal(asPthread(C)));
}

RAVEL_INTERCEPTOR(int, cnd_broadcast, cnd_t *C) {
  C11Site Site("cnd_broadcast");
  return thrdResult(pthread_cond_broadcast(asPthread(C)));
}

RAVEL_INTERCEPTOR(int, cnd_wait, cnd_t *C, mtx_t *M) {
  C11Site Site("cnd_wait");
  return thrdResult(pthread_cond_wait(asPthread(C), asPthread(M)));
}

// cnd_init gives the condvar the default clock, CLOCK_REALTIME (TIME_UTC).
RAVEL_INTERCEPTOR(int, cnd_timedwait, cnd_t *__restrict C, mtx_t *__restrict M,
                  const struct timespec *__restrict TS) {
  C11Site Site("cnd_timedwait");
  return thrdResult(pthread_cond_timedwait(asPthread(C), asPthread(M), TS));
}

RAVEL_INTERCEPTOR(void, cnd_destroy, cnd_t *C) {
  C11Site Site("cnd_destroy");
  pthread_cond_destroy(asPthread(C));
}

// ---- Once -------------------------------------------------------------------

RAVEL_INTERCEPTOR(void, call_once, once_flag *Flag, void (*Fn)(void)) {
  C11Site Site("call_once");
  pthread_once(reinterpret_cast<pthread_once_t *>(&Flag->__data), Fn);
}
