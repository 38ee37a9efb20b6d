//===- runtime/reporter.cpp -----------------------------------------------===//
#include "reporter.h"
#include "fork_guard.h"

#include "interleaving.h"
#include "scheduler/scheduler.h"
#include "suppressions.h"
#include "thread_registry.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ravel::rt {

namespace {
SpinLock ReportLock;
uint64_t *Seen;
uint32_t NumSeen, SeenCap;
uint64_t NumReported;
int ReportFd = -1;

bool seenBefore(uint64_t H) {
  for (uint32_t I = 0; I < NumSeen; ++I)
    if (Seen[I] == H)
      return true;
  if (NumSeen == SeenCap) {
    uint32_t Cap = SeenCap ? SeenCap * 2 : 64;
    auto *N = static_cast<uint64_t *>(internalAlloc(Cap * sizeof(uint64_t)));
    if (NumSeen)
      internalMemcpy(N, Seen, NumSeen * sizeof(uint64_t));
    internalFree(Seen);
    Seen = N;
    SeenCap = Cap;
  }
  Seen[NumSeen++] = H;
  return false;
}

void writeReportLine(const TextBuffer &Line) {
  if (!G.Opts.Report)
    return;
  if (ReportFd < 0) {
    ReportFd = static_cast<int>(
        syscall(SYS_openat, AT_FDCWD, G.Opts.Report,
                O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
    if (ReportFd < 0) {
      TextBuffer Msg;
      Msg.appendf("ravel: cannot write the report file '%s' (report= in "
                  "RAVEL_OPTIONS): check the directory exists and is "
                  "writable\n",
                  G.Opts.Report);
      rawWrite(2, Msg.data(), Msg.size());
      return;
    }
  }
  rawWrite(ReportFd, Line.data(), Line.size());
}
} // namespace

SpinLock &reportLock() { return ReportLock; }

void computeFindingId(Finding &F) {
  // Collect "file:line:column:op" of every involved site, sort, hash.
  char Keys[64][320];
  unsigned N = 0;
  auto Add = [&](const __ravel_site *S, const char *Op) {
    if (!S || N == 64)
      return;
    internalSnprintf(Keys[N++], sizeof(Keys[0]), "%s:%u:%u:%s", S->file ? S->file : "",
             S->line, S->column, Op);
  };
  for (uint32_t I = 0; I < F.NumThreads; ++I)
    Add(F.Threads[I].Stack.top(), F.Threads[I].Op);
  for (uint32_t I = 0; I < F.NumIdSites; ++I)
    Add(F.IdSites[I], F.IdOps[I]);
  for (unsigned I = 1; I < N; ++I) // insertion sort: N is tiny
    for (unsigned J = I; J > 0 && internalStrcmp(Keys[J - 1], Keys[J]) > 0;
         --J) {
      char Tmp[320];
      internalMemcpy(Tmp, Keys[J], sizeof(Tmp));
      internalMemcpy(Keys[J], Keys[J - 1], sizeof(Tmp));
      internalMemcpy(Keys[J - 1], Tmp, sizeof(Tmp));
    }
  contract::FindingIdHash H(findingKindName(F.Kind));
  for (unsigned I = 0; I < N; ++I)
    H.addSite(Keys[I]);
  static_assert(sizeof(F.Id) >= contract::FindingIdMaxLen, "room for the id");
  contract::formatFindingId(F.Id, findingKindTag(F.Kind), H.value());
}

namespace {
/// A finding a suppression rule matched: not reported, but counted, as one
/// line of its own in the report file (docs/report-format.md), once per
/// finding id and run.
void reportSuppressed(const Finding &F, const char *Rule, uint64_t H) {
  TextBuffer Line;
  Line.append("{\"suppressed\":{\"id\":\"");
  Line.appendJsonString(F.Id);
  Line.append("\",\"kind\":\"");
  Line.appendJsonString(findingKindName(F.Kind));
  Line.append("\",\"rule\":\"");
  Line.appendJsonString(Rule);
  Line.append("\"}}\n");
  SpinLockGuard Guard(ReportLock);
  if (!seenBefore(H))
    writeReportLine(Line);
}
} // namespace

bool reportFinding(Finding &F) {
  computeFindingId(F);
  uint64_t H = contract::fnv1a(contract::FnvOffsetBasis, F.Id);
  if (const char *Rule = suppressedBy(F)) {
    reportSuppressed(F, Rule, H);
    return false;
  }
  TextBuffer Text, Json;
  renderText(F, Text);
  renderJson(F, Json);
  Json.append("\n");
  {
    SpinLockGuard Guard(ReportLock);
    if (seenBefore(H))
      return false;
    rawWrite(2, Text.data(), Text.size());
    // The decision log so far replays to this finding; write it before the
    // finding line, so a reader of the line finds the file.
    sched::saveRecord();
    writeReportLine(Json);
    __atomic_add_fetch(&NumReported, 1, __ATOMIC_RELAXED);
  }
  if (G.Opts.HaltOnError)
    endRunWithFindings();
  return true;
}

uint64_t reportedFindings() {
  return __atomic_load_n(&NumReported, __ATOMIC_RELAXED);
}

void endRunWithFindings() {
  sched::saveRecord(/*AtExit=*/true);
  fflush(nullptr);
  rawExit(G.Opts.ExitCode);
}

void finishRun() {
  if (G.Opts.Verbosity >= 1) {
    TextBuffer Msg;
    Msg.appendf("ravel: run finished: %llu finding(s), %u thread(s), %llu "
                "sync object(s)\n",
                static_cast<unsigned long long>(reportedFindings()),
                threadCount(),
                static_cast<unsigned long long>(G.Syncs.liveCount()));
    rawWrite(2, Msg.data(), Msg.size());
  }
  if (reportedFindings())
    endRunWithFindings();
  sched::saveRecord(/*AtExit=*/true);
}

void describeThread(ThreadState *T, FindingThread *Out, bool WithLocks) {
  Out->Tid = T->Tid;
  Out->CreatedAt = T->CreatedAt;
  if (WithLocks && T->NumHeld) {
    Out->Locks = static_cast<FindingLock *>(
        internalCalloc(T->NumHeld * sizeof(FindingLock)));
    for (uint32_t I = 0; I < T->NumHeld; ++I) {
      const HeldLock &H = T->Held[I];
      FindingLock &L = Out->Locks[I];
      heldLockName(H, L.Name, sizeof(L.Name));
      L.Stack = H.Stack;
    }
    Out->NumLocks = T->NumHeld;
  }
  describeEvents(T, Out, nullptr);
}

void releaseFinding(Finding &F) {
  for (uint32_t I = 0; I < F.NumThreads; ++I) {
    internalFree(F.Threads[I].Locks);
    internalFree(F.Threads[I].Events);
  }
  internalFree(F.Threads);
  internalFree(F.Cycle);
  internalFree(F.Spins);
  F.Threads = nullptr;
  F.Cycle = nullptr;
  F.Spins = nullptr;
  F.NumThreads = F.CycleLen = F.NumSpins = 0;
}

} // namespace ravel::rt
