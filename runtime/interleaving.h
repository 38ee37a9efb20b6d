//===- runtime/interleaving.h - the steps a finding shows -------*- C++ -*-===//
//
// Every finding carries, per involved thread, its last steps before the
// finding (FindingThread::Events, oldest first, ordered across threads by
// the global step) and the finding's own steps as each thread's final one:
//  - a data race: both threads' rings as they are at report time, the
//    current access appended, the previous access placed in its thread's
//    events from its epoch and lock set (native mode records no plain
//    accesses; see docs/runtime.md, "The interleaving");
//  - a deadlock: the blocked acquisitions / waits appended;
//  - a potential deadlock: per edge, the held lock's acquisition then the
//    nested one, in the order that deadlocks (lock_graph.cpp).
// Reading another thread's ring is safe while it runs (RingEvent seqlock).
// Everything here runs at report time: rare, allocates, may be slow.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_INTERLEAVING_H
#define RAVEL_RUNTIME_INTERLEAVING_H

#include "finding.h"
#include "runtime.h"

namespace ravel::rt {

struct LockSetNode;

/// Fills Out's events from T's ring (T may be another, running thread);
/// Raw, when non-null (room for RingSize), receives the ring entries
/// themselves, in the same order. Returns the number of events.
uint32_t describeEvents(const ThreadState *T, FindingThread *Out,
                        RingEvent *Raw);
/// Inserts an event made at report time at index At of Out's events (What
/// is copied).
FindingEvent *insertEvent(FindingThread *Out, uint32_t At, uint64_t Step,
                          const char *Op, const char *What,
                          const __ravel_site *Site);
/// Appends the finding's own step of a thread (its access, its blocked
/// acquisition) with a fresh step, unless its last event already is it.
void addFinalEvent(FindingThread *Out, const char *Op, const char *What,
                   const __ravel_site *Site);

/// What the shadow knows of a race's previous access.
struct PreviousAccess {
  const ThreadState *Thread; // may be null (then only the access is shown)
  const __ravel_site *Site;
  const char *Op;
  Epoch At;                 // its thread's epoch then
  const LockSetNode *Locks; // locks it held then (null: none known)
  uptr GranuleAddr;         // the 8 bytes it touched
};
/// Cur (already described, its stack captured) gets its access CurSite as
/// its final step; Prev gets the previous thread's ring with the previous
/// access among its events: found in the ring when accesses are recorded
/// (serialized schedules), else inserted before the first event known to
/// come after it, with the odd step just before that event.
void raceInterleaving(FindingThread &Cur, const __ravel_site *CurSite,
                      FindingThread &Prev, const PreviousAccess &P);

} // namespace ravel::rt

#endif
