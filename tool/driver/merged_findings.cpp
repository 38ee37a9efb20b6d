//===- tool/driver/merged_findings.cpp - findings of many runs ------------===//
#include "merged_findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace ravel::driver {

using report::Finding;
using report::RacePair;

void MergedFindings::addRace(Finding F, int64_t Run) {
  std::string Key = report::raceVariableKey(F);
  std::string GroupId = Key.empty() ? F.Id : report::raceGroupId(Key);
  F.Runs = 1;
  F.FirstRun = Run;
  bool NewRun = GroupRuns[GroupId].insert(Run).second;
  auto It = ById.find(GroupId);
  if (It == ById.end()) {
    F.Sched.ReplayFile = Keep(Run, F);
    Finding G = F;
    G.Id = GroupId;
    G.VariableKey = Key;
    G.Pairs = {report::racePairOf(F)};
    ById[GroupId] = Findings.size();
    Findings.push_back(G);
    New(G);
    return;
  }
  Finding &G = Findings[It->second];
  if (NewRun)
    ++G.Runs;
  auto P = std::find_if(G.Pairs.begin(), G.Pairs.end(),
                        [&](const RacePair &P) { return P.Id == F.Id; });
  if (P != G.Pairs.end()) {
    ++P->Runs;
    if (Run >= P->FirstRun)
      return;
    // Runs end out of order: the earliest run's schedule is the one kept.
    F.Sched.ReplayFile = Keep(Run, F);
    P->FirstRun = Run;
    P->Sched = F.Sched;
  } else {
    F.Sched.ReplayFile = Keep(Run, F);
    G.Pairs.push_back(report::racePairOf(F));
  }
  std::sort(G.Pairs.begin(), G.Pairs.end(),
            [](const RacePair &A, const RacePair &B) {
              return std::tie(A.FirstRun, A.Id) < std::tie(B.FirstRun, B.Id);
            });
  if (G.Pairs.front().Id == F.Id) {
    // F's pair is now the representative.
    int64_t Runs = G.Runs;
    std::vector<RacePair> Pairs = std::move(G.Pairs);
    G = std::move(F);
    G.Id = GroupId;
    G.VariableKey = Key;
    G.Runs = Runs;
    G.Pairs = std::move(Pairs);
  }
}

void MergedFindings::add(Finding F, int64_t Run) {
  if (F.Kind == "data-race")
    return addRace(std::move(F), Run);
  auto It = ById.find(F.Id);
  if (It != ById.end()) {
    Finding &Old = Findings[It->second];
    ++Old.Runs;
    if (Run >= Old.FirstRun)
      return;
    // Runs end out of order: the earliest run's schedule is the one kept.
    int64_t Runs = Old.Runs;
    F.Runs = Runs;
    F.FirstRun = Run;
    F.Sched.ReplayFile = Keep(Run, F);
    Old = std::move(F);
    return;
  }
  F.Runs = 1;
  F.FirstRun = Run;
  F.Sched.ReplayFile = Keep(Run, F);
  ById[F.Id] = Findings.size();
  Findings.push_back(F);
  New(F);
}

std::vector<Finding> MergedFindings::take() {
  std::vector<Finding> Out = std::move(Findings);
  Findings.clear();
  ById.clear();
  GroupRuns.clear();
  std::sort(Out.begin(), Out.end(), [](const Finding &A, const Finding &B) {
    return std::tie(A.FirstRun, A.Id) < std::tie(B.FirstRun, B.Id);
  });
  for (Finding &F : Out)
    if (F.Pairs.size() > 1)
      F.Summary +=
          fmt::format(" (and {} other site pair{} on {})", F.Pairs.size() - 1,
                      F.Pairs.size() == 2 ? "" : "s", F.VariableKey);
  return Out;
}

} // namespace ravel::driver
