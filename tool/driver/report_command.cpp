//===- tool/driver/report_command.cpp - `ravel report` --------------------===//
#include "commands.h"
#include "files.h"
#include "render.h"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace ravel::tool {

int reportMain(const std::vector<std::string> &Args) {
  std::string Input, Format = "text", OutPath;
  CLI::App App{"Render a saved ravel report.", "ravel report"};
  App.add_option("report", Input, "REPORT.json written by `ravel run`")
      ->required();
  App.add_option("--format,-f", Format, "text|json|sarif|html|junit")
      ->check(CLI::IsMember({"text", "json", "sarif", "html", "junit"}))
      ->capture_default_str();
  App.add_option("-o,--output", OutPath, "write here instead of stdout");
  try {
    std::vector<std::string> Rev(Args.rbegin(), Args.rend());
    App.parse(Rev);
  } catch (const CLI::CallForHelp &) {
    std::fputs(App.help().c_str(), stdout);
    return 0;
  } catch (const CLI::ParseError &E) {
    std::fprintf(stderr,
                 "ravel report: %s\nusage: ravel report REPORT.json --format "
                 "text|json|sarif|html|junit [-o FILE]\n",
                 E.what());
    return 2;
  }
  if (!OutPath.empty() && OutPath != "-" && driver::sameFile(OutPath, Input)) {
    std::fprintf(stderr,
                 "ravel report: error: -o %s is the report being rendered; "
                 "write the rendering to another file\n",
                 OutPath.c_str());
    return 2;
  }
  auto R = report::readReport(Input);
  if (!R) {
    std::fprintf(stderr, "ravel report: error: %s\n",
                 llvm::toString(R.takeError()).c_str());
    return 2;
  }
  report::SourceFiles Sources({driver::dirName(Input)});
  report::RenderContext Ctx{Input, &Sources};
  std::string Text;
  if (Format == "text")
    Text = report::renderTextReport(*R, Ctx);
  else if (Format == "json")
    Text = report::renderJson(*R);
  else if (Format == "sarif")
    Text = report::renderSarif(*R, Ctx);
  else if (Format == "junit")
    Text = report::renderJunit(*R, Ctx);
  else
    Text = report::renderHtml(*R, Ctx);
  if (OutPath.empty() || OutPath == "-") {
    std::fwrite(Text.data(), 1, Text.size(), stdout);
    return 0;
  }
  if (llvm::Error E = driver::writeFileAtomically(OutPath, Text)) {
    std::fprintf(stderr, "ravel report: error: %s\n",
                 llvm::toString(std::move(E)).c_str());
    return 2;
  }
  return 0;
}

} // namespace ravel::tool
