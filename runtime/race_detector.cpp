//===- runtime/race_detector.cpp - C ABI of accesses, atomics, fences -----===//
//
// Atomics (C++11 memory model as in ThreadSanitizer's tsan_interface_atomic):
//  - Every atomic store/RMW/CAS holds its SyncVar's lock from
//    __ravel_atomic_begin to _end, so the clock it publishes and the value it
//    writes become visible together to an acquirer (which joins the clock
//    under the same lock after its load).
//  - A release store sets the variable's clock to the thread's clock; a
//    relaxed store sets it to the clock of the thread's last release fence
//    (or clears it: a plain store ends a release sequence).
//  - An RMW continues the release sequence: it joins (release) or keeps
//    (relaxed) the clock already there.
//  - An acquire load/RMW joins the variable's clock into the thread's; a
//    relaxed one joins it into the thread's pending-acquire clock, which an
//    acquire fence later joins into the thread's clock.
//  - A release fence snapshots the thread's clock for later relaxed stores.
//  - Atomic accesses are recorded in shadow with is_atomic: two atomic
//    accesses never race, an atomic and a plain access to the same bytes do.
//
//===----------------------------------------------------------------------===//
#include "race_detector.h"
#include "access_points.h"
#include "annotations.h"
#include "fork_guard.h"

#include "interleaving.h"
#include "reporter.h"
#include "schedule_point.h"
#include "thread_registry.h"

#include <stdio.h>

namespace ravel::rt {

namespace {
// Racing site pairs already reported: a lock-free open-addressing set, so a
// race hit a million times in a loop is rendered once.
constexpr unsigned SeenPairs = 4096;
uint64_t SeenPair[SeenPairs];

bool firstTimePair(uint64_t Key) {
  if (!Key)
    Key = 1;
  unsigned I = static_cast<unsigned>(Key * 0x9E3779B97F4A7C15ull >> 52);
  for (unsigned Probe = 0; Probe < 64; ++Probe, I = (I + 1) % SeenPairs) {
    uint64_t V = __atomic_load_n(&SeenPair[I], __ATOMIC_RELAXED);
    if (V == Key)
      return false;
    if (!V) {
      uint64_t Expected = 0;
      if (__atomic_compare_exchange_n(&SeenPair[I], &Expected, Key, false,
                                      __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        return true;
      if (Expected == Key)
        return false;
    }
  }
  return true; // table crowded: let the reporter de-duplicate
}

const char *opName(bool Write, bool Atomic) {
  return Atomic ? (Write ? "atomic-store" : "atomic-load")
                : (Write ? "write" : "read");
}

const __ravel_site UnknownSite = {"<unknown>",     "", "", 0, 0,
                                  RAVEL_SITE_CALL, 0};

bool isAcquire(int Mo) { return Mo == 1 || Mo == 2 || Mo == 4 || Mo == 5; }
bool isRelease(int Mo) { return Mo == 3 || Mo == 4 || Mo == 5; }

// Slow-path lookup of the thread for a hook; null when the hook must not
// record anything (inside the runtime, or accesses ignored).
RAVEL_NOINLINE ThreadState *hookThreadSlow() {
  ensureInit();
  ThreadState *T = curThread();
  return T->InRuntime || T->IgnoreAccesses ? nullptr : T;
}
RAVEL_ALWAYS_INLINE ThreadState *hookThread() {
  ThreadState *T = CurThread;
  if (RAVEL_LIKELY(T && !T->InRuntime && !T->IgnoreAccesses))
    return T;
  return hookThreadSlow();
}

RAVEL_NOINLINE void plainAccessSlow(const volatile void *Addr, size_t Size,
                                    bool Write, const __ravel_site *Site) {
  ThreadState *T = hookThread();
  if (!T || !Size)
    return;
  notePosition(T, Site);
  if (RAVEL_UNLIKELY(Write ? T->IgnoreWrites : T->IgnoreReads))
    return; // annotated: this kind of access is not recorded
  accessPoint(T, reinterpret_cast<uptr>(Addr), Size, Write, Site);
  onAccess(T, reinterpret_cast<uptr>(Addr), Size, Write, false, Site);
}

// The fast path's widening (ShadowMemory::widenOwn): T's last site word is
// for this site, in the same frame context and with the same locks, so it
// is this access's word. Out of line, so that the fast path needs no stack
// frame; anything else tail-calls plainAccessSlow.
RAVEL_NOINLINE void plainAccessWiden(const volatile void *Addr, size_t Size,
                                     bool Write, const __ravel_site *Site) {
  ThreadState *T = CurThread;
  uptr A = reinterpret_cast<uptr>(Addr);
  // WidenWord first (siteWordOf says why).
  const void *Word = T->WidenWord;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  if (T->WidenSite == Site && Size <= GranuleSize &&
      frameOfPos(T->PosSlot)->Ctx == T->WidenCtx &&
      T->LockSet == T->WidenLocks) {
    uint8_t Mask = AccessMasks.M[Size][A & (GranuleSize - 1)];
    Granule *Gr = G.Shadow.granuleIfMapped(A);
    ShadowInfo Cur{T->InfoBase | Mask | (uint64_t(Write) << 8)};
    uint64_t Old;
    if (Mask && Gr &&
        ShadowMemory::widenOwn(
            Gr, Cur, __atomic_load_n(&Gr->HotInfo[0], __ATOMIC_ACQUIRE),
            __atomic_load_n(&Gr->HotInfo[1], __ATOMIC_SEQ_CST), Word, &Old)) {
      if (RAVEL_LIKELY(!__atomic_load_n(&Gr->HotInfo[1], __ATOMIC_SEQ_CST)))
        return;
      // Slot 1 was filled meanwhile: another thread's access at the same
      // moment.
      AccessDesc D{T->Tid, epochOf(T), Write, false, Word};
      PriorAccess Prior;
      if (ShadowMemory::recheckWidened(Gr, Old, Cur, D, T->Clock, &Prior))
        reportRace(T, A, Size, Write, false, Site, Prior,
                   A & ~(GranuleSize - 1));
      return;
    }
  }
  plainAccessSlow(Addr, Size, Write, Site);
}

// The hooks' fast path, in native mode: an access already recorded in this
// epoch. Kept small enough to need no stack frame; an access at the site
// whose word the thread kept tail-calls plainAccessWiden (a buffer filled
// byte by byte), anything else plainAccessSlow.
RAVEL_ALWAYS_INLINE void plainAccess(const volatile void *Addr, size_t Size,
                                     bool Write, const __ravel_site *Site) {
  ThreadState *T = CurThread;
  if (RAVEL_LIKELY(T && !(T->InRuntime | T->IgnoreAccesses) &&
                   (!ControlledSchedule || quietFastPath(T)))) {
    notePosition(T, Site);
    if (RAVEL_LIKELY(
            alreadyRecorded(T, reinterpret_cast<uptr>(Addr), Size, Write)))
      return;
    if (T->WidenSite == Site)
      return plainAccessWiden(Addr, Size, Write, Site);
  }
  plainAccessSlow(Addr, Size, Write, Site);
}
} // namespace

namespace {
// One static site per intercepted function name: few and fixed. Readers
// scan without the lock (entries are complete before NumLibcSites grows).
constexpr unsigned MaxLibcSites = 64;
__ravel_site LibcSites[MaxLibcSites];
unsigned NumLibcSites;
SpinLock LibcSitesMu;
} // namespace

SpinLock &libcSitesLock() { return LibcSitesMu; }

// Direct-mapped by the name's address (callers pass string literals): one
// load and one compare for a name seen before. A site records its own name
// pointer, so an entry is checked without a second word.
constexpr unsigned LibcSiteCacheSize = 256;
static const __ravel_site *LibcSiteCache[LibcSiteCacheSize];

static const __ravel_site *libcSiteSlow(const char *Function);

const __ravel_site *libcSite(const char *Function) {
  unsigned H = static_cast<unsigned>((reinterpret_cast<uptr>(Function) >> 3) %
                                     LibcSiteCacheSize);
  const __ravel_site *S = __atomic_load_n(&LibcSiteCache[H], __ATOMIC_ACQUIRE);
  if (RAVEL_LIKELY(S && S->function == Function))
    return S;
  S = libcSiteSlow(Function);
  __atomic_store_n(&LibcSiteCache[H], S, __ATOMIC_RELEASE);
  return S;
}

static const __ravel_site *libcSiteSlow(const char *Function) {
  // The pointer test almost always decides; the text comparison runs only
  // for a name not seen at this address.
  unsigned N = __atomic_load_n(&NumLibcSites, __ATOMIC_ACQUIRE);
  for (unsigned I = 0; I < N; ++I)
    if (LibcSites[I].function == Function)
      return &LibcSites[I];
  for (unsigned I = 0; I < N; ++I)
    if (!internalStrcmp(LibcSites[I].function, Function))
      return &LibcSites[I];
  SpinLockGuard Guard(LibcSitesMu);
  N = NumLibcSites;
  for (unsigned I = 0; I < N; ++I)
    if (!internalStrcmp(LibcSites[I].function, Function))
      return &LibcSites[I];
  if (N == MaxLibcSites)
    return &UnknownSite;
  __ravel_site &S = LibcSites[N];
  S.file = "<libc>";
  S.function = Function;
  S.text = Function;
  S.kind = RAVEL_SITE_CALL;
  __atomic_store_n(&NumLibcSites, N + 1, __ATOMIC_RELEASE);
  return &S;
}

void onRangeAccess(ThreadState *T, uptr Addr, uptr Size, bool Write,
                   const __ravel_site *Site) {
  if (Size && !(Write ? T->IgnoreWrites : T->IgnoreReads))
    onAccess(T, Addr, Size, Write, false, Site);
}

void onFreeAccess(ThreadState *T, uptr Addr, uptr Size,
                  const __ravel_site *Site) {
  if (!Size || T->IgnoreAccesses)
    return;
  AccessDesc A{T->Tid, epochOf(T), /*Write=*/true, /*Atomic=*/false, nullptr};
  struct SiteCtx {
    ThreadState *T;
    const __ravel_site *Site;
  } Ctx{T, Site};
  auto SiteOf = [](void *P) -> const void * {
    auto *C = static_cast<SiteCtx *>(P);
    return siteWordOf(C->T, C->Site);
  };
  PriorAccess Prior;
  uptr RaceGranule;
  if (RAVEL_UNLIKELY(G.Shadow.accessRange(Addr, Size, A, SiteOf, &Ctx, T->Clock,
                                          &Prior, &RaceGranule)))
    reportRace(T, Addr, Size, /*Write=*/true, /*Atomic=*/false, Site, Prior,
               RaceGranule);
}

namespace {
/// The variable a site accesses, in the user's words. A modelled library
/// call's text is the call (`Orders.push_back(x)`); its variable is the
/// object it is called on (`Orders`).
const char *variableOf(const __ravel_site *S, char *Buf, size_t Size) {
  const char *Text = S && S->text ? S->text : "";
  if (S && S->kind == RAVEL_SITE_SYNC) // an operation on a sync object
    return syncObjectText(Text, /*MutexRole=*/false, Buf, Size);
  if (!S || S->kind != RAVEL_SITE_CALL)
    return Text;
  const char *Paren = Text;
  while (*Paren && *Paren != '(')
    ++Paren;
  const char *P = Paren;
  while (P > Text &&
         (P[-1] == '_' || (P[-1] >= 'a' && P[-1] <= 'z') ||
          (P[-1] >= 'A' && P[-1] <= 'Z') || (P[-1] >= '0' && P[-1] <= '9')))
    --P; // the method name
  size_t Len;
  if (P > Text && P[-1] == '.')
    Len = static_cast<size_t>(P - 1 - Text);
  else if (P - Text >= 2 && P[-1] == '>' && P[-2] == '-')
    Len = static_cast<size_t>(P - 2 - Text);
  else
    return Text;
  if (!Len || Len >= Size)
    return Text;
  internalMemcpy(Buf, Text, Len);
  Buf[Len] = 0;
  return Buf;
}
} // namespace

void reportRace(ThreadState *T, uptr Addr, uptr Size, bool Write, bool Atomic,
                const __ravel_site *Site, const PriorAccess &Prior,
                uptr GranuleAddr) {
  // Shadow slots hold site words: an interned access node and lock set
  // (stack_depot.h).
  const AccessNode *PNode = accessOfWord(Prior.Site);
  const LockSetNode *PLocks = locksOfWord(Prior.Site);
  const __ravel_site *PSite = PNode && PNode->Site ? PNode->Site : &UnknownSite;
  const __ravel_site *CSite = Site ? Site : &UnknownSite;
  // Both sites' accesses are scheduling points from now on (also when the
  // pair was reported before, or is suppressed or annotated benign: the
  // race happened).
  noteRacySite(Site);
  noteRacySite(PNode ? PNode->Site : nullptr);
  uint64_t A = reinterpret_cast<uptr>(CSite) * 31 + Write * 2 + Atomic;
  uint64_t B = reinterpret_cast<uptr>(PSite) * 31 + Prior.Info.isWrite() * 2 +
               Prior.Info.isAtomic();
  if (!firstTimePair(A < B ? A * 0x100000001B3ull ^ B
                           : B * 0x100000001B3ull ^ A))
    return;
  if (isBenignRace(Addr, Size))
    return; // annotated as a benign race
  RuntimeScope Scope(T);
  Finding F{};
  F.Kind = FindingKind::DataRace;
  F.Threads =
      static_cast<FindingThread *>(internalCalloc(2 * sizeof(FindingThread)));
  F.NumThreads = 2;
  FindingThread &Cur = F.Threads[0];
  describeThread(T, &Cur, /*WithLocks=*/true);
  Cur.Op = opName(Write, Atomic);
  Cur.Size = Size;
  Cur.Atomic = Atomic;
  Cur.Variable =
      variableOf(CSite, Cur.VariableStorage, sizeof(Cur.VariableStorage));
  Cur.Address = Addr;
  captureStack(T, CSite, &Cur.Stack);

  FindingThread &Prev = F.Threads[1];
  uint8_t Mask = Prior.Info.mask();
  unsigned First = static_cast<unsigned>(__builtin_ctz(Mask));
  Prev.Tid = Prior.Info.tid();
  ThreadState *PT = threadByTid(Prev.Tid);
  if (PT)
    Prev.CreatedAt = PT->CreatedAt;
  Prev.Op = opName(Prior.Info.isWrite(), Prior.Info.isAtomic());
  Prev.Size = static_cast<uint64_t>(__builtin_popcount(Mask));
  Prev.Atomic = Prior.Info.isAtomic();
  Prev.Variable =
      variableOf(PSite, Prev.VariableStorage, sizeof(Prev.VariableStorage));
  Prev.Address = GranuleAddr + First;
  if (PNode && PNode->Site)
    expandAccess(PNode, &Prev.Stack);
  else
    Prev.Stack.push(PSite);
  // Locks the previous thread held at its access (interned lock set).
  uint32_t NumPrevLocks = 0;
  for (const LockSetNode *L = PLocks; L && L->Parent; L = L->Parent)
    ++NumPrevLocks;
  if (NumPrevLocks) {
    Prev.Locks = static_cast<FindingLock *>(
        internalCalloc(NumPrevLocks * sizeof(FindingLock)));
    Prev.NumLocks = NumPrevLocks;
    uint32_t I = NumPrevLocks;
    for (const LockSetNode *L = PLocks; L && L->Parent; L = L->Parent) {
      FindingLock &FL = Prev.Locks[--I]; // acquisition order
      if (L->Name && *L->Name)
        syncObjectText(L->Name, /*MutexRole=*/true, FL.Name, sizeof(FL.Name));
      if (!*FL.Name)
        internalSnprintf(FL.Name, sizeof(FL.Name), "lock at %p",
                 reinterpret_cast<void *>(L->LockAddr));
      expandAccess(L->AcquiredAt, &FL.Stack);
    }
  }

  raceInterleaving(Cur, CSite, Prev,
                   PreviousAccess{PT, PSite, Prev.Op, Prior.Info.epoch(),
                                  PLocks, GranuleAddr});

  // A libc call's own site names the function, not the memory: the other
  // side's expression names it better (a race of printf with src[1] is
  // on src).
  bool CurInLibc = CSite->file && !internalStrcmp(CSite->file, "<libc>");
  const char *Var =
      *Cur.Variable && !(CurInLibc && *Prev.Variable) ? Cur.Variable
                                                      : Prev.Variable;
  internalSnprintf(F.Summary, sizeof(F.Summary),
           "data race on %s: %s by thread T%u at %s:%u:%u vs %s by thread "
           "T%u at %s:%u:%u",
           *Var ? Var : "memory", Cur.Op, Cur.Tid, CSite->file, CSite->line,
           CSite->column, Prev.Op, Prev.Tid, PSite->file, PSite->line,
           PSite->column);
  reportFinding(F);
  releaseFinding(F);
}

} // namespace ravel::rt

using namespace ravel::rt;

// ---- C ABI -----------------------------------------------------------------
extern "C" {

RAVEL_EXPORT void __ravel_read(const volatile void *Addr, size_t Size,
                               const __ravel_site *Site) {
  plainAccess(Addr, Size, false, Site);
}
RAVEL_EXPORT void __ravel_write(const volatile void *Addr, size_t Size,
                                const __ravel_site *Site) {
  plainAccess(Addr, Size, true, Site);
}
// An update is a read then a write at one site; checking the write alone
// finds every conflict the read would (a write conflicts with reads and
// writes), and keeps the reported op independent of which thread came first.
RAVEL_EXPORT void __ravel_update(const volatile void *Addr, size_t Size,
                                 const __ravel_site *Site) {
  plainAccess(Addr, Size, true, Site);
}
RAVEL_EXPORT void __ravel_read_range(const volatile void *Addr, size_t Size,
                                     const __ravel_site *Site) {
  plainAccess(Addr, Size, false, Site);
}
RAVEL_EXPORT void __ravel_write_range(const volatile void *Addr, size_t Size,
                                      const __ravel_site *Site) {
  plainAccess(Addr, Size, true, Site);
}
RAVEL_EXPORT void *__ravel_read_p(const volatile void *Addr, size_t Size,
                                  const __ravel_site *Site) {
  plainAccess(Addr, Size, false, Site);
  return const_cast<void *>(Addr);
}
RAVEL_EXPORT void *__ravel_write_p(const volatile void *Addr, size_t Size,
                                   const __ravel_site *Site) {
  plainAccess(Addr, Size, true, Site);
  return const_cast<void *>(Addr);
}
RAVEL_EXPORT void *__ravel_update_p(const volatile void *Addr, size_t Size,
                                    const __ravel_site *Site) {
  plainAccess(Addr, Size, true, Site);
  return const_cast<void *>(Addr);
}
RAVEL_EXPORT void __ravel_library_call(const volatile void *Obj, size_t Size,
                                       int IsWrite, const __ravel_site *Site) {
  // A call reads or writes the object as a whole, and every call on one
  // object names the same address: checking the object's bytes in its first
  // granule finds every conflict between two calls on it, and between a
  // call and a member access there, at the cost of one granule instead of
  // Size / 8 (a std::map is 6). A plain access to a public member past
  // those bytes (the second of a std::pair<long, long>) racing with a call
  // on the whole object is not seen (docs/stdlib-model.md).
  uptr Fits = GranuleSize - (reinterpret_cast<uptr>(Obj) & (GranuleSize - 1));
  plainAccess(Obj, Size < Fits ? Size : Fits, IsWrite != 0, Site);
}

namespace {
/// The entry's check for a call from uninstrumented code, once the caller
/// is known not to be in the first text range (foreign_frames.h). Only
/// with an instrumented frame below: the callers of a thread's (or
/// main's) first frame are its start-up code. A function inlined into the
/// enclosing frame's function has that frame's return address: the same
/// caller is not a new call from foreign code (a library re-entering the
/// same callback from the same call instruction looks alike and keeps the
/// frames of the outer call only). Out of line: rare, and the entry's fast
/// path stays short.
RAVEL_NOINLINE const ForeignTrace *foreignEntry(ThreadState *T, uptr CallerPc) {
  if (!CallerPc || !T->Depth || CallerPc == T->Frames[T->Depth - 1].CallerPc ||
      inInstrumentedText(CallerPc))
    return nullptr;
  RuntimeScope Scope(T);
  return foreignCallers(T->ForeignUnwinds, CallerPc);
}

/// Pushes Site's frame; CallerPc is the function's return address, 0 if
/// unknown.
RAVEL_ALWAYS_INLINE void enterFrame(const __ravel_site *Site, uptr CallerPc) {
  ensureInit();
  ThreadState *T = curThread();
  if (RAVEL_UNLIKELY(T->Depth == T->FramesCap)) {
    uint32_t Cap = T->FramesCap ? T->FramesCap * 2 : 64;
    auto *N = static_cast<Frame *>(internalAlloc(Cap * sizeof(Frame)));
    if (T->Depth)
      internalMemcpy(N, T->Frames, T->Depth * sizeof(Frame));
    internalFree(T->Frames);
    T->Frames = N;
    T->FramesCap = Cap;
  }
  // Called from uninstrumented code (foreign_frames.h)? Fast path: the
  // caller is in the executable's text, two loads and a compare.
  const ForeignTrace *Foreign = nullptr;
  if (RAVEL_UNLIKELY(!inFirstText(CallerPc)))
    Foreign = foreignEntry(T, CallerPc);
  T->Frames[T->Depth++] = Frame{Site, nullptr, nullptr, Foreign, CallerPc};
  updatePosSlot(T);
}
} // namespace

RAVEL_EXPORT char __ravel_func_enter_pc(const __ravel_site *Site,
                                        void *CallerPc) {
  enterFrame(Site, reinterpret_cast<uptr>(CallerPc));
  return 0;
}
// Translation units rewritten before __ravel_func_enter_pc existed.
#undef __ravel_func_enter
RAVEL_EXPORT char __ravel_func_enter(const __ravel_site *Site) {
  enterFrame(Site, 0);
  return 0;
}
RAVEL_EXPORT void __ravel_func_exit(void) {
  ThreadState *T = CurThread;
  if (T && T->Depth) {
    --T->Depth;
    updatePosSlot(T);
  }
}
RAVEL_EXPORT void __ravel_func_exit_cleanup(char *) { __ravel_func_exit(); }

RAVEL_EXPORT void __ravel_next_site(const __ravel_site *Site) {
  ensureInit();
  ThreadState *T = curThread();
  T->PendingSite = Site;
  notePosition(T, Site);
}

RAVEL_EXPORT void __ravel_register_tu(const __ravel_tu_info *Info) {
  // Info is the TU's own static data: its module holds instrumented code.
  // (Not the return address: the constructor may tail-call this.)
  registerInstrumentedModule(reinterpret_cast<uptr>(Info));
  if (Info && Info->abi_version != RAVEL_ABI_VERSION) {
    TextBuffer Msg;
    Msg.appendf("ravel: %s was instrumented for runtime ABI %u but this "
                "runtime implements ABI %u: rebuild it with the matching "
                "ravel\n",
                Info->main_file ? Info->main_file : "a translation unit",
                Info->abi_version, RAVEL_ABI_VERSION);
    rawWrite(2, Msg.data(), Msg.size());
    rawExit(2);
  }
}

RAVEL_EXPORT void __ravel_atomic_begin(const volatile void *Addr, size_t Size,
                                       int Op, int, int,
                                       const __ravel_site *Site) {
  ThreadState *T = hookThread();
  if (!T)
    return;
  notePosition(T, Site);
  if (RAVEL_UNLIKELY(ControlledSchedule)) {
    // For the fairness rule: a load (or wait) re-reads, the rest may write
    // (a failed compare-exchange is a read: __ravel_atomic_end says so).
    sched::Effect E = Op == RAVEL_ATOMIC_LOAD || Op == RAVEL_ATOMIC_WAIT
                          ? sched::Effect::Read
                      : Op == RAVEL_ATOMIC_NOTIFY ? sched::Effect::Other
                                                  : sched::Effect::Write;
    effectPointSlow(T, E, reinterpret_cast<uptr>(Addr), Size);
  }
  if (Op == RAVEL_ATOMIC_STORE || Op == RAVEL_ATOMIC_RMW ||
      Op == RAVEL_ATOMIC_CMPXCHG) {
    RuntimeScope Scope(T);
    SyncVar *V = G.Syncs.getOrCreate(reinterpret_cast<uptr>(Addr),
                                     SyncKind::Atomic, Site);
    V->Mu.lock();
    T->AtomicVar = V;
  }
}

RAVEL_EXPORT void __ravel_atomic_end(const volatile void *Addr, size_t Size,
                                     int Op, int Mo, int FailMo, int Succeeded,
                                     const __ravel_site *Site) {
  ThreadState *T = hookThread();
  if (!T)
    return;
  uptr A = reinterpret_cast<uptr>(Addr);
  bool Wrote = Op == RAVEL_ATOMIC_STORE || Op == RAVEL_ATOMIC_RMW ||
               (Op == RAVEL_ATOMIC_CMPXCHG && Succeeded);
  bool Reads = Op != RAVEL_ATOMIC_STORE && Op != RAVEL_ATOMIC_NOTIFY;
  int EffMo = Op == RAVEL_ATOMIC_CMPXCHG && !Succeeded ? FailMo : Mo;
  if (RAVEL_UNLIKELY(Serialized) && Op == RAVEL_ATOMIC_CMPXCHG && !Succeeded)
    sched::noteNoWrite(T->Tid);
  if (Op != RAVEL_ATOMIC_NOTIFY && Size)
    onAccess(T, A, Size, Wrote, true, Site);
  RuntimeScope Scope(T);
  SyncVar *V = T->AtomicVar;
  T->AtomicVar = nullptr;
  if (!V && Reads) {
    V = G.Syncs.find(A);
    if (V)
      V->Mu.lock();
  }
  if (!V)
    return;
  if (Reads) {
    if (isAcquire(EffMo))
      T->Clock.join(V->Clock);
    else
      T->PendingAcquire.join(V->Clock);
  }
  bool Released = false;
  if (Wrote) {
    if (Op == RAVEL_ATOMIC_STORE) {
      if (isRelease(EffMo))
        V->Clock.assign(T->Clock), Released = true;
      else if (T->HasFenceRelease)
        V->Clock.assign(T->FenceRelease);
      else
        V->Clock.clear();
    } else if (isRelease(EffMo)) {
      V->Clock.join(T->Clock);
      Released = true;
    } else if (T->HasFenceRelease) {
      V->Clock.join(T->FenceRelease);
    }
  }
  V->Mu.unlock();
  if (Released)
    incrementEpoch(T);
}

RAVEL_EXPORT void __ravel_future(const void *Obj, int Op,
                                 const __ravel_site *Site) {
  ThreadState *T = hookThread();
  if (!T || !Obj)
    return;
  notePosition(T, Site);
  if (Op == RAVEL_FUTURE_GET_BEGIN || Op == RAVEL_FUTURE_SET) {
    // libstdc++: promise, packaged_task, future and shared_future all start
    // with a shared_ptr whose first word points to the shared state.
    T->FutureState = *static_cast<const uptr *>(Obj);
    schedulingPoint(T, PointKind::Other, T->FutureState);
    if (Op == RAVEL_FUTURE_GET_BEGIN)
      return;
  }
  uptr State = T->FutureState;
  T->FutureState = 0;
  if (!State)
    return;
  RuntimeScope Scope(T);
  SyncVar *V = G.Syncs.getOrCreate(State, SyncKind::Future, Site);
  {
    SpinLockGuard Guard(V->Mu);
    if (Op == RAVEL_FUTURE_SET)
      releaseSync(T, V);
    else if (Op == RAVEL_FUTURE_GET_END)
      acquireSync(T, V);
  }
  recordEvent(T, Op == RAVEL_FUTURE_SET ? "future-set" : "future-get",
              Site ? Site->text : "", Site);
  if (Op != RAVEL_FUTURE_GET_END)
    return;
  // libstdc++ stores every result (and runs a packaged_task's function)
  // inside call_once on the state's once_flag, which the pthread_once
  // interceptor releases: acquire it too. _State_baseV2 layout (frozen
  // libstdc++ ABI): vptr, _M_result, _M_status (4), _M_retrieved (1),
  // _M_once (pthread_once_t) at offset 24.
  constexpr uptr OnceOffset = 24;
  if (SyncVar *Once = G.Syncs.find(State + OnceOffset)) {
    SpinLockGuard OnceGuard(Once->Mu);
    acquireSync(T, Once);
  }
}

RAVEL_EXPORT int __ravel_sync(const void *Obj, int Op,
                              const __ravel_site *Site) {
  ThreadState *T = hookThread();
  if (!T || !Obj)
    return 0;
  uptr A = reinterpret_cast<uptr>(Obj);
  notePosition(T, Site);
  if (Op == RAVEL_SYNC_WAIT) {
    schedulingPoint(T, PointKind::Acquire, A);
    // Serialized schedules never let a thread block where the scheduler
    // cannot see it: the caller polls the call's try form instead.
    return Serialized;
  }
  if (Op == RAVEL_SYNC_POLL) {
    if (Serialized) {
      RuntimeScope Scope(T);
      sched::yield(T->Tid, Site); // lowers T's priority: PCT cannot starve
    }
    return 0;
  }
  if (Op == RAVEL_SYNC_RELEASE)
    schedulingPoint(T, PointKind::Release, A);
  else if (Op != RAVEL_SYNC_ACQUIRE)
    return 0;
  RuntimeScope Scope(T);
  // One SyncVar per object for all its phases (a barrier's too): an acquire
  // joins every release made on the object so far, a sound
  // over-approximation of "the releases of this phase and earlier ones".
  SyncVar *V = G.Syncs.getOrCreate(A, SyncKind::Waitable, Site);
  {
    SpinLockGuard Guard(V->Mu);
    if (Op == RAVEL_SYNC_RELEASE)
      releaseSync(T, V);
    else
      acquireSync(T, V);
  }
  recordEvent(T, Op == RAVEL_SYNC_RELEASE ? "sync-release" : "sync-acquire",
              Site ? Site->text : "", Site);
  return 0;
}

RAVEL_EXPORT void __ravel_fence(int Mo, int SignalOnly,
                                const __ravel_site *Site) {
  ThreadState *T = hookThread();
  if (!T || SignalOnly)
    return;
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Atomic, 0);
  RuntimeScope Scope(T);
  if (isAcquire(Mo)) {
    T->Clock.join(T->PendingAcquire);
    T->PendingAcquire.clear();
  }
  if (isRelease(Mo)) {
    T->FenceRelease.assign(T->Clock);
    T->HasFenceRelease = true;
    incrementEpoch(T);
  }
}

} // extern "C"
