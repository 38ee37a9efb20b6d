//===- runtime/runtime.cpp - start-up, threads' bookkeeping ---------------===//
#include "runtime.h"

#include "reporter.h"
#include "schedule_point.h"
#include "scheduler/scheduler.h"
#include "suppressions.h"
#include "thread_registry.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

namespace ravel::rt {

__thread ThreadState *CurThread;
[[clang::require_constant_initialization]] RuntimeGlobals G;

namespace {
char OptionStorage[4096];

void atExit() {
  ThreadState *T = CurThread;
  if (T)
    ++T->InRuntime;
  finishRun();
}

/// A run that dies of a signal (a failed assertion, a segfault) under a
/// controlled schedule still leaves its decision log (record=), so the
/// driver can keep it and the crash replays. The handler is installed with
/// SA_RESETHAND: once the log is written, the signal is raised again and
/// kills the process as it would have without ravel.
void crashHandler(int Sig) {
  static int Saved;
  if (!__atomic_exchange_n(&Saved, 1, __ATOMIC_ACQ_REL)) {
    if (ThreadState *T = CurThread)
      ++T->InRuntime;
    sched::saveRecord(/*AtExit=*/true);
  }
  raise(Sig);
}

void installCrashHandlers() {
  struct sigaction SA = {};
  SA.sa_handler = crashHandler;
  SA.sa_flags = SA_RESETHAND;
  sigemptyset(&SA.sa_mask);
  static const int Signals[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL};
  for (int Sig : Signals)
    sigaction(Sig, &SA, nullptr);
}
} // namespace

uint64_t monotonicMs() {
  struct timespec TS;
  realClockGettime(CLOCK_MONOTONIC, &TS); // never the virtual clock
  return uint64_t(TS.tv_sec) * 1000 + uint64_t(TS.tv_nsec) / 1000000;
}

namespace {
// In .preinit_array, libc's environ is not set up yet: use the envp the
// loader passes.
const char *findOption(char **Envp) {
  if (!Envp)
    return getenv("RAVEL_OPTIONS");
  for (char **E = Envp; *E; ++E)
    if (!internalStrncmp(*E, "RAVEL_OPTIONS=", 14))
      return *E + 14;
  return nullptr;
}
} // namespace

void initRuntime() { initRuntimeWithEnv(nullptr); }

void initRuntimeWithEnv(char **Envp) {
  if (G.Initialized || G.Initializing)
    return;
  G.Initializing = true;
  TextBuffer Err;
  if (!parseOptions(findOption(Envp), &G.Opts, OptionStorage,
                    sizeof(OptionStorage), &Err)) {
    Err.append("\n");
    rawWrite(2, "ravel: ", 7);
    rawWrite(2, Err.data(), Err.size());
    rawExit(2);
  }
  if (G.Opts.Suppressions && !loadSuppressions(G.Opts.Suppressions, &Err)) {
    Err.append("\n");
    rawWrite(2, "ravel: ", 7);
    rawWrite(2, Err.data(), Err.size());
    rawExit(2);
  }
  initScheduler(G.Opts);
  if (G.Opts.Record && *G.Opts.Record)
    installCrashHandlers();
  if (G.Opts.Verbosity >= 2) {
    TextBuffer Msg;
    Msg.appendf("ravel: runtime ready: schedule=%s report=%s "
                "deadlock_timeout_ms=%llu\n",
                scheduleModeName(G.Opts.Schedule),
                G.Opts.Report ? G.Opts.Report : "(stderr only)",
                static_cast<unsigned long long>(G.Opts.DeadlockTimeoutMs));
    rawWrite(2, Msg.data(), Msg.size());
  }
  G.Initialized = true;
  G.Initializing = false;
  curThread();
  atexit(atExit);
}

ThreadState *registerForeignThread() {
  ThreadState *T = createThreadState(/*ParentTid=*/0);
  T->Handle = pthread_self();
  CurThread = T;
  return T;
}

const ContextNode *currentContext(ThreadState *T) {
  if (!T->Depth)
    return &RootContext;
  // Frame k's context is its caller's context plus the caller's position,
  // fixed while frame k is live: computed once per activation.
  RuntimeScope Scope(T);
  uint32_t K = T->Depth - 1;
  uint32_t First = K;
  while (First > 0 && !T->Frames[First].Ctx)
    --First;
  if (!T->Frames[First].Ctx) // First == 0
    T->Frames[0].Ctx = &RootContext;
  for (uint32_t I = First + 1; I <= K; ++I) {
    const Frame &Caller = T->Frames[I - 1];
    T->Frames[I].Ctx =
        internContext(Caller.Ctx, Caller.Pos ? Caller.Pos : Caller.Func);
  }
  return T->Frames[K].Ctx;
}

void captureStack(const ThreadState *T, const __ravel_site *Top,
                  StackTrace *Out) {
  Out->clear();
  Out->push(Top);
  if (!T->Depth)
    return;
  // The innermost frame is represented by Top itself when Top is set.
  uint32_t I = T->Depth;
  if (!Top) {
    const Frame &F = T->Frames[I - 1];
    Out->push(F.Pos ? F.Pos : F.Func);
  }
  --I;
  while (I-- > 0) {
    const Frame &F = T->Frames[I];
    Out->push(F.Pos ? F.Pos : F.Func);
  }
}

void recordEvent(ThreadState *T, const char *Op, const char *What,
                 const __ravel_site *Site) {
  SyncEvent &E = T->Ring[T->RingNext % ThreadState::RingSize];
  E.Step = __atomic_add_fetch(&G.Step, 1, __ATOMIC_RELAXED);
  E.Op = Op;
  E.What = What;
  E.Site = Site;
  ++T->RingNext;
}

void pushHeld(ThreadState *T, SyncVar *V, LockMode M,
              const __ravel_site *Site) {
  if (T->NumHeld == T->HeldCap) {
    uint32_t Cap = T->HeldCap ? T->HeldCap * 2 : 8;
    auto *N = static_cast<HeldLock *>(internalAlloc(Cap * sizeof(HeldLock)));
    if (T->NumHeld)
      internalMemcpy(N, T->Held, T->NumHeld * sizeof(HeldLock));
    internalFree(T->Held);
    T->Held = N;
    T->HeldCap = Cap;
  }
  HeldLock &H = T->Held[T->NumHeld++];
  H.Var = V;
  H.Id = V->Id;
  H.Mode = M;
  H.Name = Site ? Site->text : nullptr;
  captureStack(T, Site, &H.Stack);
  const LockSetNode *Parent = T->LockSet ? T->LockSet : &RootLockSet;
  H.SetNode = internLockSet(Parent, static_cast<uint64_t>(H.Id), V->Addr,
                            H.Name, Site ? accessNode(T, Site) : nullptr);
  T->LockSet = H.SetNode;
}

namespace {
/// Re-interns the lock-set chain of Held[From..] after a removal.
void rebuildLockSets(ThreadState *T, uint32_t From) {
  const LockSetNode *Cur = From ? T->Held[From - 1].SetNode : &RootLockSet;
  for (uint32_t I = From; I < T->NumHeld; ++I) {
    HeldLock &H = T->Held[I];
    Cur = internLockSet(Cur, static_cast<uint64_t>(H.Id), H.Var->Addr, H.Name,
                        H.SetNode ? H.SetNode->AcquiredAt : nullptr);
    H.SetNode = Cur;
  }
  T->LockSet = Cur;
}
} // namespace

HeldLock *findHeld(ThreadState *T, SyncVar *V) {
  for (uint32_t I = T->NumHeld; I-- > 0;)
    if (T->Held[I].Var == V && T->Held[I].Id == V->Id)
      return &T->Held[I];
  return nullptr;
}

bool popHeld(ThreadState *T, SyncVar *V) {
  HeldLock *H = findHeld(T, V);
  if (!H)
    return false;
  uint32_t Idx = static_cast<uint32_t>(H - T->Held);
  for (uint32_t I = Idx + 1; I < T->NumHeld; ++I)
    internalMemcpy(&T->Held[I - 1], &T->Held[I], sizeof(HeldLock));
  --T->NumHeld;
  rebuildLockSets(T, Idx);
  return true;
}

void lockName(const SyncVar *V, const __ravel_site *Site, char *Buf,
              size_t BufSize) {
  const char *Text = Site && Site->text && *Site->text ? Site->text : nullptr;
  if (Text)
    snprintf(Buf, BufSize, "%s", Text);
  else
    snprintf(Buf, BufSize, "%s at %p", syncKindName(V->Kind),
             reinterpret_cast<void *>(V->Addr));
}

} // namespace ravel::rt

using namespace ravel::rt;

RAVEL_EXPORT const char __ravel_runtime_marker[] = "ravel-runtime";

// Runs before any shared library's constructor, so RAVEL_OPTIONS errors
// stop the program before main and interceptors find the runtime ready.
static void preinit(int, char **, char **Envp) { initRuntimeWithEnv(Envp); }
__attribute__((section(".preinit_array"),
               used)) static void (*const PreinitEntry)(int, char **,
                                                        char **) = preinit;
