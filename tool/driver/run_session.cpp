//===- tool/driver/run_session.cpp - the runs of `ravel run` --------------===//
#include "run_session.h"

#include "files.h"
#include "ravel_options.h"
#include "schedule_document.h"
#include "shrink.h"

#include "ravel/contract/schedule_format.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <cstdio>
#include <unistd.h>

namespace ravel::driver {

using report::Finding;
namespace format = contract::schedule_file;

namespace {

/// The note of a report whose runs all failed: "every run exited with
/// status 1", or with the statuses and their counts when they differ.
std::string everyRunFailedNote(const std::string &Program,
                               const std::map<int, int64_t> &Status) {
  std::string Prog = Program.substr(Program.find_last_of('/') + 1);
  if (Status.size() == 1)
    return fmt::format("every run of {} exited with status {}, whatever the "
                       "schedule: that is the program's own result, not a "
                       "finding",
                       Prog, Status.begin()->first);
  std::string List;
  for (const auto &[Code, Runs] : Status)
    List += fmt::format("{}{} in {} run{}", List.empty() ? "" : ", ", Code,
                        Runs, Runs == 1 ? "" : "s");
  return fmt::format("every run of {} exited with a non-zero status ({}), "
                     "whatever the schedule: that is the program's own "
                     "result, not a finding",
                     Prog, List);
}

} // namespace

RunSession::RunSession(const RunOptions &O, const RunTarget &T,
                       const report::RenderContext &Ctx, Progress &Bar)
    : O(O), T(T), Ctx(Ctx), Bar(Bar),
      Merged([this](int64_t Run,
                    const Finding &F) { return keepSchedule(Run, F); },
             [this](const Finding &F) {
               if (this->O.Quiet)
                 return;
               this->Bar.clear();
               Finding Shown = F;
               this->Symbolizer.symbolize(Shown);
               std::fputs(report::renderText(Shown, this->Ctx).c_str(),
                          stderr);
             }),
      NeedHint(isControlled(O.Schedule)), HintKnown(!NeedHint) {}

std::string RunSession::fileOf(size_t Run, const char *Ext) const {
  return Tmp + "/run-" + std::to_string(Run) + Ext;
}

/// Keeps the recorded schedule of run Run as <schedules dir>/<id>.sched
/// (schedulesDirOf, beside the report), with the finding id and program in
/// its header; returns its path relative to the report's directory (""
/// when the run recorded nothing).
std::string RunSession::keepSchedule(int64_t Run, const Finding &F) const {
  std::string Recorded = fileOf(static_cast<size_t>(Run), ".sched");
  if (access(Recorded.c_str(), F_OK) != 0)
    return "";
  std::string ReportDir = dirName(O.ReportPath);
  std::string Rel = schedulesDirOf(O.ReportPath) + "/" + F.Id + ".sched";
  std::string Dir = ReportDir + "/" + schedulesDirOf(O.ReportPath);
  if (llvm::Error E = makeDirectories(Dir)) {
    std::fprintf(stderr, "ravel run: warning: %s\n",
                 llvm::toString(std::move(E)).c_str());
    return "";
  }
  std::string Content;
  if (auto S = readScheduleFile(Recorded)) {
    // The argv as the user typed it (the runtime saw the resolved path).
    S->set(format::KeyArgv, nlohmann::json(O.Program).dump());
    S->set(format::KeyFinding, F.Id);
    if (!T.Build.empty())
      S->set(format::KeyBuild, T.Build);
    Content = printScheduleFile(*S);
  } else {
    // Not in the format the driver knows: keep it byte for byte.
    llvm::consumeError(S.takeError());
    auto Raw = readWholeFile(Recorded);
    if (!Raw) {
      llvm::consumeError(Raw.takeError());
      return "";
    }
    Content = *Raw;
  }
  if (llvm::Error E = writeFileAtomically(ReportDir + "/" + Rel, Content)) {
    std::fprintf(stderr, "ravel run: warning: %s\n",
                 llvm::toString(std::move(E)).c_str());
    return "";
  }
  return Rel;
}

// PCT spreads its change points over the expected number of steps, which
// the runtime learns from steps_hint= (docs/schedule-format.md). The hint
// is the step count run 0 recorded, and runs 1.. start once it is known:
// a hint taken from whichever runs happened to end first would make the
// schedules, and so the findings, depend on --jobs.
NextRun RunSession::nextRun(size_t I, Launch &L) {
  if (static_cast<int64_t>(I) >= O.Runs)
    return NextRun::Finished;
  if (I > 0 && !HintKnown)
    return NextRun::Wait;
  std::vector<std::pair<std::string, std::string>> Keys = {
      {"schedule", O.Schedule},
      {"seed", std::to_string(O.Seed + static_cast<int64_t>(I))},
      {"depth", std::to_string(O.Depth)},
      {"report", fileOf(I, ".jsonl")},
      {"exitcode", std::to_string(FindingExitCode)}};
  if (isControlled(O.Schedule))
    Keys.push_back({"record", fileOf(I, ".sched")});
  if (O.SchedulePoints == "all")
    Keys.push_back({"all_points", "1"});
  if (!StepsHint.empty())
    Keys.push_back({"steps_hint", StepsHint});
  if (I > 0 && !RacySitesFile.empty())
    Keys.push_back({"racy_sites", RacySitesFile});
  if (std::string Budget = stepBudget(O.MaxSteps, StepsHint);
      isControlled(O.Schedule) && !Budget.empty())
    Keys.push_back({"max_steps", Budget});
  L.Argv = O.Program;
  L.Argv[0] = T.Exe;
  L.RavelOptions = ravelOptions(Keys);
  L.StderrPath = fileOf(I, ".err");
  L.TimeoutSec = O.Timeout;
  L.Outputs = {fileOf(I, ".jsonl"), fileOf(I, ".sched")};
  Launches[I] = L;
  return NextRun::Start;
}

void RunSession::learnStepsHint() {
  HintKnown = true;
  if (auto S = readScheduleFile(fileOf(0, ".sched"))) {
    std::string Steps = S->get(format::KeySteps);
    if (!Steps.empty() && Steps != "0" &&
        Steps.find_first_not_of("0123456789") == std::string::npos)
      StepsHint = Steps;
  } else {
    llvm::consumeError(S.takeError());
  }
}

// The sites of the data races run 0 found are scheduling points of the
// later runs from their start (docs/runtime.md, "Where a controlled
// schedule switches"): a run preempts at a racy access only once it has
// seen the race, and a consequence of the race that needs the preemption
// at its first occurrence (a crash) is then explored from run 1 on. Taken
// from run 0 only, like the hint, so that the schedules do not depend on
// --jobs.
void RunSession::learnRacySites(const std::vector<report::Finding> &Found) {
  std::set<std::pair<int64_t, int64_t>> Sites;
  auto Add = [&](int64_t Line, int64_t Column) {
    if (Line > 0)
      Sites.insert({Line, Column});
  };
  for (const Finding &F : Found) {
    if (F.Kind != "data-race")
      continue;
    for (const report::RacePair &P : F.Pairs) {
      Add(P.A.Line, P.A.Column);
      Add(P.B.Line, P.B.Column);
    }
    for (const report::Thread &T : F.Threads)
      if (!T.At.empty())
        Add(T.At.front().Line, T.At.front().Column);
  }
  if (Sites.empty())
    return;
  std::string Text;
  for (const auto &[Line, Column] : Sites)
    Text += std::to_string(Line) + ":" + std::to_string(Column) + "\n";
  std::string Path = Tmp + "/racy-sites";
  if (llvm::Error E = writeFileAtomically(Path, Text)) {
    llvm::consumeError(std::move(E));
    return;
  }
  RacySitesFile = Path;
}

// A suppressed finding is counted by its rule and kind: the distinct ids,
// and the runs in which the rule matched one.
void RunSession::addSuppressed(
    const std::vector<report::SuppressedFinding> &Found) {
  std::set<std::pair<std::string, std::string>> InThisRun;
  for (const report::SuppressedFinding &S : Found) {
    auto &Entry = Suppressed[{S.Rule, S.Kind}];
    Entry.first.insert(S.Id);
    if (InThisRun.insert({S.Rule, S.Kind}).second)
      ++Entry.second;
  }
}

/// Run 0's step budget is a guess made before the program's length is
/// known (stepBudgetFor(DefaultExpectedSteps), ravel/contract/run.h). A
/// correct program whose own work is longer would end there as a `hang`:
/// run 0 runs again as it was (same seed, so the same schedule up to the
/// old budget) with a budget 10, then 100 times larger, and the first of
/// those runs that ends otherwise replaces it, its steps becoming the
/// hint. Only when the largest budget runs out too is the `hang` kept. Not
/// done when the user set the budget.
void RunSession::retryAtLargerBudget(RunFacts &Facts, RunVerdict &V) {
  auto BudgetHang = [](const RunVerdict &V) -> int64_t {
    for (const Finding &F : V.Findings)
      if (F.Kind == "hang" && F.StepBudget > 0)
        return F.StepBudget;
    return 0;
  };
  int64_t Budget = BudgetHang(V);
  for (int Try = 0; Budget > 0 && Try < 2 && !interrupted(); ++Try) {
    int64_t Larger = Budget * 10;
    if (!O.Quiet) {
      Bar.clear();
      std::fprintf(stderr,
                   "ravel: run 0 used its whole budget of %lld steps before "
                   "the program's length was known; running it again with "
                   "%lld\n",
                   static_cast<long long>(Budget),
                   static_cast<long long>(Larger));
    }
    Launch Again = Launches[0];
    std::string Old = "max_steps=" + std::to_string(Budget);
    size_t P = Again.RavelOptions.find(Old);
    if (P == std::string::npos)
      return;
    Again.RavelOptions.replace(P, Old.size(),
                               "max_steps=" + std::to_string(Larger));
    for (const char *Ext : {".jsonl", ".sched", ".err"})
      unlink(fileOf(0, Ext).c_str());
    auto Out = runOnce(Again);
    if (!Out) {
      llvm::consumeError(Out.takeError());
      return;
    }
    Facts.Out = *Out;
    Facts.Stderr.clear();
    if (Out->TimedOut || Out->Signaled || Out->ExitCode != 0)
      Facts.Stderr = readFileTail(fileOf(0, ".err"), 16384);
    auto Next = classifyRun(Facts);
    if (!Next) {
      llvm::consumeError(Next.takeError());
      return;
    }
    V = std::move(*Next);
    Launches[0] = Again; // a time-out confirmation reruns this one
    Budget = BudgetHang(V);
  }
}

/// A non-zero exit is a finding only once some run succeeded: until then
/// failures are held back; a run that succeeds releases them.
void RunSession::addFailure(std::optional<Finding> Failure, int64_t Run,
                            int ExitCode) {
  if (Failure) {
    ++FailedStatus[ExitCode];
    if (AnySucceeded) {
      for (auto &[R, F] : Failures)
        Merged.add(std::move(F), R);
      Failures.clear();
      Merged.add(std::move(*Failure), Run);
    } else {
      Failures.emplace_back(Run, std::move(*Failure));
    }
  } else if (AnySucceeded && !Failures.empty()) {
    for (auto &[R, F] : Failures)
      Merged.add(std::move(F), R);
    Failures.clear();
  }
}

bool RunSession::runEnded(size_t I, const Outcome &Out) {
  RunFacts Facts;
  Facts.Program = O.Program;
  Facts.Out = Out;
  Facts.ReportFile = fileOf(I, ".jsonl");
  // A clean exit needs no stderr (the common case: skip the read).
  if (Out.TimedOut || Out.Signaled || Out.ExitCode != 0)
    Facts.Stderr = readFileTail(fileOf(I, ".err"), 16384);
  // clang-format off
  Facts.Sched = {O.Schedule, O.Seed + static_cast<int64_t>(I), O.Depth,
                 "", true, ""};
  // clang-format on
  if (isControlled(O.Schedule))
    Facts.RecordFile = fileOf(I, ".sched");
  Facts.TimeoutSec = O.Timeout;
  auto V = classifyRun(Facts);
  if (!V) {
    FatalError = fmt::format("run {} (schedule {} seed {}): {}", I, O.Schedule,
                             Facts.Sched.Seed, llvm::toString(V.takeError()));
    return false;
  }
  if (!V->RuntimeError.empty()) {
    RuntimeError = V->RuntimeError;
    return false;
  }
  if (I == 0 && NeedHint && O.MaxSteps <= 0 && !userSetsOption("max_steps"))
    retryAtLargerBudget(Facts, *V);
  int64_t Run = static_cast<int64_t>(I);
  if (auto Hang = takeTimeoutHang(Facts, *V))
    Timeouts.emplace(Run, std::move(*Hang));
  else
    Launches.erase(I);
  ++Completed;
  AnySucceeded |= V->Succeeded;
  if (I == 0 && NeedHint) {
    learnStepsHint();
    learnRacySites(V->Findings);
  }
  size_t Before = Merged.size();
  for (Finding &F : V->Findings)
    Merged.add(std::move(F), Run);
  addSuppressed(V->Suppressed);
  addFailure(std::move(V->Failure), Run, Out.ExitCode);
  // A failure waiting for a successful run keeps its recorded schedule
  // until it is added (the temporary directory goes at the end in any
  // case).
  bool Pending = !Failures.empty() && Failures.back().first == Run;
  Pending |= Timeouts.count(Run) > 0;
  for (const char *Ext : {".jsonl", ".sched", ".err"})
    if (!(Pending && std::string(Ext) == ".sched"))
      unlink(fileOf(I, Ext).c_str());
  Bar.update(Completed, Merged.size());
  return !(O.StopOnFirst && Merged.size() > Before);
}

/// A run that passed --timeout is a `hang` only if it passes it again when
/// run once more as it was (same options and seed); one that finishes was
/// slowed down by the machine: a note. Once one is confirmed the others
/// count as its runs without running again. Returns the notes.
std::vector<std::string> RunSession::confirmTimeouts() {
  std::vector<std::string> Notes;
  bool HangConfirmed = false;
  for (auto &[Run, Hang] : Timeouts) {
    if (interrupted() || !FatalError.empty() || !RuntimeError.empty())
      break;
    if (!HangConfirmed && !O.Quiet)
      std::fprintf(stderr,
                   "ravel: run %lld passed the time limit (%g s); running it "
                   "again to see whether it hangs again\n",
                   static_cast<long long>(Run), O.Timeout);
    std::string Note;
    if (!HangConfirmed) {
      // Its own report= and record= files stay as they are: the record is
      // the finding's schedule if it is one.
      Launch Again = Launches[static_cast<size_t>(Run)];
      std::string Report = Tmp + "/again.jsonl";
      std::string Record = Tmp + "/again.sched";
      for (const std::string &F : {Report, Record})
        unlink(F.c_str());
      size_t R = static_cast<size_t>(Run);
      std::string &Opts = Again.RavelOptions;
      for (const auto &[Old, New] :
           {std::pair{"report=" + fileOf(R, ".jsonl"), "report=" + Report},
            std::pair{"record=" + fileOf(R, ".sched"), "record=" + Record}})
        if (size_t P = Opts.find(Old); P != std::string::npos)
          Opts.replace(P, Old.size(), New);
      Again.StderrPath = Tmp + "/again.err";
      Again.Outputs = {Report, Record};
      HangConfirmed = confirmTimeout(Again, Report, Hang, Run, Note);
    }
    if (HangConfirmed)
      Merged.add(std::move(Hang), Run);
    else
      Notes.push_back(Note);
  }
  return Notes;
}

/// Shrinks the recorded schedule of each finding (by default for the
/// first occurrence of each finding). Hangs are left alone: each of their
/// replays would last a whole --timeout. A recorded schedule that does not
/// show its finding again marks the finding not exactly replayable.
void RunSession::shrinkFindings(std::vector<Finding> &Findings) const {
  std::string ReportDir = dirName(O.ReportPath);
  for (Finding &F : Findings) {
    if (F.Sched.ReplayFile.empty() || F.Kind == "hang")
      continue;
    // A grouped race: its representative pair, the one `--finding ID`
    // replays (the runtime reports pairs, under their own ids).
    report::RacePair *Rep = F.Pairs.empty() ? nullptr : &F.Pairs.front();
    std::string Id = Rep ? Rep->Id : F.Id;
    auto MarkInexact = [&] {
      F.Sched.Exact = false;
      if (Rep)
        Rep->Sched.Exact = false;
    };
    ReplayTarget Target;
    Target.Program = O.Program;
    Target.Sched = F.Sched;
    Target.ScheduleFile = ReportDir + "/" + F.Sched.ReplayFile;
    Target.ExpectedId = Id;
    Target.Timeout = O.Timeout;
    auto Recorded = readScheduleFile(Target.ScheduleFile);
    if (!Recorded) {
      std::fprintf(stderr, "ravel run: note: %s\n",
                   llvm::toString(Recorded.takeError()).c_str());
      MarkInexact();
      continue;
    }
    if (!O.Quiet)
      std::fprintf(stderr, "ravel: shrinking the schedule of %s\n",
                   F.Id.c_str());
    auto R = shrinkSchedule(Target, *Recorded, O.ShrinkReplays);
    if (!R) {
      std::fprintf(stderr, "ravel run: note: could not shrink %s: %s\n",
                   F.Id.c_str(), llvm::toString(R.takeError()).c_str());
      continue;
    }
    if (!R->Reproduced) {
      std::fprintf(stderr,
                   "ravel run: note: replaying the recorded schedule of %s "
                   "did not show it again; the schedule is kept, but the "
                   "finding is not exactly replayable\n",
                   F.Id.c_str());
      MarkInexact();
      continue;
    }
    if (R->After == R->Before)
      continue;
    std::string Rel = schedulesDirOf(O.ReportPath) + "/" + Id + ".min.sched";
    if (llvm::Error E = writeFileAtomically(ReportDir + "/" + Rel,
                                            printScheduleFile(R->Schedule))) {
      std::fprintf(stderr, "ravel run: note: %s\n",
                   llvm::toString(std::move(E)).c_str());
      continue;
    }
    F.Sched.ReplayFile = Rel;
    if (Rep)
      Rep->Sched.ReplayFile = Rel;
    if (!O.Quiet)
      std::fprintf(stderr,
                   "ravel: %s needs %zu of its %zu recorded choices "
                   "(%lld replays)\n",
                   F.Id.c_str(), R->After, R->Before,
                   static_cast<long long>(R->Replays));
  }
}

std::optional<int> RunSession::run(RunResults &Results) {
  auto Dir = makeTempDirectory("ravel-run");
  if (!Dir)
    return runToolError(llvm::toString(Dir.takeError()));
  Tmp = *Dir;
  auto Start = std::chrono::steady_clock::now();
  RunPool Pool(static_cast<unsigned>(O.Jobs));
  Pool.useForkServer(T.ForkServer);
  llvm::Error PoolErr = Pool.run(
      [this](size_t I, Launch &L) { return nextRun(I, L); },
      [this](size_t I, const Outcome &Out) { return runEnded(I, Out); });
  Results.Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  Bar.clear();
  std::vector<std::string> TimeoutNotes = confirmTimeouts();
  removeTree(Tmp);

  if (!RuntimeError.empty())
    return runToolError(
        "the ravel runtime in " + O.Program.front() +
        " refused to start with schedule '" + O.Schedule + "':\n  " +
        RuntimeError +
        "\n  (if this schedule is not supported by its runtime yet, try "
        "--schedule native; if the options are wrong, fix RAVEL_OPTIONS)");
  if (!FatalError.empty())
    return runToolError(FatalError);
  // Ctrl-C: the runs that completed still make a report.
  Results.Interrupted = interrupted();
  if (Results.Interrupted)
    llvm::consumeError(std::move(PoolErr));
  else if (PoolErr)
    return runToolError(llvm::toString(std::move(PoolErr)));

  // Failures are held back until a run succeeds; left over, every run
  // failed: the exit status does not depend on the schedule, so it is a
  // note, not a finding, and the findings of those runs are still reported.
  Results.EveryRunFailed = !Failures.empty();
  if (Results.EveryRunFailed)
    Results.Notes.push_back(
        everyRunFailedNote(O.Program.front(), FailedStatus));
  Results.Notes.insert(Results.Notes.end(), TimeoutNotes.begin(),
                       TimeoutNotes.end());
  Results.Findings = Merged.take();
  for (const auto &[Key, Entry] : Suppressed)
    Results.Suppressed.push_back(
        {Key.first, Key.second,
         static_cast<int64_t>(Entry.first.size()), Entry.second});
  if (!Results.Interrupted && O.ShrinkReplays > 0)
    shrinkFindings(Results.Findings);
  Results.Completed = Completed;
  return std::nullopt;
}

} // namespace ravel::driver
