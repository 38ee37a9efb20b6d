//===- tool/report/render_html.cpp - one self-contained HTML page ---------===//
//
// Per finding: the threads side by side as columns, one row per step in
// global order, the finding's own steps highlighted; the stacks with source
// excerpts; the replay command. Everything (style, script) is inline: the
// page loads nothing from the network.
//
//===----------------------------------------------------------------------===//
#include "step_order.h"
#include "render.h"

#include <fmt/format.h>

namespace ravel::report {

namespace {

std::string esc(const std::string &S) { return markupEscape(S); }

const char *const Style = R"css(
body{font-family:system-ui,sans-serif;margin:1.5em;color:#1d1d1f;background:#fafafa}
h1{font-size:1.4em}h2{font-size:1.15em;margin:0 0 .3em}
.finding{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1em;margin:1em 0}
.kind{display:inline-block;padding:.1em .5em;border-radius:4px;background:#b3261e;color:#fff;font-size:.85em}
.kind.potential-deadlock,.kind.hang{background:#a15c00}
.id{font-family:monospace;color:#555;margin-left:.5em}
table.flow{border-collapse:collapse;margin:.6em 0;font-size:.9em}
table.flow th,table.flow td{border:1px solid #ddd;padding:.25em .5em;vertical-align:top;text-align:left}
table.flow td.step{color:#777;font-family:monospace;text-align:right}
td.ev code{display:block}td.ev .at{color:#666;font-size:.85em}
tr.key td.ev.filled,td.ev.key{background:#ffe1dc;border:2px solid #b3261e}
pre{background:#f4f4f4;padding:.5em;overflow-x:auto;margin:.3em 0}
.src .hit{background:#ffe1dc;display:block}
.replay code{background:#eef;padding:.2em .4em;border-radius:3px}
table.summary{border-collapse:collapse}table.summary td,table.summary th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
.threads{display:flex;gap:1em;flex-wrap:wrap}.threads>div{flex:1;min-width:18em}
)css";

// Clicking a row of the interleaving highlights the same row everywhere;
// errors are written into the page so tests (and users) can see them.
const char *const Script = R"js(
window.onerror=function(m){var d=document.createElement('div');d.id='ravel-js-error';d.textContent='script error: '+m;document.body.appendChild(d);};
document.addEventListener('DOMContentLoaded',function(){
  document.querySelectorAll('table.flow tbody tr').forEach(function(r){
    r.addEventListener('click',function(){r.classList.toggle('key');});});
  document.body.setAttribute('data-ravel-ready','1');
});
)js";

void appendExcerpt(std::string &Out, const Frame &F, SourceFiles *Sources) {
  if (!Sources || F.Line <= 0 || !Sources->line(F.File, F.Line))
    return;
  Out += "<pre class=\"src\">";
  for (int64_t L = std::max<int64_t>(1, F.Line - 2); L <= F.Line + 2; ++L) {
    auto Text = Sources->line(F.File, L);
    if (!Text)
      break;
    std::string Row = fmt::format("{:>5} | {}", L, *Text);
    if (L == F.Line)
      Out += "<span class=\"hit\">" + esc(Row) + "</span>";
    else
      Out += esc(Row) + "\n";
  }
  Out += "</pre>";
}

void appendStack(std::string &Out, const Stack &S) {
  Out += "<pre>";
  for (size_t I = 0; I < S.size(); ++I)
    Out += esc(fmt::format("#{} {} {}\n", I,
                           S[I].Function.empty() ? "<unknown>" : S[I].Function,
                           siteText(S[I])));
  Out += "</pre>";
}

void appendFinding(std::string &Out, const Finding &F, size_t Index,
                   const RenderContext &Ctx) {
  Out += fmt::format("<section class=\"finding\" id=\"{}\" data-kind=\"{}\">",
                     esc(F.Id), esc(F.Kind));
  Out += fmt::format("<h2>{}. <span class=\"kind {}\">{}</span><span "
                     "class=\"id\">{}</span></h2>",
                     Index + 1, esc(F.Kind), esc(F.Kind), esc(F.Id));
  Out += "<p class=\"summary\">" + esc(F.Summary) + "</p>";

  // The interleaving: a column per thread, a row per step.
  std::vector<InterleavedStep> Steps = interleave(F);
  if (!Steps.empty()) {
    Out += "<table class=\"flow\"><thead><tr><th>step</th>";
    for (const Thread &T : F.Threads)
      Out += "<th>" + esc(T.Name) + "</th>";
    Out += "</tr></thead><tbody>";
    for (const InterleavedStep &S : Steps) {
      Out += S.Key ? "<tr class=\"key\">" : "<tr>";
      Out += fmt::format("<td class=\"step\">{}</td>", S.E->Step);
      for (size_t TI = 0; TI < F.Threads.size(); ++TI) {
        if (TI != S.ThreadIndex) {
          Out += "<td class=\"ev\"></td>";
          continue;
        }
        const Event &E = *S.E;
        Out +=
            S.Key ? "<td class=\"ev filled key\">" : "<td class=\"ev filled\">";
        Out += "<code>" + esc(E.Op + (E.What.empty() ? "" : " " + E.What)) +
               "</code>";
        if (!E.File.empty())
          Out += "<span class=\"at\">" +
                 esc(siteText(E.File, E.Line, E.Column)) + "</span>";
        if (Ctx.Sources && E.Line > 0)
          if (auto L = Ctx.Sources->line(E.File, E.Line))
            Out += "<code class=\"line\">" + esc(*L) + "</code>";
        Out += "</td>";
      }
      Out += "</tr>";
    }
    Out += "</tbody></table>";
  }

  if (!F.Threads.empty()) {
    Out += "<div class=\"threads\">";
    for (const Thread &T : F.Threads) {
      Out += "<div class=\"thread\">";
      Out += "<h3>" + esc(threadTitle(T)) + "</h3>";
      if (!T.At.empty()) {
        appendStack(Out, T.At);
        appendExcerpt(Out, T.At.front(), Ctx.Sources);
      }
      Out += "<p>locks held: ";
      if (T.LocksHeld.empty())
        Out += "none";
      for (size_t I = 0; I < T.LocksHeld.size(); ++I)
        Out += (I ? ", " : "") + esc(T.LocksHeld[I].Name) +
               (T.LocksHeld[I].Acquired.empty()
                    ? ""
                    : " (acquired at " +
                          esc(siteText(T.LocksHeld[I].Acquired.front())) + ")");
      Out += "</p>";
      if (!T.CreatedAt.empty()) {
        Out += "<p>created at:</p>";
        appendStack(Out, T.CreatedAt);
      }
      Out += "</div>";
    }
    Out += "</div>";
  }
  if (!F.Cycle.empty()) {
    std::string Chain;
    for (const CycleEdge &C : F.Cycle)
      Chain += C.Holds + " -> ";
    Chain += F.Cycle.front().Holds;
    Out += "<h3>Lock cycle</h3><p class=\"chain\"><code>" + esc(Chain) +
           "</code></p><ul class=\"cycle\">";
    for (const CycleEdge &C : F.Cycle)
      Out += "<li>T" + std::to_string(C.Tid) + " holds " + esc(C.Holds) +
             " and acquires " + esc(C.Acquires) +
             (C.AcquiresAt.empty()
                  ? ""
                  : " at " + esc(siteText(C.AcquiresAt.front()))) +
             "</li>";
    Out += "</ul>";
  }
  if (F.Pairs.size() > 1) {
    // The other site pairs of the variable, collapsed.
    Out += fmt::format("<details class=\"pairs\"><summary>{} other site "
                       "pair{} racing on <code>{}</code></summary><ul>",
                       F.Pairs.size() - 1, F.Pairs.size() == 2 ? "" : "s",
                       esc(groupVariable(F)));
    for (size_t I = 1; I < F.Pairs.size(); ++I) {
      const RacePair &P = F.Pairs[I];
      Out += fmt::format("<li id=\"{}\"><code>{}</code>, seen in {} run(s); "
                         "first in run {}",
                         esc(P.Id), esc(pairText(P)), P.Runs, P.FirstRun);
      if (!Ctx.ReportPath.empty())
        Out += " &mdash; replay: <code>" +
               esc("ravel replay " + shellQuote(Ctx.ReportPath) +
                   " --finding " + P.Id) +
               "</code>";
      Out += "</li>";
    }
    Out += "</ul></details>";
  }
  if (std::string Advice = stepBudgetAdvice(F); !Advice.empty()) {
    if (!F.Spinning.empty()) {
      Out += "<h3>Spinning</h3><ul>";
      for (const Spin &P : F.Spinning)
        Out += fmt::format("<li>T{} {} <code>{}</code> at {} ({} times without "
                           "progress)</li>",
                           P.Tid, P.Op == "yield" ? "yields" : "re-reads",
                           esc(P.What.empty() ? P.Op : P.What),
                           esc(siteText(P.File, P.Line, P.Column)), P.Count);
      Out += "</ul>";
    }
    Out += "<p>" + esc(Advice) + "</p>";
  }
  if (!F.Details.empty())
    Out += "<h3>Details</h3><pre>" + esc(F.Details) + "</pre>";
  Out += fmt::format("<p>Seen in {} run(s); first in run {} (schedule {} "
                     "seed {}).</p>",
                     F.Runs, F.FirstRun, esc(F.Sched.Strategy), F.Sched.Seed);
  std::string Replay = replayCommand(F, Ctx);
  if (!Replay.empty())
    Out += "<p class=\"replay\">Replay: <code>" + esc(Replay) + "</code></p>";
  Out += "</section>\n";
}

} // namespace

std::string renderHtml(const Report &R, const RenderContext &Ctx) {
  std::string Out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                    "charset=\"utf-8\"><title>ravel report</title>";
  Out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
         "'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">";
  Out += std::string("<style>") + Style + "</style><script>" + Script +
         "</script></head><body>\n";
  std::string Program;
  for (const std::string &A : R.Program)
    Program += (Program.empty() ? "" : " ") + A;
  Out += "<h1>ravel report</h1>";
  Out += fmt::format("<p class=\"meta\"><code>{}</code>: {} run(s), schedule "
                     "{}, seed {}, {} finding(s).</p>\n",
                     esc(Program), R.Runs, esc(R.Settings.Strategy),
                     R.Settings.Seed, R.Findings.size());
  for (const std::string &N : R.Notes)
    Out += "<p class=\"meta\">Note: " + esc(N) + "</p>\n";
  if (R.Findings.empty()) {
    Out += "<p class=\"clean\">No findings.</p>";
  } else {
    Out += "<table class=\"summary\"><thead><tr><th>kind</th><th>id</th>"
           "<th>runs</th><th>summary</th></tr></thead><tbody>";
    for (const Finding &F : R.Findings)
      Out += fmt::format("<tr><td>{}</td><td><a href=\"#{}\">{}</a></td>"
                         "<td>{}</td><td>{}</td></tr>",
                         esc(F.Kind), esc(F.Id), esc(F.Id), F.Runs,
                         esc(F.Summary));
    Out += "</tbody></table>\n";
  }
  for (size_t I = 0; I < R.Findings.size(); ++I)
    appendFinding(Out, R.Findings[I], I, Ctx);
  Out += "</body></html>\n";
  return Out;
}

std::string markupEscape(const std::string &S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

} // namespace ravel::report
