//===- tool/report/render.h - renderers of findings and reports -*- C++ -*-===//
//
// Each renderer is a pure function of the report data (plus source lines read
// through SourceFiles); none holds detection logic. One file per format.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_REPORT_RENDER_H
#define RAVEL_TOOL_REPORT_RENDER_H

#include "report_model.h"
#include "source.h"

#include <string>

namespace ravel::report {

/// What a renderer needs besides the findings themselves.
struct RenderContext {
  /// The report document the replay command names (as the user would type
  /// it); empty when the findings are not saved in a report yet.
  std::string ReportPath;
  /// Source lines for excerpts; a file that cannot be read is left out.
  SourceFiles *Sources = nullptr;
};

/// The one-line command that replays F.
std::string replayCommand(const Finding &F, const RenderContext &Ctx);

/// One site pair of a grouped race: `a.c:10:5 (write) vs b.c:20:3 (read)`.
std::string pairText(const RacePair &P);
/// The variable a grouped race is on, as the representative pair wrote it.
std::string groupVariable(const Finding &F);

/// TSan-like text of one finding (ends with a newline).
/// Text that is safe to print on a terminal: control characters (but
/// newline and tab), such as the escape sequences a program may have
/// written to its stderr, become `\x1b`.
std::string terminalSafe(const std::string &Text);
/// Text as HTML or XML character data or attribute value: & < > " '
/// escaped (render_html.cpp).
std::string markupEscape(const std::string &Text);
/// A as one shell word: unchanged when safe, else in single quotes.
std::string shellQuote(const std::string &A);
std::string renderText(const Finding &F, const RenderContext &Ctx);
/// The table printed after a run: kind, id, runs, summary.
std::string renderSummaryTable(const Report &R);
/// Every finding as text, then the summary table.
std::string renderTextReport(const Report &R, const RenderContext &Ctx);
/// The report document of docs/report-format.md.
std::string renderJson(const Report &R);
/// SARIF 2.1.0, one run, one rule per finding kind.
std::string renderSarif(const Report &R, const RenderContext &Ctx);
/// One self-contained HTML page (no network, no external resources).
std::string renderHtml(const Report &R, const RenderContext &Ctx);
/// JUnit XML for CI test views: one test case for the program, one failure
/// per finding (tests/tool/data/junit.xsd).
std::string renderJunit(const Report &R, const RenderContext &Ctx);

} // namespace ravel::report

#endif
