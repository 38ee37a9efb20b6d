//===- runtime/fork_guard.h - runtime locks across fork ---------*- C++ -*-===//
//
// fork copies only the calling thread. A runtime lock that another thread
// holds at that moment would stay held forever in the child, and the
// child's first access, allocation or lock operation that needs it would
// hang. So the forking thread takes every runtime lock before the real
// fork and both sides release them after it (the child has no other thread
// to race with its copies of the structures, which no thread was changing).
//
// Taking them needs no lock order: each lock is waited for a bounded time,
// and if one stays busy every lock taken so far is released and the whole
// set is tried again. A thread that holds one runtime lock and waits for
// another therefore always gets it, and no deadlock is possible. Runtime
// critical sections are short, so the set is normally taken on the first
// attempt.
//
// Cost: one pass over the runtime-wide locks, the SyncTable's bucket locks
// and every SyncVar's lock (O(sync objects ever used)), per fork.
//
// Between the two calls the forking thread is inside the runtime scope
// (ground rule 4): atfork handlers it runs reach only the real functions.
// A block they free is forgotten once the locks are released
// (interceptors/malloc.cpp), since forgetting it takes SyncVar locks.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_FORK_GUARD_H
#define RAVEL_RUNTIME_FORK_GUARD_H

#include "base.h"

namespace ravel::rt {

/// Takes every runtime lock for the calling thread (see above).
void lockRuntimeForFork();
/// Releases them, in the parent and in the child alike.
void unlockRuntimeAfterFork();
/// Non-zero while some thread holds every runtime lock.
extern uptr ForkLockHolder;
bool forkLocksHeldByCaller();
/// True while the calling thread holds them (between the two calls). One
/// relaxed load when no fork is under way.
inline bool forkLocksHeldHere() {
  return RAVEL_UNLIKELY(__atomic_load_n(&ForkLockHolder, __ATOMIC_RELAXED)) &&
         forkLocksHeldByCaller();
}

/// Registers the runtime's atfork handlers, which take and release the
/// locks (interceptors/fork.cpp); once, at start-up, before the program
/// can register its own.
void installForkHandlers();
/// Forgets and frees the blocks set aside while the fork locks were held
/// (interceptors/malloc.cpp). Call after unlockRuntimeAfterFork.
void releaseHeldFrees();

// The runtime-wide locks, each defined beside the lock in its own file.
SpinLock &allocatorLock();      // base.cpp
SpinLock &stackDepotLock();     // stack_depot.cpp
SpinLock &foreignFramesLock();  // foreign_frames.cpp
SpinLock &threadRegistryLock(); // thread_registry.cpp
SpinLock &reportLock();         // reporter.cpp
SpinLock &lockGraphLock();      // lock_graph.cpp
SpinLock &libcSitesLock();      // race_detector.cpp
SpinLock &fdChannelsLock();     // interceptors/fd.cpp
SpinLock &watchdogStartLock();  // watchdog.cpp

} // namespace ravel::rt

#endif
