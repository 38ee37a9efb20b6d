//===- tool/driver/replay.cpp - `ravel replay` ----------------------------===//
#include "replay.h"
#include "checks.h"

#include "instrumented.h"

#include "commands.h"
#include "files.h"
#include "process.h"
#include "render.h"
#include "schedule_document.h"
#include "symbolize.h"

#include "ravel/contract/schedule_format.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <unistd.h>

namespace ravel::driver {

const report::Finding *findById(const RunVerdict &V, const std::string &Id) {
  for (const report::Finding &F : V.Findings)
    if (F.Id == Id)
      return &F;
  if (V.Failure && V.Failure->Id == Id)
    return &*V.Failure;
  return nullptr;
}

llvm::Expected<ReplayTarget> loadReplayTarget(const std::string &Path,
                                              const std::string &FindingId) {
  auto Text = readWholeFile(Path);
  if (!Text)
    return Text.takeError();
  ReplayTarget T;
  if (Text->rfind("ravel-schedule", 0) == 0) {
    auto S = parseScheduleFile(*Text, Path);
    if (!S)
      return S.takeError();
    T.Program = S->program();
    if (T.Program.empty())
      return llvm::createStringError(
          Path + ": the schedule file names no program (header line "
                 "`argv [\"./prog\", ...]` is missing or not a JSON "
                 "array of strings)");
    T.ExpectedId = S->get(contract::schedule_file::KeyFinding);
    if (!FindingId.empty()) {
      if (!T.ExpectedId.empty() && T.ExpectedId != FindingId)
        return llvm::createStringError(Path + ": records finding " +
                                       T.ExpectedId + ", not " + FindingId);
      T.ExpectedId = FindingId;
    }
    T.Sched.Strategy = S->get(contract::schedule_file::KeyStrategy);
    T.Sched.Seed = std::atoll(S->get(contract::schedule_file::KeySeed).c_str());
    T.Sched.Depth =
        std::atoll(S->get(contract::schedule_file::KeyDepth).c_str());
    T.ScheduleFile = Path;
    T.Build = S->get(contract::schedule_file::KeyBuild);
    return T;
  }

  auto R = report::readReport(Path);
  if (!R)
    return R.takeError();
  if (R->Findings.empty())
    return llvm::createStringError(Path +
                                   ": the report has no findings to replay");
  const report::Finding *F = &R->Findings.front();
  // A grouped data race replays one site pair: its representative (the
  // first) for the finding's id, or the pair a pair id names.
  const report::RacePair *Pair = nullptr;
  if (!FindingId.empty()) {
    F = nullptr;
    for (const report::Finding &G : R->Findings)
      if (G.Id == FindingId)
        F = &G;
    for (const report::Finding &G : R->Findings)
      if (const report::RacePair *P =
              F ? nullptr : report::findPair(G, FindingId)) {
        F = &G;
        Pair = P;
      }
    if (!F) {
      std::string Ids;
      for (const report::Finding &G : R->Findings)
        Ids += "\n  " + G.Id + "  " + G.Summary;
      return llvm::createStringError(Path + ": no finding " + FindingId +
                                     "; the report has:" + Ids);
    }
  }
  if (!Pair && !F->Pairs.empty())
    Pair = &F->Pairs.front();
  if (R->Program.empty())
    return llvm::createStringError(Path + ": program: empty");
  T.Program = R->Program;
  T.Sched = Pair ? Pair->Sched : F->Sched;
  T.ExpectedId = Pair ? Pair->Id : F->Id;
  if (Pair && Pair->Id != F->Id && FindingId != Pair->Id)
    T.GroupId = F->Id;
  T.Original = *F;
  if (Pair) {
    T.Original.Runs = Pair->Runs;
    T.Original.FirstRun = Pair->FirstRun;
    T.Original.Sched = Pair->Sched;
  }
  T.FromReport = true;
  T.ReportPath = Path;
  T.Timeout = R->Settings.Timeout > 0 ? R->Settings.Timeout : 30;
  T.Build = R->Build;
  if (!T.Sched.ReplayFile.empty()) {
    std::string File = T.Sched.ReplayFile;
    if (File[0] != '/')
      File = dirName(Path) + "/" + File;
    auto S = readScheduleFile(File);
    if (!S)
      return llvm::createStringError(llvm::toString(S.takeError()) +
                                     "\n  (the recorded schedule of " +
                                     T.ExpectedId + " in " + Path +
                                     "; run `ravel run` again to record it)");
    T.ScheduleFile = File;
  }
  return T;
}

llvm::Expected<ReplayOutcome> replayOnce(const ReplayTarget &T,
                                         const std::string &Schedule) {
  auto Exe = resolveProgram(T.Program.front());
  if (!Exe)
    return llvm::createStringError(
        llvm::toString(Exe.takeError()) +
        "\n  (replay from the directory `ravel run` was started in)");
  // The program may have been rebuilt (or replaced) since it was recorded:
  // without the runtime a replay would "succeed" without following anything.
  if (llvm::Error E = checkInstrumented(*Exe))
    return std::move(E);
  auto Tmp = makeTempDirectory("ravel-replay");
  if (!Tmp)
    return Tmp.takeError();
  std::vector<std::pair<std::string, std::string>> Keys;
  // A replay re-records the schedule it took: its header says whether the
  // runtime could follow the file.
  std::string Rerecorded = *Tmp + "/replayed.sched";
  if (!Schedule.empty())
    Keys = {
        {"schedule", "replay"}, {"replay", Schedule}, {"record", Rerecorded}};
  else
    Keys = {{"schedule", T.Sched.Strategy},
            {"seed", std::to_string(T.Sched.Seed)},
            {"depth", std::to_string(std::max<int64_t>(T.Sched.Depth, 1))}};
  Keys.push_back({"report", *Tmp + "/findings.jsonl"});
  Keys.push_back({"exitcode", std::to_string(FindingExitCode)});
  Launch L;
  L.Argv = T.Program;
  L.Argv[0] = *Exe;
  L.RavelOptions = ravelOptions(Keys);
  L.StderrPath = *Tmp + "/stderr";
  L.TimeoutSec = T.Timeout;
  auto Out = runOnce(L);
  if (!Out) {
    removeTree(*Tmp);
    return Out.takeError();
  }
  RunFacts Facts;
  Facts.Program = T.Program;
  Facts.Out = *Out;
  Facts.ReportFile = *Tmp + "/findings.jsonl";
  Facts.Stderr = readFileTail(L.StderrPath, 16384);
  Facts.Sched = T.Sched;
  Facts.TimeoutSec = T.Timeout;
  if (!Schedule.empty()) {
    Facts.Sched.ReplayFile = Schedule;
    Facts.RecordFile = Rerecorded;
  }
  auto V = classifyRun(Facts);
  ReplayOutcome Result;
  if (V && !Schedule.empty()) {
    if (auto S = readScheduleFile(Rerecorded)) {
      Result.Diverged = S->get(contract::schedule_file::KeyExact) == "0";
      Result.Notes = S->all(contract::schedule_file::KeyNote);
    } else {
      llvm::consumeError(S.takeError());
    }
  }
  removeTree(*Tmp);
  if (!V)
    return V.takeError();
  Result.Verdict = std::move(*V);
  return Result;
}

} // namespace ravel::driver

namespace ravel::tool {

using namespace ravel::driver;

namespace {

/// Says on stderr why Attempts replays of T did not show its finding; Last
/// is the verdict and outcome of the last one.
void reportNotReproduced(const ReplayTarget &T, const RunVerdict &Last,
                         const ReplayOutcome &LastOutcome, int64_t Attempts,
                         bool Rebuilt) {
  const std::string &Prog = T.Program.front();
  bool Recorded = !T.ScheduleFile.empty();
  std::string Other;
  for (const report::Finding &F : Last.Findings)
    Other += "\n  " + F.Id + "  " + F.Summary;
  if (Last.Failure)
    Other += "\n  " + Last.Failure->Id + "  " + Last.Failure->Summary;
  std::string Target =
      T.ExpectedId.empty() ? std::string("a finding") : T.ExpectedId;
  std::fprintf(stderr, "ravel replay: did not reproduce %s in %lld run%s",
               Target.c_str(), static_cast<long long>(Attempts),
               Attempts == 1 ? "" : "s");
  if (!Other.empty())
    std::fprintf(stderr, "; the replay showed instead:%s\n", Other.c_str());
  else
    std::fprintf(stderr, " (the program ran clean).\n");
  if (Rebuilt) {
    std::fprintf(stderr,
                 "  %s changed since the finding was recorded (its build "
                 "identity differs), so the recorded schedule belongs to "
                 "another program. Run `ravel run` again on this build.\n",
                 Prog.c_str());
  } else if (Recorded && LastOutcome.Diverged) {
    std::fprintf(stderr, "  The program took another path than the recorded "
                         "schedule (it diverged):\n");
    for (const std::string &N : LastOutcome.Notes)
      std::fprintf(stderr, "    %s\n", N.c_str());
    std::fprintf(stderr, "  Has the program, its input or its environment "
                         "changed? Rebuild it and run `ravel run` again.\n");
  } else if (Recorded)
    std::fprintf(stderr,
                 "  The schedule was followed but the finding did not "
                 "happen: the program depends on something besides the "
                 "thread schedule (input, time, randomness, the "
                 "environment). Run `ravel run` again to record a fresh "
                 "schedule.\n");
  else
    std::fprintf(stderr,
                 "  The finding came from a %s run, which has no recorded "
                 "schedule; try --attempts 100, or find it again with "
                 "`ravel run --schedule pct` for an exact replay.\n",
                 T.Sched.Strategy.c_str());
}

} // namespace

int replayMain(const std::vector<std::string> &Args) {
  std::string Input, FindingId;
  int64_t Attempts = 0;
  CLI::App App{"Re-run the recorded schedule of a finding and show it again.",
               "ravel replay"};
  App.add_option("input", Input, "REPORT.json or a schedule file")->required();
  App.add_option("--finding", FindingId, "finding id [the first finding]");
  App.add_option("--attempts", Attempts,
                 "tries for native/noise findings, which have no recorded "
                 "schedule [10; 1 for recorded schedules]")
      ->check(driver::integerAtLeast(1));
  try {
    std::vector<std::string> Rev(Args.rbegin(), Args.rend());
    App.parse(Rev);
  } catch (const CLI::CallForHelp &) {
    std::fputs(App.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError &E) {
    std::fprintf(stderr,
                 "ravel replay: %s\nusage: ravel replay REPORT.json "
                 "[--finding ID] | ravel replay SCHEDULE_FILE\n",
                 E.what());
    return 2;
  }
  auto T = loadReplayTarget(Input, FindingId);
  if (!T) {
    std::fprintf(stderr, "ravel replay: error: %s\n",
                 llvm::toString(T.takeError()).c_str());
    return 2;
  }
  // A report or schedule may come from anyone: the program it names is run
  // only from a path (a bare name is never looked up on $PATH), and the
  // command line is shown before it runs.
  std::string &Prog = T->Program.front();
  if (Prog.find('/') == std::string::npos) {
    if (access(Prog.c_str(), X_OK) != 0) {
      std::fprintf(stderr,
                   "ravel replay: error: %s names the program `%s` without a "
                   "folder; ravel replay does not look programs up on $PATH: "
                   "run it from the folder that holds `%s`\n",
                   Input.c_str(), Prog.c_str(), Prog.c_str());
      return 2;
    }
    Prog = "./" + Prog;
  }
  std::string Shown;
  for (const std::string &A : T->Program)
    Shown += (Shown.empty() ? "" : " ") + report::shellQuote(A);
  std::fprintf(stderr, "ravel replay: running %s\n", Shown.c_str());
  // The program may have been rebuilt since: say so first, as it explains
  // a replay that takes another path.
  bool Rebuilt = !T->Build.empty() && fileIdentity(Prog) != T->Build;
  if (Rebuilt)
    std::fprintf(stderr,
                 "ravel replay: note: %s is not the program the finding was "
                 "recorded with (it was rebuilt or replaced since); the "
                 "replay may take another path\n",
                 Prog.c_str());
  bool Recorded = !T->ScheduleFile.empty();
  if (Attempts == 0)
    Attempts = Recorded ? 1 : 10;

  report::SourceFiles Sources({dirName(Input)});
  report::RenderContext Ctx{T->FromReport ? Input : "", &Sources};
  RunVerdict Last;
  ReplayOutcome LastOutcome;
  for (int64_t Try = 1; Try <= Attempts; ++Try) {
    auto Outcome = replayOnce(*T, T->ScheduleFile);
    if (!Outcome) {
      std::fprintf(stderr, "ravel replay: error: %s\n",
                   llvm::toString(Outcome.takeError()).c_str());
      return 2;
    }
    RunVerdict *V = &Outcome->Verdict;
    if (!V->RuntimeError.empty()) {
      std::fprintf(stderr,
                   "ravel replay: error: the program's ravel runtime stopped "
                   "with an error:\n  %s\n  (if the program or its input "
                   "changed since the schedule was recorded, run `ravel run` "
                   "again)\n",
                   V->RuntimeError.c_str());
      return 2;
    }
    const report::Finding *Hit =
        T->ExpectedId.empty()
            ? (V->Findings.empty() ? (V->Failure ? &*V->Failure : nullptr)
                                   : &V->Findings.front())
            : findById(*V, T->ExpectedId);
    if (Hit) {
      report::Finding Shown = *Hit;
      if (T->FromReport) {
        Shown.Runs = T->Original.Runs;
        Shown.FirstRun = T->Original.FirstRun;
        Shown.Sched = T->Original.Sched;
      }
      report::FrameSymbolizer().symbolize(Shown);
      std::fputs(report::renderText(Shown, Ctx).c_str(), stdout);
      std::printf(
          "ravel: reproduced %s%s\n",
          T->GroupId.empty() ? Hit->Id.c_str()
                             : (T->GroupId + ", site pair " + Hit->Id).c_str(),
          Attempts > 1
              ? fmt::format(" (attempt {} of {})", Try, Attempts).c_str()
              : "");
      if (Outcome->Diverged)
        std::printf("ravel: note: the run left the recorded schedule on the "
                    "way (%s)\n",
                    Outcome->Notes.empty() ? "no detail"
                                           : Outcome->Notes.front().c_str());
      return 1;
    }
    Last = std::move(*V);
    LastOutcome = std::move(*Outcome);
  }

  reportNotReproduced(*T, Last, LastOutcome, Attempts, Rebuilt);
  return 2;
}

} // namespace ravel::tool
