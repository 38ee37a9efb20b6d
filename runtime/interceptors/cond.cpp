//===- runtime/interceptors/cond.cpp - condition variables ----------------===//
//
// A wait releases its mutex (as an unlock), blocks, and re-acquires it (as a
// lock); signal/broadcast also release the signaller's clock into the
// condvar, which the woken waiter acquires (signal -> wake edge). A
// spurious wake-up acquires it too (a rare over-approximation: a missed
// race at worst, never a false one).
// pthread_cond_* exist in two symbol versions in glibc; the current one is
// GLIBC_2.3.2.
//
//===----------------------------------------------------------------------===//
#include "lock_common.h"

#include <errno.h>
#include <pthread.h>

using namespace ravel::rt;

#define COND_VERSION "GLIBC_2.3.2"
RAVEL_REAL_VERSIONED(int, pthread_cond_init, COND_VERSION, pthread_cond_t *,
                     const pthread_condattr_t *)
RAVEL_REAL_VERSIONED(int, pthread_cond_destroy, COND_VERSION, pthread_cond_t *)
RAVEL_REAL_VERSIONED(int, pthread_cond_signal, COND_VERSION, pthread_cond_t *)
RAVEL_REAL_VERSIONED(int, pthread_cond_broadcast, COND_VERSION,
                     pthread_cond_t *)
RAVEL_REAL_VERSIONED(int, pthread_cond_wait, COND_VERSION, pthread_cond_t *,
                     pthread_mutex_t *)
RAVEL_REAL_VERSIONED(int, pthread_cond_timedwait, COND_VERSION,
                     pthread_cond_t *, pthread_mutex_t *,
                     const struct timespec *)
RAVEL_REAL(int, pthread_mutex_unlock, pthread_mutex_t *)
RAVEL_REAL(int, pthread_mutex_trylock, pthread_mutex_t *)
RAVEL_REAL(int, pthread_cond_clockwait, pthread_cond_t *, pthread_mutex_t *,
           clockid_t, const struct timespec *)

namespace {
template <typename Fn>
int waitCommon(pthread_cond_t *C, pthread_mutex_t *M, const char *Call,
               bool Timed, int64_t TimeoutNs, Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(M));
  syncObjectAccess(T, C, sizeof(*C), /*Write=*/false, Site);
  syncObjectAccess(T, M, sizeof(*M), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *CV =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(C), SyncKind::Cond, Site);
  SyncVar *MV =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(M), SyncKind::Mutex, Site);
  // Keep the mutex's acquisition site across the wait.
  HeldLock *H = findHeld(T, MV);
  const __ravel_site *LockSite = H ? H->Stack.top() : Site;
  bool Held = H != nullptr;
  if (!Held)
    reportMisuse(T, MV, Site, "wait",
                 "condition variable wait with a mutex the thread does not "
                 "hold");
  else
    beforeUnlock(T, MV, Site, "unlock", nullptr);
  recordEvent(T, "wait", Site ? Site->text : "", Site);
  int R;
  if (Serialized) {
    // Modelled: release the mutex, park on the condvar (a spurious wake-up
    // is a schedule choice), re-acquire. The real condvar is not used.
    if (Held) {
      real_pthread_mutex_unlock()(M);
      wakeWaiters(M);
    }
    sched::WakeReason W;
    {
      BlockingScope B(T, Timed ? "timedwait" : "wait", CV->Addr, Site);
      W = parkOn(T, C, sched::WaitKind::Cond, TimeoutNs, Site,
                 /*AllowSpurious=*/true);
    }
    if (Held)
      blockingCall(
          T, "lock", M, sched::WaitKind::Mutex, Site, EBUSY, -1, ETIMEDOUT,
          [&] { return real_pthread_mutex_trylock()(M); }, [] { return 0; });
    R = W == sched::WakeReason::TimedOut ? ETIMEDOUT : 0;
  } else {
    BlockingScope B(T, Timed ? "timedwait" : "wait", CV->Addr, Site);
    R = Real();
  }
  if (Held) {
    afterLock(T, MV, LockMode::Write, LockSite);
  }
  {
    SpinLockGuard Guard(CV->Mu);
    acquireSync(T, CV);
  }
  if (R && R != ETIMEDOUT)
    reportErrorReturn(T, CV, Site, Call, R);
  return R;
}

/// A wait is a cancellation point (modelled under a serialized schedule).
template <typename Fn>
int cancellableWait(pthread_cond_t *C, pthread_mutex_t *M, const char *Call,
                    bool Timed, int64_t TimeoutNs, Fn Real) {
  cancellationPoint();
  int R = waitCommon(C, M, Call, Timed, TimeoutNs, Real);
  cancellationPoint(); // with the mutex re-acquired, as glibc does
  return R;
}

template <typename Fn>
int signalCommon(pthread_cond_t *C, const char *Call, bool All, Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(C));
  syncObjectAccess(T, C, sizeof(*C), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *CV =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(C), SyncKind::Cond, Site);
  {
    SpinLockGuard Guard(CV->Mu);
    releaseSync(T, CV);
  }
  recordEvent(T, "signal", Site ? Site->text : "", Site);
  int R = Real();
  wakeWaiters(C, All);
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, pthread_cond_init, pthread_cond_t *C,
                  const pthread_condattr_t *A) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_cond_init()(C, A);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_cond_init"));
  syncObjectAccess(T, C, sizeof(*C), /*Write=*/true, Site);
  int R = real_pthread_cond_init()(C, A);
  if (!R) {
    RuntimeScope Scope(T);
    SyncVar *V =
        G.Syncs.getOrCreate(reinterpret_cast<uptr>(C), SyncKind::Cond, Site);
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, SyncKind::Cond, Site);
  }
  return R;
}
RAVEL_INTERCEPTOR(int, pthread_cond_destroy, pthread_cond_t *C) {
  ThreadState *T = interceptorThread();
  if (T) {
    const __ravel_site *Site = takeSite(T, libcSite("pthread_cond_destroy"));
    syncObjectAccess(T, C, sizeof(*C), /*Write=*/true, Site);
    RuntimeScope Scope(T);
    if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(C))) {
      SpinLockGuard Guard(V->Mu);
      SyncTable::renew(V, SyncKind::Cond, nullptr);
    }
  }
  return real_pthread_cond_destroy()(C);
}
RAVEL_INTERCEPTOR(int, pthread_cond_signal, pthread_cond_t *C) {
  return signalCommon(C, "pthread_cond_signal", false,
                      [&] { return real_pthread_cond_signal()(C); });
}
RAVEL_INTERCEPTOR(int, pthread_cond_broadcast, pthread_cond_t *C) {
  return signalCommon(C, "pthread_cond_broadcast", true,
                      [&] { return real_pthread_cond_broadcast()(C); });
}
RAVEL_INTERCEPTOR(int, pthread_cond_wait, pthread_cond_t *C,
                  pthread_mutex_t *M) {
  return cancellableWait(C, M, "pthread_cond_wait", false, -1,
                         [&] { return real_pthread_cond_wait()(C, M); });
}
RAVEL_INTERCEPTOR(int, pthread_cond_timedwait, pthread_cond_t *C,
                  pthread_mutex_t *M, const struct timespec *TS) {
  // The deadline is on the condvar's clock: glibc keeps CLOCK_MONOTONIC
  // (pthread_condattr_setclock) as bit 1 of __wrefs.
  clockid_t Clk = C->__data.__wrefs & 2 ? CLOCK_MONOTONIC : CLOCK_REALTIME;
  return cancellableWait(
      C, M, "pthread_cond_timedwait", true, timeoutFromAbs(TS, Clk),
      [&] { return real_pthread_cond_timedwait()(C, M, TS); });
}
RAVEL_INTERCEPTOR(int, pthread_cond_clockwait, pthread_cond_t *C,
                  pthread_mutex_t *M, clockid_t Clk,
                  const struct timespec *TS) {
  return cancellableWait(
      C, M, "pthread_cond_clockwait", true, timeoutFromAbs(TS, Clk),
      [&] { return real_pthread_cond_clockwait()(C, M, Clk, TS); });
}
