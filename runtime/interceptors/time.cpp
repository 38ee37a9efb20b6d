//===- runtime/interceptors/time.cpp - clocks, sleeping and yielding ------===//
//
// Under a serialized schedule time is virtual (scheduler.h, virtualNowNs):
// a sleep blocks the sleeper in the scheduler until virtual time reaches its
// wake-up, clock_gettime (wall-clock and monotonic clocks), gettimeofday,
// time and timespec_get return the clock's real value at start-up plus the
// virtual time, so a deadline loop runs as many rounds as its sleeps say,
// the same in every run and in its replay. sched_yield (glibc's pthread.h
// redirects pthread_yield to it) lowers the yielder's priority, and a
// yield without progress since the previous one is a spin that the
// schedule passes over (scheduler.h), so spin-yield loops do not starve
// the thread they wait for. In native and noise mode the clocks are real;
// native sleeps are the real calls, noise sleeps are scheduling points and
// then the real calls.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <errno.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

using namespace ravel::rt;

RAVEL_REAL(int, sched_yield, void)
RAVEL_REAL(unsigned, sleep, unsigned)
RAVEL_REAL(unsigned, alarm, unsigned)
RAVEL_REAL(int, usleep, useconds_t)
RAVEL_REAL(int, nanosleep, const struct timespec *, struct timespec *)
RAVEL_REAL(int, clock_nanosleep, clockid_t, int, const struct timespec *,
           struct timespec *)
RAVEL_REAL(int, clock_gettime, clockid_t, struct timespec *)
RAVEL_REAL(int, gettimeofday, struct timeval *, void *)
RAVEL_REAL(time_t, time, time_t *)
RAVEL_REAL(int, timespec_get, struct timespec *, int)

namespace ravel::rt {
namespace {
// Each virtual clock's real value at start-up, in ns (clock ids 0..11).
constexpr int kClocks = 12;
int64_t ClockStart[kClocks];

/// Clocks that measure elapsed or wall time (not CPU time).
bool isVirtualClock(clockid_t C) {
  return C == CLOCK_REALTIME || C == CLOCK_MONOTONIC ||
         C == CLOCK_MONOTONIC_RAW || C == CLOCK_REALTIME_COARSE ||
         C == CLOCK_MONOTONIC_COARSE || C == CLOCK_BOOTTIME ||
         C == CLOCK_REALTIME_ALARM || C == CLOCK_BOOTTIME_ALARM ||
         C == CLOCK_TAI;
}
} // namespace

void initVirtualClock() {
  for (int C = 0; C < kClocks; ++C) {
    struct timespec TS;
    if (isVirtualClock(C) && syscall(SYS_clock_gettime, C, &TS) == 0)
      ClockStart[C] = int64_t(TS.tv_sec) * 1000000000 + TS.tv_nsec;
  }
}

bool virtualClockGettime(clockid_t C, struct timespec *Out) {
  if (RAVEL_LIKELY(!Serialized) || C < 0 || C >= kClocks || !isVirtualClock(C))
    return false;
  int64_t Ns = ClockStart[C] + int64_t(sched::virtualNowNs());
  Out->tv_sec = Ns / 1000000000;
  Out->tv_nsec = Ns % 1000000000;
  return true;
}

int realClockGettime(clockid_t C, struct timespec *Out) {
  return real_clock_gettime()(C, Out);
}
} // namespace ravel::rt

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
  cancellationPoint();
  {
    RuntimeScope Scope(T);
    sched::sleepFor(T->Tid, Ns, Site);
  }
  // A sleep is a cancellation point: pthread_cancel interrupts it.
  cancellationPoint();
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

// Under a serialized schedule the alarm expires in virtual time (a loop
// of sleeps waiting for it runs as many rounds as the sleeps say).
RAVEL_INTERCEPTOR(unsigned, alarm, unsigned Seconds) {
  if (Serialized && G.Initialized) {
    uint64_t Left = sched::setAlarm(uint64_t(Seconds) * 1000000000);
    // glibc rounds what is left to the nearest second, at least 1.
    unsigned Secs = unsigned((Left + 500000000) / 1000000000);
    return Left && !Secs ? 1 : Secs;
  }
  return real_alarm()(Seconds);
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

namespace {
/// The virtual time for a call from the program; a call made while the
/// thread is inside the runtime (a signal handler interrupting the
/// scheduler, which holds its lock) reads the real clock (ground rule 4).
bool programClock(clockid_t C, struct timespec *Out) {
  ThreadState *T = CurThread;
  if (T && T->InRuntime)
    return false;
  return virtualClockGettime(C, Out);
}
} // namespace

RAVEL_INTERCEPTOR(int, clock_gettime, clockid_t C, struct timespec *TS) {
  if (programClock(C, TS)) // TS is nonnull (glibc's declaration)
    return 0;
  return real_clock_gettime()(C, TS);
}

RAVEL_INTERCEPTOR(int, gettimeofday, struct timeval *__restrict TV,
                  void *__restrict TZ) {
  struct timespec TS;
  if (programClock(CLOCK_REALTIME, &TS)) {
    TV->tv_sec = TS.tv_sec; // nonnull (glibc's declaration)
    TV->tv_usec = TS.tv_nsec / 1000;
    if (TZ) // obsolete: glibc reports UTC
      *static_cast<struct timezone *>(TZ) = {0, 0};
    return 0;
  }
  return real_gettimeofday()(TV, TZ);
}

RAVEL_INTERCEPTOR(time_t, time, time_t *Out) {
  struct timespec TS;
  if (programClock(CLOCK_REALTIME, &TS)) {
    if (Out)
      *Out = TS.tv_sec;
    return TS.tv_sec;
  }
  return real_time()(Out);
}

RAVEL_INTERCEPTOR(int, timespec_get, struct timespec *TS, int Base) {
  if (Base == TIME_UTC && programClock(CLOCK_REALTIME, TS))
    return Base;
  return real_timespec_get()(TS, Base);
}
