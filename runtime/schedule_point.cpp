//===- runtime/schedule_point.cpp - wiring the scheduler in --------------===//
#include "schedule_point.h"

#include "access_points.h"
#include "interleaving.h"
#include "reporter.h"
#include "thread_registry.h"
#include "watchdog.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

namespace ravel::rt {

bool ControlledSchedule;
bool Serialized;

namespace {
const __ravel_site *positionOf(const ThreadState *T) {
  if (T->PendingSite)
    return T->PendingSite;
  return T->Depth ? T->Frames[T->Depth - 1].Pos : nullptr;
}

[[noreturn]] void onDeadlock() {
  // Off the stack (the reporting thread's may be small); the hook runs once,
  // on the thread holding the turn, and ends the process.
  static sched::BlockedInfo Info[256];
  static ThreadState *Blocked[256];
  uint32_t N = sched::blockedThreads(Info, 256);
  uint32_t M = 0;
  for (uint32_t I = 0; I < N; ++I)
    if (ThreadState *T = threadByTid(Info[I].Tid))
      Blocked[M++] = T;
  static char Details[160];
  internalSnprintf(Details, sizeof(Details),
           "under schedule=%s seed=%llu no thread can run: every live thread "
           "waits for another",
           scheduleModeName(G.Opts.Schedule),
           static_cast<unsigned long long>(G.Opts.Seed));
  reportBlockedThreads(Blocked, M, Details);
}

[[noreturn]] void onHang(uint64_t Steps) {
  uint32_t N = threadCount();
  auto **Live =
      static_cast<ThreadState **>(internalCalloc(N * sizeof(ThreadState *)));
  uint32_t M = 0;
  for (uint32_t I = 0; I < N; ++I) {
    ThreadState *T = threadByTid(I);
    if (T && !__atomic_load_n(&T->Finished, __ATOMIC_ACQUIRE))
      Live[M++] = T;
  }
  Finding F{};
  F.Kind = FindingKind::Hang;
  F.Threads = static_cast<FindingThread *>(
      internalCalloc((M ? M : 1) * sizeof(FindingThread)));
  F.NumThreads = M;
  F.StepBudget = sched::maxSteps();
  F.Spins = static_cast<FindingSpin *>(
      internalCalloc((M ? M : 1) * sizeof(FindingSpin)));
  for (uint32_t I = 0; I < M; ++I) {
    ThreadState *T = Live[I];
    sched::SpinInfo Spin;
    if (!T->BlockedOp && sched::spinInfo(T->Tid, &Spin)) {
      FindingSpin &S = F.Spins[F.NumSpins++];
      S.Tid = T->Tid;
      S.Yield = Spin.ByYield;
      S.Site = static_cast<const __ravel_site *>(Spin.Site);
      S.What = S.Site && S.Site->text ? S.Site->text : "";
      S.Count = Spin.Count;
    }
    describeThread(T, &F.Threads[I], /*WithLocks=*/true);
    F.Threads[I].Op = T->BlockedOp ? T->BlockedOp : "run";
    captureStack(T, T->BlockedOp ? T->BlockedSite : positionOf(T),
                 &F.Threads[I].Stack);
    if (T->BlockedOp && T->BlockedSite) {
      char What[96];
      syncObjectText(T->BlockedSite->text, /*MutexRole=*/false, What,
                     sizeof(What));
      addFinalEvent(&F.Threads[I], T->BlockedOp, What, T->BlockedSite);
    }
  }
  internalSnprintf(F.Summary, sizeof(F.Summary),
           "the run took more than its budget of %llu scheduling steps "
           "(livelock or starvation) with %u live thread(s)",
           static_cast<unsigned long long>(Steps - 1), M);
  internalSnprintf(F.Details, sizeof(F.Details),
           "stopped after %llu steps under schedule=%s seed=%llu",
           static_cast<unsigned long long>(Steps),
           scheduleModeName(G.Opts.Schedule),
           static_cast<unsigned long long>(G.Opts.Seed));
  reportFinding(F);
  endRunWithFindings();
}

int spawnHelper(void *(*Fn)(void *), void *Arg) {
  using CreateFn =
      int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
  auto Create = reinterpret_cast<CreateFn>(dlsym(RTLD_NEXT, "pthread_create"));
  if (!Create)
    return -1;
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&Attr, 256 * 1024);
  // The helper blocks every signal: the program's handlers run on its own
  // threads only.
  sigset_t All, Old;
  sigfillset(&All);
  pthread_sigmask(SIG_SETMASK, &All, &Old);
  pthread_t Th;
  int R = Create(&Th, &Attr, Fn, Arg);
  pthread_sigmask(SIG_SETMASK, &Old, nullptr);
  pthread_attr_destroy(&Attr);
  return R;
}

uint64_t siteKey(const void *Site) {
  const auto *S = static_cast<const __ravel_site *>(Site);
  return S ? (uint64_t(S->line) << 24) ^ (uint64_t(S->column) << 8) ^ S->kind
           : 0;
}

void describeSite(const void *Site, char *Buf, size_t Len) {
  const auto *S = static_cast<const __ravel_site *>(Site);
  if (S)
    internalSnprintf(Buf, Len, "%s:%u", S->file ? S->file : "?", S->line);
  else
    internalSnprintf(Buf, Len, "an unknown site");
}
} // namespace

void initScheduler(const Options &Opts) {
  if (Opts.Schedule == ScheduleMode::Native)
    return;
  sched::Config C;
  C.TheMode = Opts.Schedule;
  C.Seed = Opts.Seed;
  C.Depth = Opts.Depth;
  // Without max_steps=, a controlled run that knows how long the program
  // usually is (steps_hint=) gets the contract's budget for that length
  // (stepBudgetFor, ravel/contract/run.h; `ravel run` applies it too).
  C.MaxSteps = Opts.MaxSteps;
  if (!C.MaxSteps && Opts.StepsHint)
    C.MaxSteps = contract::stepBudgetFor(Opts.StepsHint);
  C.StepsHint = Opts.StepsHint;
  C.RecordPath = Opts.Record;
  C.AllPoints = Opts.AllPoints;
  if (Opts.RacySites && *Opts.RacySites) {
    TextBuffer Msg;
    if (!loadRacySites(Opts.RacySites, &Msg)) {
      Msg.append("\n");
      rawWrite(2, "ravel: ", 7);
      rawWrite(2, Msg.data(), Msg.size());
      rawExit(2);
    }
  }
  C.NumRacySites = racySiteKeys(&C.RacySites);
  C.ReplayPath = Opts.Replay;
  C.TheHooks.onDeadlock = onDeadlock;
  C.TheHooks.onHang = onHang;
  C.TheHooks.spawnHelper = spawnHelper;
  C.TheHooks.describeSite = describeSite;
  C.TheHooks.siteKey = siteKey;
  char Err[512];
  Err[0] = 0;
  if (!sched::init(C, Err, sizeof(Err))) {
    TextBuffer Msg;
    Msg.appendf("ravel: %s\n", Err[0] ? Err : "cannot start the scheduler");
    rawWrite(2, Msg.data(), Msg.size());
    rawExit(2);
  }
  if (sched::controlled())
    initVirtualClock();
  if (sched::recordedAllPoints())
    G.Opts.AllPoints = true; // a replay makes the recorded run's points
  const uint64_t *Keys = nullptr;
  if (uint32_t N = sched::recordedRacySites(&Keys))
    addRacySiteKeys(Keys, N);
  QuietFastPath = Serialized && !G.Opts.AllPoints && !racySiteKeys(&Keys);
  Serialized = sched::controlled();
  ControlledSchedule = true;
}

void leaveScheduleInChild() {
  sched::leaveSchedule();
  Serialized = false;
  ControlledSchedule = false;
}

// The scheduler may call back into the runtime (deadlock and hang hooks):
// it always runs inside the runtime scope (ground rule 4).
// A fence (an atomic point without an address) changes no memory; every
// other point without a known effect counts as progress for the fairness
// rule (scheduler.h).
void schedulingPointSlow(ThreadState *T, PointKind K, uptr Addr) {
  effectPointSlow(T,
                  K == PointKind::Atomic && !Addr ? sched::Effect::Neutral
                                                  : sched::Effect::Other,
                  Addr, 0);
}

void effectPointSlow(ThreadState *T, sched::Effect E, uptr Addr, uptr Size) {
  RuntimeScope Scope(T);
  sched::point(T->Tid, positionOf(T), E, Addr, Size);
}

void accessPointSlow(ThreadState *T, uptr Addr, uptr Size, bool Write,
                     const __ravel_site *Site) {
  // Not a point when it cannot matter to another thread (access_points.h);
  // its event is still in the ring for the reports.
  if (!Serialized || accessIsPoint(T, Addr, Size, Write, Site)) {
    RuntimeScope Scope(T);
    sched::point(T->Tid, positionOf(T),
                 Write ? sched::Effect::Write : sched::Effect::Read, Addr,
                 Size, /*Plain=*/true);
  }
  // Recorded once the access is this thread's turn, so the step is when it
  // takes effect.
  if (Serialized)
    recordEvent(T, Write ? "write" : "read", Site ? Site->text : "", Site,
                Addr);
}

sched::WakeReason parkOn(ThreadState *T, const void *Obj, sched::WaitKind K,
                         int64_t TimeoutNs, const __ravel_site *Site,
                         bool AllowSpurious) {
  sched::WakeReason R;
  {
    RuntimeScope Scope(T);
    R = sched::blockOn(T->Tid, Obj, K, TimeoutNs, Site, AllowSpurious);
  }
  // A signal that interrupted the wait: its handler runs now, while the
  // thread holds the turn, as the program's code (the interceptor that
  // parked holds no runtime lock here). Waiting until the interceptor
  // returns could mean never: a semaphore wait parks again, and only the
  // handler's sem_post would end it.
  if (RAVEL_UNLIKELY(DeferredSignals) && T->InRuntime > 0) {
    int Saved = T->InRuntime;
    T->InRuntime = 0;
    runDeferredSignals(T);
    T->InRuntime = Saved;
  }
  return R;
}

int64_t timeoutFromAbs(const struct timespec *Abs, clockid_t C) {
  if (!Abs)
    return -1;
  struct timespec Now;
  if (!virtualClockGettime(C, &Now))
    realClockGettime(C, &Now);
  int64_t Ns = (int64_t(Abs->tv_sec) - int64_t(Now.tv_sec)) * 1000000000 +
               (int64_t(Abs->tv_nsec) - int64_t(Now.tv_nsec));
  return Ns < 0 ? 0 : Ns;
}

} // namespace ravel::rt
