//===- runtime/interceptors/mutex.cpp - pthread mutexes and spin locks ----===//
#include "lock_common.h"

#include "../lock_graph.h"

#include <errno.h>
#include <pthread.h>

using namespace ravel::rt;

RAVEL_REAL(int, pthread_mutex_init, pthread_mutex_t *,
           const pthread_mutexattr_t *)
RAVEL_REAL(int, pthread_mutex_destroy, pthread_mutex_t *)
RAVEL_REAL(int, pthread_mutex_lock, pthread_mutex_t *)
RAVEL_REAL(int, pthread_mutex_trylock, pthread_mutex_t *)
RAVEL_REAL(int, pthread_mutex_timedlock, pthread_mutex_t *,
           const struct timespec *)
RAVEL_REAL(int, pthread_mutex_clocklock, pthread_mutex_t *, clockid_t,
           const struct timespec *)
RAVEL_REAL(int, pthread_mutex_unlock, pthread_mutex_t *)
RAVEL_REAL(int, pthread_spin_init, pthread_spinlock_t *, int)
RAVEL_REAL(int, pthread_spin_destroy, pthread_spinlock_t *)
RAVEL_REAL(int, pthread_spin_lock, pthread_spinlock_t *)
RAVEL_REAL(int, pthread_spin_trylock, pthread_spinlock_t *)
RAVEL_REAL(int, pthread_spin_unlock, pthread_spinlock_t *)

namespace {
// glibc keeps the mutex type in __data.__kind (PTHREAD_MUTEX_KIND_MASK_NP
// is 3), also for statically initialised mutexes, so reading it covers
// PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP too.
int mutexType(const pthread_mutex_t *M) { return M->__data.__kind & 3; }
// glibc's PTHREAD_MUTEX_ROBUST_NORMAL_NP bit of __data.__kind.
bool mutexRobust(const pthread_mutex_t *M) { return M->__data.__kind & 16; }

SyncVar *mutexVar(pthread_mutex_t *M, const __ravel_site *Site) {
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(M), SyncKind::Mutex, Site);
  int Type = mutexType(M);
  V->Recursive = Type == PTHREAD_MUTEX_RECURSIVE;
  V->ErrorCheck = Type == PTHREAD_MUTEX_ERRORCHECK;
  V->Robust = mutexRobust(M);
  return V;
}

/// T holds V as far as the table knows, yet the mutex's memory says
/// unlocked (glibc's __data.__lock is 0 exactly when no thread holds it,
/// for every mutex kind): T abandoned a locked mutex and a new one was made
/// at its address without an init call (a reused stack frame with
/// PTHREAD_MUTEX_INITIALIZER, a memset). It is a new lock, not T's old
/// one: no self-deadlock. Judged only for T's own entries: T is here, not
/// inside a lock or unlock of V, so the table cannot be momentarily ahead
/// of or behind the memory (for another thread's entry it could be).
void renewIfRecreated(ThreadState *T, SyncVar *V, pthread_mutex_t *M) {
  if (!findHeld(T, V) || __atomic_load_n(&M->__data.__lock, __ATOMIC_RELAXED))
    return;
  {
    SpinLockGuard Guard(V->Mu);
    SyncTable::renewOwnership(V);
  }
  dropStaleHeld(T);
}

template <typename Fn>
int lockCommon(pthread_mutex_t *M, const char *Call, bool Blocking, bool Timed,
               int64_t TimeoutNs, Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(M));
  syncObjectAccess(T, M, sizeof(*M), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V = mutexVar(M, Site);
  renewIfRecreated(T, V, M);
  if (Blocking)
    beforeLock(T, V, LockMode::Write, Site,
               /*SelfDeadlocks=*/!V->Recursive && !V->ErrorCheck && !Timed);
  int R;
  if (Blocking && Serialized && V->ErrorCheck && findHeld(T, V))
    R = EDEADLK; // what the real call returns; never park on oneself
  else if (Blocking)
    R = blockingCall(
        T, Timed ? "timedlock" : "lock", M, sched::WaitKind::Mutex, Site, EBUSY,
        TimeoutNs, ETIMEDOUT,
        [&] {
          int X = real_pthread_mutex_trylock()(M);
          // The owner of this robust mutex exited holding it, but the
          // kernel has not yet marked it (it does so as the thread's last
          // act, which needs no turn): wait for that in the real call
          // instead of parking where no one will wake us.
          if (X == EBUSY && __atomic_load_n(&V->OwnerDied, __ATOMIC_ACQUIRE))
            X = Real();
          return X;
        },
        Real);
  else
    R = Real();
  // EOWNERDEAD: a robust mutex whose owner died is now held by T (which
  // may make it consistent); the lock succeeded. ENOTRECOVERABLE: it was
  // unlocked without being made consistent; the program is told so.
  if (R == 0 || R == EOWNERDEAD)
    afterLock(T, V, LockMode::Write, Site);
  else if (R != EBUSY && R != ETIMEDOUT && R != ENOTRECOVERABLE)
    reportErrorReturn(T, V, Site, Call, R);
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, pthread_mutex_init, pthread_mutex_t *M,
                  const pthread_mutexattr_t *A) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_mutex_init()(M, A);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_mutex_init"));
  syncObjectAccess(T, M, sizeof(*M), /*Write=*/true, Site);
  int R = real_pthread_mutex_init()(M, A);
  if (R)
    return R;
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(M), SyncKind::Mutex, Site);
  {
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, SyncKind::Mutex, Site);
    V->Explicit = true;
  }
  // A fresh object: an entry of T for the old lifetime (T abandoned it
  // locked) leaves T's held locks now; another thread's, at its next lock.
  dropStaleHeld(T);
  return R;
}

RAVEL_INTERCEPTOR(int, pthread_mutex_destroy, pthread_mutex_t *M) {
  ThreadState *T = interceptorThread();
  if (T) {
    const __ravel_site *Site = takeSite(T, libcSite("pthread_mutex_destroy"));
    syncObjectAccess(T, M, sizeof(*M), /*Write=*/true, Site);
    RuntimeScope Scope(T);
    if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(M))) {
      if (__atomic_load_n(&V->Owner, __ATOMIC_RELAXED) >= 0)
        reportMisuse(T, V, Site, "destroy", "destroy of a locked mutex");
      SpinLockGuard Guard(V->Mu);
      SyncTable::renew(V, SyncKind::Mutex, nullptr);
    }
  }
  return real_pthread_mutex_destroy()(M);
}

RAVEL_INTERCEPTOR(int, pthread_mutex_lock, pthread_mutex_t *M) {
  return lockCommon(M, "pthread_mutex_lock", true, false, -1,
                    [&] { return real_pthread_mutex_lock()(M); });
}
RAVEL_INTERCEPTOR(int, pthread_mutex_trylock, pthread_mutex_t *M) {
  return lockCommon(M, "pthread_mutex_trylock", false, false, -1,
                    [&] { return real_pthread_mutex_trylock()(M); });
}
RAVEL_INTERCEPTOR(int, pthread_mutex_timedlock, pthread_mutex_t *M,
                  const struct timespec *TS) {
  return lockCommon(M, "pthread_mutex_timedlock", true, true,
                    timeoutFromAbs(TS, CLOCK_REALTIME),
                    [&] { return real_pthread_mutex_timedlock()(M, TS); });
}
RAVEL_INTERCEPTOR(int, pthread_mutex_clocklock, pthread_mutex_t *M, clockid_t C,
                  const struct timespec *TS) {
  return lockCommon(M, "pthread_mutex_clocklock", true, true,
                    timeoutFromAbs(TS, C),
                    [&] { return real_pthread_mutex_clocklock()(M, C, TS); });
}

RAVEL_INTERCEPTOR(int, pthread_mutex_unlock, pthread_mutex_t *M) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_mutex_unlock()(M);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_mutex_unlock"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(M));
  syncObjectAccess(T, M, sizeof(*M), /*Write=*/false, Site);
  int R;
  {
    RuntimeScope Scope(T);
    SyncVar *V = mutexVar(M, Site);
    bool Held = beforeUnlock(T, V, Site, "unlock", nullptr);
    R = real_pthread_mutex_unlock()(M);
    // Not held: already reported as misuse; an error-checking mutex then
    // returns EPERM, which is the same finding.
    if (R && Held)
      reportErrorReturn(T, V, Site, "pthread_mutex_unlock", R);
    wakeWaiters(M);
  }
  return R;
}

// ---- Spin locks
// --------------------------------------------------------------
namespace {
template <typename Fn>
int spinLockCommon(pthread_spinlock_t *L, const char *Call, bool Blocking,
                   Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(L));
  syncObjectAccess(T, L, sizeof(*L), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(L), SyncKind::SpinLock, Site);
  if (Blocking)
    beforeLock(T, V, LockMode::Write, Site, /*SelfDeadlocks=*/true);
  int R;
  if (Blocking)
    R = blockingCall(
        T, "lock", const_cast<const int *>(L), sched::WaitKind::Mutex, Site,
        EBUSY, -1, ETIMEDOUT, [&] { return real_pthread_spin_trylock()(L); },
        Real);
  else
    R = Real();
  if (R == 0)
    afterLock(T, V, LockMode::Write, Site);
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, pthread_spin_init, pthread_spinlock_t *L, int Shared) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_spin_init()(L, Shared);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_spin_init"));
  syncObjectAccess(T, L, sizeof(*L), /*Write=*/true, Site);
  int R = real_pthread_spin_init()(L, Shared);
  if (!R) {
    RuntimeScope Scope(T);
    SyncVar *V = G.Syncs.getOrCreate(reinterpret_cast<uptr>(L),
                                     SyncKind::SpinLock, Site);
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, SyncKind::SpinLock, Site);
  }
  return R;
}
RAVEL_INTERCEPTOR(int, pthread_spin_destroy, pthread_spinlock_t *L) {
  ThreadState *T = interceptorThread();
  if (T) {
    const __ravel_site *Site = takeSite(T, libcSite("pthread_spin_destroy"));
    syncObjectAccess(T, L, sizeof(*L), /*Write=*/true, Site);
    RuntimeScope Scope(T);
    if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(L))) {
      if (__atomic_load_n(&V->Owner, __ATOMIC_RELAXED) >= 0)
        reportMisuse(T, V, Site, "destroy", "destroy of a locked spin lock");
      SpinLockGuard Guard(V->Mu);
      SyncTable::renew(V, SyncKind::SpinLock, nullptr);
    }
  }
  return real_pthread_spin_destroy()(L);
}
RAVEL_INTERCEPTOR(int, pthread_spin_lock, pthread_spinlock_t *L) {
  return spinLockCommon(L, "pthread_spin_lock", true,
                        [&] { return real_pthread_spin_lock()(L); });
}
RAVEL_INTERCEPTOR(int, pthread_spin_trylock, pthread_spinlock_t *L) {
  return spinLockCommon(L, "pthread_spin_trylock", false,
                        [&] { return real_pthread_spin_trylock()(L); });
}
RAVEL_INTERCEPTOR(int, pthread_spin_unlock, pthread_spinlock_t *L) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_spin_unlock()(L);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_spin_unlock"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(L));
  syncObjectAccess(T, L, sizeof(*L), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(L), SyncKind::SpinLock, Site);
  beforeUnlock(T, V, Site, "unlock", nullptr);
  int R = real_pthread_spin_unlock()(L);
  wakeWaiters(const_cast<const int *>(L));
  return R;
}
