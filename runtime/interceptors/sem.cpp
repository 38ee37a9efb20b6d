//===- runtime/interceptors/sem.cpp - POSIX semaphores --------------------===//
//
// sem_post releases into the semaphore's clock, a successful wait acquires
// it (post -> wait edge; the clock accumulates every post, a sound
// over-approximation for counting semaphores).
//
//===----------------------------------------------------------------------===//
#include "lock_common.h"

#include <errno.h>
#include <semaphore.h>

using namespace ravel::rt;

RAVEL_REAL(int, sem_init, sem_t *, int, unsigned)
RAVEL_REAL(int, sem_destroy, sem_t *)
RAVEL_REAL(int, sem_post, sem_t *)
RAVEL_REAL(int, sem_wait, sem_t *)
RAVEL_REAL(int, sem_trywait, sem_t *)
RAVEL_REAL(int, sem_timedwait, sem_t *, const struct timespec *)
RAVEL_REAL(int, sem_clockwait, sem_t *, clockid_t, const struct timespec *)

namespace {
// blockingCall's "busy" result for the sem_* functions (-1 with EAGAIN).
constexpr int SemBusy = -2;

template <typename Fn>
int semWaitCommon(sem_t *S, const char *Call, const char *BlockOp,
                  int64_t TimeoutNs, Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(S));
  syncObjectAccess(T, S, sizeof(*S), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(S), SyncKind::Sem, Site);
  int R;
  if (BlockOp) {
    R = blockingCall(
        T, BlockOp, S, sched::WaitKind::Sem, Site, SemBusy, TimeoutNs, -3,
        [&] {
          int X = real_sem_trywait()(S);
          return X == -1 && errno == EAGAIN ? SemBusy : X;
        },
        Real);
    if (R == -3) {
      errno = ETIMEDOUT;
      R = -1;
    }
  } else {
    R = Real();
  }
  if (R == 0) {
    SpinLockGuard Guard(V->Mu);
    acquireSync(T, V);
  }
  recordEvent(T, "sem-wait", Site ? Site->text : "", Site);
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, sem_init, sem_t *S, int Shared, unsigned Value) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_sem_init()(S, Shared, Value);
  const __ravel_site *Site = takeSite(T, libcSite("sem_init"));
  syncObjectAccess(T, S, sizeof(*S), /*Write=*/true, Site);
  int R = real_sem_init()(S, Shared, Value);
  if (!R) {
    RuntimeScope Scope(T);
    SyncVar *V =
        G.Syncs.getOrCreate(reinterpret_cast<uptr>(S), SyncKind::Sem, Site);
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, SyncKind::Sem, Site);
  }
  return R;
}
RAVEL_INTERCEPTOR(int, sem_destroy, sem_t *S) {
  ThreadState *T = interceptorThread();
  if (T) {
    const __ravel_site *Site = takeSite(T, libcSite("sem_destroy"));
    syncObjectAccess(T, S, sizeof(*S), /*Write=*/true, Site);
    RuntimeScope Scope(T);
    if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(S))) {
      SpinLockGuard Guard(V->Mu);
      SyncTable::renew(V, SyncKind::Sem, nullptr);
    }
  }
  return real_sem_destroy()(S);
}
RAVEL_INTERCEPTOR(int, sem_post, sem_t *S) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_sem_post()(S);
  const __ravel_site *Site = takeSite(T, libcSite("sem_post"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(S));
  syncObjectAccess(T, S, sizeof(*S), /*Write=*/false, Site);
  RuntimeScope Scope(T);
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(S), SyncKind::Sem, Site);
  {
    SpinLockGuard Guard(V->Mu);
    releaseSync(T, V);
  }
  recordEvent(T, "sem-post", Site ? Site->text : "", Site);
  int R = real_sem_post()(S);
  wakeWaiters(S);
  return R;
}
RAVEL_INTERCEPTOR(int, sem_wait, sem_t *S) {
  return semWaitCommon(S, "sem_wait", "sem-wait", -1,
                       [&] { return real_sem_wait()(S); });
}
RAVEL_INTERCEPTOR(int, sem_trywait, sem_t *S) {
  return semWaitCommon(S, "sem_trywait", nullptr, -1,
                       [&] { return real_sem_trywait()(S); });
}
RAVEL_INTERCEPTOR(int, sem_timedwait, sem_t *S, const struct timespec *TS) {
  return semWaitCommon(S, "sem_timedwait", "timedwait",
                       timeoutFromAbs(TS, CLOCK_REALTIME),
                       [&] { return real_sem_timedwait()(S, TS); });
}
RAVEL_INTERCEPTOR(int, sem_clockwait, sem_t *S, clockid_t C,
                  const struct timespec *TS) {
  return semWaitCommon(S, "sem_clockwait", "timedwait", timeoutFromAbs(TS, C),
                       [&] { return real_sem_clockwait()(S, C, TS); });
}
