//===- tool/driver/classify.h - what one run showed -------------*- C++ -*-===//
//
// Turns one run (its exit, its stderr, the findings the runtime wrote) into
// findings. The runtime reports what it detects itself (races, deadlocks,
// ...); the driver adds what only an outside observer sees: a crash (signal,
// failed assertion, uncaught exception), a hang (killed at the timeout) and a
// non-zero exit (a failure, once another run showed the program can succeed).
// Ids follow docs/report-format.md with pseudo-sites naming the program and
// the cause, so the same crash gets the same id in every run.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_CLASSIFY_H
#define RAVEL_TOOL_DRIVER_CLASSIFY_H

#include "report_model.h"
#include "process.h"
#include "ravel_options.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace ravel::driver {

struct RunFacts {
  std::vector<std::string> Program; // argv as the user gave it
  Outcome Out;
  std::string ReportFile; // the run's report= file (may not exist)
  std::string Stderr;     // the tail of the run's stderr
  report::Schedule Sched;
  double TimeoutSec = 0; // the limit a timed-out run was killed at
  // The run's recorded schedule (record=), if any: whether the run was
  // exactly replayable, and why not, for the findings the driver makes.
  std::string RecordFile;
};

struct RunVerdict {
  std::vector<report::Finding> Findings;
  std::vector<report::SuppressedFinding> Suppressed;
  /// A non-zero exit: a finding only if some run of the program succeeded.
  std::optional<report::Finding> Failure;
  bool Succeeded = false; // exit 0, or the runtime's exit code with findings
  /// Set when the runtime refused to start (bad RAVEL_OPTIONS, a schedule it
  /// does not support yet): the message it printed.
  std::string RuntimeError;
};

/// Errors: a report= file that is not valid finding JSON (names the file).
llvm::Expected<RunVerdict> classifyRun(const RunFacts &F);

/// A run killed at the time limit is only a `hang` once confirmed: a correct
/// run passes the limit too when the machine is busy. Moves the `hang`
/// finding classifyRun made for such a run out of V (nullopt for any other
/// run); the caller replays the run (confirmTimeout) before it reports it.
std::optional<report::Finding> takeTimeoutHang(const RunFacts &F,
                                               RunVerdict &V);

/// Runs a run that passed the time limit once more, as it was: Again is
/// its launch (same program, options, seed and time limit) with its own
/// report= file ReportFile. True when it passes the limit again or stops at
/// the runtime's step budget (a `hang` either way), or cannot be run (the
/// run's own result stands). Note: what to say when it finished.
bool confirmTimeout(const Launch &Again, const std::string &ReportFile,
                    const report::Finding &Hang, int64_t Run,
                    std::string &Note);

} // namespace ravel::driver

#endif
