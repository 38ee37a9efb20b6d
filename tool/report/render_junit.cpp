//===- tool/report/render_junit.cpp - JUnit XML for CI test views ---------===//
//
// The JUnit XML that CI systems show in their test views (Jenkins, GitLab,
// GitHub test-report actions): one <testsuite> for the `ravel run`, one
// <testcase> for the program it checked (its command line is the name),
// and one <failure> per finding, whose message is the finding's summary,
// whose type is its kind and whose body is its text report. A report with
// no findings is one passing test case. The schema it follows is
// tests/tool/data/junit.xsd.
//
//===----------------------------------------------------------------------===//
#include "render.h"

#include <fmt/format.h>

namespace ravel::report {

namespace {

/// Text as XML character data or an attribute value: control characters
/// (which XML 1.0 does not allow) spelled out by terminalSafe, then markup
/// escaped.
std::string xmlEscape(const std::string &Text) {
  return markupEscape(terminalSafe(Text));
}

std::string commandLine(const std::vector<std::string> &Program) {
  std::string Out;
  for (const std::string &A : Program)
    Out += (Out.empty() ? "" : " ") + shellQuote(A);
  return Out.empty() ? "program" : Out;
}

} // namespace

std::string renderJunit(const Report &R, const RenderContext &Ctx) {
  size_t Failures = R.Findings.size();
  std::string Name = commandLine(R.Program);
  std::string Suite = "ravel run --schedule " + R.Settings.Strategy;
  std::string Out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  Out += fmt::format("<testsuites name=\"ravel\" tests=\"1\" failures=\"{}\" "
                     "errors=\"0\">\n",
                     Failures);
  Out += fmt::format("  <testsuite name=\"{}\" tests=\"1\" failures=\"{}\" "
                     "errors=\"0\" skipped=\"0\">\n",
                     xmlEscape(Suite), Failures);
  Out += "    <properties>\n";
  auto Property = [&Out](const std::string &Key, const std::string &Value) {
    Out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n",
                       xmlEscape(Key), xmlEscape(Value));
  };
  Property("tool", R.Tool + " " + R.Version);
  Property("runs", std::to_string(R.Runs));
  Property("schedule", R.Settings.Strategy);
  Property("seed", std::to_string(R.Settings.Seed));
  Property("depth", std::to_string(R.Settings.Depth));
  if (!R.Build.empty())
    Property("build", R.Build);
  for (const SuppressedCount &S : R.Suppressed)
    Property("suppressed", fmt::format("{} {} finding(s) in {} run(s) by `{}`",
                                       S.Findings, S.Kind, S.Runs, S.Rule));
  Out += "    </properties>\n";
  Out += fmt::format("    <testcase classname=\"ravel\" name=\"{}\"",
                     xmlEscape(Name));
  if (R.Findings.empty() && R.Notes.empty()) {
    Out += "/>\n";
  } else {
    Out += ">\n";
    for (const Finding &F : R.Findings)
      Out += fmt::format("      <failure message=\"{}\" type=\"{}\">{}"
                         "</failure>\n",
                         xmlEscape(F.Summary), xmlEscape(F.Kind),
                         xmlEscape(renderText(F, Ctx)));
    if (!R.Notes.empty()) {
      std::string Notes;
      for (const std::string &N : R.Notes)
        Notes += N + "\n";
      Out += "      <system-out>" + xmlEscape(Notes) + "</system-out>\n";
    }
    Out += "    </testcase>\n";
  }
  Out += "  </testsuite>\n</testsuites>\n";
  return Out;
}

} // namespace ravel::report
