//===- runtime/interceptors/time.cpp - sleeping and yielding --------------===//
//
// Under a serialized schedule, sleeps advance the sleeper's virtual clock
// (other threads run first) instead of sleeping, and sched_yield lowers the
// yielder's priority (so spin-yield loops make progress under PCT). In
// native mode these are the real calls; in noise mode they are also
// scheduling points.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <errno.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

using namespace ravel::rt;

RAVEL_REAL(int, sched_yield, void)
RAVEL_REAL(unsigned, sleep, unsigned)
RAVEL_REAL(int, usleep, useconds_t)
RAVEL_REAL(int, nanosleep, const struct timespec *, struct timespec *)
RAVEL_REAL(int, clock_nanosleep, clockid_t, int, const struct timespec *,
           struct timespec *)

namespace {
/// The thread to model the call for, or null (native mode, or not ready).
ThreadState *timeThread() {
  if (RAVEL_LIKELY(!ControlledSchedule))
    return nullptr;
  return interceptorThread();
}

const __ravel_site *siteFor(ThreadState *T, const char *Fn) {
  const __ravel_site *S = takeSite(T, libcSite(Fn));
  notePosition(T, S);
  return S;
}

bool modelSleep(const char *Fn, uint64_t Ns) {
  ThreadState *T = timeThread();
  if (!T)
    return false;
  const __ravel_site *Site = siteFor(T, Fn);
  if (!Serialized) { // noise: a point, then the real sleep
    schedulingPoint(T, PointKind::Other, 0);
    return false;
  }
  RuntimeScope Scope(T);
  sched::sleepFor(T->Tid, Ns, Site);
  return true;
}
} // namespace

RAVEL_INTERCEPTOR(int, sched_yield, void) {
  if (ThreadState *T = timeThread()) {
    const __ravel_site *Site = siteFor(T, "sched_yield");
    if (Serialized) {
      RuntimeScope Scope(T);
      sched::yield(T->Tid, Site);
      return 0;
    }
    schedulingPoint(T, PointKind::Other, 0);
  }
  return real_sched_yield()();
}

RAVEL_INTERCEPTOR(unsigned, sleep, unsigned Seconds) {
  if (modelSleep("sleep", uint64_t(Seconds) * 1000000000))
    return 0;
  return real_sleep()(Seconds);
}

RAVEL_INTERCEPTOR(int, usleep, useconds_t Us) {
  if (modelSleep("usleep", uint64_t(Us) * 1000))
    return 0;
  return real_usleep()(Us);
}

RAVEL_INTERCEPTOR(int, nanosleep, const struct timespec *Req,
                  struct timespec *Rem) {
  if (Req && Req->tv_sec >= 0 &&
      modelSleep("nanosleep",
                 uint64_t(Req->tv_sec) * 1000000000 + uint64_t(Req->tv_nsec))) {
    if (Rem)
      Rem->tv_sec = Rem->tv_nsec = 0;
    return 0;
  }
  return real_nanosleep()(Req, Rem);
}

RAVEL_INTERCEPTOR(int, clock_nanosleep, clockid_t C, int Flags,
                  const struct timespec *Req, struct timespec *Rem) {
  if (Req) {
    int64_t Ns = (Flags & TIMER_ABSTIME)
                     ? timeoutFromAbs(Req, C)
                     : int64_t(Req->tv_sec) * 1000000000 + Req->tv_nsec;
    if (Ns >= 0 && modelSleep("clock_nanosleep", uint64_t(Ns))) {
      if (Rem && !(Flags & TIMER_ABSTIME))
        Rem->tv_sec = Rem->tv_nsec = 0;
      return 0;
    }
  }
  return real_clock_nanosleep()(C, Flags, Req, Rem);
}
