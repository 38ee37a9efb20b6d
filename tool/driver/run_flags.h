//===- tool/driver/run_flags.h - `ravel run`'s command line -----*- C++ -*-===//
//
// The options of `ravel run` (docs/driver.md), how they are parsed, and the
// checks made before the first run: the program was built with ravel, the
// outputs overwrite neither it nor each other, the report's directory is
// writable, and whether runs can be forked from a fork server.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_RUN_FLAGS_H
#define RAVEL_TOOL_DRIVER_RUN_FLAGS_H

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace ravel::driver {

struct RunOptions {
  int64_t Runs = 100;
  std::string Schedule = "pct";
  int64_t Seed = 1;
  int64_t Depth = 3;
  int64_t Jobs = std::max(1u, std::thread::hardware_concurrency());
  double Timeout = 30;
  bool StopOnFirst = false;
  std::string ReportPath = "ravel-report.json";
  std::string SarifPath, HtmlPath, JunitPath;
  bool Quiet = false;
  int64_t ShrinkReplays = 50;
  bool NoForkServer = false;
  int64_t MaxSteps = 0; // 0: automatic (stepBudget, ravel_options.h)
  std::string SchedulePoints = "shared"; // all: all_points=1
  std::vector<std::string> Program;
};

/// The program as the runs start it, known once the checks passed.
struct RunTarget {
  std::string Exe;   // the resolved path of Program[0]
  bool ForkServer;   // runs are forked from a fork server
  std::string Build; // the program's identity (files.h fileIdentity)
};

/// Parses the arguments of `ravel run` into O. Returns the exit code when
/// ravel should stop now (0 after --help, 2 after a usage error it printed),
/// nullopt to go on.
std::optional<int> parseRunFlags(const std::vector<std::string> &Args,
                                 RunOptions &O);

/// Checks the program and the outputs before the first run and fills T.
/// Returns the exit code (2, with the message printed) when they do not
/// pass, nullopt to go on.
std::optional<int> checkRunTarget(const RunOptions &O, RunTarget &T);

/// Prints `ravel run: Msg` and the usage line; returns 2.
int runUsageError(const std::string &Msg);
/// Prints `ravel run: error: Msg`; returns 2.
int runToolError(const std::string &Msg);

} // namespace ravel::driver

#endif
