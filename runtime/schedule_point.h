//===- runtime/schedule_point.h - the seam to the scheduler -----*- C++ -*-===//
//
// Every hook and interceptor calls schedulingPoint() before its operation
// takes effect; in native mode it is one predictable, never-taken branch on
// a global flag, otherwise it is a decision of the scheduler
// (runtime/scheduler/scheduler.h: noise injects delays; random, pct and
// replay run one thread at a time and choose the next).
//
// Blocking: every operation that may block (mutex/rwlock/spin lock,
// condvar wait, semaphore wait, join, barrier, once) runs inside one
// BlockingScope, which publishes what the thread waits for
// (ThreadState::BlockedOp/BlockedOn/BlockedSite: the deadlock pictures of
// the native watchdog and of the scheduler). In native (and noise) mode the
// real blocking call runs inside it. In a controlled mode nothing blocks for
// real: the interceptor tries the non-blocking form of the operation and,
// while it would block, parks the thread with parkOn() on the object; every
// release of an object calls wakeWaiters() on it. The scheduler then knows
// at once when no thread can run (a deadlock).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULE_POINT_H
#define RAVEL_RUNTIME_SCHEDULE_POINT_H

#include "runtime.h"
#include "scheduler/scheduler.h"

#include <pthread.h>
#include <time.h>

namespace ravel::rt {

enum class PointKind : uint8_t {
  Access,  // plain read/write
  Atomic,  // atomic operation or fence
  Acquire, // before a lock/rdlock/trylock/sem wait
  Release, // before an unlock/post/signal/broadcast
  ThreadCreate,
  ThreadStart,
  ThreadExit,
  Join,
  Other,
};

/// True when the scheduler has any say (noise, random, pct, replay).
extern bool ControlledSchedule;
/// True when threads run one at a time (random, pct, replay): blocking is
/// modelled with parkOn()/wakeWaiters().
extern bool Serialized;

/// Sets the scheduler up from the options (exit 2 on a bad replay file).
void initScheduler(const Options &Opts);
void schedulingPointSlow(ThreadState *T, PointKind K, uptr Addr);
/// A scheduling point before an operation with a known effect on memory
/// (the scheduler's fairness rule, scheduler.h).
void effectPointSlow(ThreadState *T, sched::Effect E, uptr Addr, uptr Size);
/// In a child of fork: the child runs freely from now on (native mode; it
/// writes no schedule file).
void leaveScheduleInChild();

RAVEL_ALWAYS_INLINE void schedulingPoint(ThreadState *T, PointKind K,
                                         uptr Addr) {
  if (RAVEL_UNLIKELY(ControlledSchedule))
    schedulingPointSlow(T, K, Addr);
}

void accessPointSlow(ThreadState *T, uptr Addr, uptr Size, bool Write,
                     const __ravel_site *Site);
/// The scheduling point of a plain access: the same single never-taken
/// branch as schedulingPoint() in native mode; under a serialized schedule
/// the access is also recorded in T's event ring (one thread runs at a
/// time, so the global step counter is not contended there).
RAVEL_ALWAYS_INLINE void accessPoint(ThreadState *T, uptr Addr, uptr Size,
                                     bool Write, const __ravel_site *Site) {
  if (RAVEL_UNLIKELY(ControlledSchedule))
    accessPointSlow(T, Addr, Size, Write, Site);
}

/// Controlled mode: parks T on Obj until wakeWaiters(Obj) (or the time-out,
/// TimeoutNs >= 0, in the scheduler's virtual time). Returns the reason.
sched::WakeReason parkOn(ThreadState *T, const void *Obj, sched::WaitKind K,
                         int64_t TimeoutNs, const __ravel_site *Site,
                         bool AllowSpurious = false);
/// Controlled mode: makes the threads parked on Obj runnable (all, or one
/// chosen by the schedule). No-op otherwise.
inline void wakeWaiters(const void *Obj, bool All = true) {
  if (RAVEL_UNLIKELY(Serialized))
    sched::wake(Obj, All);
}
/// A cancellation point of a wait the scheduler models (condvar wait,
/// join, sleep): under a serialized schedule the thread never enters the
/// real blocking call, where glibc would act on a pending pthread_cancel,
/// so the interceptor calls this before and after the modelled wait,
/// outside any runtime scope (the thread may unwind from here, running its
/// cleanup handlers as the program's code).
inline void cancellationPoint() {
  if (RAVEL_UNLIKELY(Serialized))
    pthread_testcancel();
}

/// Nanoseconds from now until the absolute time Abs on clock C (>= 0); now
/// is virtual under a serialized schedule.
int64_t timeoutFromAbs(const struct timespec *Abs, clockid_t C);

/// The virtual clocks (interceptors/time.cpp). initVirtualClock takes each
/// clock's real start value; virtualClockGettime fills Out and returns true
/// under a serialized schedule for a wall-clock or monotonic clock, else
/// false; realClockGettime is libc's clock_gettime.
void initVirtualClock();
bool virtualClockGettime(clockid_t C, struct timespec *Out);
int realClockGettime(clockid_t C, struct timespec *Out);

/// The native deadlock watchdog (watchdog.cpp) runs once a thread first
/// blocks or a second thread starts (never in a serialized mode: the
/// scheduler detects deadlocks itself).
extern bool WatchdogStarted;
void startWatchdog();

/// Wraps one potentially blocking operation.
class BlockingScope {
public:
  BlockingScope(ThreadState *T, const char *Op, uptr On,
                const __ravel_site *Site)
      : T(T) {
    T->BlockedOn = On;
    T->BlockedSite = Site;
    __atomic_add_fetch(&T->BlockSeq, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&T->BlockedOp, Op, __ATOMIC_RELEASE);
    if (RAVEL_UNLIKELY(!WatchdogStarted))
      startWatchdog();
  }
  ~BlockingScope() {
    __atomic_store_n(&T->BlockedOp, nullptr, __ATOMIC_RELEASE);
  }
  BlockingScope(const BlockingScope &) = delete;
  BlockingScope &operator=(const BlockingScope &) = delete;

private:
  ThreadState *T;
};

/// The lock-style blocking pattern: in native mode one call of Block()
/// (the real blocking call); in a serialized mode Try() (the non-blocking
/// form) until it does not report Busy, parking on Obj in between. Timed:
/// TimeoutNs >= 0 (then a time-out returns TimedOutCode).
template <typename TryFn, typename BlockFn>
int blockingCall(ThreadState *T, const char *Op, const void *Obj,
                 sched::WaitKind K, const __ravel_site *Site, int Busy,
                 int64_t TimeoutNs, int TimedOutCode, TryFn Try,
                 BlockFn Block) {
  BlockingScope B(T, Op, reinterpret_cast<uptr>(Obj), Site);
  if (RAVEL_LIKELY(!Serialized))
    return Block();
  for (;;) {
    int R = Try();
    if (R != Busy)
      return R;
    if (parkOn(T, Obj, K, TimeoutNs, Site) == sched::WakeReason::TimedOut)
      return TimedOutCode;
  }
}

} // namespace ravel::rt

#endif
