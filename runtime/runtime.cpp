//===- runtime/runtime.cpp - start-up, threads' bookkeeping ---------------===//
#include "runtime.h"

#include "fork_guard.h"
#include "fork_server.h"
#include "reporter.h"
#include "schedule_point.h"
#include "scheduler/scheduler.h"
#include "suppressions.h"
#include "thread_registry.h"
#include "ravel/contract/options.h"

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

/// A run that dies of a signal (a failed assertion, a segfault, the
/// driver's SIGTERM at its time-out) under a controlled schedule still
/// leaves its decision log (record=), so the
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
  // SIGTERM too: `ravel run` ends a run past its time-out with SIGTERM
  // first (SIGKILL only after a grace period), so a livelocked run still
  // leaves the schedule that replays it. A program's own SIGTERM handler,
  // installed later, replaces this one.
  static const int Signals[] = {SIGABRT, SIGSEGV, SIGBUS,
                                SIGFPE,  SIGILL,  SIGTERM};
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
    return getenv(contract::OptionsVariable);
  constexpr size_t N = sizeof(contract::OptionsEnvPrefix) - 1;
  for (char **E = Envp; *E; ++E)
    if (!internalStrncmp(*E, contract::OptionsEnvPrefix, N))
      return *E + N;
  return nullptr;
}
} // namespace

void initRuntime() { initRuntimeWithEnv(nullptr); }

void initRuntimeWithEnv(char **Envp) {
  if (G.Initialized || G.Initializing)
    return;
  G.Initializing = true;
  // The runtime is linked into the executable, whose code is instrumented:
  // its text is the first range (foreign_frames.h).
  registerInstrumentedModule(reinterpret_cast<uptr>(&initRuntime));
  TextBuffer Err;
  auto Refuse = [&]() {
    Err.append("\n");
    rawWrite(2, "ravel: ", 7);
    rawWrite(2, Err.data(), Err.size());
    rawExit(2);
  };
  if (!parseOptions(findOption(Envp), &G.Opts, OptionStorage,
                    sizeof(OptionStorage), &Err))
    Refuse();
  if (G.Opts.ForkServerIn >= 0) {
    // Nothing has been set up yet: each run child starts from here as a
    // fresh process would, with its own options (fork_server.h).
    if (!Envp) {
      Err.append("RAVEL_OPTIONS: fork_server= works only from the start-up "
                 "of the program (.preinit_array)");
      Refuse();
    }
    const char *RunOptions =
        serveForks(G.Opts.ForkServerIn, G.Opts.ForkServerOut, Envp);
    if (!parseOptions(RunOptions, &G.Opts, OptionStorage, sizeof(OptionStorage),
                      &Err))
      Refuse();
    if (G.Opts.ForkServerIn >= 0) {
      Err.append("RAVEL_OPTIONS: fork_server= is for the server's start-up, "
                 "not for a run");
      Refuse();
    }
  }
  if (G.Opts.Suppressions && !loadSuppressions(G.Opts.Suppressions, &Err))
    Refuse();
  // The schedule and the findings are written later (at exit, at a
  // finding): a folder that cannot take them is an error now, not silence.
  const struct {
    const char *Key, *Path;
  } Outputs[] = {{"record", G.Opts.Record}, {"report", G.Opts.Report}};
  for (const auto &O : Outputs)
    if (O.Path && *O.Path && !folderWritable(O.Path)) {
      Err.appendf("RAVEL_OPTIONS: %s=%s: its folder does not exist or cannot "
                  "be written; create it or choose another path",
                  O.Key, O.Path);
      Refuse();
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
  installForkHandlers();
}

ThreadState *registerForeignThread() {
  ThreadState *T = createThreadState(/*ParentTid=*/0);
  T->Handle = pthread_self();
  T->KernelTid = rawGettid();
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
    const ContextNode *Ctx =
        internContext(Caller.Ctx, Caller.Pos ? Caller.Pos : Caller.Func);
    // Uninstrumented callers of frame I sit between it and Caller.
    if (const ForeignTrace *F = T->Frames[I].Foreign)
      for (uint32_t J = F->Size; J-- > 0;)
        Ctx = internContext(Ctx, &F->Frames[J]->Site);
    T->Frames[I].Ctx = Ctx;
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
  // Each frame's position is followed by its uninstrumented callers.
  for (uint32_t I = T->Depth; I-- > 0;) {
    const Frame &F = T->Frames[I];
    if (I + 1 < T->Depth || !Top)
      Out->push(F.Pos ? F.Pos : F.Func);
    if (F.Foreign)
      for (uint32_t J = 0; J < F.Foreign->Size; ++J)
        Out->push(&F.Foreign->Frames[J]->Site);
  }
}

void recordEvent(ThreadState *T, const char *Op, const char *What,
                 const __ravel_site *Site, uptr Obj) {
  // Seqlock writer (see RingEvent): odd sequence, fields, even sequence.
  uint64_t N = T->RingNext;
  RingEvent &E = T->Ring[N % ThreadState::RingSize];
  __atomic_store_n(&E.Seq, 2 * N + 1, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_RELEASE);
  __atomic_store_n(&E.Step, nextStep(), __ATOMIC_RELAXED);
  __atomic_store_n(&E.Op, Op, __ATOMIC_RELAXED);
  __atomic_store_n(&E.What, What, __ATOMIC_RELAXED);
  __atomic_store_n(&E.Site, Site, __ATOMIC_RELAXED);
  __atomic_store_n(&E.Obj, Obj, __ATOMIC_RELAXED);
  __atomic_store_n(&E.After, T->CurEpoch & MaxEpoch, __ATOMIC_RELAXED);
  __atomic_store_n(&E.Seq, 2 * N + 2, __ATOMIC_RELEASE);
  __atomic_store_n(&T->RingNext, N + 1, __ATOMIC_RELEASE);
}

uint32_t snapshotRing(const ThreadState *T, RingEvent *Out) {
  uint64_t N = __atomic_load_n(&T->RingNext, __ATOMIC_ACQUIRE);
  uint64_t First = N > ThreadState::RingSize ? N - ThreadState::RingSize : 0;
  uint32_t K = 0;
  for (uint64_t I = First; I < N; ++I) {
    const RingEvent &E = T->Ring[I % ThreadState::RingSize];
    uint64_t Seq = __atomic_load_n(&E.Seq, __ATOMIC_ACQUIRE);
    if (Seq != 2 * I + 2)
      continue; // being rewritten, or already holds a newer event
    RingEvent C;
    C.Seq = Seq;
    C.Step = __atomic_load_n(&E.Step, __ATOMIC_RELAXED);
    C.Op = __atomic_load_n(&E.Op, __ATOMIC_RELAXED);
    C.What = __atomic_load_n(&E.What, __ATOMIC_RELAXED);
    C.Site = __atomic_load_n(&E.Site, __ATOMIC_RELAXED);
    C.Obj = __atomic_load_n(&E.Obj, __ATOMIC_RELAXED);
    C.After = __atomic_load_n(&E.After, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (__atomic_load_n(&E.Seq, __ATOMIC_RELAXED) != Seq)
      continue; // torn: dropped
    Out[K++] = C;
  }
  return K;
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
  H.Addr = V->Addr;
  captureStack(T, Site, &H.Stack);
  H.AcquiredAt = Site ? accessNodeOf(T, Site) : nullptr;
  H.SetNode = nullptr;
  T->LockSet = nullptr; // made when an access needs it
}

const LockSetNode *heldLockSet(ThreadState *T) {
  ++T->InRuntime; // the depot's lock: no signal handler may re-enter it
  uint32_t I = T->NumHeld;
  while (I && !T->Held[I - 1].SetNode)
    --I;
  const LockSetNode *Cur = I ? T->Held[I - 1].SetNode : &RootLockSet;
  for (; I < T->NumHeld; ++I) {
    HeldLock &H = T->Held[I];
    Cur = internLockSet(Cur, H.Addr, H.Name, H.AcquiredAt);
    H.SetNode = Cur;
  }
  T->LockSet = Cur;
  --T->InRuntime;
  return Cur;
}

namespace {
/// Held[From..] moved: their interned sets no longer apply.
void dropLockSetsFrom(ThreadState *T, uint32_t From) {
  for (uint32_t I = From; I < T->NumHeld; ++I)
    T->Held[I].SetNode = nullptr;
  T->LockSet = nullptr;
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
  dropLockSetsFrom(T, Idx);
  return true;
}

namespace {
bool isSpace(char C) { return C == ' ' || C == '\t' || C == '\n'; }
bool isIdent(char C) {
  return C == '_' || (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
         (C >= '0' && C <= '9');
}

/// [B, E) without surrounding blanks and redundant outer parentheses.
void trimExpr(const char *&B, const char *&E) {
  for (;;) {
    while (B < E && isSpace(*B))
      ++B;
    while (E > B && isSpace(E[-1]))
      --E;
    if (E - B < 2 || *B != '(' || E[-1] != ')')
      return;
    int Depth = 0; // only strip when the first '(' closes at the end
    for (const char *P = B; P < E; ++P) {
      Depth += *P == '(' ? 1 : *P == ')' ? -1 : 0;
      if (!Depth && P != E - 1)
        return;
    }
    ++B;
    --E;
  }
}

bool startsWith(const char *B, const char *E, const char *Prefix) {
  for (; *Prefix; ++B, ++Prefix)
    if (B == E || *B != *Prefix)
      return false;
  return true;
}
} // namespace

const char *syncObjectText(const char *Text, bool MutexRole, char *Buf,
                           size_t BufSize) {
  if (!BufSize)
    return Buf;
  Buf[0] = 0;
  if (!Text)
    return Buf;
  const char *B = Text, *E = Text + internalStrlen(Text);
  trimExpr(B, E);
  // A call: the '(' matching the final ')'.
  const char *Open = nullptr;
  if (E > B && E[-1] == ')') {
    int Depth = 0;
    for (const char *P = E; P-- > B;) {
      Depth += *P == ')' ? 1 : *P == '(' ? -1 : 0;
      if (!Depth) {
        Open = P;
        break;
      }
    }
  }
  const char *RB = B, *RE = E;
  if (Open && Open > B) {
    const char *CalleeB = B, *CalleeE = Open;
    trimExpr(CalleeB, CalleeE);
    // The member name of `obj.method` / `obj->method`.
    const char *M = CalleeE;
    while (M > CalleeB && isIdent(M[-1]))
      --M;
    bool Member = false;
    const char *ObjE = M;
    if (M > CalleeB && M[-1] == '.')
      Member = true, ObjE = M - 1;
    else if (M - CalleeB >= 2 && M[-1] == '>' && M[-2] == '-')
      Member = true, ObjE = M - 2;
    if (Member && ObjE > CalleeB) {
      RB = CalleeB;
      RE = ObjE;
    } else {
      // Arguments at depth 0: the first, or the mutex of a condvar wait.
      unsigned Want =
          MutexRole &&
                  (startsWith(CalleeB, CalleeE, "pthread_cond_wait") ||
                   startsWith(CalleeB, CalleeE, "pthread_cond_timedwait") ||
                   startsWith(CalleeB, CalleeE, "pthread_cond_clockwait"))
              ? 1
              : 0;
      const char *ArgB = Open + 1, *P = ArgB;
      unsigned Index = 0;
      int Depth = 0;
      const char *Found = nullptr, *FoundE = nullptr;
      for (; P < E - 1; ++P) {
        char C = *P;
        if (C == '(' || C == '[' || C == '{')
          ++Depth;
        else if (C == ')' || C == ']' || C == '}')
          --Depth;
        else if (C == ',' && !Depth) {
          if (Index == Want) {
            Found = ArgB;
            FoundE = P;
            break;
          }
          ++Index;
          ArgB = P + 1;
        }
      }
      if (!Found && Index == Want) {
        Found = ArgB;
        FoundE = E - 1;
      }
      if (Found) {
        trimExpr(Found, FoundE);
        if (FoundE > Found && *Found == '&' &&
            (FoundE - Found < 2 || Found[1] != '&')) {
          ++Found;
          trimExpr(Found, FoundE);
        }
        if (FoundE > Found)
          RB = Found, RE = FoundE;
      }
    }
  }
  size_t Len = static_cast<size_t>(RE - RB);
  if (Len >= BufSize)
    Len = BufSize - 1;
  internalMemcpy(Buf, RB, Len);
  Buf[Len] = 0;
  return Buf;
}

void lockName(const SyncVar *V, const __ravel_site *Site, char *Buf,
              size_t BufSize) {
  const char *Text = Site && Site->text && *Site->text ? Site->text : nullptr;
  bool MutexRole =
      V && (V->Kind == SyncKind::Mutex || V->Kind == SyncKind::RwLock ||
            V->Kind == SyncKind::SpinLock);
  if (Text)
    syncObjectText(Text, MutexRole, Buf, BufSize);
  if (!Text || !*Buf)
    internalSnprintf(Buf, BufSize, "%s at %p", V ? syncKindName(V->Kind) : "object",
             V ? reinterpret_cast<void *>(V->Addr) : nullptr);
}

bool numberCycleLocks(const uint64_t *LockKeys, unsigned Len,
                      char *const *Holds, char *const *Acquires,
                      size_t BufSize) {
  // Lock I appears as edge I's holds and as edge I-1's acquires.
  bool Ambiguous = false;
  for (unsigned I = 0; I < Len && !Ambiguous; ++I)
    for (unsigned J = 0; J < Len && !Ambiguous; ++J) {
      if (LockKeys[I] == LockKeys[J])
        continue;
      const char *TextsI[2] = {Holds[I], Acquires[(I + Len - 1) % Len]};
      const char *TextsJ[2] = {Holds[J], Acquires[(J + Len - 1) % Len]};
      for (const char *A : TextsI)
        for (const char *B : TextsJ)
          Ambiguous |= !internalStrcmp(A, B);
    }
  if (!Ambiguous)
    return false;
  char Tmp[256];
  for (unsigned I = 0; I < Len; ++I) {
    internalSnprintf(Tmp, sizeof(Tmp), "%s", Holds[I]);
    internalSnprintf(Holds[I], BufSize, "%.*s (lock #%u)",
             static_cast<int>(BufSize > 16 ? BufSize - 16 : 0), Tmp, I + 1);
    internalSnprintf(Tmp, sizeof(Tmp), "%s", Acquires[I]);
    internalSnprintf(Acquires[I], BufSize, "%.*s (lock #%u)",
             static_cast<int>(BufSize > 16 ? BufSize - 16 : 0), Tmp,
             (I + 1) % Len + 1);
  }
  return true;
}

void heldLockName(const HeldLock &H, char *Buf, size_t BufSize) {
  if (H.Name && *H.Name)
    syncObjectText(H.Name, /*MutexRole=*/true, Buf, BufSize);
  else if (BufSize)
    Buf[0] = 0;
  if (!BufSize || !*Buf)
    lockName(H.Var, nullptr, Buf, BufSize);
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
