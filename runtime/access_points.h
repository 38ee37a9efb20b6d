//===- runtime/access_points.h - which accesses the scheduler sees -*- C++ -*-===//
//
// Under a serialized schedule (random, pct, replay) every synchronisation
// operation is a scheduling point, but a plain access is one only when it
// can matter to another thread:
//  - its location has an entry of another thread in shadow memory that it
//    could race with (another thread wrote it, or this access writes and
//    another thread accessed it, and that access is not ordered before
//    this one by happens-before; ShadowMemory::touchedByOther), or
//  - its site is racy: a data race was reported at it in this run, or
//    `ravel run` named it (racy_sites=: the sites, by line and column, of
//    the races its run 0 found, so that later runs preempt there from the
//    start; a replay takes the recorded run's);
//  - or the thread made QuietLimit accesses in a row that were not points
//    (so a thread that spins on a location no one else touched yet still
//    reaches points, and the fairness rule still sees it spin).
// Everything else -- thread-private data, data written before the threads
// that read it were started (or before a lock they took), data every
// thread only reads -- costs one shadow look-up and no step.
//
// Why no bug is lost (docs/runtime.md, "Where a controlled schedule
// switches"): a preemption just before an access that conflicts with no
// other thread's access so far lets another thread run first; if that
// thread then touches the location with a conflicting access, the two
// accesses are either ordered by synchronisation, whose operations are
// points anyway (so the reordering is explored there), or they race, and
// the race is reported whatever the order (happens-before detection does
// not need the racy order to occur), after which the site is racy and its
// accesses are points for the rest of the run. For data-race-free code
// every behaviour is reachable by switching at synchronisation operations
// only (the classic argument of stateless model checkers such as CHESS).
// `all_points=1` makes every plain access a point, as before this filter.
//
// Deterministic: under a serialized schedule one thread runs at a time, so
// the shadow's content and the racy sites are functions of the run's
// events, and a replay takes the same points.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_ACCESS_POINTS_H
#define RAVEL_RUNTIME_ACCESS_POINTS_H

#include "runtime.h"

namespace ravel::rt {

/// Quiet accesses in a row after which the next one is a point anyway.
constexpr uint32_t QuietLimit = 1024;

/// True under a serialized schedule while no site is racy (none reported,
/// none given) and not all_points=1. Then an access T already recorded in
/// its current epoch is not a point either, and the hooks skip it as in
/// native mode (quietFastPath): a race between it and another thread's
/// access would have been reported when the later of the two was recorded,
/// making its site racy and this flag false. Set by initScheduler, cleared
/// for good by the first racy site.
extern bool QuietFastPath;

/// The hooks' test under a controlled schedule: may T's access skip the
/// scheduling point when it is already recorded? Counts it as quiet.
RAVEL_ALWAYS_INLINE bool quietFastPath(ThreadState *T) {
  return __atomic_load_n(&QuietFastPath, __ATOMIC_RELAXED) &&
         ++T->QuietAccesses < QuietLimit;
}

/// Whether T's plain access to [Addr, Addr + Size) at Site is a scheduling
/// point (serialized schedules only; the caller checks).
bool accessIsPoint(ThreadState *T, uptr Addr, uptr Size, bool Write,
                   const __ravel_site *Site);
/// A data race was reported at Site: its accesses are points from now on.
void noteRacySite(const __ravel_site *Site);
/// Reads racy_sites= (LINE:COLUMN lines); false with a message in Err when
/// the file cannot be read or a line is not LINE:COLUMN.
bool loadRacySites(const char *Path, TextBuffer *Err);
/// Adds sites by key (ravel/contract/schedule_format.h racySiteKey).
void addRacySiteKeys(const uint64_t *Keys, uint32_t N);
/// The keys given as racy from the start; returns their number.
uint32_t racySiteKeys(const uint64_t **Keys);

} // namespace ravel::rt

#endif
