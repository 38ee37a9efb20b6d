//===- runtime/report/json.cpp - finding as one JSON line -----------------===//
//
// Exactly the finding object of docs/report-format.md, on one line.
//
//===----------------------------------------------------------------------===//
#include "../finding.h"
#include "../runtime.h"
#include "../scheduler/scheduler.h"

namespace ravel::rt {

namespace {
void str(TextBuffer &Out, const char *S) {
  Out.append("\"");
  Out.appendJsonString(S ? S : "");
  Out.append("\"");
}

void stack(TextBuffer &Out, const StackTrace &S) {
  Out.append("[");
  for (uint32_t I = 0; I < S.Size; ++I) {
    const __ravel_site *F = S.Frames[I];
    Out.append(I ? ",{\"function\":" : "{\"function\":");
    str(Out, F->function);
    Out.append(",\"file\":");
    str(Out, F->file);
    Out.appendf(",\"line\":%u,\"column\":%u", F->line, F->column);
    if (isForeignSite(F)) {
      // file is the module too: readers that do not know the flag still
      // show where the frame is.
      const ForeignSite *FS = asForeignSite(F);
      Out.append(",\"uninstrumented\":true,\"module\":");
      str(Out, FS->Module);
      Out.appendf(",\"offset\":\"0x%llx\"",
                  static_cast<unsigned long long>(FS->Offset));
    }
    Out.append("}");
  }
  Out.append("]");
}
} // namespace

void renderJson(const Finding &F, TextBuffer &Out) {
  Out.append("{\"id\":");
  str(Out, F.Id);
  Out.append(",\"kind\":");
  str(Out, findingKindName(F.Kind));
  Out.append(",\"summary\":");
  str(Out, F.Summary);
  Out.append(",\"threads\":[");
  for (uint32_t I = 0; I < F.NumThreads; ++I) {
    const FindingThread &T = F.Threads[I];
    Out.appendf("%s{\"tid\":%u,\"name\":\"T%u\",\"op\":", I ? "," : "", T.Tid,
                T.Tid);
    str(Out, T.Op);
    Out.appendf(",\"size\":%llu,\"atomic\":%s,\"variable\":",
                static_cast<unsigned long long>(T.Size),
                T.Atomic ? "true" : "false");
    str(Out, T.Variable);
    Out.appendf(",\"address\":\"0x%llx\",\"stack\":",
                static_cast<unsigned long long>(T.Address));
    stack(Out, T.Stack);
    Out.append(",\"locks_held\":[");
    for (uint32_t L = 0; L < T.NumLocks; ++L) {
      Out.append(L ? ",{\"name\":" : "{\"name\":");
      str(Out, T.Locks[L].Name);
      Out.append(",\"stack\":");
      stack(Out, T.Locks[L].Stack);
      Out.append("}");
    }
    Out.append("],\"created_at\":");
    stack(Out, T.CreatedAt);
    Out.append(",\"events\":[");
    for (uint32_t E = 0; E < T.NumEvents; ++E) {
      const FindingEvent &Ev = T.Events[E];
      Out.appendf("%s{\"step\":%llu,\"op\":", E ? "," : "",
                  static_cast<unsigned long long>(Ev.Step));
      str(Out, Ev.Op);
      Out.append(",\"what\":");
      str(Out, Ev.What);
      Out.append(",\"file\":");
      str(Out, Ev.Site ? Ev.Site->file : "");
      Out.appendf(",\"line\":%u,\"column\":%u}", Ev.Site ? Ev.Site->line : 0,
                  Ev.Site ? Ev.Site->column : 0);
    }
    Out.append("]}");
  }
  Out.append("]");
  if (F.CycleLen) {
    Out.append(",\"cycle\":[");
    for (uint32_t I = 0; I < F.CycleLen; ++I) {
      const FindingCycleEdge &E = F.Cycle[I];
      Out.appendf("%s{\"tid\":%u,\"holds\":", I ? "," : "", E.Tid);
      str(Out, E.Holds);
      Out.append(",\"holds_at\":");
      stack(Out, E.HoldsAt);
      Out.append(",\"acquires\":");
      str(Out, E.Acquires);
      Out.append(",\"acquires_at\":");
      stack(Out, E.AcquiresAt);
      Out.append("}");
    }
    Out.append("]");
  }
  if (F.StepBudget) {
    Out.appendf(",\"step_budget\":%llu,\"spinning\":[",
                static_cast<unsigned long long>(F.StepBudget));
    for (uint32_t I = 0; I < F.NumSpins; ++I) {
      const FindingSpin &S = F.Spins[I];
      Out.appendf("%s{\"tid\":%u,\"op\":\"%s\",\"what\":", I ? "," : "", S.Tid,
                  S.Yield ? "yield" : "read");
      str(Out, S.What);
      Out.append(",\"file\":");
      str(Out, S.Site ? S.Site->file : "");
      Out.appendf(",\"line\":%u,\"column\":%u,\"count\":%llu}",
                  S.Site ? S.Site->line : 0, S.Site ? S.Site->column : 0,
                  static_cast<unsigned long long>(S.Count));
    }
    Out.append("]");
  }
  const Options &O = G.Opts;
  Out.append(",\"schedule\":{\"strategy\":");
  str(Out, scheduleModeName(O.Schedule));
  Out.appendf(",\"seed\":%llu,\"depth\":%u,\"replay_file\":",
              static_cast<unsigned long long>(O.Seed), O.Depth);
  if (O.Record)
    str(Out, O.Record);
  else
    Out.append("null");
  bool Exact = sched::controlled() && sched::exact() && !sched::diverged();
  Out.appendf(",\"exact\":%s", Exact ? "true" : "false");
  if (const char *Why = Exact ? nullptr : sched::inexactReason()) {
    Out.append(",\"inexact_reason\":");
    str(Out, Why);
  }
  Out.append("}");
  if (*F.Details) {
    Out.append(",\"details\":");
    str(Out, F.Details);
  }
  Out.append("}");
}

} // namespace ravel::rt
