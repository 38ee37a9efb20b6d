//===- scheduler/scheduler.cpp - one thread at a time, chosen by seed -----===//
//
// See scheduler.h for the contract. The turn is passed by futex words: the
// thread giving it away sets its own word to 0, the receiver's to 1 and wakes
// it, then sleeps until its own word is 1 again.
//
//===----------------------------------------------------------------------===//
#include "scheduler.h"

#include "futex.h"
#include "schedule_file.h"
#include "strategy.h"

#include <string.h>

namespace ravel::rt::sched {
namespace {

constexpr uint32_t kNone = 0xffffffffu;
/// Virtual time one scheduling step (or one clock read) takes: so a sleeper
/// wakes while other threads keep running, and a loop that only reads the
/// clock still sees it move.
constexpr uint64_t kTickNs = 1000;

enum class State : uint8_t { Unused, Runnable, Blocked, Finished, Free };

struct Slot {
  uint32_t Turn;      // futex word; 1 while this thread holds the turn
  State St;           // invariant: Blocked iff Object != nullptr
  WaitKind Kind;
  bool Timed;         // Blocked with a time-out: a candidate to time out
  WakeReason Reason;  // why the last blockOn returned
  const void *Object; // what a Blocked thread waits for
  const void *Site;   // last scheduling point reached
  uint64_t WakeAt;    // virtual time at which a Timed wait expires
};

/// Serialises the watchdog against the turn holder; otherwise uncontended.
class SpinLock {
public:
  void lock() {
    while (__atomic_exchange_n(&Word, 1, __ATOMIC_ACQUIRE))
      while (__atomic_load_n(&Word, __ATOMIC_RELAXED))
        __builtin_ia32_pause();
  }
  void unlock() { __atomic_store_n(&Word, 0, __ATOMIC_RELEASE); }

private:
  uint32_t Word = 0;
};

Config Cfg;
Mode TheMode = Mode::Native;
Strategy *Strat = nullptr;
SpinLock Lock;
Slot Slots[kMaxThreads];
uint32_t HighWater = 0; // invariant: every used slot has Tid < HighWater
uint32_t Current = 0;   // holder of the turn, unless NoCurrent
bool NoCurrent = false; // nobody holds the turn (all runnable ran free)
uint64_t Step = 0;
// invariant: only grows; ns since init (clock reads add Start of the clock).
uint64_t VirtualNow = 0;
DecisionLog Record;
DecisionLog Replay;
uint32_t ReplayPos = 0;
bool Exact = true;
bool Diverged = false;
char Notes[4096];
size_t NotesLen = 0;
uint32_t WatchdogWord = 0;

void addNote(const char *A, uint32_t Tid, const char *B, const void *Site) {
  char Line[512];
  size_t N = 0;
  auto Put = [&](const char *S) {
    while (S && *S && N + 2 < sizeof(Line))
      Line[N++] = *S++;
  };
  Put(A);
  if (Tid != kNone) {
    char Tmp[12];
    int K = 0;
    uint32_t V = Tid;
    do {
      Tmp[K++] = (char)('0' + V % 10);
      V /= 10;
    } while (V);
    while (K)
      Line[N++] = Tmp[--K];
  }
  Put(B);
  if (Site && Cfg.TheHooks.describeSite) {
    char Where[256];
    Cfg.TheHooks.describeSite(Site, Where, sizeof(Where));
    Put(" at ");
    Put(Where);
  }
  Line[N++] = '\n';
  if (NotesLen + N < sizeof(Notes)) {
    memcpy(Notes + NotesLen, Line, N);
    NotesLen += N;
    Notes[NotesLen] = '\0';
  }
}

/// Advances the step count and virtual time by one step.
void tick() {
  ++Step;
  VirtualNow += kTickNs;
}

void waitTurn(uint32_t Self) {
  while (__atomic_load_n(&Slots[Self].Turn, __ATOMIC_ACQUIRE) == 0)
    futexWait(&Slots[Self].Turn, 0);
}

/// Gives the turn to Next (called with Lock held; releases it). If Self still
/// has a slot to wait on (Wait), sleeps until it gets the turn back.
void handOff(uint32_t Self, uint32_t Next, bool Wait) {
  if (Next == Self) {
    Lock.unlock();
    return;
  }
  if (Self != kNone)
    __atomic_store_n(&Slots[Self].Turn, 0, __ATOMIC_RELEASE);
  if (Next == kNone) {
    NoCurrent = true;
  } else {
    Current = Next;
    NoCurrent = false;
    __atomic_store_n(&Slots[Next].Turn, 1, __ATOMIC_RELEASE);
    futexWake(&Slots[Next].Turn);
  }
  Lock.unlock();
  if (Wait && Self != kNone)
    waitTurn(Self);
}

bool contains(const uint32_t *Set, uint32_t N, uint32_t V) {
  for (uint32_t I = 0; I < N; ++I)
    if (Set[I] == V)
      return true;
  return false;
}

/// The replayed or strategy-made value of a choice among N options; Default
/// is what "no preemption" means here. Records the value taken.
uint32_t decideValue(const uint32_t *Options, uint32_t N, uint32_t Default,
                     uint32_t Self, bool IsThreadChoice) {
  uint32_t V;
  if (TheMode == Mode::Replay) {
    if (ReplayPos < Replay.size()) {
      V = Replay.at(ReplayPos++);
      bool Valid = IsThreadChoice ? contains(Options, N, V) : V < N;
      if (V != kDefaultDecision && !Valid && !Diverged) {
        Diverged = true;
        addNote("replay diverged at step ", (uint32_t)Step,
                ": the recorded choice is not possible here (the program "
                "took another path)",
                nullptr);
      }
      if (V == kDefaultDecision || !Valid)
        V = Default;
    } else {
      if (!Diverged && ReplayPos == Replay.size() && Replay.size() > 0) {
        // More choices than were recorded: the program went further.
        Diverged = true;
        addNote("replay diverged at step ", (uint32_t)Step,
                ": more choices than the recording holds", nullptr);
      }
      V = Default;
    }
  } else if (IsThreadChoice) {
    V = Strat->pick(Options, N, Self, Step);
  } else {
    V = Strat->choose(N);
  }
  Record.append(V);
  return V;
}

/// Chooses who runs next (Lock held). Candidates are runnable threads and
/// threads in a timed wait (choosing one of those expires its time-out).
/// Returns kNone when nobody can run but a free-running thread exists. Calls
/// the deadlock hook (which does not return) when nobody can run at all.
uint32_t decide(uint32_t Self) {
  uint32_t Cand[kMaxThreads];
  uint32_t N = 0;
  bool AnyFree = false;
  for (;;) {
    uint64_t Earliest = ~0ULL;
    for (uint32_t T = 0; T < HighWater; ++T) {
      const Slot &S = Slots[T];
      if (S.St == State::Runnable) {
        Cand[N++] = T;
      } else if (S.St == State::Blocked && S.Timed) {
        if (S.WakeAt <= VirtualNow)
          Cand[N++] = T; // due: choosing it expires its time-out
        else if (S.WakeAt < Earliest)
          Earliest = S.WakeAt;
      } else if (S.St == State::Free) {
        AnyFree = true;
      }
    }
    if (N > 0 || Earliest == ~0ULL)
      break;
    // Nobody can run before the earliest wake-up: virtual time jumps there.
    VirtualNow = Earliest;
  }
  if (N == 0) {
    if (AnyFree)
      return kNone;
    Lock.unlock();
    if (Cfg.TheHooks.onDeadlock)
      Cfg.TheHooks.onDeadlock();
    // A runtime without a deadlock hook: nothing can ever run again.
    static const char Msg[] = "ravel: deadlock: no thread can run\n";
    syscall(SYS_write, 2, Msg, sizeof(Msg) - 1);
    syscall(SYS_exit_group, 66);
    __builtin_unreachable();
  }
  uint32_t Next;
  if (N == 1) {
    Next = Cand[0];
  } else {
    uint32_t Default = Cand[0];
    if (Self != kNone && Slots[Self].St == State::Runnable)
      Default = Self;
    Next = decideValue(Cand, N, Default, Self, /*IsThreadChoice=*/true);
  }
  Slot &S = Slots[Next];
  if (S.St == State::Blocked) {
    // Its time-out expires now.
    S.St = State::Runnable;
    S.Object = nullptr;
    S.Timed = false;
    S.Reason = WakeReason::TimedOut;
  }
  return Next;
}

/// Takes Lock and makes sure Self holds the turn: a thread that ran free (or
/// was never registered) rejoins the schedule here.
void enter(uint32_t Self) {
  Lock.lock();
  Slot &S = Slots[Self];
  if (S.St != State::Free && S.St != State::Unused)
    return;
  if (S.St == State::Unused && Self >= HighWater)
    HighWater = Self + 1;
  S.St = State::Runnable;
  if (NoCurrent) {
    NoCurrent = false;
    Current = Self;
    __atomic_store_n(&S.Turn, 1, __ATOMIC_RELEASE);
    return;
  }
  __atomic_store_n(&S.Turn, 0, __ATOMIC_RELEASE);
  Lock.unlock();
  waitTurn(Self);
  Lock.lock();
}

void countStep(const void *Site, uint32_t Self) {
  Slots[Self].Site = Site;
  tick();
  if (Cfg.MaxSteps && Step > Cfg.MaxSteps) {
    Lock.unlock();
    if (Cfg.TheHooks.onHang)
      Cfg.TheHooks.onHang(Step);
    static const char Msg[] = "ravel: step budget exceeded\n";
    syscall(SYS_write, 2, Msg, sizeof(Msg) - 1);
    syscall(SYS_exit_group, 66);
  }
}

void *watchdog(void *) {
  uint64_t LastStep = ~0ULL;
  uint64_t LastChange = monotonicNs();
  const uint64_t Stall = (uint64_t)Cfg.StallMs * 1000000ULL;
  for (;;) {
    futexWait(&WatchdogWord, 0, 20 * 1000000LL);
    uint64_t Now = monotonicNs();
    Lock.lock();
    if (Step != LastStep || NoCurrent) {
      LastStep = Step;
      LastChange = Now;
    } else if (Now - LastChange > Stall) {
      uint32_t Stuck = Current;
      Slot &S = Slots[Stuck];
      if (S.St == State::Runnable) {
        S.St = State::Free;
        __atomic_store_n(&S.Turn, 0, __ATOMIC_RELEASE);
        Exact = false;
        addNote("thread ", Stuck,
                " stopped reaching scheduling points (blocked in code ravel "
                "cannot see, e.g. I/O or an uninstrumented library); it ran "
                "freely from here",
                S.Site);
        uint32_t Next = decide(kNone);
        LastChange = Now;
        handOff(kNone, Next, /*Wait=*/false);
        continue;
      }
      LastChange = Now;
    }
    Lock.unlock();
  }
  return nullptr;
}

} // namespace

const char *modeName(Mode M) {
  switch (M) {
  case Mode::Native:
    return "native";
  case Mode::Noise:
    return "noise";
  case Mode::Random:
    return "random";
  case Mode::Pct:
    return "pct";
  case Mode::Replay:
    return "replay";
  }
  return "?";
}

bool init(const Config &C, char *Err, size_t ErrLen) {
  Cfg = C;
  TheMode = C.TheMode;
  if (TheMode == Mode::Replay) {
    if (!C.ReplayPath || !*C.ReplayPath) {
      if (Err && ErrLen) {
        strncpy(Err, "schedule=replay needs replay=PATH (a schedule file)",
                ErrLen - 1);
        Err[ErrLen - 1] = '\0';
      }
      return false;
    }
    uint64_t RecordedSteps = 0, RecordedBudget = 0;
    if (!readScheduleFile(C.ReplayPath, Replay, Err, ErrLen, &RecordedSteps,
                          &RecordedBudget))
      return false;
    // A replay without max_steps= keeps the recorded run's step budget, so a
    // replayed livelock stops as the same `hang` at the same step; a file
    // without one gets twice the recorded length (plus slack for a shrunk
    // schedule) rather than running forever.
    if (!Cfg.MaxSteps)
      Cfg.MaxSteps = RecordedBudget ? RecordedBudget
                                    : (RecordedSteps ? 2 * RecordedSteps + 10000
                                                     : 0);
  }
  if (TheMode == Mode::Noise)
    noiseInit(C.Seed);
  if (TheMode == Mode::Random || TheMode == Mode::Replay)
    Strat = makeRandomStrategy(C.Seed); // replay: only for wake choices past the log
  else if (TheMode == Mode::Pct)
    Strat = makePctStrategy(C.Seed, C.Depth, C.StepsHint);
  if (!controlled())
    return true;
  Slots[0].St = State::Runnable;
  Slots[0].Turn = 1;
  HighWater = 1;
  Current = 0;
  Strat->threadCreated(0);
  if (C.TheHooks.spawnHelper && C.StallMs)
    C.TheHooks.spawnHelper(watchdog, nullptr);
  return true;
}

bool controlled() {
  return TheMode == Mode::Random || TheMode == Mode::Pct ||
         TheMode == Mode::Replay;
}

bool noisy() { return TheMode == Mode::Noise; }

void point(uint32_t Self, const void *Site) {
  if (!controlled()) {
    if (TheMode == Mode::Noise)
      noisePoint(Self);
    return;
  }
  enter(Self);
  countStep(Site, Self);
  uint32_t Next = decide(Self);
  handOff(Self, Next, /*Wait=*/true);
}

void yield(uint32_t Self, const void *Site) {
  if (!controlled()) {
    point(Self, Site);
    return;
  }
  enter(Self);
  Strat->yielded(Self);
  countStep(Site, Self);
  uint32_t Next = decide(Self);
  handOff(Self, Next, /*Wait=*/true);
}

void threadCreated(uint32_t Parent, uint32_t Child) {
  if (!controlled())
    return;
  enter(Parent);
  Slot &S = Slots[Child];
  S.St = State::Runnable;
  S.Turn = 0;
  S.Object = nullptr;
  S.Timed = false;
  S.Site = nullptr;
  if (Child >= HighWater)
    HighWater = Child + 1;
  Strat->threadCreated(Child);
  Lock.unlock();
}

void threadStarted(uint32_t Self) {
  if (!controlled())
    return;
  waitTurn(Self);
}

void threadFinished(uint32_t Self) {
  if (!controlled())
    return;
  enter(Self);
  Slots[Self].St = State::Finished;
  tick();
  uint32_t Next = decide(Self);
  handOff(Self, Next, /*Wait=*/false);
}

WakeReason blockOn(uint32_t Self, const void *Object, WaitKind Kind,
                   int64_t TimeoutNs, const void *Site, bool AllowSpurious) {
  if (!controlled())
    return WakeReason::Woken;
  enter(Self);
  countStep(Site, Self);
  if (AllowSpurious) {
    // One chance in 16 that the wait returns without a signal (POSIX
    // allows it; code that waits with `if` instead of `while` breaks).
    uint32_t Opt[16];
    for (uint32_t I = 0; I < 16; ++I)
      Opt[I] = I;
    if (decideValue(Opt, 16, 1, Self, /*IsThreadChoice=*/false) == 0) {
      Lock.unlock();
      return WakeReason::Spurious;
    }
  }
  Slot &S = Slots[Self];
  S.St = State::Blocked;
  S.Object = Object;
  S.Kind = Kind;
  S.Timed = TimeoutNs >= 0;
  S.WakeAt = VirtualNow + (TimeoutNs >= 0 ? (uint64_t)TimeoutNs : 0);
  S.Reason = WakeReason::Woken;
  uint32_t Next = decide(Self);
  handOff(Self, Next, /*Wait=*/true);
  return S.Reason;
}

uint32_t wake(const void *Object, bool All) {
  if (!controlled())
    return 0;
  Lock.lock();
  uint32_t Waiters[kMaxThreads];
  uint32_t N = 0;
  for (uint32_t T = 0; T < HighWater; ++T)
    if (Slots[T].St == State::Blocked && Slots[T].Object == Object)
      Waiters[N++] = T;
  uint32_t Woken = 0;
  auto Release = [&](uint32_t T) {
    Slot &S = Slots[T];
    S.St = State::Runnable;
    S.Object = nullptr;
    S.Timed = false;
    S.Reason = WakeReason::Woken;
    ++Woken;
  };
  if (All) {
    for (uint32_t I = 0; I < N; ++I)
      Release(Waiters[I]);
  } else if (N > 0) {
    // Which waiter a signal wakes is the schedule's choice.
    Release(N == 1 ? Waiters[0]
                   : decideValue(Waiters, N, Waiters[0], kNone,
                                 /*IsThreadChoice=*/true));
  }
  Lock.unlock();
  return Woken;
}

void sleepFor(uint32_t Self, uint64_t Ns, const void *Site) {
  if (!controlled()) {
    point(Self, Site);
    return;
  }
  enter(Self);
  Strat->yielded(Self);
  Lock.unlock();
  blockOn(Self, &Slots[Self], WaitKind::Sleep, (int64_t)Ns, Site);
}

uint32_t choose(uint32_t N) {
  if (!controlled() || N < 2)
    return 0;
  Lock.lock();
  uint32_t Opt[64];
  uint32_t M = N < 64 ? N : 64;
  for (uint32_t I = 0; I < M; ++I)
    Opt[I] = I;
  uint32_t V = decideValue(Opt, M, 0, kNone, /*IsThreadChoice=*/false);
  Lock.unlock();
  return V;
}

uint32_t blockedThreads(BlockedInfo *Out, uint32_t Max) {
  uint32_t N = 0;
  for (uint32_t T = 0; T < HighWater && N < Max; ++T)
    if (Slots[T].St == State::Blocked)
      Out[N++] = {T, Slots[T].Object, Slots[T].Kind, Slots[T].Site};
  return N;
}

void saveRecord() {
  if (!Cfg.RecordPath || !*Cfg.RecordPath || !controlled())
    return;
  ScheduleHeader H;
  H.Strategy = Cfg.StrategyName ? Cfg.StrategyName : modeName(TheMode);
  H.Seed = Cfg.Seed;
  H.Depth = Cfg.Depth;
  H.Steps = Step;
  H.MaxSteps = Cfg.MaxSteps;
  H.Exact = Exact && !Diverged;
  H.Notes = NotesLen ? Notes : nullptr;
  writeScheduleFile(Cfg.RecordPath, H, Record);
}

uint64_t virtualNowNs() {
  Lock.lock();
  VirtualNow += kTickNs;
  uint64_t Now = VirtualNow;
  Lock.unlock();
  return Now;
}

uint64_t steps() { return Step; }
bool exact() { return Exact; }
bool diverged() { return Diverged; }

} // namespace ravel::rt::sched
