//===- runtime/interceptors/stdio_lock.cpp - flockfile as a lock ---------===//
//
// flockfile, ftrylockfile and funlockfile lock a FILE's recursive lock: a
// lock like a recursive mutex keyed by the FILE's address (happens-before
// from each unlock to the next lock, held-lock sets, lock-order edges),
// parked on under serialized schedules like a mutex. The lock stdio takes
// inside each of its calls (printf writing stdout) is not seen: it orders
// only the FILE's own buffer, which the program never touches directly.
//
//===----------------------------------------------------------------------===//
#include "lock_common.h"

#include <errno.h>
#include <stdio.h>

using namespace ravel::rt;

RAVEL_REAL(void, flockfile, FILE *)
RAVEL_REAL(int, ftrylockfile, FILE *)
RAVEL_REAL(void, funlockfile, FILE *)

namespace {
SyncVar *fileLockVar(FILE *F, const __ravel_site *Site) {
  SyncVar *V =
      G.Syncs.getOrCreate(reinterpret_cast<uptr>(F), SyncKind::Mutex, Site);
  V->Recursive = true;
  return V;
}

/// flockfile (Blocking) and ftrylockfile: 0 when T now holds F's lock.
int lockFile(FILE *F, bool Blocking) {
  ThreadState *T = interceptorThread();
  if (!T) {
    if (!Blocking)
      return real_ftrylockfile()(F);
    real_flockfile()(F);
    return 0;
  }
  const __ravel_site *Site =
      takeSite(T, libcSite(Blocking ? "flockfile" : "ftrylockfile"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(F));
  RuntimeScope Scope(T);
  SyncVar *V = fileLockVar(F, Site);
  int R;
  if (Blocking) {
    beforeLock(T, V, LockMode::Write, Site, /*SelfDeadlocks=*/false);
    R = blockingCall(
        T, "lock", F, sched::WaitKind::Mutex, Site, EBUSY, -1, ETIMEDOUT,
        [&] { return real_ftrylockfile()(F) ? EBUSY : 0; },
        [&] {
          real_flockfile()(F);
          return 0;
        });
  } else {
    R = real_ftrylockfile()(F) ? EBUSY : 0;
  }
  if (R == 0)
    afterLock(T, V, LockMode::Write, Site);
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(void, flockfile, FILE *F) { lockFile(F, true); }
RAVEL_INTERCEPTOR(int, ftrylockfile, FILE *F) {
  return lockFile(F, false) ? -1 : 0;
}
RAVEL_INTERCEPTOR(void, funlockfile, FILE *F) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_funlockfile()(F);
  const __ravel_site *Site = takeSite(T, libcSite("funlockfile"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(F));
  {
    RuntimeScope Scope(T);
    SyncVar *V = fileLockVar(F, Site);
    beforeUnlock(T, V, Site, "unlock", nullptr);
  }
  real_funlockfile()(F);
  wakeWaiters(F);
}
