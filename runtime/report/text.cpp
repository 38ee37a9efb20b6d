//===- runtime/report/text.cpp - finding as text on stderr ----------------===//
//
// ThreadSanitizer-like layout, in the user's words: variable and lock names
// are the source text the instrumenter recorded.
//
//===----------------------------------------------------------------------===//
#include "../finding.h"
#include "../scheduler/scheduler.h"

namespace ravel::rt {

namespace {
void appendStack(TextBuffer &Out, const StackTrace &S, const char *Indent) {
  if (!S.Size) {
    Out.appendf("%s(no instrumented frames)\n", Indent);
    return;
  }
  for (uint32_t I = 0; I < S.Size; ++I) {
    const __ravel_site *F = S.Frames[I];
    Out.appendf("%s#%u %s %s:%u:%u\n", Indent, I,
                F->function && *F->function ? F->function : "??",
                F->file ? F->file : "??", F->line, F->column);
  }
}
} // namespace

void renderText(const Finding &F, TextBuffer &Out) {
  Out.append("==================\n");
  Out.appendf("ravel: %s: %s\n", findingKindName(F.Kind), F.Summary);
  for (uint32_t I = 0; I < F.NumThreads; ++I) {
    FindingThread T = F.Threads[I];
    if (!T.Variable) // builders may leave text fields unset
      T.Variable = "";
    if (!T.Op)
      T.Op = "";
    if (T.Size)
      Out.appendf("  %s%s of size %llu to %s by thread T%u at:\n",
                  I == 0 || F.Kind != FindingKind::DataRace ? "" : "previous ",
                  T.Op, static_cast<unsigned long long>(T.Size),
                  *T.Variable ? T.Variable : "memory", T.Tid);
    else
      Out.appendf("  %s%s%s by thread T%u at:\n", T.Op, *T.Variable ? " " : "",
                  T.Variable, T.Tid);
    appendStack(Out, T.Stack, "    ");
    if (T.NumLocks) {
      Out.append("    locks held:\n");
      for (uint32_t L = 0; L < T.NumLocks; ++L) {
        const StackTrace &S = T.Locks[L].Stack;
        const __ravel_site *Top = S.top();
        Out.appendf("      %s (acquired at %s:%u:%u)\n", T.Locks[L].Name,
                    Top ? Top->file : "??", Top ? Top->line : 0,
                    Top ? Top->column : 0);
      }
    }
  }
  if (F.CycleLen) {
    Out.append("  lock-order cycle:\n");
    for (uint32_t I = 0; I < F.CycleLen; ++I) {
      const FindingCycleEdge &E = F.Cycle[I];
      Out.appendf("    thread T%u holds %s and acquires %s\n", E.Tid, E.Holds,
                  E.Acquires);
      Out.append("      holding since:\n");
      appendStack(Out, E.HoldsAt, "        ");
      Out.append("      acquiring at:\n");
      appendStack(Out, E.AcquiresAt, "        ");
    }
  }
  for (uint32_t I = 0; I < F.NumThreads; ++I) {
    const FindingThread &T = F.Threads[I];
    bool Dup = false;
    for (uint32_t J = 0; J < I; ++J)
      Dup |= F.Threads[J].Tid == T.Tid;
    if (Dup)
      continue;
    if (T.CreatedAt.Size || T.Tid != 0) {
      Out.appendf("  thread T%u created at:\n", T.Tid);
      appendStack(Out, T.CreatedAt, "    ");
    } else {
      Out.appendf("  thread T%u is the main thread\n", T.Tid);
    }
  }
  if (*F.Details)
    Out.appendf("  %s\n", F.Details);
  if (sched::controlled() && !(sched::exact() && !sched::diverged()))
    if (const char *Why = sched::inexactReason())
      Out.appendf("  not exactly replayable: %s\n", Why);
  Out.appendf("SUMMARY: ravel: %s %s\n", F.Id, F.Summary);
  Out.append("==================\n");
}

} // namespace ravel::rt
