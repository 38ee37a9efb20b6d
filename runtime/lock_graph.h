//===- runtime/lock_graph.h - lock-order graph ------------------*- C++ -*-===//
//
// Potential deadlocks are cycles in the lock-order graph (Havelund's
// Goodlock, SPIN 2000; Bensalem & Havelund, "Dynamic deadlock analysis of
// multi-threaded programs", PADTAD 2005). Nodes are lock *lifetimes*
// (LockId: a mutex destroyed and re-created at the same address is a new
// node); an edge A -> B records that a thread acquired B (blocking, not a
// try-lock) while holding A.
//
// Every acquisition of B while holding A is an instance of the edge: the
// thread, the modes of A and B, both acquisition stacks, the *gate set*
// (the other locks held) and the thread's order clock at the acquisition.
// Instances of one *context* (thread, modes, gates) differ only in their
// clocks. Instance X dominates Y of the same context when X is no earlier
// (its epoch is at least Y's) and its order clock knows no more of the
// other threads: then X is feasible with everything Y is, and Y is dropped.
// So a repeat of a nesting after, e.g., a fork replaces the first
// acquisition (which the fork orders before the child) by the latest one.
// An edge keeps the non-dominated instances, at most MaxPerContext (4) per
// context (beyond: the most recent replaces the previous most recent) and
// MaxInstances (32) in all.
// A cycle is reported only when instances can be chosen that are all
// feasible together:
//  - from pairwise distinct threads;
//  - no gate lock common to all of them (a common gate serialises them);
//  - no two acquisitions ordered by happens-before other than through the
//    cycle's own locks (fork/join, condvars, semaphores, barriers, once:
//    ThreadState::OrderClock);
//  - each link can block: thread i acquires L in write mode, or thread
//    i+1 holds L in write mode. Two read modes never block each other with
//    glibc's default reader-preferring rwlocks, so read-read links are not
//    deadlock links.
//
// Cost: recording an instance is O(held locks) to build it, then under the
// graph lock O(instances of the edge * threads) for the dominance checks;
// a new non-dominated instance triggers a cycle search from that edge only
// (incremental): a DFS over simple paths B ->* A bounded by SearchBudget
// node visits, then a backtracking choice of instances (at most
// MaxInstances^length, bounded by the same budget). There is no cap on the
// number of locks held or on cycle length. Memory: O(pairs of live locks *
// MaxInstances): a lock's node and edges go when the lock dies
// (lockGraphForgetLock).
// Contract: all entry points may be called concurrently; the graph is
// guarded by one spin lock, taken only when a thread acquires a lock while
// already holding another. Fast path: a per-thread cache of recorded
// contexts skips the graph lock while the thread has published no order
// clock since it last recorded the context (ThreadState::OrderReleases: no
// other thread can be ordered after the recorded acquisition but not after
// the repeat, so the recorded one dominates); a loop nesting the same
// locks under mutexes only never takes the graph lock again.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_LOCK_GRAPH_H
#define RAVEL_RUNTIME_LOCK_GRAPH_H

#include "runtime.h"

namespace ravel::rt {

/// T is about to block acquiring V in mode M (not a try-lock).
void lockGraphBeforeLock(ThreadState *T, SyncVar *V, LockMode M,
                         const __ravel_site *Site);
/// The lock lifetime Id ended (destroyed, re-initialised or freed): drops
/// its node and every edge to or from it, with their instances. No edge can
/// be added to a dead lifetime, so this bounds the graph by the locks alive
/// (plus those never marked SyncVar::InGraph); the cost is the cycles that
/// would have run through the dead lock and are closed by a later edge: an
/// alternative schedule in which the lock was still alive then is not
/// considered (ThreadSanitizer's deadlock detector makes the same choice).
/// Takes the graph lock; callers may hold a SyncVar::Mu.
void lockGraphForgetLock(uint64_t Id);
/// T re-acquires V, which it holds (H) and which cannot be re-acquired.
void reportSelfDeadlock(ThreadState *T, SyncVar *V, const HeldLock *H,
                        const __ravel_site *Site);

// ---- Exposed for tests: the graph without the runtime around it ----------
struct LockGraphEdgeInput {
  uint64_t From, To; // lock ids
  uint32_t Tid;
  bool FromWrite, ToWrite;
  const uint64_t *Gates; // other held lock ids
  uint32_t NumGates;
  Epoch AcquireEpoch;       // the thread's epoch at the acquisition
  const VectorClock *Order; // the thread's order clock then
};
/// Adds an edge instance; returns the number of feasible cycles through it
/// that were not found before, and for the first one its lock ids in
/// CycleOut (From first) when CycleOut is non-null.
unsigned lockGraphAddForTest(const LockGraphEdgeInput &E, uint64_t *CycleOut,
                             unsigned *CycleLen);
void lockGraphResetForTest();

} // namespace ravel::rt

#endif
