//===- runtime/report/text.cpp - finding as text on stderr ----------------===//
//
// The text layout of docs/report-format.md (*Text layout*), the one `ravel
// run` and `ravel report` print, with what one run knows: no source lines,
// no run counts, no grouped pairs. Variable and lock names are the source
// text the instrumenter recorded. Written into the caller's TextBuffer: no
// libc allocation, nothing big on the stack.
//
//===----------------------------------------------------------------------===//
#include "../finding.h"
#include "../foreign_frames.h"
#include "../runtime.h"
#include "../scheduler/scheduler.h"

#include <stdio.h>
#include <string.h>

namespace ravel::rt {

namespace {
/// `file:line:column`, leaving out a zero line or column.
void appendPlainSite(TextBuffer &Out, const __ravel_site *S) {
  Out.append(S && S->file && *S->file ? S->file : "<unknown>");
  if (S && S->line) {
    Out.appendf(":%u", S->line);
    if (S->column)
      Out.appendf(":%u", S->column);
  }
}

/// A frame's site; a frame of uninstrumented code is `(module+0xoffset)
/// [not instrumented]`.
void appendSite(TextBuffer &Out, const __ravel_site *S) {
  if (S && isForeignSite(S)) {
    const ForeignSite *FS = asForeignSite(S);
    const char *Base = FS->Module;
    for (const char *P = FS->Module; *P; ++P)
      if (*P == '/')
        Base = P + 1;
    Out.appendf("(%s+0x%llx) [not instrumented]", Base,
                static_cast<unsigned long long>(FS->Offset));
    return;
  }
  appendPlainSite(Out, S);
}

void appendStack(TextBuffer &Out, const StackTrace &S, const char *Indent) {
  if (!S.Size) {
    Out.appendf("%s<no stack>\n", Indent);
    return;
  }
  for (uint32_t I = 0; I < S.Size; ++I) {
    const __ravel_site *F = S.Frames[I];
    Out.appendf("%s#%u ", Indent, I);
    Out.append(F->function && *F->function ? F->function : "<unknown>");
    Out.append(" ");
    appendSite(Out, F);
    Out.append("\n");
  }
}

/// "write" -> "Write", "atomic-load" -> "Atomic load", "" -> "Access";
/// lower-case first letter after "Previous ".
void appendOpTitle(TextBuffer &Out, const char *Op, bool Previous) {
  if (!Op || !*Op)
    Op = "access";
  char Title[64];
  size_t N = 0;
  for (; Op[N] && N + 1 < sizeof(Title); ++N)
    Title[N] = Op[N] == '-' ? ' ' : Op[N];
  Title[N] = 0;
  if (!Previous && Title[0] >= 'a' && Title[0] <= 'z')
    Title[0] = static_cast<char>(Title[0] - 'a' + 'A');
  Out.append(Previous ? "  Previous " : "  ");
  Out.append(Title);
}

bool isLockOp(const char *Op) {
  return !strcmp(Op, "lock") || !strcmp(Op, "unlock") ||
         !strcmp(Op, "rdlock") || !strcmp(Op, "wait") || !strcmp(Op, "join");
}

void appendThread(TextBuffer &Out, const FindingThread &T, bool Previous) {
  const char *Op = T.Op ? T.Op : "";
  const char *Variable = T.Variable ? T.Variable : "";
  appendOpTitle(Out, Op, Previous);
  if (T.Size)
    Out.appendf(" of size %llu", static_cast<unsigned long long>(T.Size));
  if (*Variable) {
    Out.append(isLockOp(Op) ? " of " : " to ");
    Out.append(Variable);
  }
  Out.appendf(" by thread T%u:\n", T.Tid);
  appendStack(Out, T.Stack, "    ");
  Out.append("    locks held: ");
  if (!T.NumLocks)
    Out.append("none");
  for (uint32_t L = 0; L < T.NumLocks; ++L) {
    if (L)
      Out.append(", ");
    Out.append(*T.Locks[L].Name ? T.Locks[L].Name : "<lock>");
    if (const __ravel_site *Top = T.Locks[L].Stack.top()) {
      Out.append(" (acquired at ");
      appendSite(Out, Top);
      Out.append(")");
    }
  }
  Out.append("\n");
}

void appendCycle(TextBuffer &Out, const Finding &F) {
  Out.append("  Lock cycle: ");
  for (uint32_t I = 0; I < F.CycleLen; ++I) {
    Out.append(F.Cycle[I].Holds);
    Out.append(" -> ");
  }
  Out.append(F.Cycle[0].Holds);
  Out.append("\n");
  for (uint32_t I = 0; I < F.CycleLen; ++I) {
    const FindingCycleEdge &E = F.Cycle[I];
    Out.appendf("    T%u holds ", E.Tid);
    Out.append(E.Holds);
    if (const __ravel_site *At = E.HoldsAt.top()) {
      Out.append(" (acquired at ");
      appendSite(Out, At);
      Out.append(")");
    }
    Out.append(F.Kind == FindingKind::Deadlock ? " and waits for "
                                               : " and then acquires ");
    Out.append(E.Acquires);
    if (const __ravel_site *At = E.AcquiresAt.top()) {
      Out.append(" at ");
      appendSite(Out, At);
    }
    Out.append("\n");
  }
}

bool firstOfItsThread(const Finding &F, uint32_t I) {
  for (uint32_t J = 0; J < I; ++J)
    if (F.Threads[J].Tid == F.Threads[I].Tid)
      return false;
  return true;
}

bool hasCreation(const Finding &F) {
  for (uint32_t I = 0; I < F.NumThreads; ++I)
    if (F.Threads[I].CreatedAt.Size)
      return true;
  return false;
}

void appendCreation(TextBuffer &Out, const Finding &F) {
  for (uint32_t I = 0; I < F.NumThreads; ++I) {
    const FindingThread &T = F.Threads[I];
    if (!T.CreatedAt.Size || !firstOfItsThread(F, I))
      continue;
    Out.appendf("  Thread T%u created at:\n", T.Tid);
    appendStack(Out, T.CreatedAt, "    ");
  }
}

bool sameSite(const __ravel_site *A, const __ravel_site *B) {
  if (A == B)
    return true;
  if (!A || !B || !A->file || !B->file || strcmp(A->file, B->file) ||
      A->line != B->line)
    return false;
  return !A->column || !B->column || A->column == B->column;
}

/// A thread's key step: its last event at its reported site (the top of
/// its stack) or, in a lock cycle, at the acquisition it makes.
bool isKeySite(const Finding &F, const FindingThread &T,
               const __ravel_site *Site) {
  if (!Site)
    return false;
  if (sameSite(Site, T.Stack.top()))
    return true;
  for (uint32_t I = 0; I < F.CycleLen; ++I)
    if (F.Cycle[I].Tid == T.Tid && sameSite(Site, F.Cycle[I].AcquiresAt.top()))
      return true;
  return false;
}

uint32_t numEvents(const Finding &F) {
  uint32_t Total = 0;
  for (uint32_t I = 0; I < F.NumThreads; ++I)
    Total += F.Threads[I].NumEvents;
  return Total;
}

/// Every thread's events merged by step (ties in thread order).
void appendInterleaving(TextBuffer &Out, const Finding &F) {
  if (F.Kind == FindingKind::PotentialDeadlock)
    Out.append("  Interleaving that deadlocks (each thread takes its first "
               "lock, then waits for the next; >> marks the blocking "
               "steps):\n");
  else
    Out.append("  Interleaving (last steps of each thread, oldest first; >> "
               "marks the finding):\n");
  constexpr uint32_t MaxThreads = 64;
  uint32_t NumThreads = F.NumThreads < MaxThreads ? F.NumThreads : MaxThreads;
  uint32_t Next[MaxThreads] = {}, Key[MaxThreads];
  int NameWidth = 2;
  for (uint32_t I = 0; I < NumThreads; ++I) {
    const FindingThread &T = F.Threads[I];
    Key[I] = T.NumEvents; // none
    for (uint32_t E = T.NumEvents; E > 0; --E)
      if (isKeySite(F, T, T.Events[E - 1].Site)) {
        Key[I] = E - 1;
        break;
      }
    int Width = 2;
    for (uint32_t Tid = T.Tid; Tid >= 10; Tid /= 10)
      ++Width;
    NameWidth = Width > NameWidth ? Width : NameWidth;
  }
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
    uint32_t Index = Next[Best]++;
    const FindingEvent &E = T.Events[Index];
    char Name[16], Action[160];
    internalSnprintf(Name, sizeof(Name), "T%u", T.Tid);
    const char *What = E.What ? E.What : "";
    internalSnprintf(Action, sizeof(Action), "%s%s%s", E.Op ? E.Op : "",
                       *What ? " " : "", What);
    Out.appendf("  %s step %4llu  %-*s  ", Index == Key[Best] ? ">>" : "  ",
                static_cast<unsigned long long>(E.Step), NameWidth, Name);
    if (E.Site && E.Site->file && *E.Site->file) {
      Out.appendf("%-24s ", Action);
      appendPlainSite(Out, E.Site);
    } else {
      Out.append(Action); // e.g. a thread's exit
    }
    Out.append("\n");
  }
}

void appendHang(TextBuffer &Out, const Finding &F) {
  if (F.NumSpins)
    Out.append("  Spinning (no progress):\n");
  for (uint32_t I = 0; I < F.NumSpins; ++I) {
    const FindingSpin &S = F.Spins[I];
    const char *What = S.What && *S.What ? S.What : nullptr;
    unsigned long long Count = S.Count;
    if (S.Yield)
      Out.appendf("    T%u yields (%s) at ", S.Tid, What ? What : "yield");
    else
      Out.appendf("    T%u re-reads %s at ", S.Tid, What ? What : "memory");
    appendPlainSite(Out, S.Site);
    if (S.Yield)
      Out.appendf(" (%llu re-reads and yields without progress)\n", Count);
    else
      Out.appendf(" (%llu times; no other thread wrote it)\n", Count);
  }
  uint32_t Running = 0; // threads not blocked in a wait
  for (uint32_t I = 0; I < F.NumThreads; ++I)
    Running += F.Threads[I].Op && strcmp(F.Threads[I].Op, "run") == 0;
  unsigned long long Budget = F.StepBudget;
  const char *Why =
      !F.NumSpins
          ? "no thread was seen spinning (re-reading memory nobody wrote, or "
            "yielding without progress), so either the threads livelock "
            "through locks or calls, or the program needs more steps"
      : F.NumSpins >= Running
          ? "every thread that could run was spinning without progress: a "
            "livelock, unless the program only needs more steps"
          : "the spinning threads wait for the others, which may just need "
            "more steps";
  Out.appendf("  The run used its whole budget of %llu scheduling steps; ",
              Budget);
  Out.append(Why);
  Out.appendf(". If it only needs more, run again with --max-steps %llu "
              "(max_steps=%llu in RAVEL_OPTIONS).\n",
              Budget * 10, Budget * 10);
}

void appendDetails(TextBuffer &Out, const char *Details) {
  Out.append("  Details:\n");
  while (*Details) {
    const char *End = Details;
    while (*End && *End != '\n')
      ++End;
    Out.append("    ");
    Out.append(Details, static_cast<size_t>(End - Details));
    Out.append("\n");
    Details = *End ? End + 1 : End;
  }
}

/// "Seen in this run (schedule pct seed 3 depth 3)", then why it is not
/// exactly replayable and the replay command when the run records.
void appendSchedule(TextBuffer &Out) {
  const Options &O = G.Opts;
  bool Exact = sched::controlled() && sched::exact() && !sched::diverged();
  const char *Strategy = scheduleModeName(O.Schedule);
  Out.appendf("  Seen in this run (schedule %s", Strategy);
  if (strcmp(Strategy, "native"))
    Out.appendf(" seed %llu", static_cast<unsigned long long>(O.Seed));
  if (!strcmp(Strategy, "pct"))
    Out.appendf(" depth %u", O.Depth);
  Out.append(Exact ? ")\n" : " (not exactly replayable))\n");
  const char *Why = Exact ? nullptr : sched::inexactReason();
  if (Why && *Why) {
    Out.append("  Not exactly replayable: ");
    Out.append(Why);
    Out.append("\n");
  }
  if (O.Record) {
    Out.append("  Replay: ravel replay ");
    Out.append(O.Record);
    Out.append("\n");
  }
}
} // namespace

void renderText(const Finding &F, TextBuffer &Out) {
  // Sections are separated by one blank line; empty ones are left out.
  Out.appendf("==================\nWARNING: ravel: %s (%s)\n  ",
              findingKindName(F.Kind), F.Id);
  Out.append(F.Summary);
  Out.append("\n");
  for (uint32_t I = 0; I < F.NumThreads; ++I) {
    // A two-thread race reads like TSan's: the second access is the
    // "previous" one.
    Out.append("\n");
    appendThread(Out, F.Threads[I], I > 0 && F.Kind == FindingKind::DataRace);
  }
  if (F.CycleLen) {
    Out.append("\n");
    appendCycle(Out, F);
  }
  if (hasCreation(F)) {
    Out.append("\n");
    appendCreation(Out, F);
  }
  if (numEvents(F)) {
    Out.append("\n");
    appendInterleaving(Out, F);
  }
  if (F.Kind == FindingKind::Hang && F.StepBudget) {
    Out.append("\n");
    appendHang(Out, F);
  }
  if (*F.Details) {
    Out.append("\n");
    appendDetails(Out, F.Details);
  }
  Out.append("\n");
  appendSchedule(Out);
  Out.append("==================\n");
}

} // namespace ravel::rt
