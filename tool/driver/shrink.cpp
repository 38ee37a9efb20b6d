//===- tool/driver/shrink.cpp - `ravel shrink` ----------------------------===//
//
// Reduces a finding's recorded schedule to the fewest preemptions (choices
// that switch away from a thread that could have gone on) while replay still
// shows the same finding id. A schedule file does not say which recorded
// choices were preemptions, but replacing a choice by `-` ("no preemption",
// docs/schedule-format.md) undoes it if it was one and changes nothing if it
// was not; so the search runs over all forced (non-`-`) decisions and what
// stays forced at the end is the set of preemptions the finding needs.
//
// The search is delta debugging (Zeller and Hildebrandt, TSE 2002): try
// turning all forced decisions into `-`, then each half, quarter, ... down to
// single ones, keeping every change after which replay still shows the id,
// until no single forced decision can go (1-minimal). Each candidate costs
// one replay; --max-replays bounds the total.
//
//===----------------------------------------------------------------------===//
#include "checks.h"
#include "shrink.h"

#include "commands.h"
#include "files.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace ravel::driver {

namespace {

/// S with the forced decisions whose ordinal (among forced decisions) is in
/// [From, To) replaced by `-`.
ScheduleFile without(const ScheduleFile &S, size_t From, size_t To) {
  ScheduleFile Out = S;
  // The candidate takes another path on purpose: nothing to check it by.
  Out.Fingerprints.clear();
  size_t Ordinal = 0;
  for (int64_t &D : Out.Decisions) {
    if (D == NoPreemption)
      continue;
    if (Ordinal >= From && Ordinal < To)
      D = NoPreemption;
    ++Ordinal;
  }
  return Out;
}

} // namespace

llvm::Expected<ShrinkResult> shrinkSchedule(const ReplayTarget &T,
                                            const ScheduleFile &Recorded,
                                            int64_t MaxReplays) {
  auto Tmp = makeTempDirectory("ravel-shrink");
  if (!Tmp)
    return Tmp.takeError();
  std::string Candidate = *Tmp + "/candidate.sched";
  ShrinkResult R;
  R.Schedule = Recorded;
  R.Before = Recorded.forcedDecisions();
  llvm::Error Problem = llvm::Error::success();
  // True when replaying S still shows the finding.
  auto Shows = [&](const ScheduleFile &S) {
    ++R.Replays;
    if (llvm::Error E = writeFileAtomically(Candidate, printScheduleFile(S))) {
      Problem = std::move(E);
      return false;
    }
    auto V = replayOnce(T, Candidate);
    if (!V) {
      Problem = V.takeError();
      return false;
    }
    return V->Verdict.RuntimeError.empty() &&
           findById(V->Verdict, T.ExpectedId);
  };

  R.Reproduced = Shows(R.Schedule);
  size_t Chunk = std::max<size_t>(R.Before, 1);
  while (R.Reproduced && !Problem && R.Schedule.forcedDecisions() > 0 &&
         R.Replays < MaxReplays) {
    bool Removed = false;
    for (size_t From = 0; From < R.Schedule.forcedDecisions() &&
                          R.Replays < MaxReplays && !Problem;
         From += Chunk) {
      ScheduleFile Next = without(R.Schedule, From, From + Chunk);
      if (Shows(Next)) {
        R.Schedule = std::move(Next);
        Removed = true;
        break;
      }
    }
    if (Removed) {
      Chunk = std::max<size_t>(
          std::min(Chunk, R.Schedule.forcedDecisions() / 2), 1);
      continue;
    }
    if (Chunk == 1)
      break; // 1-minimal: no single forced decision can go
    Chunk = std::max<size_t>(Chunk / 2, 1);
  }
  removeTree(*Tmp);
  if (Problem)
    return std::move(Problem);
  R.BudgetUsed = R.Replays >= MaxReplays && R.Schedule.forcedDecisions() > 0;
  R.After = R.Schedule.forcedDecisions();
  return R;
}

} // namespace ravel::driver

namespace ravel::tool {

using namespace ravel::driver;

static int shrinkError(const std::string &Msg) {
  std::fprintf(stderr, "ravel shrink: error: %s\n", Msg.c_str());
  return 2;
}

int shrinkMain(const std::vector<std::string> &Args) {
  std::string Input, FindingId;
  int64_t MaxReplays = 200;
  CLI::App App{"Reduce a finding's recorded schedule to the fewest "
               "preemptions that still show it.",
               "ravel shrink"};
  App.add_option("report", Input, "REPORT.json written by `ravel run`")
      ->required();
  App.add_option("--finding", FindingId, "finding id [the first finding]");
  App.add_option("--max-replays", MaxReplays, "replay budget")
      ->check(driver::integerAtLeast(1))
      ->capture_default_str();
  try {
    std::vector<std::string> Rev(Args.rbegin(), Args.rend());
    App.parse(Rev);
  } catch (const CLI::CallForHelp &) {
    std::fputs(App.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError &E) {
    std::fprintf(stderr,
                 "ravel shrink: %s\nusage: ravel shrink REPORT.json "
                 "[--finding ID]\n",
                 E.what());
    return 2;
  }
  auto T = loadReplayTarget(Input, FindingId);
  if (!T)
    return shrinkError(llvm::toString(T.takeError()));
  if (!T->FromReport)
    return shrinkError(Input + ": give the report (REPORT.json), so the "
                               "shortened schedule can be recorded in it");
  if (T->ScheduleFile.empty())
    return shrinkError(T->ExpectedId + " was found by a " + T->Sched.Strategy +
                       " run, which records no schedule; find it with "
                       "`ravel run --schedule pct` to shrink it");
  auto Current = readScheduleFile(T->ScheduleFile);
  if (!Current)
    return shrinkError(llvm::toString(Current.takeError()));
  auto R = shrinkSchedule(*T, *Current, MaxReplays);
  if (!R)
    return shrinkError(llvm::toString(R.takeError()));
  if (!R->Reproduced)
    return shrinkError("the recorded schedule does not reproduce " +
                       T->ExpectedId + " (check with `ravel replay " + Input +
                       " --finding " + T->ExpectedId + "`)");

  // Record the result next to the original and point the report at it.
  std::string Rel = schedulesDirOf(Input) + "/" + T->ExpectedId + ".min.sched";
  std::string Dir = dirName(Input);
  if (llvm::Error E = makeDirectories(Dir + "/" + schedulesDirOf(Input)))
    return shrinkError(llvm::toString(std::move(E)));
  if (llvm::Error E =
          writeFileAtomically(Dir + "/" + Rel, printScheduleFile(R->Schedule)))
    return shrinkError(llvm::toString(std::move(E)));
  auto Rep = report::readReport(Input);
  if (!Rep)
    return shrinkError(llvm::toString(Rep.takeError()));
  for (report::Finding &F : Rep->Findings) {
    if (F.Id == T->ExpectedId)
      F.Sched.ReplayFile = Rel;
    // A site pair of a grouped data race; the first one is the finding's.
    for (size_t I = 0; I < F.Pairs.size(); ++I)
      if (F.Pairs[I].Id == T->ExpectedId) {
        F.Pairs[I].Sched.ReplayFile = Rel;
        if (I == 0)
          F.Sched.ReplayFile = Rel;
      }
  }
  if (llvm::Error E =
          writeFileAtomically(Input, report::toJson(*Rep).dump(2) + "\n"))
    return shrinkError(llvm::toString(std::move(E)));
  std::printf("ravel: shrunk %s from %zu to %zu forced decision%s (the "
              "preemptions it needs) in %lld replays%s\n  schedule: %s\n  "
              "replay: ravel replay %s --finding %s\n",
              T->ExpectedId.c_str(), R->Before, R->After,
              R->After == 1 ? "" : "s", static_cast<long long>(R->Replays),
              R->BudgetUsed ? " (replay budget used up)" : "",
              (Dir + "/" + Rel).c_str(), Input.c_str(), T->ExpectedId.c_str());
  return 0;
}

} // namespace ravel::tool
