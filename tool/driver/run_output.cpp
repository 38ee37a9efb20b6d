//===- tool/driver/run_output.cpp - what `ravel run` shows and writes -----===//
#include "run_output.h"

#include "files.h"
#include "symbolize.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace ravel::driver {

Progress::Progress(int64_t Total, bool Quiet)
    : Total(Total), Quiet(Quiet), Tty(isatty(2)) {}

void Progress::update(int64_t Done, size_t Findings) {
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

void Progress::clear() {
  if (Drawn)
    std::fprintf(stderr, "\r\033[K");
  Drawn = false;
}

int writeRunOutput(const RunOptions &O, const RunTarget &T,
                   const RunResults &Results,
                   const report::RenderContext &Ctx) {
  report::Report R;
  R.Version = RAVEL_VERSION;
  R.Program = O.Program;
  R.Build = T.Build;
  R.Runs = Results.Completed;
  R.Settings = {O.Schedule, O.Seed, O.Depth, O.Jobs, O.Timeout};
  R.Findings = Results.Findings;
  report::symbolizeFrames(R.Findings); // source lines of library frames
  R.Notes = Results.Notes;
  R.Suppressed = Results.Suppressed;
  struct Output {
    const std::string &Path;
    std::string Text;
  };
  std::vector<Output> Outputs = {{O.ReportPath, report::renderJson(R)}};
  if (!O.SarifPath.empty())
    Outputs.push_back({O.SarifPath, report::renderSarif(R, Ctx)});
  if (!O.HtmlPath.empty())
    Outputs.push_back({O.HtmlPath, report::renderHtml(R, Ctx)});
  if (!O.JunitPath.empty())
    Outputs.push_back({O.JunitPath, report::renderJunit(R, Ctx)});
  for (const Output &Out : Outputs)
    if (llvm::Error E = writeFileAtomically(Out.Path, Out.Text))
      return runToolError(llvm::toString(std::move(E)));

  std::fputs(report::renderSummaryTable(R).c_str(), stdout);
  if (!O.Quiet)
    std::fprintf(stderr,
                 "ravel: %lld runs in %.2f s (%.1f runs/s); report: %s\n",
                 static_cast<long long>(Results.Completed), Results.Seconds,
                 Results.Completed / std::max(Results.Seconds, 1e-9),
                 O.ReportPath.c_str());
  if (Results.Interrupted)
    return runToolError(
        fmt::format("interrupted after {} of {} runs; {} holds what they found",
                    Results.Completed, O.Runs, O.ReportPath));
  if (Results.EveryRunFailed && R.Findings.empty())
    return runToolError(fmt::format(
        "{}; check its arguments and environment (the report {} says so "
        "too)",
        Results.Notes.front(), O.ReportPath));
  return R.Findings.empty() ? 0 : 1;
}

} // namespace ravel::driver
