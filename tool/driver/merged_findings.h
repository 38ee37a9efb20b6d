//===- tool/driver/merged_findings.h - findings of many runs ----*- C++ -*-===//
//
// Merges the findings of the runs of `ravel run` by id: each finding counts
// the runs that showed it and keeps the earliest run's schedule (runs end
// out of order, so a later-ending earlier run replaces it). A data race
// joins the group of its variable (docs/report-format.md): the group counts
// the runs that showed any of its pairs, each pair its own runs and keeps
// its own earliest run's schedule; the representative pair (Threads,
// Summary, Sched) is the one of the earliest run, then the smallest pair
// id, so neither depends on which run ended first.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_MERGED_FINDINGS_H
#define RAVEL_TOOL_DRIVER_MERGED_FINDINGS_H

#include "report_model.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ravel::driver {

class MergedFindings {
public:
  /// Keeps the recorded schedule of run Run for F; returns its path for
  /// F.Sched.ReplayFile ("" when the run recorded nothing).
  using KeepScheduleFn =
      std::function<std::string(int64_t Run, const report::Finding &F)>;
  /// Called with each finding (or race group) the first time it is seen.
  using NewFindingFn = std::function<void(const report::Finding &F)>;

  MergedFindings(KeepScheduleFn Keep, NewFindingFn New)
      : Keep(std::move(Keep)), New(std::move(New)) {}

  /// Adds finding F of run Run.
  void add(report::Finding F, int64_t Run);
  size_t size() const { return Findings.size(); }
  /// The findings in order of first run, then id; a group of several race
  /// pairs says so in its summary.
  std::vector<report::Finding> take();

private:
  void addRace(report::Finding F, int64_t Run);

  KeepScheduleFn Keep;
  NewFindingFn New;
  std::vector<report::Finding> Findings;
  std::map<std::string, size_t> ById;
  std::map<std::string, std::set<int64_t>> GroupRuns; // race group -> runs
};

} // namespace ravel::driver

#endif
