//===- tool/report/render_text.cpp - ThreadSanitizer-like text reports ----===//
//
// Speaks the user's language: the variable as written in the source, both
// stacks with their source lines, the locks each thread held, the last steps
// of each thread in global order, and the command that replays the finding.
//
//===----------------------------------------------------------------------===//
#include "step_order.h"
#include "render.h"

#include <fmt/format.h>

#include <algorithm>

namespace ravel::report {

std::string terminalSafe(const std::string &Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (size_t I = 0; I < Text.size(); ++I) {
    unsigned char C = static_cast<unsigned char>(Text[I]);
    // C0 controls but newline and tab, DEL, and UTF-8's C1 controls
    // (U+0080..U+009F, 0xC2 0x80..0x9F) that terminals also obey.
    bool C1 = C == 0xC2 && I + 1 < Text.size() &&
              static_cast<unsigned char>(Text[I + 1]) >= 0x80 &&
              static_cast<unsigned char>(Text[I + 1]) <= 0x9F;
    if ((C < 0x20 && C != '\n' && C != '\t') || C == 0x7F || C1) {
      unsigned V = C1 ? static_cast<unsigned char>(Text[++I]) : C;
      Out += fmt::format("\\x{:02x}", V);
    } else {
      Out += static_cast<char>(C);
    }
  }
  return Out;
}

std::string shellQuote(const std::string &A) {
  if (!A.empty() &&
      A.find_first_of(" \t\n'\"\\$`*?[]{}();&|<>!#~") == std::string::npos)
    return A;
  std::string Q = "'";
  for (char C : A)
    Q += C == '\'' ? std::string("'\\''") : std::string(1, C);
  return Q + "'";
}

std::string replayCommand(const Finding &F, const RenderContext &Ctx) {
  if (!Ctx.ReportPath.empty())
    return "ravel replay " + shellQuote(Ctx.ReportPath) + " --finding " + F.Id;
  if (!F.Sched.ReplayFile.empty())
    return "ravel replay " + shellQuote(F.Sched.ReplayFile);
  return "";
}

std::string pairText(const RacePair &P) {
  auto Site = [](const PairSite &S) {
    return siteText(S.File, S.Line, S.Column) + " (" + S.Op + ")";
  };
  return Site(P.A) + " vs " + Site(P.B);
}

std::string groupVariable(const Finding &F) {
  for (const Thread &T : F.Threads)
    if (!T.Variable.empty() && (T.At.empty() || T.At.front().File != "<libc>"))
      return T.Variable;
  return F.VariableKey.empty() ? "memory" : F.VariableKey;
}

namespace {

void appendStack(std::string &Out, const Stack &S, const RenderContext &Ctx,
                 const char *Indent) {
  if (S.empty()) {
    Out += fmt::format("{}<no stack>\n", Indent);
    return;
  }
  for (size_t I = 0; I < S.size(); ++I) {
    const Frame &Fr = S[I];
    Out += fmt::format("{}#{} {} {}\n", Indent, I,
                       Fr.Function.empty() ? "<unknown>" : Fr.Function,
                       siteText(Fr));
    if (I == 0 && Ctx.Sources)
      if (auto L = Ctx.Sources->line(Fr.File, Fr.Line))
        Out += fmt::format("{}     {:>4} | {}\n", Indent, Fr.Line, *L);
  }
}

std::string lockList(const Thread &T) {
  if (T.LocksHeld.empty())
    return "none";
  std::string S;
  for (const HeldLock &L : T.LocksHeld) {
    if (!S.empty())
      S += ", ";
    S += L.Name.empty() ? "<lock>" : L.Name;
    if (!L.Acquired.empty())
      S += " (acquired at " + siteText(L.Acquired.front()) + ")";
  }
  return S;
}

void appendThread(std::string &Out, const Thread &T, bool Previous,
                  const RenderContext &Ctx) {
  if (T.Op == "assert") {
    // Seen from outside the program (its stderr): no thread, no locks.
    Out += "  " + threadTitle(T) + ":\n";
    appendStack(Out, T.At, Ctx, "    ");
    return;
  }
  std::string What = opTitle(T.Op);
  if (Previous)
    What[0] =
        static_cast<char>(std::tolower(static_cast<unsigned char>(What[0])));
  std::string Line = Previous ? "  Previous " + What : "  " + What;
  if (T.Size > 0)
    Line += fmt::format(" of size {}", T.Size);
  if (!T.Variable.empty())
    Line += (T.Op == "lock" || T.Op == "unlock" || T.Op == "rdlock" ||
                     T.Op == "wait" || T.Op == "join"
                 ? " of "
                 : " to ") +
            T.Variable;
  Line += fmt::format(" by thread {}", T.Name);
  Out += Line + ":\n";
  appendStack(Out, T.At, Ctx, "    ");
  Out += fmt::format("    locks held: {}\n", lockList(T));
}

void appendInterleaving(std::string &Out, const Finding &F,
                        const RenderContext &Ctx) {
  std::vector<InterleavedStep> Steps = interleave(F);
  if (Steps.empty())
    return;
  // A potential deadlock did not happen: its steps are the schedule that
  // would deadlock, built from the lock graph's edges.
  if (F.Kind == "potential-deadlock")
    Out += "  Interleaving that deadlocks (each thread takes its first lock, "
           "then waits for the next; >> marks the blocking steps):\n";
  else
    Out += "  Interleaving (last steps of each thread, oldest first; >> "
           "marks the finding):\n";
  size_t NameWidth = 2;
  for (const Thread &T : F.Threads)
    NameWidth = std::max(NameWidth, T.Name.size());
  for (const InterleavedStep &S : Steps) {
    const Event &E = *S.E;
    std::string Action = E.Op + (E.What.empty() ? "" : " " + E.What);
    std::string Row =
        fmt::format("  {} step {:>4}  {:<{}}  {:<24} {}", S.Key ? ">>" : "  ",
                    E.Step, F.Threads[S.ThreadIndex].Name, NameWidth, Action,
                    E.File.empty() ? std::string() // e.g. a thread's exit
                                   : siteText(E.File, E.Line, E.Column));
    Row.erase(Row.find_last_not_of(' ') + 1);
    Out += Row + "\n";
    if (Ctx.Sources && E.Line > 0)
      if (auto L = Ctx.Sources->line(E.File, E.Line))
        Out += fmt::format("  {:>{}}        | {}\n", "", 10 + NameWidth, *L);
  }
}

} // namespace

std::string renderText(const Finding &F, const RenderContext &Ctx) {
  // Sections are separated by one blank line; empty ones are left out.
  std::vector<std::string> Sections;
  Sections.push_back(
      fmt::format("WARNING: ravel: {} ({})\n  {}\n", F.Kind, F.Id, F.Summary));
  for (size_t I = 0; I < F.Threads.size(); ++I) {
    // A two-thread race reads like TSan's: the second access is the
    // "previous" one.
    std::string S;
    appendThread(S, F.Threads[I], I > 0 && F.Kind == "data-race", Ctx);
    Sections.push_back(std::move(S));
  }
  if (!F.Cycle.empty()) {
    // The cycle in one line, each lock named once: a -> b -> a.
    std::string S = "  Lock cycle: ";
    for (const CycleEdge &C : F.Cycle)
      S += C.Holds + " -> ";
    S += F.Cycle.front().Holds + "\n";
    for (const CycleEdge &C : F.Cycle) {
      std::string Name = "T" + std::to_string(C.Tid);
      for (const Thread &T : F.Threads)
        if (T.Tid == C.Tid)
          Name = T.Name;
      S += fmt::format(
          "    {} holds {}{} and {} {}{}\n", Name, C.Holds,
          C.HoldsAt.empty()
              ? ""
              : " (acquired at " + siteText(C.HoldsAt.front()) + ")",
          F.Kind == "deadlock" ? "waits for" : "then acquires", C.Acquires,
          C.AcquiresAt.empty() ? "" : " at " + siteText(C.AcquiresAt.front()));
    }
    Sections.push_back(std::move(S));
  }
  std::string Created;
  for (size_t I = 0; I < F.Threads.size(); ++I) {
    const Thread &T = F.Threads[I];
    // Once per thread (a thread may be in a finding twice).
    if (T.CreatedAt.empty() ||
        std::any_of(F.Threads.begin(), F.Threads.begin() + I,
                    [&T](const Thread &U) { return U.Tid == T.Tid; }))
      continue;
    Created += fmt::format("  Thread {} created at:\n", T.Name);
    appendStack(Created, T.CreatedAt, Ctx, "    ");
  }
  Sections.push_back(std::move(Created));
  std::string Flow;
  appendInterleaving(Flow, F, Ctx);
  Sections.push_back(std::move(Flow));
  if (std::string Advice = stepBudgetAdvice(F); !Advice.empty()) {
    // A hang at the step budget: who spun where, then what to do.
    std::string S;
    if (!F.Spinning.empty())
      S += "  Spinning (no progress):\n";
    for (const Spin &P : F.Spinning) {
      std::string Where = siteText(P.File, P.Line, P.Column);
      if (P.Op == "yield")
        S += fmt::format("    T{} yields ({}) at {} ({} re-reads and yields "
                         "without progress)\n",
                         P.Tid, P.What.empty() ? "yield" : P.What, Where,
                         P.Count);
      else
        S += fmt::format("    T{} re-reads {} at {} ({} times; no other "
                         "thread wrote it)\n",
                         P.Tid, P.What.empty() ? "memory" : P.What, Where,
                         P.Count);
    }
    S += "  " + Advice + "\n";
    Sections.push_back(std::move(S));
  }
  if (!F.Details.empty()) {
    std::string S = "  Details:\n";
    size_t Pos = 0;
    while (Pos < F.Details.size()) {
      size_t End = F.Details.find('\n', Pos);
      if (End == std::string::npos)
        End = F.Details.size();
      S += "    " + F.Details.substr(Pos, End - Pos) + "\n";
      Pos = End + 1;
    }
    Sections.push_back(std::move(S));
  }
  if (F.Pairs.size() > 1) {
    // The representative pair is shown above in full; the others in a line.
    std::string S;
    for (size_t I = 1; I < F.Pairs.size(); ++I) {
      const RacePair &P = F.Pairs[I];
      S += fmt::format("  also racing on {}: {}, seen in {} run{} (--finding "
                       "{})\n",
                       groupVariable(F), pairText(P), P.Runs,
                       P.Runs == 1 ? "" : "s", P.Id);
    }
    Sections.push_back(std::move(S));
  }
  std::string Sched = F.Sched.Strategy.empty() ? "unknown" : F.Sched.Strategy;
  if (F.Sched.Strategy != "native")
    Sched += fmt::format(" seed {}", F.Sched.Seed);
  if (F.Sched.Strategy == "pct")
    Sched += fmt::format(" depth {}", F.Sched.Depth);
  if (!F.Sched.Exact)
    Sched += " (not exactly replayable)";
  std::string Tail =
      fmt::format("  Seen in {} run{} (first: run {}, schedule {})\n", F.Runs,
                  F.Runs == 1 ? "" : "s", F.FirstRun, Sched);
  if (!F.Sched.Exact && !F.Sched.InexactReason.empty())
    Tail += "  Not exactly replayable: " + F.Sched.InexactReason + "\n";
  std::string Replay = replayCommand(F, Ctx);
  if (!Replay.empty())
    Tail += "  Replay: " + Replay + "\n";
  Sections.push_back(std::move(Tail));

  std::string Out = "==================\n";
  bool First = true;
  for (const std::string &S : Sections) {
    if (S.empty())
      continue;
    Out += (First ? "" : "\n") + S;
    First = false;
  }
  return terminalSafe(Out + "==================\n");
}

std::string renderSummaryTable(const Report &R) {
  std::string Out;
  for (const std::string &N : R.Notes)
    Out += "ravel: note: " + terminalSafe(N) + "\n";
  for (const SuppressedCount &S : R.Suppressed)
    Out += fmt::format("ravel: suppressed: {} {} finding{} in {} run{} by the "
                       "rule `{}`\n",
                       S.Findings, S.Kind, S.Findings == 1 ? "" : "s", S.Runs,
                       S.Runs == 1 ? "" : "s", terminalSafe(S.Rule));
  if (R.Findings.empty())
    return Out + fmt::format("ravel: no findings in {} run{}\n", R.Runs,
                             R.Runs == 1 ? "" : "s");
  Out += fmt::format("ravel: {} finding{} in {} run{}\n", R.Findings.size(),
                     R.Findings.size() == 1 ? "" : "s", R.Runs,
                     R.Runs == 1 ? "" : "s");
  Out += fmt::format("  {:<18}  {:<22}  {:>5}  {}\n", "KIND", "ID", "RUNS",
                     "SUMMARY");
  // One line per finding: a long summary (a cycle of many locks) is cut;
  // the finding's own text has it whole.
  constexpr size_t MaxSummary = 120;
  for (const Finding &F : R.Findings) {
    std::string Summary = F.Summary;
    if (Summary.size() > MaxSummary)
      Summary = Summary.substr(0, MaxSummary - 3) + "...";
    Out += fmt::format("  {:<18}  {:<22}  {:>5}  {}\n", F.Kind, F.Id, F.Runs,
                       terminalSafe(Summary));
  }
  return Out;
}

std::string renderTextReport(const Report &R, const RenderContext &Ctx) {
  std::string Out;
  for (const Finding &F : R.Findings)
    Out += renderText(F, Ctx);
  return Out + renderSummaryTable(R);
}

} // namespace ravel::report
