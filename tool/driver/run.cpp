//===- tool/driver/run.cpp - `ravel run` ----------------------------------===//
//
// `ravel run` in three steps, each in its own file: the command line and
// the checks before the first run (run_flags.h), the runs themselves with
// their findings merged, schedules kept and shrunk (run_session.h), and
// the report, SARIF, HTML and summary (run_output.h).
//
//===----------------------------------------------------------------------===//
#include "commands.h"
#include "files.h"
#include "render.h"
#include "run_flags.h"
#include "run_output.h"
#include "run_session.h"
#include "source.h"

namespace ravel::tool {

int runMain(const std::vector<std::string> &Args) {
  driver::RunOptions O;
  if (auto Code = driver::parseRunFlags(Args, O))
    return *Code;
  driver::RunTarget T;
  if (auto Code = driver::checkRunTarget(O, T))
    return *Code;
  report::SourceFiles Sources({driver::dirName(O.ReportPath)});
  report::RenderContext Ctx{O.ReportPath, &Sources};
  driver::Progress Bar(O.Runs, O.Quiet);
  driver::RunSession Session(O, T, Ctx, Bar);
  driver::RunResults Results;
  if (auto Code = Session.run(Results))
    return *Code;
  return driver::writeRunOutput(O, T, Results, Ctx);
}

} // namespace ravel::tool
