//===- scheduler/scheduler.cpp - one thread at a time, chosen by seed -----===//
//
// See scheduler.h for the contract. The turn is passed by futex words: the
// thread giving it away sets its own word to 0, the receiver's to 1 and wakes
// it, then sleeps until its own word is 1 again.
//
//===----------------------------------------------------------------------===//
#include "scheduler.h"

#include "futex.h"
#include "kernel_task.h"
#include "schedule_file.h"
#include "strategy.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>

namespace ravel::rt::sched {
namespace {

constexpr uint32_t kNone = 0xffffffffu;
/// Virtual time one scheduling step (or one clock read) takes: so a sleeper
/// wakes while other threads keep running, and a loop that only reads the
/// clock still sees it move.
constexpr uint64_t kTickNs = 1000;
constexpr uint32_t kMaxSites = 8192; // site table of the fingerprints
// Fairness (scheduler.h): a spin loop re-reads at most kWatch distinct
// locations (more is a scan, i.e. progress); kSpinReads re-reads of
// unwritten ones make a spin; a spinning thread is passed over for
// kMinBackoff steps of the others, doubling per spin up to kMaxBackoff.
constexpr uint32_t kWatch = 8;
constexpr uint32_t kSpinReads = 32;
constexpr uint64_t kMinBackoff = 64;
constexpr uint64_t kMaxBackoff = 1 << 16;

enum class State : uint8_t { Unused, Runnable, Blocked, Finished, Free };

struct Slot {
  uint32_t Turn; // futex word; 1 while this thread holds the turn
  State St;      // invariant: Blocked iff Object != nullptr
  WaitKind Kind;
  bool Timed;         // Blocked with a time-out: a candidate to time out
  WakeReason Reason;  // why the last blockOn returned
  const void *Object; // what a Blocked thread waits for
  const void *Site;   // last scheduling point reached
  uint64_t WakeAt;    // virtual time at which a Timed wait expires
  int32_t KernelTid;  // for the watchdog's note (what a stuck thread does)
};

/// A location a thread read since its last progress. invariant: Fresh iff
/// another thread wrote one of its bytes since the thread first read it.
struct Watched {
  uintptr_t Lo, Hi;
  bool Fresh;
};

/// A thread's fairness state (scheduler.h), touched only by the turn
/// holder (Lock held), except Pend*, which only the thread itself touches.
struct SpinState {
  Effect PendEffect;     // what the thread did after its last point
  uintptr_t PendAddr;    // ... to these bytes
  uint64_t PendSize;     //
  const void *PendSite;  //
  uint32_t NumWatch;     // invariant: Watch[0..NumWatch) since progress
  uint64_t Bloom;        // invariant: covers every Watch entry's words
  Watched Watch[kWatch]; //
  uint32_t Stale;        // re-reads of unwritten locations since the last
                         // spin was seen (or progress)
  uint64_t Count;        // re-reads and yields since the last progress
  bool YieldIdle;        // yielded since the last progress
  bool Spinning;         // seen spinning since the last progress
  bool ByYield;          // ... at a yield, not a re-read
  const void *Site;      // where it was last seen spinning
  uintptr_t Addr;        // the location re-read then
  uint64_t Size;         //
  bool Deferred;         // passed over while another thread can run ...
  uint64_t DeferUntil;   // ... until this step (or a write it waits for)
  uint64_t Backoff;      // the last back-off (0: none since progress)
};

/// Serialises the watchdog and starting threads against the turn holder.
/// Yields after a short spin: a thread that meets the lock taken must not
/// burn its time slice while the holder is descheduled (the scheduler library
/// stands alone, so this is not base.h's lock).
class SpinLock {
public:
  void lock() {
    for (unsigned I = 0;; ++I) {
      if (!__atomic_load_n(&Word, __ATOMIC_RELAXED) &&
          !__atomic_exchange_n(&Word, 1, __ATOMIC_ACQUIRE))
        return;
      if (I > 64)
        syscall(SYS_sched_yield);
      else
        __builtin_ia32_pause();
    }
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
SpinState Spins[kMaxThreads];
uint32_t HighWater = 0; // invariant: every used slot has Tid < HighWater
uint32_t Current = 0;   // holder of the turn, unless NoCurrent
bool NoCurrent = false; // nobody holds the turn (all runnable ran free)
uint64_t Step = 0;
// invariant: only grows; ns since init (clock reads add Start of the clock).
uint64_t VirtualNow = 0;
DecisionLog Record;
FingerprintLog RecordFp; // invariant: RecordFp.size() == Record.size()
uint64_t LastChoiceStep = 0; // step of the last recorded choice
DecisionLog Replay;
ScheduleInfo ReplayInfo; // its fingerprints are checked when present
uint32_t ReplayPos = 0;
uint64_t LastDenseStep = 0; // replay of a version 1/2 file: last choice
// FNV-1a-like hash of every counted step's site and thread (countStep): a
// replay that ends with another hash, or at another step, than the
// recording took another path somewhere.
uint64_t PathHash = 0xcbf29ce484222325ULL;
// The fast path of point() (scheduler.h, "Costs"): the thread decide()
// chose goes on without a decision while nothing decide() looks at has
// changed. Dirty: something did (a thread was created, woken, set free or
// rejoined; a fairness state changed). FastUntil: the first step at which
// the strategy (or the replayed log) may choose otherwise. FastClock: the
// virtual time at which a timed wait or an alarm falls due. PlainSteps:
// plain accesses since the last decision (Strategy::plainSlice).
bool Dirty = true;
uint64_t FastUntil = 0;
uint64_t FastClock = 0;
uint32_t PlainSteps = 0;
bool Exact = true;
bool Diverged = false;
char Notes[4096];
size_t NotesLen = 0;
char Reason[1024]; // the first note that made the run inexact
uint32_t WatchdogWord = 0;
// alarm(2) in virtual time: when it expires (0: none), and whether SIGALRM
// is still to be sent to the next thread that runs (one with a kernel id).
uint64_t AlarmAt = 0;
bool AlarmPending = false;

// Sites of the fingerprints: index (1-based) -> site, and an open-addressed
// map site -> index. Filled by the turn holder only.
const void *SiteByIndex[kMaxSites];
uint32_t NumSites = 0;
struct SiteEntry {
  const void *Site;
  uint32_t Index;
} SiteMap[2 * kMaxSites];

/// Scratch space of the scheduler, guarded by Lock (or by the turn): the
/// scheduler runs on the program's threads, whose stacks may be as small as
/// PTHREAD_STACK_MIN, so nothing sized by kMaxThreads (or a text buffer)
/// lives on the stack. invariant: a note line is built by one caller at a
/// time (Lock held), and each array is used by one function at a time.
uint32_t CandBuf[kMaxThreads];    // decide(): the candidates
uint32_t WaitersBuf[kMaxThreads]; // wake(): the threads blocked on an object
uint32_t OptionBuf[64];           // blockOn(), choose(): option values
char NoteBuf[1024];               // NoteLine's text
char SiteBuf[2][256];             // a site's text: [0] here, [1] for at()

/// One note line being built (no allocation: the static NoteBuf, Lock held).
class NoteLine {
public:
  NoteLine &str(const char *S) {
    while (S && *S && N + 2 < kSize)
      Buf[N++] = *S++;
    return *this;
  }
  NoteLine &num(uint64_t V) {
    char Tmp[24]; // the only buffer on the stack: 24 bytes
    int K = 0;
    do {
      Tmp[K++] = (char)('0' + V % 10);
      V /= 10;
    } while (V);
    while (K && N + 2 < kSize)
      Buf[N++] = Tmp[--K];
    return *this;
  }
  /// " at file:line" (nothing without a site or a way to name it).
  NoteLine &at(const void *Site) {
    if (Site && Cfg.TheHooks.describeSite) {
      char *Where = SiteBuf[1];
      Cfg.TheHooks.describeSite(Site, Where, sizeof(SiteBuf[1]));
      str(" at ").str(Where);
    }
    return *this;
  }
  /// Appends the line to the notes; the first one that makes the run
  /// inexact is also its Reason. Print: also on stderr, now.
  void commit(bool MakesInexact, bool Print) {
    Buf[N] = '\0';
    if (MakesInexact && !Reason[0])
      memcpy(Reason, Buf, N + 1 < sizeof(Reason) ? N + 1 : sizeof(Reason));
    Reason[sizeof(Reason) - 1] = '\0';
    if (Print) {
      syscall(SYS_write, 2, "ravel: ", 7);
      Buf[N] = '\n';
      syscall(SYS_write, 2, Buf, N + 1);
    }
    Buf[N] = '\n';
    if (NotesLen + N + 1 < sizeof(Notes)) {
      memcpy(Notes + NotesLen, Buf, N + 1);
      NotesLen += N + 1;
      Notes[NotesLen] = '\0';
    }
  }

private:
  static constexpr size_t kSize = sizeof(NoteBuf);
  char *const Buf = NoteBuf;
  size_t N = 0;
};

/// Advances the step count and virtual time by one step.
void tick() {
  ++Step;
  VirtualNow += kTickNs;
}

// --- Fairness (scheduler.h; Musuvathi, Qadeer, PLDI 2008) ----------------
//
// Why no bug is lost: a thread is only passed over at a point where it has
// provably made no progress since its last progress: every instrumented
// location it read there it had read before, with no write by another
// thread in between, and it wrote nothing and did no sync operation. Its
// steps since then changed nothing another thread can observe, so the
// shared state reachable by letting another thread run first is the same;
// passing it over only drops repetitions of a state already explored
// (PCT: the demotion is one more change point, and the Depth-1 random
// ones are drawn as before). It is never blocked: when no other thread can
// run it runs, and a back-off bounds how long it waits for a write the
// rule cannot see (one made by uninstrumented code or the kernel). Cost: a
// read is O(kWatch) in its own thread's state, a write O(threads) behind a
// per-thread filter; nothing in native mode.

/// One bit per 8-byte word of [Lo, Hi), hashed; all bits for a long range.
uint64_t bloomOf(uintptr_t Lo, uintptr_t Hi) {
  uintptr_t W0 = Lo >> 3, W1 = (Hi - 1) >> 3;
  if (Hi <= Lo || W1 - W0 >= 8)
    return ~0ULL;
  uint64_t M = 0;
  for (uintptr_t W = W0; W <= W1; ++W)
    M |= 1ULL << (((uint64_t)W * 0x9e3779b97f4a7c15ULL) >> 58);
  return M;
}

/// Tid made progress: it is not spinning, and its window starts afresh.
void progress(uint32_t Tid) {
  SpinState &P = Spins[Tid];
  Dirty |= P.Deferred;
  P.NumWatch = 0;
  P.Bloom = 0;
  P.Stale = 0;
  P.Count = 0;
  P.YieldIdle = P.Spinning = P.ByYield = P.Deferred = false;
  P.Backoff = 0;
}

/// Tid spins at Site: it gives up its priority (scheduler.h). Demote: also
/// lower it in the strategy (a yield did already).
void spinSeen(uint32_t Tid, const void *Site, bool ByYield, uintptr_t Addr,
              uint64_t Size, bool Demote) {
  SpinState &P = Spins[Tid];
  P.Spinning = true;
  P.ByYield = ByYield;
  P.Site = Site;
  P.Addr = Addr;
  P.Size = Size;
  P.Stale = 0;
  P.Backoff = P.Backoff
                  ? (P.Backoff < kMaxBackoff ? 2 * P.Backoff : kMaxBackoff)
                  : kMinBackoff;
  P.Deferred = true;
  P.DeferUntil = Step + P.Backoff;
  Dirty = true;
  if (Demote && Strat)
    Strat->yielded(Tid);
}

/// Tid read [Lo, Hi) at Site (the read has taken effect).
void observeRead(uint32_t Tid, uintptr_t Lo, uintptr_t Hi, const void *Site) {
  SpinState &P = Spins[Tid];
  bool Contained = false;
  for (uint32_t I = 0; I < P.NumWatch; ++I) {
    const Watched &W = P.Watch[I];
    if (W.Lo >= Hi || Lo >= W.Hi)
      continue;
    if (W.Fresh) { // it saw another thread's write
      progress(Tid);
      Contained = false;
      break;
    }
    Contained |= W.Lo <= Lo && Hi <= W.Hi;
  }
  if (Contained) { // bytes it read before, unwritten since
    ++P.Count;
    if (++P.Stale >= kSpinReads)
      spinSeen(Tid, Site, /*ByYield=*/false, Lo, Hi - Lo, /*Demote=*/true);
    return;
  }
  if (P.NumWatch == kWatch) // more locations than a spin loop reads
    progress(Tid);
  P.Watch[P.NumWatch++] = {Lo, Hi, false};
  P.Bloom |= bloomOf(Lo, Hi);
}

/// Writer wrote [Lo, Hi): the threads that read it since their progress
/// may now see something new, and are no longer passed over.
void observeWrite(uint32_t Writer, uintptr_t Lo, uintptr_t Hi) {
  uint64_t B = bloomOf(Lo, Hi);
  for (uint32_t T = 0; T < HighWater; ++T) {
    SpinState &P = Spins[T];
    if (T == Writer || !(P.Bloom & B))
      continue;
    for (uint32_t I = 0; I < P.NumWatch; ++I) {
      Watched &W = P.Watch[I];
      if (W.Lo < Hi && Lo < W.Hi) {
        W.Fresh = true;
        Dirty |= P.Deferred;
        P.Deferred = false;
      }
    }
  }
}

/// Applies what Self did after its last scheduling point (Lock held, Self
/// holds the turn): no other thread ran since, so this is exactly when it
/// took effect.
void settle(uint32_t Self) {
  SpinState &P = Spins[Self];
  Effect E = P.PendEffect;
  P.PendEffect = Effect::Neutral;
  switch (E) {
  case Effect::Read:
    observeRead(Self, P.PendAddr, P.PendAddr + P.PendSize, P.PendSite);
    break;
  case Effect::Write:
    progress(Self);
    observeWrite(Self, P.PendAddr, P.PendAddr + P.PendSize);
    break;
  case Effect::Other:
    progress(Self);
    break;
  case Effect::Neutral:
    break;
  }
}

/// Self yields at Site (sched_yield, a sleep): a second yield without
/// progress since the first is a spin.
void yieldSeen(uint32_t Self, const void *Site) {
  SpinState &P = Spins[Self];
  ++P.Count;
  if (P.YieldIdle)
    spinSeen(Self, Site, /*ByYield=*/true, 0, 0, /*Demote=*/false);
  P.YieldIdle = true;
}

uint32_t siteIndex(const void *Site) {
  if (!Site)
    return 0;
  uint64_t H = (uint64_t)(uintptr_t)Site * 0x9e3779b97f4a7c15ULL;
  for (uint32_t I = (uint32_t)(H >> 40) % (2 * kMaxSites);;
       I = (I + 1) % (2 * kMaxSites)) {
    SiteEntry &E = SiteMap[I];
    if (E.Site == Site)
      return E.Index;
    if (E.Site)
      continue;
    if (NumSites + 1 >= kMaxSites)
      return 0; // table full: later sites are unnamed (and still compared)
    E.Site = Site;
    E.Index = ++NumSites;
    SiteByIndex[E.Index] = Site;
    return E.Index;
  }
}

/// The text of a site as the file's site table holds it: "" for none, "?"
/// for one that cannot be named.
void siteText(const void *Site, char *Buf, size_t Len) {
  Buf[0] = '\0';
  if (Site && Cfg.TheHooks.describeSite)
    Cfg.TheHooks.describeSite(Site, Buf, Len);
  if (Site && !Buf[0] && Len > 1) {
    Buf[0] = '?';
    Buf[1] = '\0';
  }
}

void recordedSiteText(uint32_t Index, char *Buf, size_t Len) {
  siteText(Index < kMaxSites ? SiteByIndex[Index] : nullptr, Buf, Len);
}

Fingerprint fingerprintOf(char Kind, const uint32_t *Options, uint32_t N,
                          const void *Site, uint64_t Since) {
  Fingerprint F{};
  F.Kind = Kind;
  F.Delta = (uint32_t)(Step - Since);
  F.Site = siteIndex(Site);
  F.Count = N;
  F.HasPath = true;
  F.Path = (uint32_t)(PathHash ^ PathHash >> 32);
  for (uint32_t I = 0; I < N; ++I)
    F.Hashed |= Options[I] >= 64;
  if (F.Hashed) {
    uint64_t H = 0xcbf29ce484222325ULL; // FNV-1a over the option values
    for (uint32_t I = 0; I < N; ++I) {
      H ^= Options[I];
      H *= 0x100000001b3ULL;
    }
    F.Set = H;
  } else {
    for (uint32_t I = 0; I < N; ++I)
      F.Set |= 1ULL << Options[I];
  }
  return F;
}

/// "a choice between threads {0,2} at a.c:3, 4 steps after the previous
/// choice" (SiteText may be null or empty).
void describe(NoteLine &L, const Fingerprint &F, const char *SiteText) {
  auto Set = [&] {
    if (F.Hashed) {
      L.num(F.Count).str(" threads");
      return;
    }
    L.str("{");
    bool First = true;
    for (uint32_t B = 0; B < 64; ++B)
      if (F.Set >> B & 1) {
        L.str(First ? "" : ",").num(B);
        First = false;
      }
    L.str("}");
  };
  switch (F.Kind) {
  case 't':
    L.str("a choice between threads ");
    Set();
    break;
  case 'w':
    L.str("a choice of the waiter to wake among threads ");
    Set();
    break;
  case 's':
    L.str("a possible spurious wake-up");
    break;
  default:
    L.str("a choice among ").num(F.Count).str(" options");
  }
  if (SiteText && *SiteText)
    L.str(" at ").str(SiteText);
  L.str(", ").num(F.Delta).str(F.Delta == 1 ? " step" : " steps");
  L.str(" after the previous choice");
}

bool sameFingerprint(const Fingerprint &A, const Fingerprint &B,
                     const char *SiteA, const char *SiteB) {
  return A.Kind == B.Kind && A.Delta == B.Delta && A.Count == B.Count &&
         (!A.HasPath || !B.HasPath || A.Path == B.Path) &&
         A.Set == B.Set && A.Hashed == B.Hashed &&
         strcmp(SiteA ? SiteA : "", SiteB ? SiteB : "") == 0;
}

bool checkingFingerprints() {
  return TheMode == Mode::Replay && !Diverged &&
         ReplayInfo.Fingerprints.size() == Replay.size() && Replay.size() > 0;
}

void markDiverged(NoteLine &L) {
  Diverged = true;
  L.commit(/*MakesInexact=*/true, /*Print=*/true);
}

bool isFree(uint32_t Tid) {
  return __atomic_load_n(reinterpret_cast<const uint8_t *>(&Slots[Tid].St),
                         __ATOMIC_ACQUIRE) == (uint8_t)State::Free;
}

/// Sleeps until Self holds the turn, or until the watchdog set Self free
/// (it was handed the turn but judged stuck before it woke up): then Self
/// runs free and rejoins at its next scheduling point (enter()).
void waitTurn(uint32_t Self) {
  while (__atomic_load_n(&Slots[Self].Turn, __ATOMIC_ACQUIRE) == 0) {
    if (isFree(Self))
      return;
    futexWait(&Slots[Self].Turn, 0);
  }
}

/// Gives the turn to Next (called with Lock held; releases it). If Self still
/// has a slot to wait on (Wait), sleeps until it gets the turn back.
void handOff(uint32_t Self, uint32_t Next, bool Wait) {
  if (Next == Self && Self != kNone) {
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

/// A replayed file of version 3 names the step and kind of each decision;
/// versions 1 and 2 hold one value per choice point, in order.
bool sparseReplay() {
  return TheMode == Mode::Replay && ReplayInfo.Version >= 3;
}

/// Whether a decision of Kind that took its default goes unrecorded
/// (version 3): a thread choice or a spurious wake-up happens at most once
/// per step, so a replay can tell a missing entry from the next one. A
/// waiter choice or another choice may come several times in one step and
/// is always recorded.
bool implicitDefault(char Kind) { return Kind == 't' || Kind == 's'; }

/// Checks the recording's fingerprint at Pos against this run's (when the
/// file has them): a difference means the program took another path.
void checkFingerprint(uint32_t Pos, const Fingerprint &Fp, const void *Site) {
  if (!checkingFingerprints() || Pos >= ReplayInfo.Fingerprints.size())
    return;
  const Fingerprint &Rec = ReplayInfo.Fingerprints.at(Pos);
  char *Here = SiteBuf[0];
  siteText(Site, Here, sizeof(SiteBuf[0]));
  const char *There = ReplayInfo.Sites.get(Rec.Site);
  if (sameFingerprint(Rec, Fp, There, Here))
    return;
  NoteLine L;
  L.str("replay diverged at step ").num(Step).str(" (choice ");
  L.num(Pos + 1).str(" of ").num(Replay.size());
  L.str("): the recording has ");
  describe(L, Rec, There);
  L.str("; this run reached ");
  describe(L, Fp, Here);
  if (Rec.HasPath && Fp.HasPath && Rec.Path != Fp.Path)
    L.str(", after steps at other sites");
  L.str(" (the program took another path: its input, environment or "
        "build differs from the recorded run)");
  markDiverged(L);
}

/// The recorded value at Pos as a value among Options (Default for `-`,
/// and for a value that is not possible here, which diverges).
uint32_t recordedValue(uint32_t Pos, const uint32_t *Options, uint32_t N,
                       uint32_t Default, bool IsThreadChoice,
                       const void *Site) {
  uint32_t V = Replay.at(Pos).Value;
  if (V == kDefaultDecision)
    return Default;
  if (IsThreadChoice ? contains(Options, N, V) : V < N)
    return V;
  if (!Diverged) {
    NoteLine L;
    L.str("replay diverged at step ").num(Step);
    L.str(": the recorded choice is not possible here (the program "
          "took another path)");
    L.at(Site);
    markDiverged(L);
  }
  return Default;
}

/// Replay of a version 3 file: the entry of this step and kind, if the
/// recording has one, else the default.
uint32_t replaySparse(const uint32_t *Options, uint32_t N, uint32_t Default,
                      char Kind, const void *Site, const Fingerprint &Fp) {
  if (ReplayPos < Replay.size() && Replay.at(ReplayPos).Step < Step) {
    if (!Diverged) {
      NoteLine L;
      L.str("replay diverged at step ").num(Step);
      L.str(": the recording has a choice at step ");
      L.num(Replay.at(ReplayPos).Step);
      L.str(" that this run did not make (the program took another path)");
      markDiverged(L);
    }
    while (ReplayPos < Replay.size() && Replay.at(ReplayPos).Step < Step)
      ++ReplayPos;
  }
  if (ReplayPos >= Replay.size() || Replay.at(ReplayPos).Step != Step ||
      Replay.at(ReplayPos).Kind != Kind)
    return Default;
  uint32_t Pos = ReplayPos++;
  checkFingerprint(Pos, Fp, Site);
  return recordedValue(Pos, Options, N, Default, Kind == 't' || Kind == 'w',
                       Site);
}

/// Replay of a version 1 or 2 file: the next value, one per choice point.
uint32_t replayDense(const uint32_t *Options, uint32_t N, uint32_t Default,
                     bool IsThreadChoice, const void *Site,
                     const Fingerprint &Fp) {
  if (ReplayPos < Replay.size()) {
    uint32_t Pos = ReplayPos++;
    checkFingerprint(Pos, Fp, Site);
    return recordedValue(Pos, Options, N, Default, IsThreadChoice, Site);
  }
  if (!Diverged && ReplayPos == Replay.size()) {
    // More choices than were recorded: the program went further (or a
    // `decisions 0` file was given for a program that makes choices).
    char *Here = SiteBuf[0];
    siteText(Site, Here, sizeof(SiteBuf[0]));
    NoteLine L;
    L.str("replay diverged at step ").num(Step);
    L.str(": more choices than the recording holds (");
    L.num(Replay.size()).str("); this run reached ");
    describe(L, Fp, Here);
    markDiverged(L);
  }
  return Default;
}

/// The replayed or strategy-made value of a choice among N options; Default
/// is what "no preemption" means here. Kind and Site make its fingerprint
/// (schedule_file.h), checked against the recording on replay. Records the
/// value taken, unless it is a default that goes unrecorded.
uint32_t decideValue(const uint32_t *Options, uint32_t N, uint32_t Default,
                     uint32_t Self, char Kind, const void *Site) {
  bool IsThreadChoice = Kind == 't' || Kind == 'w';
  bool Dense = TheMode == Mode::Replay && !sparseReplay();
  Fingerprint Fp = fingerprintOf(Kind, Options, N, Site,
                                 Dense ? LastDenseStep : LastChoiceStep);
  uint32_t V;
  if (sparseReplay()) {
    V = replaySparse(Options, N, Default, Kind, Site, Fp);
  } else if (Dense) {
    LastDenseStep = Step;
    V = replayDense(Options, N, Default, IsThreadChoice, Site, Fp);
  } else if (IsThreadChoice) {
    V = Strat->pick(Options, N, Self, Step);
  } else {
    V = Strat->choose(N);
  }
  if (!implicitDefault(Kind) || V != Default) {
    if (Dense) // the check above counted from the last choice point
      Fp.Delta = (uint32_t)(Step - LastChoiceStep);
    LastChoiceStep = Step;
    Record.append(Decision{Step, V, Kind});
    RecordFp.append(Fp);
  }
  return V;
}

/// After a decision: until when the thread it chose may go on without one
/// (the fast path of point()). A replayed version 3 log decides at its next
/// entry's step; one of version 1 or 2 at every choice point. Otherwise
/// the strategy's stable horizon, cut at the step where a passed-over
/// spinner's back-off ends; and the virtual time at which a timed wait or
/// the alarm falls due.
void armFastPath() {
  Dirty = false;
  PlainSteps = 0;
  if (TheMode == Mode::Replay)
    FastUntil = !sparseReplay()              ? 0
                : ReplayPos < Replay.size() ? Replay.at(ReplayPos).Step
                                            : ~0ULL;
  else
    FastUntil = Strat->stableUntil(Step);
  FastClock = AlarmAt ? AlarmAt : ~0ULL;
  for (uint32_t T = 0; T < HighWater; ++T) {
    const Slot &S = Slots[T];
    if (S.St == State::Blocked && S.Timed && S.WakeAt < FastClock)
      FastClock = S.WakeAt;
    const SpinState &P = Spins[T];
    if (P.Deferred && Step < P.DeferUntil && P.DeferUntil < FastUntil)
      FastUntil = P.DeferUntil;
  }
}

/// Whether Self, which holds the turn and has just counted its step, goes
/// on without a decision: nothing decide() looks at changed since it last
/// chose Self, so it would choose Self again (and, Self being the default,
/// record nothing). Plain: the point is a plain access.
bool mayGoOn(uint32_t Self, bool Plain) {
  if (Dirty || NoCurrent || Current != Self || AlarmPending ||
      Slots[Self].St != State::Runnable || VirtualNow >= FastClock)
    return false;
  if (Step < FastUntil)
    return true;
  return Plain && TheMode != Mode::Replay &&
         ++PlainSteps < Strat->plainSlice(Step);
}

/// Chooses who runs next (Lock held). Candidates are runnable threads and
/// threads in a timed wait (choosing one of those expires its time-out).
/// Returns kNone when nobody can run but a free-running thread exists, or
/// every thread finished (a process whose main thread called pthread_exit
/// ends with its last thread). Calls the deadlock hook (which does not
/// return) when nobody can run and some thread waits.
uint32_t decide(uint32_t Self) {
  uint32_t *Cand = CandBuf;
  uint32_t N = 0;
  bool AnyFree = false, AnyBlocked = false;
  for (;;) {
    uint64_t Earliest = ~0ULL;
    for (uint32_t T = 0; T < HighWater; ++T) {
      const Slot &S = Slots[T];
      if (S.St == State::Runnable) {
        Cand[N++] = T;
      } else if (S.St == State::Blocked && !S.Timed) {
        AnyBlocked = true;
      } else if (S.St == State::Blocked && S.Timed) {
        if (S.WakeAt <= VirtualNow)
          Cand[N++] = T; // due: choosing it expires its time-out
        else if (S.WakeAt < Earliest)
          Earliest = S.WakeAt;
      } else if (S.St == State::Free) {
        AnyFree = true;
      }
    }
    if (AlarmAt && AlarmAt < Earliest)
      Earliest = AlarmAt;
    if (N > 0 || Earliest == ~0ULL || (AlarmAt && AlarmAt <= VirtualNow))
      break;
    // Nobody can run before the earliest wake-up (or alarm): virtual time
    // jumps there.
    VirtualNow = Earliest;
  }
  if (AlarmAt && AlarmAt <= VirtualNow) {
    AlarmAt = 0;
    AlarmPending = true;
    // Nobody can run: the signal interrupts a wait that a signal interrupts,
    // so that thread runs its handler.
    for (uint32_t T = 0; T < HighWater && N == 0; ++T) {
      Slot &S = Slots[T];
      if (S.St == State::Blocked && S.KernelTid > 0 &&
          (S.Kind == WaitKind::Cond || S.Kind == WaitKind::Sem ||
           S.Kind == WaitKind::Join || S.Kind == WaitKind::Sleep)) {
        S.St = State::Runnable;
        S.Object = nullptr;
        S.Timed = false;
        S.Reason = WakeReason::Spurious;
        Cand[N++] = T;
      }
    }
  }
  if (N == 0) {
    if (AnyFree || !AnyBlocked)
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
    // Not a choice (nothing recorded), but the strategy sees the step: PCT
    // counts change points over all steps (pct.cpp).
    Next = TheMode == Mode::Replay ? Cand[0] : Strat->pick(Cand, 1, Self, Step);
  } else {
    uint32_t Default = Cand[0];
    if (Self != kNone && Slots[Self].St == State::Runnable)
      Default = Self;
    Next = decideValue(Cand, N, Default, Self, 't',
                       Self != kNone ? Slots[Self].Site : nullptr);
  }
  Slot &S = Slots[Next];
  if (AlarmPending && S.KernelTid > 0) {
    // Next is inside the scheduler: its handler runs once it leaves the
    // runtime, holding the turn (the runtime defers it until then).
    AlarmPending = false;
    syscall(SYS_tgkill, syscall(SYS_getpid), S.KernelTid, SIGALRM);
  }
  if (S.St == State::Blocked) {
    // Its time-out expires now.
    S.St = State::Runnable;
    S.Object = nullptr;
    S.Timed = false;
    S.Reason = WakeReason::TimedOut;
  }
  armFastPath();
  return Next;
}

/// Takes Lock and makes sure Self holds the turn: a thread that ran free (or
/// was never registered) rejoins the schedule here.
void enter(uint32_t Self) {
  Lock.lock();
  Slot &S = Slots[Self];
  // Loops when the watchdog set Self free again while it waited.
  while (S.St == State::Free || S.St == State::Unused) {
    if (S.St == State::Unused && Self >= HighWater)
      HighWater = Self + 1;
    S.St = State::Runnable;
    Dirty = true;
    if (NoCurrent) {
      NoCurrent = false;
      Current = Self;
      __atomic_store_n(&S.Turn, 1, __ATOMIC_RELEASE);
      break;
    }
    __atomic_store_n(&S.Turn, 0, __ATOMIC_RELEASE);
    Lock.unlock();
    waitTurn(Self);
    Lock.lock();
  }
  settle(Self);
}

void countStep(const void *Site, uint32_t Self) {
  Slots[Self].Site = Site;
  tick();
  uint64_t Key = Site && Cfg.TheHooks.siteKey ? Cfg.TheHooks.siteKey(Site) : 0;
  PathHash = (PathHash ^ (Key << 12 ^ Self)) * 0x100000001b3ULL;
  if (Cfg.MaxSteps && Step > Cfg.MaxSteps) {
    Lock.unlock();
    if (Cfg.TheHooks.onHang)
      Cfg.TheHooks.onHang(Step);
    static const char Msg[] = "ravel: step budget exceeded\n";
    syscall(SYS_write, 2, Msg, sizeof(Msg) - 1);
    syscall(SYS_exit_group, 66);
  }
}

/// The name of a system call a thread may block in (for the watchdog's
/// note), or null.
const char *syscallName(long Nr) {
  static const struct {
    long Nr;
    const char *Name;
  } Names[] = {
      {SYS_read, "read"},
      {SYS_write, "write"},
      {SYS_readv, "readv"},
      {SYS_writev, "writev"},
      {SYS_pread64, "pread"},
      {SYS_pwrite64, "pwrite"},
      {SYS_openat, "openat"},
      {SYS_futex, "futex"},
      {SYS_nanosleep, "nanosleep"},
      {SYS_clock_nanosleep, "clock_nanosleep"},
      {SYS_ppoll, "ppoll"},
      {SYS_pselect6, "pselect6"},
      {SYS_epoll_pwait, "epoll_pwait"},
      {SYS_accept4, "accept4"},
      {SYS_accept, "accept"},
      {SYS_connect, "connect"},
      {SYS_recvfrom, "recvfrom"},
      {SYS_recvmsg, "recvmsg"},
      {SYS_sendto, "sendto"},
      {SYS_sendmsg, "sendmsg"},
      {SYS_wait4, "wait4"},
      {SYS_waitid, "waitid"},
      {SYS_flock, "flock"},
      {SYS_fcntl, "fcntl"},
      {SYS_msgrcv, "msgrcv"},
      {SYS_semtimedop, "semtimedop"},
#ifdef SYS_poll
      {SYS_poll, "poll"},
#endif
#ifdef SYS_select
      {SYS_select, "select"},
#endif
#ifdef SYS_epoll_wait
      {SYS_epoll_wait, "epoll_wait"},
#endif
#ifdef SYS_pause
      {SYS_pause, "pause"},
#endif
  };
  for (const auto &E : Names)
    if (E.Nr == Nr)
      return E.Name;
  return nullptr;
}

/// What the watchdog knows of the turn holder since the last step.
struct StallWatch {
  uint64_t Step = ~0ULL;
  uint32_t Who = kNone;
  uint64_t Since = 0;      // wall time of the last progress
  uint64_t LastSample = 0; // wall time of the previous look
  int64_t CpuAtStart = -1; // the holder's CPU time at the last progress
  uint64_t SleptNs = 0;    // wall time seen sleeping in a system call
};

/// Frees the turn holder Stuck (Lock held) with a note saying why, and
/// gives the turn to the next thread. Blocked: it sleeps in a system call.
void freeStuckThread(uint32_t Stuck, bool Blocked) {
  Slot &S = Slots[Stuck];
  __atomic_store_n(reinterpret_cast<uint8_t *>(&S.St), (uint8_t)State::Free,
                   __ATOMIC_RELEASE);
  __atomic_store_n(&S.Turn, 0, __ATOMIC_RELEASE);
  Exact = false;
  NoteLine L;
  L.str("thread T").num(Stuck);
  long Nr = Blocked ? blockedSyscall(S.KernelTid) : -1;
  if (Nr >= 0) {
    L.str(" blocked in ");
    if (const char *Name = syscallName(Nr))
      L.str(Name).str("(2)");
    else
      L.str("system call ").num((uint64_t)Nr);
    L.at(S.Site).str(" (code ravel cannot see); it ran freely from "
                     "there");
  } else if (Blocked) {
    L.str(" blocked").at(S.Site);
    L.str(" (in code ravel cannot see); it ran freely from there");
  } else {
    L.str(" stopped reaching scheduling points").at(S.Site);
    L.str(" (busy in code ravel cannot see, e.g. an uninstrumented "
          "library); it ran freely from there");
  }
  L.commit(/*MakesInexact=*/true, /*Print=*/false);
  uint32_t Next = decide(kNone);
  handOff(kNone, Next, /*Wait=*/false);
}

/// The stall watchdog. The turn holder is judged by what it does, not by
/// the wall clock alone, so a loaded machine (or a stopped process) does
/// not make a thread that merely waits for a core look stuck:
/// - busy in code ravel cannot see: it used StallMs of CPU time without
///   reaching a scheduling point;
/// - blocked where ravel cannot see: it was seen sleeping in a system call
///   (state S or D) for StallMs of wall time;
/// - runnable but not running (R with little CPU time) or stopped (T):
///   it waits for a core, and the watchdog waits too.
/// Where the kernel tells neither (no /proc, no thread CPU clock), StallMs
/// of wall time without progress frees it.
void *watchdog(void *) {
  const uint64_t Stall = (uint64_t)Cfg.StallMs * 1000000ULL;
  // A look long after the previous one (the watchdog itself waited for a
  // core, or the process was stopped) counts for this much sleep at most.
  const uint64_t MaxSampleNs = 100 * 1000000ULL;
  StallWatch W;
  W.Since = W.LastSample = monotonicNs();
  for (;;) {
    futexWait(&WatchdogWord, 0, 20 * 1000000LL);
    uint64_t Now = monotonicNs();
    Lock.lock();
    Slot &S = Slots[Current];
    if (Step != W.Step || NoCurrent || Current != W.Who ||
        S.St != State::Runnable) {
      W.Step = Step;
      W.Who = NoCurrent ? kNone : Current;
      W.Since = W.LastSample = Now;
      W.CpuAtStart = NoCurrent ? -1 : threadCpuNs(S.KernelTid);
      W.SleptNs = 0;
      Lock.unlock();
      continue;
    }
    uint64_t Interval = Now - W.LastSample;
    W.LastSample = Now;
    char RunState = threadRunState(S.KernelTid);
    int64_t Cpu = threadCpuNs(S.KernelTid);
    if (RunState == 'S' || RunState == 'D')
      W.SleptNs += Interval < MaxSampleNs ? Interval : MaxSampleNs;
    bool Known = RunState && Cpu >= 0 && W.CpuAtStart >= 0;
    bool Busy = Known && (uint64_t)(Cpu - W.CpuAtStart) > Stall;
    bool Blocked = Known && W.SleptNs > Stall;
    if (Busy || Blocked || (!Known && Now - W.Since > Stall)) {
      bool Sleeping = Known ? !Busy : blockedSyscall(S.KernelTid) >= 0;
      freeStuckThread(Current, Sleeping);
      W.Step = ~0ULL; // look afresh at the next holder
      continue;
    }
    Lock.unlock();
  }
  return nullptr;
}

} // namespace

const char *modeName(Mode M) { return contract::scheduleModeName(M); }

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
    if (!readScheduleFile(C.ReplayPath, Replay, Err, ErrLen, &ReplayInfo))
      return false;
    Cfg.AllPoints = C.AllPoints || ReplayInfo.AllPoints;
    if (!C.NumRacySites && ReplayInfo.RacySites.size()) {
      Cfg.RacySites = &ReplayInfo.RacySites.at(0);
      Cfg.NumRacySites = ReplayInfo.RacySites.size();
    }
    uint64_t RecordedSteps = ReplayInfo.Steps,
             RecordedBudget = ReplayInfo.MaxSteps;
    // A replay without max_steps= keeps the recorded run's step budget, so a
    // replayed livelock stops as the same `hang` at the same step; a file
    // without one gets twice the recorded length (plus slack for a shrunk
    // schedule) rather than running forever.
    if (!Cfg.MaxSteps)
      Cfg.MaxSteps = RecordedBudget
                         ? RecordedBudget
                         : (RecordedSteps ? 2 * RecordedSteps + 10000 : 0);
  }
  if (TheMode == Mode::Noise)
    noiseInit(C.Seed);
  if (TheMode == Mode::Random || TheMode == Mode::Replay)
    Strat = makeRandomStrategy(
        C.Seed); // replay: only for wake choices past the log
  else if (TheMode == Mode::Pct)
    Strat = makePctStrategy(C.Seed, C.Depth, C.StepsHint);
  if (!controlled())
    return true;
  Slots[0].St = State::Runnable;
  Slots[0].Turn = 1;
  Slots[0].KernelTid = (int32_t)syscall(SYS_gettid);
  HighWater = 1;
  Current = 0;
  Strat->threadCreated(0);
  if (C.TheHooks.spawnHelper && C.StallMs)
    C.TheHooks.spawnHelper(watchdog, nullptr);
  return true;
}

void leaveSchedule() {
  // The lock may have been held by a thread that does not exist here; the
  // watchdog thread does not exist either.
  TheMode = Mode::Native;
  Cfg.RecordPath = nullptr;
  Lock.unlock();
}

bool controlled() { return contract::isControlled(TheMode); }

bool noisy() { return TheMode == Mode::Noise; }

void point(uint32_t Self, const void *Site, Effect E, uintptr_t Addr,
           uint64_t Size, bool Plain) {
  if (!controlled()) {
    if (TheMode == Mode::Noise)
      noisePoint(Self);
    return;
  }
  enter(Self);
  if (E == Effect::Other)
    progress(Self);
  // Applied at Self's next point (settle): the operation takes effect once
  // Self holds the turn again, after whatever runs in between.
  SpinState &P = Spins[Self];
  P.PendEffect = E;
  P.PendAddr = Addr;
  P.PendSize = Size ? Size : 1;
  P.PendSite = Site;
  countStep(Site, Self);
  if (mayGoOn(Self, Plain)) {
    Lock.unlock();
    return;
  }
  uint32_t Next = decide(Self);
  handOff(Self, Next, /*Wait=*/true);
}

void noteNoWrite(uint32_t Self) {
  if (controlled() && Spins[Self].PendEffect == Effect::Write)
    Spins[Self].PendEffect = Effect::Read;
}

void yield(uint32_t Self, const void *Site) {
  if (!controlled()) {
    point(Self, Site);
    return;
  }
  enter(Self);
  Strat->yielded(Self);
  yieldSeen(Self, Site);
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
  progress(Child); // a fresh window (no memset: the runtime intercepts it)
  Spins[Child].PendEffect = Effect::Neutral;
  Spins[Child].Site = nullptr;
  Strat->threadCreated(Child);
  Dirty = true;
  Lock.unlock();
}

void threadStarted(uint32_t Self) {
  if (!controlled())
    return;
  __atomic_store_n(&Slots[Self].KernelTid, (int32_t)syscall(SYS_gettid),
                   __ATOMIC_RELAXED);
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
  if (Kind != WaitKind::Sleep) // a sleep is a yield (sleepFor)
    progress(Self);
  countStep(Site, Self);
  if (AllowSpurious && TimeoutNs != 0) {
    // One chance in 16 that the wait returns without a signal (POSIX
    // allows it; code that waits with `if` instead of `while` breaks). Not
    // for a deadline already past: the real wait times out at once.
    uint32_t *Opt = OptionBuf;
    for (uint32_t I = 0; I < 16; ++I)
      Opt[I] = I;
    if (decideValue(Opt, 16, 1, Self, 's', Site) == 0) {
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
  uint32_t *Waiters = WaitersBuf;
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
  Dirty |= N > 0;
  if (All) {
    for (uint32_t I = 0; I < N; ++I)
      Release(Waiters[I]);
  } else if (N > 0) {
    // Which waiter a signal wakes is the schedule's choice.
    Release(N == 1 ? Waiters[0]
                   : decideValue(Waiters, N, Waiters[0], kNone, 'w',
                                 NoCurrent ? nullptr : Slots[Current].Site));
  }
  Lock.unlock();
  return Woken;
}

void interrupt(uint32_t Tid) {
  if (!controlled() || Tid >= kMaxThreads)
    return;
  Lock.lock();
  Slot &S = Slots[Tid];
  if (S.St == State::Blocked &&
      (S.Kind == WaitKind::Cond || S.Kind == WaitKind::Sem ||
       S.Kind == WaitKind::Join || S.Kind == WaitKind::Sleep)) {
    S.St = State::Runnable;
    S.Object = nullptr;
    S.Timed = false;
    S.Reason = WakeReason::Spurious;
    Dirty = true;
  }
  Lock.unlock();
}

void sleepFor(uint32_t Self, uint64_t Ns, const void *Site) {
  if (!controlled()) {
    point(Self, Site);
    return;
  }
  enter(Self);
  Strat->yielded(Self);
  yieldSeen(Self, Site);
  Lock.unlock();
  blockOn(Self, &Slots[Self], WaitKind::Sleep, (int64_t)Ns, Site);
}

uint32_t choose(uint32_t N) {
  if (!controlled() || N < 2)
    return 0;
  Lock.lock();
  uint32_t *Opt = OptionBuf;
  uint32_t M = N < 64 ? N : 64;
  for (uint32_t I = 0; I < M; ++I)
    Opt[I] = I;
  uint32_t V = decideValue(Opt, M, 0, kNone, 'c',
                           NoCurrent ? nullptr : Slots[Current].Site);
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

void saveRecord(bool AtExit) {
  if (!controlled())
    return;
  if (AtExit && checkingFingerprints() && ReplayPos < Replay.size()) {
    // The run ends with recorded choices left: it took a shorter path.
    const Fingerprint &Rec = ReplayInfo.Fingerprints.at(ReplayPos);
    NoteLine L;
    L.str("replay diverged: the run ended at step ").num(Step);
    L.str(" after ").num(ReplayPos).str(" of the ").num(Replay.size());
    L.str(" recorded choices (the program took a shorter path); the next "
          "recorded one was ");
    describe(L, Rec, ReplayInfo.Sites.get(Rec.Site));
    markDiverged(L);
  }
  if (AtExit && sparseReplay() && !Diverged && ReplayInfo.Path &&
      ReplayInfo.Fingerprints.size() == Replay.size() &&
      (PathHash != ReplayInfo.Path || Step != ReplayInfo.Steps)) {
    // No recorded choice was missed, but the steps in between went
    // elsewhere (another site, another number of steps).
    NoteLine L;
    L.str("replay diverged at step ").num(Step);
    L.str(": the run ended here, the recording at step ");
    L.num(ReplayInfo.Steps);
    L.str(Step == ReplayInfo.Steps ? ", but its steps reached other sites"
                                   : "");
    L.str(" (the program took another path: its input, environment or "
          "build differs from the recorded run)");
    markDiverged(L);
  }
  if (!Cfg.RecordPath || !*Cfg.RecordPath)
    return;
  ScheduleHeader H;
  H.Strategy = Cfg.StrategyName ? Cfg.StrategyName : modeName(TheMode);
  H.Seed = Cfg.Seed;
  H.Depth = Cfg.Depth;
  H.Steps = Step;
  H.MaxSteps = Cfg.MaxSteps;
  H.Path = PathHash;
  H.AllPoints = Cfg.AllPoints;
  H.RacySites = Cfg.RacySites;
  H.NumRacySites = Cfg.NumRacySites;
  H.Exact = Exact && !Diverged;
  H.Notes = NotesLen ? Notes : nullptr;
  H.Fingerprints = &RecordFp;
  H.NumSites = NumSites;
  H.SiteText = recordedSiteText;
  writeScheduleFile(Cfg.RecordPath, H, Record);
}

uint64_t setAlarm(uint64_t DelayNs) {
  if (!controlled())
    return 0;
  Lock.lock();
  uint64_t Left = AlarmAt > VirtualNow ? AlarmAt - VirtualNow : 0;
  AlarmAt = DelayNs ? VirtualNow + DelayNs : 0;
  Dirty = true;
  Lock.unlock();
  return Left;
}

uint64_t virtualNowNs() {
  Lock.lock();
  VirtualNow += kTickNs;
  uint64_t Now = VirtualNow;
  Lock.unlock();
  return Now;
}

const char *inexactReason() { return Reason[0] ? Reason : nullptr; }

bool deferred(uint32_t Tid) {
  const SpinState &P = Spins[Tid];
  return P.Deferred && Step < P.DeferUntil;
}

bool spinInfo(uint32_t Tid, SpinInfo *Out) {
  if (!controlled() || Tid >= HighWater || !Spins[Tid].Spinning)
    return false;
  const SpinState &P = Spins[Tid];
  Out->Spinning = true;
  Out->ByYield = P.ByYield;
  Out->Site = P.Site;
  Out->Count = P.Count;
  Out->Addr = P.Addr;
  Out->Size = P.Size;
  return true;
}

uint64_t maxSteps() { return Cfg.MaxSteps; }

bool recordedAllPoints() {
  return TheMode == Mode::Replay && ReplayInfo.AllPoints;
}

uint32_t recordedRacySites(const uint64_t **Keys) {
  if (TheMode != Mode::Replay || !ReplayInfo.RacySites.size())
    return 0;
  *Keys = &ReplayInfo.RacySites.at(0);
  return ReplayInfo.RacySites.size();
}

uint64_t steps() { return Step; }
bool exact() { return Exact; }
bool diverged() { return Diverged; }

} // namespace ravel::rt::sched
