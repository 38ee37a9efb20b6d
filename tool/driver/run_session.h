//===- tool/driver/run_session.h - the runs of `ravel run` ------*- C++ -*-===//
//
// One `ravel run`: runs the program N times (seeds S..S+N-1, J at a time),
// each run with its own RAVEL_OPTIONS and its own report/record files in a
// private temporary directory; classifies each run as it ends, merges its
// findings (merged_findings.h) and keeps the earliest run's recorded
// schedule beside the report; holds back failures until a run succeeds;
// runs a timed-out run once more before calling it a hang; and shrinks the
// kept schedules.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_RUN_SESSION_H
#define RAVEL_TOOL_DRIVER_RUN_SESSION_H

#include "classify.h"
#include "merged_findings.h"
#include "process.h"
#include "render.h"
#include "run_flags.h"
#include "run_output.h"
#include "symbolize.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ravel::driver {

class RunSession {
public:
  RunSession(const RunOptions &O, const RunTarget &T,
             const report::RenderContext &Ctx, Progress &Bar);

  /// Makes all the runs and fills R. Returns the exit code (2, with the
  /// message printed) when ravel must stop without a report: the runtime
  /// refused to start, a run's findings could not be read, the runs could
  /// not be started; nullopt to go on to the output.
  std::optional<int> run(RunResults &R);

private:
  std::string fileOf(size_t Run, const char *Ext) const;
  NextRun nextRun(size_t I, Launch &L);
  bool runEnded(size_t I, const Outcome &Out);
  void learnStepsHint();
  void learnRacySites(const std::vector<report::Finding> &Found);
  void retryAtLargerBudget(RunFacts &Facts, RunVerdict &V);
  void addFailure(std::optional<report::Finding> Failure, int64_t Run,
                  int ExitCode);
  std::vector<std::string> confirmTimeouts();
  std::string keepSchedule(int64_t Run, const report::Finding &F) const;
  void shrinkFindings(std::vector<report::Finding> &Findings) const;

  const RunOptions &O;
  const RunTarget &T;
  const report::RenderContext &Ctx;
  Progress &Bar;
  report::FrameSymbolizer Symbolizer; // for the findings printed as found
  std::string Tmp; // the private temporary directory
  MergedFindings Merged;
  // Runs killed at --timeout, by run: their `hang` findings wait for a
  // second run to confirm them (after the runs; confirmTimeout).
  std::map<int64_t, report::Finding> Timeouts;
  // The launch of each run still going (a timed-out one is run again).
  std::map<size_t, Launch> Launches;
  // Failures are held back until a run succeeds (addFailure).
  std::vector<std::pair<int64_t, report::Finding>> Failures;
  std::map<int, int64_t> FailedStatus; // exit status -> failed runs
  std::string FatalError, RuntimeError;
  bool AnySucceeded = false;
  int64_t Completed = 0;
  // PCT's steps_hint=: run 0's recorded steps, known once run 0 ended.
  bool NeedHint, HintKnown;
  std::string StepsHint;
  std::string RacySitesFile; // run 0's racy sites, for runs 1.. ("": none)
  // Suppressed findings by (rule, kind): their ids and the runs they were in.
  std::map<std::pair<std::string, std::string>,
           std::pair<std::set<std::string>, int64_t>>
      Suppressed;
  void addSuppressed(const std::vector<report::SuppressedFinding> &Found);
};

} // namespace ravel::driver

#endif
