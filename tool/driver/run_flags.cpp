//===- tool/driver/run_flags.cpp - `ravel run`'s command line -------------===//
#include "run_flags.h"

#include "checks.h"
#include "files.h"
#include "fork_client.h"
#include "instrumented.h"
#include "process.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <unistd.h>

namespace ravel::driver {

int runUsageError(const std::string &Msg) {
  std::fprintf(stderr, "ravel run: %s\n", Msg.c_str());
  std::fprintf(stderr,
               "usage: ravel run [OPTIONS] -- PROGRAM ARGS...   (ravel run "
               "--help lists the options)\n");
  return 2;
}

int runToolError(const std::string &Msg) {
  std::fprintf(stderr, "ravel run: error: %s\n", Msg.c_str());
  return 2;
}

namespace {

void addRunOptions(CLI::App &App, RunOptions &O) {
  App.add_option("--runs", O.Runs, "number of runs")
      ->check(integerAtLeast(1))
      ->capture_default_str();
  App.add_option("--schedule", O.Schedule,
                 "native|noise|random|pct (replay: use `ravel replay`)")
      ->check(CLI::IsMember({"native", "noise", "random", "pct", "replay"}))
      ->capture_default_str();
  App.add_option("--seed", O.Seed, "seed of run 0; run i uses seed+i")
      ->check(integerAtLeast(0))
      ->capture_default_str();
  App.add_option("--depth", O.Depth, "PCT bug depth")
      ->check(integerAtLeast(1, 1000000))
      ->capture_default_str();
  App.add_option("--jobs,-j", O.Jobs, "runs at once [number of cores]")
      ->check(integerAtLeast(1, 4096));
  App.add_option("--timeout", O.Timeout, "seconds per run")
      ->check(positiveSeconds())
      ->capture_default_str();
  App.add_flag("--stop-on-first", O.StopOnFirst,
               "stop after the first run with a finding");
  App.add_option("--report", O.ReportPath, "JSON report")
      ->capture_default_str();
  App.add_option("--sarif", O.SarifPath, "also write SARIF 2.1.0 here");
  App.add_option("--html", O.HtmlPath, "also write an HTML report here");
  App.add_option("--junit", O.JunitPath,
                 "also write JUnit XML here (one test case, one failure per "
                 "finding), for a CI system's test view");
  App.add_flag("--quiet,-q", O.Quiet, "no progress and no finding details");
  App.add_option("--shrink-replays", O.ShrinkReplays,
                 "replays spent shrinking each new finding's schedule to the "
                 "preemptions it needs (0: keep the schedules as recorded)")
      ->check(integerAtLeast(0))
      ->capture_default_str();
  App.add_flag("--no-fork-server", O.NoForkServer,
               "spawn every run instead of forking it from a fork server "
               "(also: RAVEL_NO_FORK_SERVER=1)");
  App.add_option("--max-steps", O.MaxSteps,
                 "step budget of each controlled run; a run past it is a "
                 "`hang` [100 x the steps of run 0, at least 10000]")
      ->check(integerAtLeast(1));
  App.add_option("--schedule-points", O.SchedulePoints,
                 "which plain accesses are scheduling points of a controlled "
                 "run: `shared`, those that may race with another thread's; "
                 "`all`, every one (slower, for comparison)")
      ->check(CLI::IsMember({"shared", "all"}))
      ->capture_default_str();
}

/// An output must not overwrite the program or another output.
std::optional<int> checkOutputs(const RunOptions &O, const std::string &Exe) {
  std::vector<std::pair<std::string, std::string>> Outs = {
      {"--report", O.ReportPath}};
  if (!O.SarifPath.empty())
    Outs.push_back({"--sarif", O.SarifPath});
  if (!O.HtmlPath.empty())
    Outs.push_back({"--html", O.HtmlPath});
  if (!O.JunitPath.empty())
    Outs.push_back({"--junit", O.JunitPath});
  for (size_t I = 0; I < Outs.size(); ++I) {
    if (sameFile(Outs[I].second, Exe))
      return runUsageError(Outs[I].first + " " + Outs[I].second +
                           " is the program itself; choose another file");
    for (size_t K = 0; K < I; ++K)
      if (sameFile(Outs[I].second, Outs[K].second))
        return runUsageError(Outs[K].first + " and " + Outs[I].first +
                             " name the same file (" + Outs[I].second +
                             "); give each its own");
  }
  std::string ReportDir = dirName(O.ReportPath);
  if (access(ReportDir.c_str(), W_OK) != 0)
    return runToolError(ReportDir + ": cannot write the report there (" +
                        std::strerror(errno) + "); choose another --report");
  return std::nullopt;
}

} // namespace

std::optional<int> parseRunFlags(const std::vector<std::string> &Args,
                                 RunOptions &O) {
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
  addRunOptions(App, O);
  try {
    std::vector<std::string> Rev(Own.rbegin(), Own.rend());
    App.parse(Rev);
    if (!Rev.empty())
      return runUsageError("unexpected argument '" + Rev.back() +
                           "' (put the program after --)");
  } catch (const CLI::CallForHelp &E) {
    std::fputs(App.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError &E) {
    return runUsageError(E.what());
  }
  if (O.Program.empty())
    return runUsageError("missing program (put it after --)");
  if (O.Seed > std::numeric_limits<int64_t>::max() - (O.Runs - 1))
    return runUsageError(fmt::format(
        "--seed {} is too large for {} runs (run i uses seed+i, at most {})",
        O.Seed, O.Runs, std::numeric_limits<int64_t>::max()));
  if (O.Schedule == "replay")
    return runUsageError(
        "--schedule replay needs a recorded schedule: use "
        "`ravel replay REPORT.json` or `ravel replay FILE.sched`");
  return std::nullopt;
}

std::optional<int> checkRunTarget(const RunOptions &O, RunTarget &T) {
  auto Exe = resolveProgram(O.Program.front());
  if (!Exe)
    return runToolError(llvm::toString(Exe.takeError()));
  if (llvm::Error E = checkInstrumented(*Exe))
    return runToolError(llvm::toString(std::move(E)));
  if (auto Code = checkOutputs(O, *Exe))
    return Code;
  T.Exe = *Exe;
  // Runs are forked from a fork server (docs/driver.md) unless the user
  // asks for spawned runs or the program's runtime predates it.
  T.ForkServer = !O.NoForkServer && forkServerAllowedByEnvironment();
  if (T.ForkServer && !hasForkServer(*Exe)) {
    T.ForkServer = false;
    if (!O.Quiet)
      std::fprintf(stderr,
                   "ravel: note: %s was built with an older ravel runtime "
                   "(no fork server): each run is spawned, which is slower; "
                   "rebuild it to run faster\n",
                   O.Program.front().c_str());
  }
  // Kept with the schedules and in the report, so a replay of a rebuilt
  // program can say so.
  T.Build = fileIdentity(*Exe);
  return std::nullopt;
}

} // namespace ravel::driver
