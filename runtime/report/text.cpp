//===- runtime/report/text.cpp - finding as text on stderr ----------------===//
//
// ThreadSanitizer-like layout, in the user's words: variable and lock names
// are the source text the instrumenter recorded.
//
//===----------------------------------------------------------------------===//
#include "../finding.h"
#include "../foreign_frames.h"
#include "../scheduler/scheduler.h"

#include <string.h>

namespace ravel::rt {

namespace {
void appendStack(TextBuffer &Out, const StackTrace &S, const char *Indent) {
  if (!S.Size) {
    Out.appendf("%s(no instrumented frames)\n", Indent);
    return;
  }
  for (uint32_t I = 0; I < S.Size; ++I) {
    const __ravel_site *F = S.Frames[I];
    if (isForeignSite(F)) {
      // `#2 lib_step (libfoo.so+0x1139) [not instrumented]`
      const ForeignSite *FS = asForeignSite(F);
      const char *Base = FS->Module;
      for (const char *P = FS->Module; *P; ++P)
        if (*P == '/')
          Base = P + 1;
      Out.appendf("%s#%u %s (%s+0x%llx) [not instrumented]\n", Indent, I,
                  F->function && *F->function ? F->function : "??", Base,
                  static_cast<unsigned long long>(FS->Offset));
      continue;
    }
    Out.appendf("%s#%u %s %s:%u:%u\n", Indent, I,
                F->function && *F->function ? F->function : "??",
                F->file ? F->file : "??", F->line, F->column);
  }
}
/// Every thread's events merged by step; ">>" marks each thread's last
/// event at its reported site (the racing or blocked step).
void appendInterleaving(const Finding &F, TextBuffer &Out) {
  uint32_t Total = 0;
  for (uint32_t I = 0; I < F.NumThreads; ++I)
    Total += F.Threads[I].NumEvents;
  if (!Total)
    return;
  Out.append("  interleaving (oldest first; >> marks the finding):\n");
  uint32_t Next[64] = {};
  uint32_t NumThreads = F.NumThreads < 64 ? F.NumThreads : 64;
  for (;;) {
    uint32_t Best = NumThreads;
    for (uint32_t I = 0; I < NumThreads; ++I)
      if (Next[I] < F.Threads[I].NumEvents &&
          (Best == NumThreads || F.Threads[I].Events[Next[I]].Step <
                                     F.Threads[Best].Events[Next[Best]].Step))
        Best = I;
    if (Best == NumThreads)
      break;
    const FindingThread &T = F.Threads[Best];
    const FindingEvent &E = T.Events[Next[Best]++];
    bool Key = false;
    if (E.Site) {
      bool LaterAtSite = false;
      for (uint32_t K = Next[Best]; K < T.NumEvents; ++K)
        LaterAtSite |= T.Events[K].Site == E.Site;
      Key = !LaterAtSite && E.Site == T.Stack.top();
    }
    Out.appendf("  %s step %4llu  T%u  %s%s%s", Key ? ">>" : "  ",
                static_cast<unsigned long long>(E.Step), T.Tid,
                E.Op ? E.Op : "", E.What && *E.What ? " " : "",
                E.What ? E.What : "");
    if (E.Site && E.Site->file)
      Out.appendf("  %s:%u:%u", E.Site->file, E.Site->line, E.Site->column);
    Out.append("\n");
  }
}
/// A hang at the step budget: which threads spun where (the fairness rule
/// of scheduler.h saw them make no progress), and what the budget was.
void appendHang(const Finding &F, TextBuffer &Out) {
  if (F.Kind != FindingKind::Hang || !F.StepBudget)
    return;
  if (F.NumSpins)
    Out.append("  spinning (no progress):\n");
  for (uint32_t I = 0; I < F.NumSpins; ++I) {
    const FindingSpin &S = F.Spins[I];
    const char *File = S.Site && S.Site->file ? S.Site->file : "??";
    unsigned Line = S.Site ? S.Site->line : 0,
             Column = S.Site ? S.Site->column : 0;
    unsigned long long Count = S.Count;
    if (S.Yield)
      Out.appendf("    thread T%u yields (%s) at %s:%u:%u (%llu re-reads "
                  "and yields without progress)\n",
                  S.Tid, S.What && *S.What ? S.What : "yield", File, Line,
                  Column, Count);
    else
      Out.appendf("    thread T%u re-reads %s at %s:%u:%u (%llu times; no "
                  "other thread wrote it)\n",
                  S.Tid, S.What && *S.What ? S.What : "memory", File, Line,
                  Column, Count);
  }
  uint32_t Running = 0; // threads not blocked in a wait
  for (uint32_t I = 0; I < F.NumThreads; ++I)
    Running += F.Threads[I].Op && strcmp(F.Threads[I].Op, "run") == 0;
  unsigned long long Budget = F.StepBudget;
  const char *Why =
      !F.NumSpins ? "no thread was seen spinning (re-reading memory nobody "
                    "wrote, or yielding without progress): a livelock through "
                    "locks or calls, or the program needs more steps"
      : F.NumSpins >= Running
          ? "every thread that could run was spinning: a livelock, unless "
            "the program only needs more steps"
          : "the spinning threads wait for the others, which may just need "
            "more steps";
  Out.appendf("  the run used its whole budget of %llu scheduling steps; "
              "%s (raise it with max_steps=%llu, or `ravel run --max-steps "
              "%llu`)\n",
              Budget, Why, Budget * 10, Budget * 10);
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
  appendInterleaving(F, Out);
  appendHang(F, Out);
  if (*F.Details)
    Out.appendf("  %s\n", F.Details);
  if (sched::controlled() && !(sched::exact() && !sched::diverged()))
    if (const char *Why = sched::inexactReason())
      Out.appendf("  not exactly replayable: %s\n", Why);
  Out.appendf("SUMMARY: ravel: %s %s\n", F.Id, F.Summary);
  Out.append("==================\n");
}

} // namespace ravel::rt
