//===- runtime/schedule_point.cpp - native mode of the scheduler seam
//------===//
//
// Native mode only: initRuntime() rejects every other schedule until the
// controlled scheduler (runtime/scheduler/) replaces these definitions.
//
//===----------------------------------------------------------------------===//
#include "schedule_point.h"

namespace ravel::rt {

bool ControlledSchedule;

void initScheduler(const Options &) { ControlledSchedule = false; }
void schedulingPointSlow(ThreadState *, PointKind, uptr) {}
void blockBeginSlow(ThreadState *) {}
void blockEndSlow(ThreadState *) {}

} // namespace ravel::rt
