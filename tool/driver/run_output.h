//===- tool/driver/run_output.h - what `ravel run` shows and writes -*- C++
//-*-===//
//
// The output of `ravel run`: progress on stderr while the runs go on, and at
// the end the report document (atomically), SARIF and HTML, the summary
// table on stdout and the exit code (docs/driver.md, "Exit codes").
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_RUN_OUTPUT_H
#define RAVEL_TOOL_DRIVER_RUN_OUTPUT_H

#include "render.h"
#include "run_flags.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ravel::driver {

/// Progress on stderr: a redrawn bar on a terminal, a plain line every tenth
/// of the runs otherwise, nothing with --quiet.
class Progress {
public:
  Progress(int64_t Total, bool Quiet);
  void update(int64_t Done, size_t Findings);
  /// Clears the bar before other output.
  void clear();

private:
  int64_t Total;
  bool Quiet, Tty;
  bool Drawn = false;
  int64_t LastTenth = 0;
};

/// What the runs of one `ravel run` showed (run_session.h).
struct RunResults {
  /// Merged, in order of first run then id; schedules kept and shrunk.
  std::vector<report::Finding> Findings;
  /// Not findings: every run failed, a time-out not confirmed.
  std::vector<std::string> Notes;
  /// Findings suppression rules matched, by rule and kind.
  std::vector<report::SuppressedCount> Suppressed;
  int64_t Completed = 0; // runs that ended and were classified
  double Seconds = 0;    // wall time of the runs
  bool Interrupted = false;
  /// Every run exited with a non-zero status (Notes.front() says so).
  bool EveryRunFailed = false;
};

/// Writes the report, SARIF and HTML outputs and the summary; returns the
/// exit code: 0 without findings, 1 with findings, 2 when interrupted, when
/// every run failed without a finding, or when an output cannot be
/// written.
int writeRunOutput(const RunOptions &O, const RunTarget &T, const RunResults &R,
                   const report::RenderContext &Ctx);

} // namespace ravel::driver

#endif
