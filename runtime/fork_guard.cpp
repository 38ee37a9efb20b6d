//===- runtime/fork_guard.cpp - runtime locks across fork -----------------===//
#include "fork_guard.h"

#include "runtime.h"

namespace ravel::rt {

uptr ForkLockHolder;

namespace {

using LockFn = SpinLock &(*)();
// The runtime-wide locks, outside the SyncTable. The order only matters for
// speed: the all-or-nothing walk never deadlocks.
constexpr LockFn GlobalLocks[] = {
    fdChannelsLock, libcSitesLock,     threadRegistryLock,
    lockGraphLock,  reportLock,        watchdogStartLock,
    stackDepotLock, foreignFramesLock, allocatorLock,
};

// Its address names the calling thread.
__thread char ThreadMarker __attribute__((tls_model("initial-exec")));

/// Calls F on every runtime lock, in one fixed order, while F returns true.
template <typename Fn> bool forEachRuntimeLock(Fn F) {
  if (!G.Syncs.forEachLock(F))
    return false;
  if (!F(Spill.Mu))
    return false;
  for (LockFn L : GlobalLocks)
    if (!F(L()))
      return false;
  return true;
}

/// Takes L, waiting a bounded time: false if it stayed busy.
bool takeBounded(SpinLock &L) {
  constexpr unsigned Spins = 64, Yields = 2000;
  for (unsigned I = 0; I < Spins + Yields; ++I) {
    if (L.tryLock())
      return true;
    if (I < Spins)
      __builtin_ia32_pause();
    else
      rawYield();
  }
  return false;
}

/// Releases the first N locks of the walk.
void releaseFirst(uint64_t N) {
  uint64_t Done = 0;
  forEachRuntimeLock([&](SpinLock &L) {
    if (Done == N)
      return false;
    L.unlock();
    ++Done;
    return true;
  });
}

} // namespace

void lockRuntimeForFork() {
  for (;;) {
    uint64_t Taken = 0;
    if (forEachRuntimeLock([&](SpinLock &L) {
          if (!takeBounded(L))
            return false;
          ++Taken;
          return true;
        }))
      break;
    // One lock stayed busy: let its holder finish, with nothing held.
    releaseFirst(Taken);
    rawYield();
  }
  __atomic_store_n(&ForkLockHolder, reinterpret_cast<uptr>(&ThreadMarker),
                   __ATOMIC_RELAXED);
}

void unlockRuntimeAfterFork() {
  __atomic_store_n(&ForkLockHolder, 0, __ATOMIC_RELAXED);
  forEachRuntimeLock([](SpinLock &L) {
    L.unlock();
    return true;
  });
}

bool forkLocksHeldByCaller() {
  return __atomic_load_n(&ForkLockHolder, __ATOMIC_RELAXED) ==
         reinterpret_cast<uptr>(&ThreadMarker);
}

} // namespace ravel::rt
