//===- runtime/interceptors/cxa_guard.cpp - function-local statics --------===//
//
// Thread-safe initialisation of a function-local static (`static Foo f =
// make();`): compiled code checks the guard's first byte inline (an acquire
// load) and calls __cxa_guard_acquire only while it is 0; acquire returns 1
// to the thread that must initialise (it then calls __cxa_guard_release, or
// __cxa_guard_abort when the initialiser throws), 0 once another thread
// finished (after waiting for it). They live in libstdc++.so; these
// definitions in the executable pre-empt them and call them through
// RTLD_NEXT.
//
// Happens-before: release publishes the initialiser's clock on a sync
// object keyed on the guard's address, and an acquire that returns 0
// acquires it (like pthread_once). That covers threads that called
// __cxa_guard_acquire. A thread that finds the guard set with the inline
// check calls nothing, and the instrumenter cannot see that load (the
// compiler emits it), so its reads of the object would not be ordered
// after the constructor's writes. So the initialising thread's plain
// accesses are not recorded between an acquire that returned 1 and its
// release or abort (ThreadState::IgnoreAccesses): the object and whatever
// its constructor allocated and wrote carry no history from the
// initialisation, and later accesses by any thread are checked against
// each other as usual. The price: a race between the constructor's own
// accesses and another thread (say an unsynchronised global counter it
// bumps) is missed; lock, condvar and other intercepted operations in a
// constructor are still seen.
//
// Under a serialized schedule nothing blocks for real: a thread whose
// acquire would wait for another thread's initialisation (the guard's
// pending bit set) parks on the guard until that thread's release or abort
// wakes it; the real acquire then returns at once.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <stdint.h>

using namespace ravel::rt;

RAVEL_REAL(int, __cxa_guard_acquire, int64_t *)
RAVEL_REAL(void, __cxa_guard_release, int64_t *)
RAVEL_REAL(void, __cxa_guard_abort, int64_t *)

namespace {
/// Initialisations the current thread is running (nested statics).
__thread unsigned InitDepth __attribute__((tls_model("initial-exec")));

/// Another thread is initialising: libstdc++'s guard word has a pending
/// (or waiting) bit beyond the first byte, which stays 0 until done.
bool initPending(const int64_t *Guard) {
  uint32_t W = __atomic_load_n(reinterpret_cast<const uint32_t *>(Guard),
                               __ATOMIC_ACQUIRE);
  return (W & 0xff) == 0 && W != 0;
}

void endInit(ThreadState *T) {
  if (InitDepth) {
    --InitDepth;
    --T->IgnoreAccesses;
  }
}

/// The guard's sync object (its release clock).
SyncVar *guardVar(int64_t *Guard, const __ravel_site *Site) {
  return G.Syncs.getOrCreate(reinterpret_cast<uptr>(Guard), SyncKind::Once,
                             Site);
}
} // namespace

RAVEL_INTERCEPTOR(int, __cxa_guard_acquire, int64_t *Guard) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real___cxa_guard_acquire()(Guard);
  const __ravel_site *Site = takeSite(T, libcSite("__cxa_guard_acquire"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(Guard));
  RuntimeScope Scope(T);
  int R;
  if (Serialized || initPending(Guard)) {
    BlockingScope B(T, "static-init", reinterpret_cast<uptr>(Guard), Site);
    while (Serialized && initPending(Guard))
      parkOn(T, Guard, sched::WaitKind::Once, -1, Site);
    R = real___cxa_guard_acquire()(Guard);
  } else {
    R = real___cxa_guard_acquire()(Guard);
  }
  if (R) { // this thread initialises
    ++InitDepth;
    ++T->IgnoreAccesses;
    return R;
  }
  SyncVar *V = guardVar(Guard, Site);
  SpinLockGuard Lock(V->Mu);
  acquireSync(T, V);
  return R;
}

RAVEL_INTERCEPTOR(void, __cxa_guard_release, int64_t *Guard) {
  ThreadState *T = interceptorThread();
  if (!T) {
    real___cxa_guard_release()(Guard);
    return;
  }
  const __ravel_site *Site = takeSite(T, libcSite("__cxa_guard_release"));
  {
    RuntimeScope Scope(T);
    endInit(T);
    SyncVar *V = guardVar(Guard, Site);
    {
      SpinLockGuard Lock(V->Mu);
      releaseSync(T, V);
    }
    recordEvent(T, "static-init", Site ? Site->text : "", Site,
                reinterpret_cast<uptr>(Guard));
    real___cxa_guard_release()(Guard);
  }
  wakeWaiters(Guard);
}

RAVEL_INTERCEPTOR(void, __cxa_guard_abort, int64_t *Guard) {
  ThreadState *T = interceptorThread();
  if (!T) {
    real___cxa_guard_abort()(Guard);
    return;
  }
  takeSite(T, nullptr);
  {
    RuntimeScope Scope(T);
    endInit(T);
    real___cxa_guard_abort()(Guard);
  }
  wakeWaiters(Guard); // one of them initialises now
}
