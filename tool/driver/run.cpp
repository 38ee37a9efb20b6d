//===- tool/driver/run.cpp - `ravel run` ----------------------------------===//
//
// Runs the program N times (seeds S..S+N-1, J at a time), each run with its
// own RAVEL_OPTIONS and its own report/record files in a private temporary
// directory, classifies each run, merges findings by id (counting runs,
// keeping the earliest run's schedule and recorded schedule file), and
// writes the report document (atomically), SARIF and HTML.
//
//===----------------------------------------------------------------------===//
#include "checks.h"
#include "classify.h"
#include "commands.h"
#include "files.h"
#include "fork_server.h"
#include "instrumented.h"
#include "process.h"
#include "ravel_options.h"
#include "render.h"
#include "schedule_file.h"
#include "shrink.h"

#include "ravel/contract/schedule_format.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>

namespace ravel::tool {

using report::Finding;

namespace {

struct RunOptions {
  int64_t Runs = 100;
  std::string Schedule = "pct";
  int64_t Seed = 1;
  int64_t Depth = 3;
  int64_t Jobs = std::max(1u, std::thread::hardware_concurrency());
  double Timeout = 30;
  bool StopOnFirst = false;
  std::string ReportPath = "ravel-report.json";
  std::string SarifPath, HtmlPath;
  bool Quiet = false;
  int64_t ShrinkReplays = 50;
  bool NoForkServer = false;
  int64_t MaxSteps = 0; // 0: automatic (stepBudget)
  std::vector<std::string> Program;
};

int usageError(const std::string &Msg) {
  std::fprintf(stderr, "ravel run: %s\n", Msg.c_str());
  std::fprintf(stderr,
               "usage: ravel run [OPTIONS] -- PROGRAM ARGS...   (ravel run "
               "--help lists the options)\n");
  return 2;
}

int toolError(const std::string &Msg) {
  std::fprintf(stderr, "ravel run: error: %s\n", Msg.c_str());
  return 2;
}

/// Progress on stderr: a redrawn bar on a terminal, a plain line every tenth
/// of the runs otherwise, nothing with --quiet.
class Progress {
public:
  Progress(int64_t Total, bool Quiet)
      : Total(Total), Quiet(Quiet), Tty(isatty(2)) {}
  void update(int64_t Done, size_t Findings) {
    if (Quiet)
      return;
    if (Tty) {
      int Width = 30;
      int Filled = static_cast<int>(Width * Done / std::max<int64_t>(Total, 1));
      std::fprintf(stderr, "\r[%s%s] %lld/%lld runs, %zu finding%s ",
                   std::string(Filled, '#').c_str(),
                   std::string(Width - Filled, '.').c_str(),
                   static_cast<long long>(Done), static_cast<long long>(Total),
                   Findings, Findings == 1 ? "" : "s");
      Drawn = true;
    } else if (Done == Total || Done * 10 / Total != LastTenth) {
      LastTenth = Done * 10 / Total;
      std::fprintf(stderr, "ravel: %lld/%lld runs done, %zu finding%s\n",
                   static_cast<long long>(Done), static_cast<long long>(Total),
                   Findings, Findings == 1 ? "" : "s");
    }
  }
  /// Clears the bar before other output.
  void clear() {
    if (Drawn)
      std::fprintf(stderr, "\r\033[K");
    Drawn = false;
  }

private:
  int64_t Total;
  bool Quiet, Tty;
  bool Drawn = false;
  int64_t LastTenth = 0;
};

struct Merged {
  std::vector<Finding> Findings;
  std::map<std::string, size_t> ById;
};

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

/// Keeps the recorded schedule of run Index as <schedules dir>/<id>.sched
/// (driver::schedulesDirOf, beside the report), with the
/// finding id and program in its header; returns its path relative to the
/// report's directory ("" when the run recorded nothing).
std::string keepSchedule(const std::string &Recorded,
                         const std::string &ReportPath, const Finding &F,
                         const std::vector<std::string> &Program,
                         const std::string &Build) {
  if (access(Recorded.c_str(), F_OK) != 0)
    return "";
  std::string ReportDir = driver::dirName(ReportPath);
  std::string Rel = driver::schedulesDirOf(ReportPath) + "/" + F.Id + ".sched";
  std::string Dir = ReportDir + "/" + driver::schedulesDirOf(ReportPath);
  if (llvm::Error E = driver::makeDirectories(Dir)) {
    std::fprintf(stderr, "ravel run: warning: %s\n",
                 llvm::toString(std::move(E)).c_str());
    return "";
  }
  std::string Content;
  if (auto S = driver::readScheduleFile(Recorded)) {
    // The argv as the user typed it (the runtime saw the resolved path).
    S->set(contract::schedule_file::KeyArgv, nlohmann::json(Program).dump());
    S->set(contract::schedule_file::KeyFinding, F.Id);
    if (!Build.empty())
      S->set(contract::schedule_file::KeyBuild, Build);
    Content = driver::printScheduleFile(*S);
  } else {
    // Not in the format the driver knows: keep it byte for byte.
    llvm::consumeError(S.takeError());
    auto Raw = driver::readWholeFile(Recorded);
    if (!Raw) {
      llvm::consumeError(Raw.takeError());
      return "";
    }
    Content = *Raw;
  }
  if (llvm::Error E =
          driver::writeFileAtomically(ReportDir + "/" + Rel, Content)) {
    std::fprintf(stderr, "ravel run: warning: %s\n",
                 llvm::toString(std::move(E)).c_str());
    return "";
  }
  return Rel;
}

/// Shrinks the recorded schedule of each finding (by default for the
/// first occurrence of each finding). Hangs are left alone: each of their
/// replays would last a whole --timeout. A recorded schedule that does not
/// show its finding again marks the finding not exactly replayable.
void shrinkFindings(std::vector<Finding> &Findings, const RunOptions &O,
                    const std::string &ReportDir) {
  for (Finding &F : Findings) {
    if (F.Sched.ReplayFile.empty() || F.Kind == "hang")
      continue;
    // A grouped race: its representative pair, the one `--finding ID`
    // replays (the runtime reports pairs, under their own ids).
    report::RacePair *Rep = F.Pairs.empty() ? nullptr : &F.Pairs.front();
    std::string Id = Rep ? Rep->Id : F.Id;
    driver::ReplayTarget T;
    T.Program = O.Program;
    T.Sched = F.Sched;
    T.ScheduleFile = ReportDir + "/" + F.Sched.ReplayFile;
    T.ExpectedId = Id;
    T.Timeout = O.Timeout;
    auto Recorded = driver::readScheduleFile(T.ScheduleFile);
    if (!Recorded) {
      std::fprintf(stderr, "ravel run: note: %s\n",
                   llvm::toString(Recorded.takeError()).c_str());
      F.Sched.Exact = false;
      if (Rep)
        Rep->Sched.Exact = false;
      continue;
    }
    if (!O.Quiet)
      std::fprintf(stderr, "ravel: shrinking the schedule of %s\n",
                   F.Id.c_str());
    auto R = driver::shrinkSchedule(T, *Recorded, O.ShrinkReplays);
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
      F.Sched.Exact = false;
      if (Rep)
        Rep->Sched.Exact = false;
      continue;
    }
    if (R->After == R->Before)
      continue;
    std::string Rel =
        driver::schedulesDirOf(O.ReportPath) + "/" + Id + ".min.sched";
    if (llvm::Error E = driver::writeFileAtomically(
            ReportDir + "/" + Rel, driver::printScheduleFile(R->Schedule))) {
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

} // namespace

int runMain(const std::vector<std::string> &Args) {
  RunOptions O;
  // Everything after the first "--" is the program and its arguments.
  std::vector<std::string> Own = Args;
  auto Dash = std::find(Own.begin(), Own.end(), "--");
  if (Dash != Own.end()) {
    O.Program.assign(Dash + 1, Own.end());
    Own.erase(Dash, Own.end());
  }

  CLI::App App{"Run an instrumented program many times under stress "
               "schedules and report the findings.",
               "ravel run"};
  App.add_option("--runs", O.Runs, "number of runs")
      ->check(driver::integerAtLeast(1))
      ->capture_default_str();
  App.add_option("--schedule", O.Schedule,
                 "native|noise|random|pct (replay: use `ravel replay`)")
      ->check(CLI::IsMember({"native", "noise", "random", "pct", "replay"}))
      ->capture_default_str();
  App.add_option("--seed", O.Seed, "seed of run 0; run i uses seed+i")
      ->check(driver::integerAtLeast(0))
      ->capture_default_str();
  App.add_option("--depth", O.Depth, "PCT bug depth")
      ->check(driver::integerAtLeast(1, 1000000))
      ->capture_default_str();
  App.add_option("--jobs,-j", O.Jobs, "runs at once [number of cores]")
      ->check(driver::integerAtLeast(1, 4096));
  App.add_option("--timeout", O.Timeout, "seconds per run")
      ->check(driver::positiveSeconds())
      ->capture_default_str();
  App.add_flag("--stop-on-first", O.StopOnFirst,
               "stop after the first run with a finding");
  App.add_option("--report", O.ReportPath, "JSON report")
      ->capture_default_str();
  App.add_option("--sarif", O.SarifPath, "also write SARIF 2.1.0 here");
  App.add_option("--html", O.HtmlPath, "also write an HTML report here");
  App.add_flag("--quiet,-q", O.Quiet, "no progress and no finding details");
  App.add_option("--shrink-replays", O.ShrinkReplays,
                 "replays spent shrinking each new finding's schedule to the "
                 "preemptions it needs (0: keep the schedules as recorded)")
      ->check(driver::integerAtLeast(0))
      ->capture_default_str();
  App.add_flag("--no-fork-server", O.NoForkServer,
               "spawn every run instead of forking it from a fork server "
               "(also: RAVEL_NO_FORK_SERVER=1)");
  App.add_option("--max-steps", O.MaxSteps,
                 "step budget of each controlled run; a run past it is a "
                 "`hang` [100 x the steps of run 0, at least 10000]")
      ->check(driver::integerAtLeast(1));
  try {
    std::vector<std::string> Rev(Own.rbegin(), Own.rend());
    App.parse(Rev);
    if (!Rev.empty())
      return usageError("unexpected argument '" + Rev.back() +
                        "' (put the program after --)");
  } catch (const CLI::CallForHelp &E) {
    std::fputs(App.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError &E) {
    return usageError(E.what());
  }
  if (O.Program.empty())
    return usageError("missing program (put it after --)");
  if (O.Seed > std::numeric_limits<int64_t>::max() - (O.Runs - 1))
    return usageError(fmt::format(
        "--seed {} is too large for {} runs (run i uses seed+i, at most {})",
        O.Seed, O.Runs, std::numeric_limits<int64_t>::max()));
  if (O.Schedule == "replay")
    return usageError(
        "--schedule replay needs a recorded schedule: use "
        "`ravel replay REPORT.json` or `ravel replay FILE.sched`");

  auto Exe = driver::resolveProgram(O.Program.front());
  if (!Exe)
    return toolError(llvm::toString(Exe.takeError()));
  if (llvm::Error E = driver::checkInstrumented(*Exe))
    return toolError(llvm::toString(std::move(E)));
  // An output must not overwrite the program or another output.
  {
    std::vector<std::pair<std::string, std::string>> Outs = {
        {"--report", O.ReportPath}};
    if (!O.SarifPath.empty())
      Outs.push_back({"--sarif", O.SarifPath});
    if (!O.HtmlPath.empty())
      Outs.push_back({"--html", O.HtmlPath});
    for (size_t I = 0; I < Outs.size(); ++I) {
      if (driver::sameFile(Outs[I].second, *Exe))
        return usageError(Outs[I].first + " " + Outs[I].second +
                          " is the program itself; choose another file");
      for (size_t K = 0; K < I; ++K)
        if (driver::sameFile(Outs[I].second, Outs[K].second))
          return usageError(Outs[K].first + " and " + Outs[I].first +
                            " name the same file (" + Outs[I].second +
                            "); give each its own");
    }
  }
  std::string ReportDir = driver::dirName(O.ReportPath);
  if (access(ReportDir.c_str(), W_OK) != 0)
    return toolError(ReportDir + ": cannot write the report there (" +
                     std::strerror(errno) + "); choose another --report");
  // Runs are forked from a fork server (docs/driver.md) unless the user
  // asks for spawned runs or the program's runtime predates it.
  bool ForkServer = !O.NoForkServer && driver::forkServerAllowedByEnvironment();
  if (ForkServer && !driver::hasForkServer(*Exe)) {
    ForkServer = false;
    if (!O.Quiet)
      std::fprintf(stderr,
                   "ravel: note: %s was built with an older ravel runtime "
                   "(no fork server): each run is spawned, which is slower; "
                   "rebuild it to run faster\n",
                   O.Program.front().c_str());
  }
  // Kept with the schedules and in the report, so a replay of a rebuilt
  // program can say so.
  std::string Build = driver::fileIdentity(*Exe);
  auto Tmp = driver::makeTempDirectory("ravel-run");
  if (!Tmp)
    return toolError(llvm::toString(Tmp.takeError()));

  Merged M;
  // Runs killed at --timeout, by run: their `hang` findings wait for a
  // second run to confirm them (after the runs; confirmTimeout).
  std::map<int64_t, Finding> Timeouts;
  // The launch of each run still going (a timed-out one is run again).
  std::map<size_t, driver::Launch> Launches;
  std::vector<std::pair<int64_t, Finding>> Failures;
  std::map<int, int64_t> FailedStatus; // exit status -> failed runs
  std::string FatalError, RuntimeError;
  bool AnySucceeded = false;
  int64_t Completed = 0;
  Progress Bar(O.Runs, O.Quiet);
  report::SourceFiles Sources({ReportDir});
  report::RenderContext Ctx{O.ReportPath, &Sources};
  auto FileOf = [&](size_t I, const char *Ext) {
    return *Tmp + "/run-" + std::to_string(I) + Ext;
  };

  // A data race joins the finding of its variable (docs/report-format.md):
  // the group counts the runs that showed any of its pairs, each pair its
  // own runs and keeps its own earliest run's schedule; the representative
  // pair (Threads, Summary, Sched) is the one of the earliest run, then the
  // smallest pair id, so neither depends on which run ended first.
  std::map<std::string, std::set<int64_t>> GroupRuns;
  auto AddRace = [&](Finding F, int64_t Run) {
    std::string Key = report::raceVariableKey(F);
    std::string GroupId = Key.empty() ? F.Id : report::raceGroupId(Key);
    F.Runs = 1;
    F.FirstRun = Run;
    bool NewRun = GroupRuns[GroupId].insert(Run).second;
    auto It = M.ById.find(GroupId);
    if (It == M.ById.end()) {
      F.Sched.ReplayFile = keepSchedule(FileOf(Run, ".sched"), O.ReportPath, F,
                                        O.Program, Build);
      Finding G = F;
      G.Id = GroupId;
      G.VariableKey = Key;
      G.Pairs = {report::racePairOf(F)};
      M.ById[GroupId] = M.Findings.size();
      M.Findings.push_back(G);
      if (!O.Quiet) {
        Bar.clear();
        std::fputs(report::renderText(G, Ctx).c_str(), stderr);
      }
      return;
    }
    Finding &G = M.Findings[It->second];
    if (NewRun)
      ++G.Runs;
    auto P =
        std::find_if(G.Pairs.begin(), G.Pairs.end(),
                     [&](const report::RacePair &P) { return P.Id == F.Id; });
    if (P != G.Pairs.end()) {
      ++P->Runs;
      if (Run >= P->FirstRun)
        return;
      // Runs end out of order: the earliest run's schedule is the one kept.
      F.Sched.ReplayFile = keepSchedule(FileOf(Run, ".sched"), O.ReportPath, F,
                                        O.Program, Build);
      P->FirstRun = Run;
      P->Sched = F.Sched;
    } else {
      F.Sched.ReplayFile = keepSchedule(FileOf(Run, ".sched"), O.ReportPath, F,
                                        O.Program, Build);
      G.Pairs.push_back(report::racePairOf(F));
    }
    std::sort(G.Pairs.begin(), G.Pairs.end(),
              [](const report::RacePair &A, const report::RacePair &B) {
                return std::tie(A.FirstRun, A.Id) < std::tie(B.FirstRun, B.Id);
              });
    if (G.Pairs.front().Id == F.Id) {
      // F's pair is now the representative.
      int64_t Runs = G.Runs;
      std::vector<report::RacePair> Pairs = std::move(G.Pairs);
      G = std::move(F);
      G.Id = GroupId;
      G.VariableKey = Key;
      G.Runs = Runs;
      G.Pairs = std::move(Pairs);
    }
  };
  auto Add = [&](Finding F, int64_t Run) {
    if (F.Kind == "data-race")
      return AddRace(std::move(F), Run);
    auto It = M.ById.find(F.Id);
    if (It != M.ById.end()) {
      Finding &Old = M.Findings[It->second];
      ++Old.Runs;
      if (Run >= Old.FirstRun)
        return;
      // Runs end out of order: the earliest run's schedule is the one kept.
      int64_t Runs = Old.Runs;
      F.Runs = Runs;
      F.FirstRun = Run;
      F.Sched.ReplayFile = keepSchedule(FileOf(Run, ".sched"), O.ReportPath, F,
                                        O.Program, Build);
      Old = std::move(F);
      return;
    }
    F.Runs = 1;
    F.FirstRun = Run;
    F.Sched.ReplayFile =
        keepSchedule(FileOf(Run, ".sched"), O.ReportPath, F, O.Program, Build);
    M.ById[F.Id] = M.Findings.size();
    M.Findings.push_back(F);
    if (!O.Quiet) {
      Bar.clear();
      std::fputs(report::renderText(F, Ctx).c_str(), stderr);
    }
  };

  // PCT spreads its change points over the expected number of steps, which
  // the runtime learns from steps_hint= (docs/schedule-format.md). The hint
  // is the step count run 0 recorded, and runs 1.. start once it is known:
  // a hint taken from whichever runs happened to end first would make the
  // schedules, and so the findings, depend on --jobs.
  bool NeedHint = driver::isControlled(O.Schedule);
  bool HintKnown = !NeedHint;
  std::string StepsHint;
  auto Start = std::chrono::steady_clock::now();
  driver::RunPool Pool(static_cast<unsigned>(O.Jobs));
  Pool.useForkServer(ForkServer);
  llvm::Error PoolErr = Pool.run(
      [&](size_t I, driver::Launch &L) {
        if (static_cast<int64_t>(I) >= O.Runs)
          return driver::NextRun::Finished;
        if (I > 0 && !HintKnown)
          return driver::NextRun::Wait;
        std::vector<std::pair<std::string, std::string>> Keys = {
            {"schedule", O.Schedule},
            {"seed", std::to_string(O.Seed + static_cast<int64_t>(I))},
            {"depth", std::to_string(O.Depth)},
            {"report", FileOf(I, ".jsonl")},
            {"exitcode", std::to_string(driver::FindingExitCode)}};
        if (driver::isControlled(O.Schedule))
          Keys.push_back({"record", FileOf(I, ".sched")});
        if (!StepsHint.empty())
          Keys.push_back({"steps_hint", StepsHint});
        if (std::string Budget = driver::stepBudget(O.MaxSteps, StepsHint);
            driver::isControlled(O.Schedule) && !Budget.empty())
          Keys.push_back({"max_steps", Budget});
        L.Argv = O.Program;
        L.Argv[0] = *Exe;
        L.RavelOptions = driver::ravelOptions(Keys);
        L.StderrPath = FileOf(I, ".err");
        L.TimeoutSec = O.Timeout;
        L.Outputs = {FileOf(I, ".jsonl"), FileOf(I, ".sched")};
        Launches[I] = L;
        return driver::NextRun::Start;
      },
      [&](size_t I, const driver::Outcome &Out) {
        driver::RunFacts Facts;
        Facts.Program = O.Program;
        Facts.Out = Out;
        Facts.ReportFile = FileOf(I, ".jsonl");
        // A clean exit needs no stderr (the common case: skip the read).
        if (Out.TimedOut || Out.Signaled || Out.ExitCode != 0)
          Facts.Stderr = driver::readFileTail(FileOf(I, ".err"), 16384);
        // clang-format off
        Facts.Sched = {O.Schedule, O.Seed + static_cast<int64_t>(I), O.Depth,
                       "", true, ""};
        // clang-format on
        if (driver::isControlled(O.Schedule))
          Facts.RecordFile = FileOf(I, ".sched");
        Facts.TimeoutSec = O.Timeout;
        auto V = driver::classifyRun(Facts);
        if (!V) {
          FatalError =
              fmt::format("run {} (schedule {} seed {}): {}", I, O.Schedule,
                          Facts.Sched.Seed, llvm::toString(V.takeError()));
          return false;
        }
        if (!V->RuntimeError.empty()) {
          RuntimeError = V->RuntimeError;
          return false;
        }
        if (auto Hang = driver::takeTimeoutHang(Facts, *V))
          Timeouts.emplace(static_cast<int64_t>(I), std::move(*Hang));
        else
          Launches.erase(I);
        ++Completed;
        AnySucceeded |= V->Succeeded;
        if (I == 0 && NeedHint) {
          HintKnown = true;
          if (auto S = driver::readScheduleFile(FileOf(0, ".sched"))) {
            std::string Steps = S->get(contract::schedule_file::KeySteps);
            if (!Steps.empty() && Steps != "0" &&
                Steps.find_first_not_of("0123456789") == std::string::npos)
              StepsHint = Steps;
          } else {
            llvm::consumeError(S.takeError());
          }
        }
        size_t Before = M.Findings.size();
        for (Finding &F : V->Findings)
          Add(std::move(F), static_cast<int64_t>(I));
        if (V->Failure) {
          ++FailedStatus[Out.ExitCode];
          if (AnySucceeded) {
            for (auto &[Run, F] : Failures)
              Add(std::move(F), Run);
            Failures.clear();
            Add(std::move(*V->Failure), static_cast<int64_t>(I));
          } else {
            Failures.emplace_back(static_cast<int64_t>(I),
                                  std::move(*V->Failure));
          }
        } else if (AnySucceeded && !Failures.empty()) {
          for (auto &[Run, F] : Failures)
            Add(std::move(F), Run);
          Failures.clear();
        }
        // A failure waiting for a successful run keeps its recorded
        // schedule until it is added (the temporary directory goes at the
        // end in any case).
        bool Pending = !Failures.empty() &&
                       Failures.back().first == static_cast<int64_t>(I);
        Pending |= Timeouts.count(static_cast<int64_t>(I)) > 0;
        for (const char *Ext : {".jsonl", ".sched", ".err"})
          if (!(Pending && std::string(Ext) == ".sched"))
            unlink(FileOf(I, Ext).c_str());
        Bar.update(Completed, M.Findings.size());
        return !(O.StopOnFirst && M.Findings.size() > Before);
      });
  double Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  Bar.clear();
  // A run that passed --timeout is a `hang` only if it passes it again
  // when run once more as it was (same options and seed); one that
  // finishes was slowed down by the machine: a note. Once one is confirmed
  // the others count as its runs without running again.
  std::vector<std::string> TimeoutNotes;
  bool HangConfirmed = false;
  for (auto &[Run, Hang] : Timeouts) {
    if (driver::interrupted() || !FatalError.empty() || !RuntimeError.empty())
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
      driver::Launch Again = Launches[static_cast<size_t>(Run)];
      std::string Report = *Tmp + "/again.jsonl";
      std::string Record = *Tmp + "/again.sched";
      for (const std::string &F : {Report, Record})
        unlink(F.c_str());
      std::string &Opts = Again.RavelOptions;
      for (const auto &[Old, New] :
           {std::pair{"report=" + FileOf(Run, ".jsonl"), "report=" + Report},
            std::pair{"record=" + FileOf(Run, ".sched"), "record=" + Record}})
        if (size_t P = Opts.find(Old); P != std::string::npos)
          Opts.replace(P, Old.size(), New);
      Again.StderrPath = *Tmp + "/again.err";
      Again.Outputs = {Report, Record};
      HangConfirmed = driver::confirmTimeout(Again, Report, Hang, Run, Note);
    }
    if (HangConfirmed)
      Add(std::move(Hang), Run);
    else
      TimeoutNotes.push_back(Note);
  }
  driver::removeTree(*Tmp);

  if (!RuntimeError.empty())
    return toolError(
        "the ravel runtime in " + O.Program.front() +
        " refused to start with schedule '" + O.Schedule + "':\n  " +
        RuntimeError +
        "\n  (if this schedule is not supported by its runtime yet, try "
        "--schedule native; if the options are wrong, fix RAVEL_OPTIONS)");
  if (!FatalError.empty())
    return toolError(FatalError);
  // Ctrl-C: the runs that completed still make a report.
  bool Interrupted = driver::interrupted();
  if (Interrupted)
    llvm::consumeError(std::move(PoolErr));
  else if (PoolErr)
    return toolError(llvm::toString(std::move(PoolErr)));

  // Failures are held back until a run succeeds; left over, every run
  // failed: the exit status does not depend on the schedule, so it is a
  // note, not a finding, and the findings of those runs are still reported.
  std::vector<std::string> Notes;
  if (!Failures.empty())
    Notes.push_back(everyRunFailedNote(O.Program.front(), FailedStatus));
  Notes.insert(Notes.end(), TimeoutNotes.begin(), TimeoutNotes.end());
  std::sort(M.Findings.begin(), M.Findings.end(),
            [](const Finding &A, const Finding &B) {
              return std::tie(A.FirstRun, A.Id) < std::tie(B.FirstRun, B.Id);
            });
  for (Finding &F : M.Findings)
    if (F.Pairs.size() > 1)
      F.Summary +=
          fmt::format(" (and {} other site pair{} on {})", F.Pairs.size() - 1,
                      F.Pairs.size() == 2 ? "" : "s", F.VariableKey);
  if (!Interrupted && O.ShrinkReplays > 0)
    shrinkFindings(M.Findings, O, ReportDir);

  report::Report R;
  R.Version = RAVEL_VERSION;
  R.Program = O.Program;
  R.Build = Build;
  R.Runs = Completed;
  R.Settings = {O.Schedule, O.Seed, O.Depth, O.Jobs, O.Timeout};
  R.Findings = M.Findings;
  R.Notes = Notes;
  struct Output {
    const std::string &Path;
    std::string Text;
  };
  std::vector<Output> Outputs = {{O.ReportPath, report::renderJson(R)}};
  if (!O.SarifPath.empty())
    Outputs.push_back({O.SarifPath, report::renderSarif(R, Ctx)});
  if (!O.HtmlPath.empty())
    Outputs.push_back({O.HtmlPath, report::renderHtml(R, Ctx)});
  for (const Output &Out : Outputs)
    if (llvm::Error E = driver::writeFileAtomically(Out.Path, Out.Text))
      return toolError(llvm::toString(std::move(E)));

  std::fputs(report::renderSummaryTable(R).c_str(), stdout);
  if (!O.Quiet)
    std::fprintf(stderr,
                 "ravel: %lld runs in %.2f s (%.1f runs/s); report: %s\n",
                 static_cast<long long>(Completed), Seconds,
                 Completed / std::max(Seconds, 1e-9), O.ReportPath.c_str());
  if (Interrupted)
    return toolError(
        fmt::format("interrupted after {} of {} runs; {} holds what they found",
                    Completed, O.Runs, O.ReportPath));
  if (!Failures.empty() && R.Findings.empty())
    return toolError(fmt::format(
        "{}; check its arguments and environment (the report {} says so "
        "too)",
        Notes.front(), O.ReportPath));
  return R.Findings.empty() ? 0 : 1;
}

} // namespace ravel::tool
