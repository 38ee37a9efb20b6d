//===- tool/driver/shrink.h - schedule shrinking ----------------*- C++ -*-===//
//
// Shared by `ravel shrink` and `ravel run` (which shrinks the schedule of each
// new finding unless --shrink-replays 0). See shrink.cpp for the search.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_SHRINK_H
#define RAVEL_TOOL_DRIVER_SHRINK_H

#include "replay.h"
#include "schedule_document.h"

#include "llvm/Support/Error.h"

namespace ravel::driver {

struct ShrinkResult {
  ScheduleFile Schedule; // the shortest schedule found; replays T's finding
  size_t Before = 0;     // forced decisions of the recorded schedule
  size_t After = 0;      // ... of Schedule
  int64_t Replays = 0;
  bool BudgetUsed = false; // stopped by MaxReplays, maybe not 1-minimal
  /// False when the recorded schedule itself did not show the finding again
  /// (Schedule is then the recording, unchanged).
  bool Reproduced = true;
};

/// Shrinks Recorded, the schedule of T's finding (T.ExpectedId), with at
/// most MaxReplays replays. Errors: the program could not be run.
llvm::Expected<ShrinkResult> shrinkSchedule(const ReplayTarget &T,
                                            const ScheduleFile &Recorded,
                                            int64_t MaxReplays);

} // namespace ravel::driver

#endif
