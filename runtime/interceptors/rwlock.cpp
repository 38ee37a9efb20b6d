//===- runtime/interceptors/rwlock.cpp - pthread rwlocks ------------------===//
//
// Write mode acquires the clocks of the last writer and of every reader
// release since (ReadClock); read mode acquires the last writer's only, so
// two readers stay unordered (their reads cannot race anyway).
//
//===----------------------------------------------------------------------===//
#include "lock_common.h"

#include "../lock_graph.h"

#include <errno.h>
#include <pthread.h>

using namespace ravel::rt;

RAVEL_REAL(int, pthread_rwlock_init, pthread_rwlock_t *,
           const pthread_rwlockattr_t *)
RAVEL_REAL(int, pthread_rwlock_destroy, pthread_rwlock_t *)
RAVEL_REAL(int, pthread_rwlock_rdlock, pthread_rwlock_t *)
RAVEL_REAL(int, pthread_rwlock_tryrdlock, pthread_rwlock_t *)
RAVEL_REAL(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *,
           const struct timespec *)
RAVEL_REAL(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *, clockid_t,
           const struct timespec *)
RAVEL_REAL(int, pthread_rwlock_wrlock, pthread_rwlock_t *)
RAVEL_REAL(int, pthread_rwlock_trywrlock, pthread_rwlock_t *)
RAVEL_REAL(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *,
           const struct timespec *)
RAVEL_REAL(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *, clockid_t,
           const struct timespec *)
RAVEL_REAL(int, pthread_rwlock_unlock, pthread_rwlock_t *)

namespace {
enum class Wait { Block, Try, Timed };

template <typename Fn>
int rwLockCommon(pthread_rwlock_t *L, const char *Call, LockMode M, Wait W,
                 int64_t TimeoutNs, Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(L));
  syncObjectAccess(T, L, sizeof(*L), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(L), SyncKind::RwLock, Site);
  int R;
  if (W != Wait::Try) {
    // A wrlock over an own read lock blocks forever; glibc returns EDEADLK
    // for wrlock/rdlock over an own write lock, which POSIX leaves
    // undefined (other systems hang): both are self-deadlocks.
    HeldLock *H = findHeld(T, V);
    beforeLock(T, V, M, Site, /*SelfDeadlocks=*/W == Wait::Block);
    if (Serialized && H && (M == LockMode::Write || H->Mode == LockMode::Write))
      R = EDEADLK; // what glibc returns over an own write lock
    else
      R = blockingCall(
          T,
          W == Wait::Timed       ? "timedlock"
          : M == LockMode::Write ? "wrlock"
                                 : "rdlock",
          L,
          M == LockMode::Write ? sched::WaitKind::RwWrite
                               : sched::WaitKind::RwRead,
          Site, EBUSY, TimeoutNs, ETIMEDOUT,
          [&] {
            return M == LockMode::Write ? real_pthread_rwlock_trywrlock()(L)
                                        : real_pthread_rwlock_tryrdlock()(L);
          },
          Real);
  } else {
    R = Real();
  }
  if (R == 0)
    afterLock(T, V, M, Site);
  else if (R != EBUSY && R != ETIMEDOUT)
    reportErrorReturn(T, V, Site, Call, R);
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, pthread_rwlock_init, pthread_rwlock_t *L,
                  const pthread_rwlockattr_t *A) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_rwlock_init()(L, A);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_rwlock_init"));
  syncObjectAccess(T, L, sizeof(*L), /*Write=*/true, Site);
  int R = real_pthread_rwlock_init()(L, A);
  if (!R) {
    RuntimeScope Scope(T);
    SyncVar *V =
        G.Syncs.getOrCreate(reinterpret_cast<uptr>(L), SyncKind::RwLock, Site);
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, SyncKind::RwLock, Site);
    V->Explicit = true;
  }
  return R;
}

RAVEL_INTERCEPTOR(int, pthread_rwlock_destroy, pthread_rwlock_t *L) {
  ThreadState *T = interceptorThread();
  if (T) {
    const __ravel_site *Site = takeSite(T, libcSite("pthread_rwlock_destroy"));
    syncObjectAccess(T, L, sizeof(*L), /*Write=*/true, Site);
    RuntimeScope Scope(T);
    if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(L))) {
      if (__atomic_load_n(&V->Owner, __ATOMIC_RELAXED) >= 0 ||
          __atomic_load_n(&V->Readers, __ATOMIC_RELAXED))
        reportMisuse(T, V, Site, "destroy", "destroy of a locked rwlock");
      SpinLockGuard Guard(V->Mu);
      SyncTable::renew(V, SyncKind::RwLock, nullptr);
    }
  }
  return real_pthread_rwlock_destroy()(L);
}

RAVEL_INTERCEPTOR(int, pthread_rwlock_rdlock, pthread_rwlock_t *L) {
  return rwLockCommon(L, "pthread_rwlock_rdlock", LockMode::Read, Wait::Block,
                      -1, [&] { return real_pthread_rwlock_rdlock()(L); });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_tryrdlock, pthread_rwlock_t *L) {
  return rwLockCommon(L, "pthread_rwlock_tryrdlock", LockMode::Read, Wait::Try,
                      -1, [&] { return real_pthread_rwlock_tryrdlock()(L); });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_timedrdlock, pthread_rwlock_t *L,
                  const struct timespec *TS) {
  return rwLockCommon(L, "pthread_rwlock_timedrdlock", LockMode::Read,
                      Wait::Timed, timeoutFromAbs(TS, CLOCK_REALTIME),
                      [&] { return real_pthread_rwlock_timedrdlock()(L, TS); });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_clockrdlock, pthread_rwlock_t *L,
                  clockid_t C, const struct timespec *TS) {
  return rwLockCommon(L, "pthread_rwlock_clockrdlock", LockMode::Read,
                      Wait::Timed, timeoutFromAbs(TS, C), [&] {
                        return real_pthread_rwlock_clockrdlock()(L, C, TS);
                      });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_wrlock, pthread_rwlock_t *L) {
  return rwLockCommon(L, "pthread_rwlock_wrlock", LockMode::Write, Wait::Block,
                      -1, [&] { return real_pthread_rwlock_wrlock()(L); });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_trywrlock, pthread_rwlock_t *L) {
  return rwLockCommon(L, "pthread_rwlock_trywrlock", LockMode::Write, Wait::Try,
                      -1, [&] { return real_pthread_rwlock_trywrlock()(L); });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_timedwrlock, pthread_rwlock_t *L,
                  const struct timespec *TS) {
  return rwLockCommon(L, "pthread_rwlock_timedwrlock", LockMode::Write,
                      Wait::Timed, timeoutFromAbs(TS, CLOCK_REALTIME),
                      [&] { return real_pthread_rwlock_timedwrlock()(L, TS); });
}
RAVEL_INTERCEPTOR(int, pthread_rwlock_clockwrlock, pthread_rwlock_t *L,
                  clockid_t C, const struct timespec *TS) {
  return rwLockCommon(L, "pthread_rwlock_clockwrlock", LockMode::Write,
                      Wait::Timed, timeoutFromAbs(TS, C), [&] {
                        return real_pthread_rwlock_clockwrlock()(L, C, TS);
                      });
}

RAVEL_INTERCEPTOR(int, pthread_rwlock_unlock, pthread_rwlock_t *L) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_rwlock_unlock()(L);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_rwlock_unlock"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(L));
  syncObjectAccess(T, L, sizeof(*L), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(L), SyncKind::RwLock, Site);
  bool Held = beforeUnlock(T, V, Site, "unlock", nullptr);
  int R = real_pthread_rwlock_unlock()(L);
  if (R && Held) // not held: already reported as misuse
    reportErrorReturn(T, V, Site, "pthread_rwlock_unlock", R);
  wakeWaiters(L);
  return R;
}
