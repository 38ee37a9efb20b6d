//===- tool/driver/replay.h - running a recorded schedule again -*- C++ -*-===//
//
// Shared by `ravel replay` and `ravel shrink`: where a finding's schedule
// comes from (a report document or a schedule file alone) and one run of it.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_REPLAY_H
#define RAVEL_TOOL_DRIVER_REPLAY_H

#include "classify.h"
#include "report_model.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace ravel::driver {

struct ReplayTarget {
  std::vector<std::string> Program; // argv as recorded
  report::Schedule Sched;
  /// Usable path of the recorded schedule; empty for native/noise findings,
  /// which are re-run with the same seed.
  std::string ScheduleFile;
  std::string ExpectedId;   // empty: any finding counts (schedule file alone)
  /// A grouped data race replayed by its finding id: that id (ExpectedId is
  /// its representative pair's, which the runtime reports).
  std::string GroupId;
  report::Finding Original; // when loaded from a report
  bool FromReport = false;
  std::string ReportPath; // when FromReport
  double Timeout = 30;
  /// Build identity of the program the schedule was recorded with
  /// (driver::fileIdentity); empty when not known.
  std::string Build;
};

/// Loads PATH: a report document (the finding FindingId, or the first one)
/// or a schedule file. Errors name the file and the problem.
llvm::Expected<ReplayTarget> loadReplayTarget(const std::string &Path,
                                              const std::string &FindingId);

struct ReplayOutcome {
  RunVerdict Verdict;
  /// The runtime could not follow the schedule (its re-recorded schedule
  /// says `exact 0`); Notes are the runtime's `note` lines saying where.
  bool Diverged = false;
  std::vector<std::string> Notes;
};

/// Runs the program once under Schedule (a schedule file path, or "" to
/// re-run T's strategy and seed). A failure (non-zero exit) counts as a
/// finding here: there is no other run to compare with.
llvm::Expected<ReplayOutcome> replayOnce(const ReplayTarget &T,
                                         const std::string &Schedule);

/// The finding of V with id Id, if any.
const report::Finding *findById(const RunVerdict &V, const std::string &Id);

} // namespace ravel::driver

#endif
