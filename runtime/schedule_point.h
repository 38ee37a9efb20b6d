//===- runtime/schedule_point.h - the seam for controlled schedules -*- C++
//-*-===//
//
// Every hook and interceptor calls schedulingPoint() before its operation
// takes effect; in native mode it is one predictable, never-taken branch on
// a global flag. Every operation that may block (mutex/rwlock/spin lock,
// condvar wait, semaphore wait, join, barrier) is funnelled through one
// BlockingScope around the real call: it publishes what the thread waits
// for (ThreadState::BlockedOp/BlockedOn/BlockedSite, read by the deadlock
// watchdog) and is where a controlled scheduler parks the thread and wakes
// another one (docs/runtime.md, "Scheduler seam").
//
// The controlled scheduler (runtime/scheduler/) plugs in by implementing
// the three *Slow functions and setting ControlledSchedule in
// initScheduler().
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULE_POINT_H
#define RAVEL_RUNTIME_SCHEDULE_POINT_H

#include "runtime.h"

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

/// True when a controlled schedule (random/pct/replay) runs the threads.
extern bool ControlledSchedule;

void initScheduler(const Options &Opts);
void schedulingPointSlow(ThreadState *T, PointKind K, uptr Addr);
void blockBeginSlow(ThreadState *T);
void blockEndSlow(ThreadState *T);

RAVEL_ALWAYS_INLINE void schedulingPoint(ThreadState *T, PointKind K,
                                         uptr Addr) {
  if (RAVEL_UNLIKELY(ControlledSchedule))
    schedulingPointSlow(T, K, Addr);
}

/// The native deadlock watchdog (watchdog.cpp) runs once a thread first
/// blocks or a second thread starts.
extern bool WatchdogStarted;
void startWatchdog();

/// Wraps one potentially blocking real call.
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
    if (RAVEL_UNLIKELY(ControlledSchedule))
      blockBeginSlow(T);
  }
  ~BlockingScope() {
    __atomic_store_n(&T->BlockedOp, nullptr, __ATOMIC_RELEASE);
    if (RAVEL_UNLIKELY(ControlledSchedule))
      blockEndSlow(T);
  }
  BlockingScope(const BlockingScope &) = delete;
  BlockingScope &operator=(const BlockingScope &) = delete;

private:
  ThreadState *T;
};

} // namespace ravel::rt

#endif
