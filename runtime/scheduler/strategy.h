//===- scheduler/strategy.h - how the next thread is chosen ------*- C++ -*-===//
//
// A strategy only chooses; the core (scheduler.cpp) knows which threads are
// runnable, records every choice and replays recorded ones. Strategies are
// called by the thread holding the turn, so they need no locking.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_STRATEGY_H
#define RAVEL_RUNTIME_SCHEDULER_STRATEGY_H

#include "rng.h"
#include "scheduler.h"

namespace ravel::rt::sched {

class Strategy {
public:
  /// A new thread exists (called before it first runs).
  virtual void threadCreated(uint32_t Tid) { (void)Tid; }
  /// Chooses among Runnable (sorted by tid, N >= 1). Current is the thread
  /// that reached the point (it may or may not be runnable). Step counts all
  /// scheduling points of the run so far. Called at every step: with N == 1
  /// the answer is Runnable[0] (not a choice, not recorded), but the
  /// strategy sees the step (PCT's change points count all steps).
  virtual uint32_t pick(const uint32_t *Runnable, uint32_t N, uint32_t Current,
                        uint64_t Step) {
    (void)N, (void)Current, (void)Step;
    return Runnable[0];
  }
  /// Chooses one of N >= 2 options of another kind (which waiter a signal
  /// wakes, whether a wait wakes spuriously).
  virtual uint32_t choose(uint32_t N) {
    (void)N;
    return 0;
  }
  /// The thread yielded (sched_yield, sleep), or spins without progress
  /// (scheduler.h): it asks others to run first.
  virtual void yielded(uint32_t Tid) { (void)Tid; }
  /// The first step, after Step, at which pick() may answer differently
  /// from its answer at Step although the runnable threads and their
  /// fairness states stayed the same: until then the core lets the thread
  /// it picked go on without asking (its fast path). 0: ask at every step.
  virtual uint64_t stableUntil(uint64_t Step) const {
    (void)Step;
    return 0;
  }
  /// How many plain accesses in a row the thread that holds the turn may
  /// make without the core asking pick() (0: ask at each). A strategy
  /// that would switch threads at every step (PCT's round-robin) asks at
  /// every synchronisation operation and at every plainSlice()-th access.
  virtual uint32_t plainSlice(uint64_t Step) const {
    (void)Step;
    return 0;
  }

protected:
  ~Strategy() = default; // never deleted through a base pointer
};

/// The fairness rule (scheduler.h): Tid spins and should be passed over
/// while a thread that is not can run. A function of the run's events.
bool deferred(uint32_t Tid);

/// Uniformly random choice at every point (random.cpp).
Strategy *makeRandomStrategy(uint64_t Seed);
/// Probabilistic Concurrency Testing (pct.cpp).
Strategy *makePctStrategy(uint64_t Seed, uint32_t Depth, uint64_t StepsHint);

/// Noise mode (noise.cpp): free parallel run; at a scheduling point, maybe
/// yield the CPU or spin briefly. Per-thread state, no locking.
void noiseInit(uint64_t Seed);
void noisePoint(uint32_t Self);

} // namespace ravel::rt::sched

#endif
