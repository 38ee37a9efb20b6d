//===- runtime/interceptors/barrier_once.cpp - barriers and pthread_once --===//
//
// Barrier: every arriving thread releases into the barrier's clock before
// the real wait and acquires it after, so all accesses before the barrier
// happen before all accesses after it. (A thread already in the next round
// may add its clock before a slow thread of this round acquires: a missed
// race at worst.)
// pthread_once: the routine's thread releases into the once control after
// the routine returned; every caller acquires after pthread_once returns
// (this covers std::call_once, which libstdc++ 12 implements with
// pthread_once).
//
//===----------------------------------------------------------------------===//
#include "lock_common.h"

#include <pthread.h>

using namespace ravel::rt;

RAVEL_REAL(int, pthread_barrier_init, pthread_barrier_t *,
           const pthread_barrierattr_t *, unsigned)
RAVEL_REAL(int, pthread_barrier_destroy, pthread_barrier_t *)
RAVEL_REAL(int, pthread_barrier_wait, pthread_barrier_t *)
RAVEL_REAL(int, pthread_once, pthread_once_t *, void (*)(void))

RAVEL_INTERCEPTOR(int, pthread_barrier_init, pthread_barrier_t *B,
                  const pthread_barrierattr_t *A, unsigned Count) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_barrier_init()(B, A, Count);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_barrier_init"));
  syncObjectAccess(T, B, sizeof(*B), /*Write=*/true, Site);
  int R = real_pthread_barrier_init()(B, A, Count);
  if (!R) {
    RuntimeScope Scope(T);
    SyncVar *V =
        G.Syncs.getOrCreate(reinterpret_cast<uptr>(B), SyncKind::Barrier, Site);
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, SyncKind::Barrier, Site);
    V->BarrierCount = Count;
    V->BarrierArrived = 0;
  }
  return R;
}
RAVEL_INTERCEPTOR(int, pthread_barrier_destroy, pthread_barrier_t *B) {
  ThreadState *T = interceptorThread();
  if (T) {
    const __ravel_site *Site = takeSite(T, libcSite("pthread_barrier_destroy"));
    syncObjectAccess(T, B, sizeof(*B), /*Write=*/true, Site);
    RuntimeScope Scope(T);
    if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(B))) {
      SpinLockGuard Guard(V->Mu);
      SyncTable::renew(V, SyncKind::Barrier, nullptr);
    }
  }
  return real_pthread_barrier_destroy()(B);
}
RAVEL_INTERCEPTOR(int, pthread_barrier_wait, pthread_barrier_t *B) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_barrier_wait()(B);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_barrier_wait"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(B));
  syncObjectAccess(T, B, sizeof(*B), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(B), SyncKind::Barrier, Site);
  {
    SpinLockGuard Guard(V->Mu);
    releaseSync(T, V);
  }
  recordEvent(T, "barrier", Site ? Site->text : "", Site);
  int R;
  if (Serialized && V->BarrierCount) {
    // Modelled: the last arrival opens the round and wakes the others.
    uint32_t Round;
    bool Last;
    {
      SpinLockGuard Guard(V->Mu);
      Round = V->BarrierRound;
      Last = ++V->BarrierArrived == V->BarrierCount;
      if (Last) {
        V->BarrierArrived = 0;
        __atomic_store_n(&V->BarrierRound, Round + 1, __ATOMIC_RELEASE);
      }
    }
    if (Last) {
      wakeWaiters(B);
      R = PTHREAD_BARRIER_SERIAL_THREAD;
    } else {
      BlockingScope BS(T, "barrier", V->Addr, Site);
      while (__atomic_load_n(&V->BarrierRound, __ATOMIC_ACQUIRE) == Round)
        parkOn(T, B, sched::WaitKind::Barrier, -1, Site);
      R = 0;
    }
  } else {
    BlockingScope BS(T, "barrier", V->Addr, Site);
    R = real_pthread_barrier_wait()(B);
  }
  SpinLockGuard Guard(V->Mu);
  acquireSync(T, V);
  return R;
}

namespace {
// The once routine takes no argument: the control being run is passed
// through a thread-local (saved and restored, so nested once calls work).
__thread pthread_once_t *RunningOnce;
__thread void (*RunningRoutine)(void);

void onceTrampoline() {
  pthread_once_t *Ctl = RunningOnce;
  void (*Routine)(void) = RunningRoutine;
  Routine();
  ThreadState *T = CurThread;
  if (!T)
    return;
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(Ctl), SyncKind::Once, nullptr);
  {
    SpinLockGuard Guard(V->Mu);
    releaseSync(T, V);
  }
  wakeWaiters(Ctl);
}

// glibc's pthread_once_t: bit 0 "in progress", bit 1 "done".
bool onceInProgress(pthread_once_t *Ctl) {
  int V = __atomic_load_n(Ctl, __ATOMIC_ACQUIRE);
  return (V & 1) && !(V & 2);
}
} // namespace

RAVEL_INTERCEPTOR(int, pthread_once, pthread_once_t *Ctl,
                  void (*Routine)(void)) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_once()(Ctl, Routine);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_once"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(Ctl));
  pthread_once_t *SavedCtl = RunningOnce;
  void (*SavedRoutine)(void) = RunningRoutine;
  RunningOnce = Ctl;
  RunningRoutine = Routine;
  if (Serialized && onceInProgress(Ctl)) {
    // Another thread runs the routine: wait for it as the scheduler sees
    // it, instead of blocking in the real call while holding the turn.
    BlockingScope B(T, "once", reinterpret_cast<uptr>(Ctl), Site);
    while (onceInProgress(Ctl))
      parkOn(T, Ctl, sched::WaitKind::Once, -1, Site);
  }
  // Not a BlockingScope: the routine itself runs inside this call.
  int R = real_pthread_once()(Ctl, onceTrampoline);
  RunningOnce = SavedCtl;
  RunningRoutine = SavedRoutine;
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(Ctl), SyncKind::Once, Site);
  SpinLockGuard Guard(V->Mu);
  acquireSync(T, V);
  recordEvent(T, "once", Site ? Site->text : "", Site);
  return R;
}
