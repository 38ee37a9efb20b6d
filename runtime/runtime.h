//===- runtime/runtime.h - libravel_rt core state ---------------*- C++ -*-===//
//
// Ground rules of the runtime (cite them in review):
//  1. No allocation and no locks on the access fast path (__ravel_read/
//     write/update): a TLS load, a shadow lookup, a few atomic words.
//  2. The runtime never calls an intercepted function. It calls the real
//     functions it resolved (interceptors/interceptors.h, REAL(...)), raw
//     syscalls, or its own mmap-based allocator (base.h).
//  3. No exceptions, no RTTI, no libstdc++, no static constructors or
//     destructors with side effects; globals are zero-initialised PODs and
//     everything is set up by initRuntime(), from .preinit_array or lazily.
//  4. Reentrancy: every runtime entry marks the thread as inside the
//     runtime (ThreadState::InRuntime); libc calls back into an interceptor
//     while it is set go straight to the real function, never into
//     detection.
//  5. Misuse by the target program is a finding, not a crash; broken
//     runtime invariants die with a clear message (RAVEL_CHECK).
//  6. Lock order inside the runtime: a bucket lock of the SyncTable may be
//     taken before a SyncVar::Mu, never after; the lock graph's lock may be
//     taken while a SyncVar::Mu is held (a lock's lifetime ends), never the
//     reverse; the reporter lock is taken last (no runtime lock is acquired
//     while it is held).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_RUNTIME_H
#define RAVEL_RUNTIME_RUNTIME_H

#include "base.h"
#include "foreign_frames.h"
#include "options.h"
#include "ravel/ravel.h"
#include "shadow_memory.h"
#include "stack_depot.h"
#include "stack_trace.h"
#include "sync_table.h"
#include "vector_clock.h"

#include <pthread.h>
#include <stddef.h>

namespace ravel::rt {

enum class LockMode : uint8_t { Write, Read };

/// A lock currently held by a thread (no cap on how many).
struct HeldLock {
  SyncVar *Var;
  LockId Id;
  LockMode Mode;
  const char *Name;
  uptr Addr;                    // the lock's address at the acquisition
  StackTrace Stack;             // acquisition stack
  const AccessNode *AcquiredAt; // its site and context (null: unknown)
  // The interned set of this lock and those before it, made when an access
  // needs it (heldLockSet); null until then. invariant: the entries with a
  // SetNode form a prefix of Held.
  const LockSetNode *SetNode;
};

/// One entry of a thread's ring of recent events (sync operations; under a
/// serialized schedule also plain accesses). Written only by its own thread,
/// read by any thread while the owner runs (a reporter describing another
/// thread): Seq is a per-entry seqlock. The writer stores 2*N+1 (N: the
/// entry's index in the thread's event sequence), the fields, then 2*N+2
/// (release); a reader keeps an entry only if Seq is 2*N+2 before and after
/// copying it, so a torn or overwritten entry is dropped, never misread.
/// Every field is one machine word accessed with relaxed atomics.
struct RingEvent {
  uint64_t Seq;
  uint64_t Step;    // global order (G.Step): even; odd ones are inferred
  const char *Op;   // "lock", "unlock", "wait", ..., "read", "write"
  const char *What; // text; == Site->text: named from the site at report
  const __ravel_site *Site;
  uptr Obj;    // the lock / condvar / ... address, a ThreadState* for
               // create and join, the address of an access; 0 if unknown
  Epoch After; // the thread's epoch right after the event (& MaxEpoch)
};
static_assert(sizeof(RingEvent) == 56, "RingEvent: seven words");

struct ThreadState {
  uint32_t Tid;
  int InRuntime;      // > 0 while inside the runtime (ground rule 4)
  int IgnoreAccesses; // > 0 while accesses are not recorded
  int IgnoreReads;    // > 0 while reads are not recorded (annotations.cpp)
  uint32_t QuietAccesses; // plain accesses in a row that were not points
  int IgnoreWrites;   // > 0 while writes are not recorded
  // invariant: CurEpoch == Clock.get(Tid), this thread's current epoch (kept
  // apart for the access fast path).
  Epoch CurEpoch;
  // invariant: ShadowInfo::make(Tid, CurEpoch, 0, false, false).Raw, the
  // thread's part of every shadow Info word it writes (fast path).
  uint64_t InfoBase;
  VectorClock Clock;
  // Happens-before without mutex/rwlock/spin-lock edges (fork/join,
  // condvars, semaphores, barriers, once): the order the lock-order graph
  // uses to tell a feasible cycle from one whose acquisitions are ordered
  // by something other than the cycle's locks themselves.
  VectorClock OrderClock;
  // Number of times this thread published its order clock (fork, release
  // through a non-lock object): the lock-order edge cache's validity.
  uint64_t OrderReleases;
  uint64_t BlockSeq; // incremented at each BlockingScope (watchdog)
  int32_t KernelTid; // the kernel's id of the thread, set when it starts
  const __ravel_site *PendingSite; // from __ravel_next_site, consumed once

  Frame *Frames; // shadow call stack, Frames[Depth-1] innermost
  uint32_t Depth, FramesCap;
  ForeignCache ForeignUnwinds; // recent calls from uninstrumented code
  // invariant: &Frames[Depth-1].Pos, or &NoFrame.Pos when Depth == 0 (the
  // access fast path records its position with one store, and finds the
  // innermost frame's Ctx next to it: frameOfPos).
  const __ravel_site **PosSlot;
  Frame NoFrame; // only its Pos is used; its Ctx stays null

  HeldLock *Held; // locks held, in acquisition order
  uint32_t NumHeld, HeldCap;

  // Fences (see race_detector.cpp): clock at the last release fence, and
  // the join of clocks read by relaxed loads since the last acquire fence.
  VectorClock FenceRelease;
  bool HasFenceRelease;
  VectorClock PendingAcquire;
  // (site, context) -> interned AccessNode, direct-mapped (stack_depot.h);
  // LockSet is the interned set of Held (RootLockSet: none), or null when
  // Held changed since it was made (heldLockSet makes it when an access
  // needs it, so a lock taken and dropped with no access recorded under
  // it costs no depot lookup).
  static constexpr unsigned AccessCacheSize = 64;
  struct {
    const __ravel_site *Site;
    const ContextNode *Ctx;
    const AccessNode *Node;
  } AccessCache[AccessCacheSize];
  const LockSetNode *LockSet;
  // The site word siteWordOf last computed, with its site, the innermost
  // frame's context and the lock set then: while the frame's Ctx and
  // LockSet are still those, an access at WidenSite has that word, and the
  // hooks' fast path widens an entry with it without computing it again
  // (ShadowMemory::widenOwn). invariant: WidenCtx and WidenLocks are not
  // null while WidenSite is not.
  const void *WidenWord;
  const __ravel_site *WidenSite;
  const ContextNode *WidenCtx;
  const LockSetNode *WidenLocks;
  SyncVar *AtomicVar; // locked from __ravel_atomic_begin to _end
  uptr FutureState;   // from RAVEL_FUTURE_GET_BEGIN to _END

  StackTrace CreatedAt;
  uint32_t ParentTid;
  pthread_t Handle;
  // The thread's stack block, static TLS included ([StackLo, StackHi);
  // both 0 when unknown: main and foreign threads).
  uptr StackLo, StackHi;
  bool Finished; // done running user code (release-stored)
  bool Detached;
  bool Joined;

  // Lock-order edge contexts this thread already recorded (hash of from,
  // to, modes, gates) and its OrderReleases then: a repeated nesting with
  // no order release since skips the graph lock. Direct-mapped.
  static constexpr unsigned EdgeCacheSize = 256;
  struct {
    uint64_t Key;
    uint64_t OrderReleases;
  } EdgeCache[EdgeCacheSize];

  // Recent events (RingEvent); RingNext counts every event ever recorded
  // (release-stored after the entry is complete).
  static constexpr unsigned RingSize = 16;
  RingEvent Ring[RingSize];
  uint64_t RingNext;

  // What the thread is blocked in, for the deadlock watchdog and
  // the scheduler seam; BlockedOp == nullptr while running.
  const char *volatile BlockedOp;
  uptr BlockedOn;
  const __ravel_site *BlockedSite;
};

/// The current thread, null before it was registered.
extern __thread ThreadState *CurThread
    __attribute__((tls_model("initial-exec")));

/// Constant-initialised (ground rule 3): no constructor runs for it.
struct RuntimeGlobals {
  bool Initialized = false;
  bool Initializing = false;
  Options Opts;
  ShadowMemory Shadow;
  SyncTable Syncs;
  // Global order of recorded events: each takes the next even number, so a
  // step inferred at report time (a race's previous access) can take the
  // odd number just before an event it is known to precede.
  uint64_t Step = 0;
};
extern RuntimeGlobals G;

void initRuntime();
/// initRuntime with the environment vector (from .preinit_array).
void initRuntimeWithEnv(char **Envp);
RAVEL_ALWAYS_INLINE void ensureInit() {
  if (RAVEL_UNLIKELY(!G.Initialized))
    initRuntime();
}

/// Registers a thread that was not created through pthread_create (main,
/// or threads created by code the runtime did not see).
ThreadState *registerForeignThread();
RAVEL_ALWAYS_INLINE ThreadState *curThread() {
  ThreadState *T = CurThread;
  if (RAVEL_UNLIKELY(!T))
    T = registerForeignThread();
  return T;
}

/// Signals whose handlers wait for the current thread to leave the runtime
/// (bit Sig-1; interceptors/signal.cpp), and the function that runs them.
extern __thread uint64_t DeferredSignals
    __attribute__((tls_model("initial-exec")));
void runDeferredSignals(ThreadState *T);

/// RAII: marks the current thread as inside the runtime. Leaving the
/// outermost scope runs the signal handlers deferred meanwhile.
class RuntimeScope {
public:
  explicit RuntimeScope(ThreadState *T) : T(T) { ++T->InRuntime; }
  ~RuntimeScope() {
    if (--T->InRuntime == 0 && RAVEL_UNLIKELY(DeferredSignals))
      runDeferredSignals(T);
  }
  RuntimeScope(const RuntimeScope &) = delete;
  RuntimeScope &operator=(const RuntimeScope &) = delete;

private:
  ThreadState *T;
};

/// Epoch handling (FastTrack): a release increments the releasing thread's
/// own clock entry so later accesses are not covered by the released clock.
RAVEL_ALWAYS_INLINE Epoch epochOf(const ThreadState *T) { return T->CurEpoch; }
inline void setEpoch(ThreadState *T, Epoch E) {
  T->CurEpoch = E;
  T->InfoBase = ShadowInfo::make(T->Tid, E, 0, false, false).Raw;
  T->Clock.set(T->Tid, E);
}
inline void incrementEpoch(ThreadState *T) { setEpoch(T, T->CurEpoch + 1); }
/// V.Clock := V.Clock join T.Clock, then T's epoch advances. Caller holds
/// V->Mu.
inline void releaseInto(ThreadState *T, VectorClock &C) {
  C.join(T->Clock);
  incrementEpoch(T);
}
inline void acquireFrom(ThreadState *T, const VectorClock &C) {
  T->Clock.join(C);
}
/// T's OrderClock with its own component brought up to its epoch.
inline VectorClock &orderClock(ThreadState *T) {
  T->OrderClock.set(T->Tid, epochOf(T));
  return T->OrderClock;
}
/// Release / acquire through a non-lock sync object (condvar, semaphore,
/// barrier, once): both the full clock and the order clock. Caller holds
/// V->Mu.
inline void releaseSync(ThreadState *T, SyncVar *V) {
  V->OrderClock.join(orderClock(T));
  ++T->OrderReleases;
  releaseInto(T, V->Clock);
}
inline void acquireSync(ThreadState *T, SyncVar *V) {
  T->Clock.join(V->Clock);
  T->OrderClock.join(V->OrderClock);
}

/// The site an interceptor names: the pending one from __ravel_next_site
/// (consumed), else Fallback.
inline const __ravel_site *takeSite(ThreadState *T,
                                    const __ravel_site *Fallback) {
  const __ravel_site *S = T->PendingSite;
  T->PendingSite = nullptr;
  return S ? S : Fallback;
}

/// Records the current position in the innermost frame.
RAVEL_ALWAYS_INLINE void notePosition(ThreadState *T, const __ravel_site *S) {
  *T->PosSlot = S;
}
/// The frame whose Pos field is *PosSlot (NoFrame when Depth == 0).
RAVEL_ALWAYS_INLINE const Frame *frameOfPos(const __ravel_site *const *Pos) {
  return reinterpret_cast<const Frame *>(reinterpret_cast<const char *>(Pos) -
                                         offsetof(Frame, Pos));
}
/// Re-establishes the PosSlot invariant after Depth or Frames changed.
RAVEL_ALWAYS_INLINE void updatePosSlot(ThreadState *T) {
  T->PosSlot = T->Depth ? &T->Frames[T->Depth - 1].Pos : &T->NoFrame.Pos;
}

/// The interned context of T's innermost frame (its callers' positions).
const ContextNode *currentContext(ThreadState *T);
/// The interned (Site, current context) node.
inline const AccessNode *accessNodeOf(ThreadState *T,
                                      const __ravel_site *Site) {
  const ContextNode *Ctx = T->Depth && T->Frames[T->Depth - 1].Ctx
                               ? T->Frames[T->Depth - 1].Ctx
                               : currentContext(T);
  auto &E = T->AccessCache[(reinterpret_cast<uptr>(Site) >> 3 ^
                            reinterpret_cast<uptr>(Ctx) >> 4) %
                           ThreadState::AccessCacheSize];
  if (RAVEL_LIKELY(E.Site == Site && E.Ctx == Ctx && E.Node))
    return E.Node;
  // Slow path: mark the thread as inside the runtime, so a signal handler
  // running here cannot re-enter the depot's lock (ground rule 4).
  ++T->InRuntime;
  E.Site = Site;
  E.Ctx = Ctx;
  E.Node = internAccess(Site, Ctx);
  --T->InRuntime;
  return E.Node;
}
/// Interns T's held locks (from the first one without a SetNode) and sets
/// T->LockSet. Out of line: once per change of the held set followed by an
/// access that needs it.
const LockSetNode *heldLockSet(ThreadState *T);
/// The site word stored in shadow slots for an access of T at Site: its
/// (Site, current context) node and the locks T holds (stack_depot.h).
inline const void *siteWordOf(ThreadState *T, const __ravel_site *Site) {
  const LockSetNode *L = T->LockSet;
  if (RAVEL_UNLIKELY(!L))
    L = heldLockSet(T);
  const void *Word = accessWord(accessNodeOf(T, Site), L);
  // Kept for the fast path (WidenWord), which reads the word first: a
  // signal handler that interrupts it between its loads and computes a
  // word of its own leaves WidenSite as it found it or names that word.
  const ContextNode *Ctx = frameOfPos(T->PosSlot)->Ctx;
  T->WidenSite = nullptr;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  T->WidenWord = Word;
  T->WidenCtx = Ctx;
  T->WidenLocks = L;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  T->WidenSite = Ctx ? Site : nullptr; // Depth 0: no frame Ctx to compare
  return Word;
}

/// Snapshot of T's source stack with Top as the innermost site.
void captureStack(const ThreadState *T, const __ravel_site *Top,
                  StackTrace *Out);

/// Appends an event to T's ring (T is the current thread). Cost: one
/// relaxed fetch-add on G.Step and a few stores; no lock, no allocation.
void recordEvent(ThreadState *T, const char *Op, const char *What,
                 const __ravel_site *Site, uptr Obj = 0);
/// A fresh global step (even), for events made at report time.
inline uint64_t nextStep() {
  return __atomic_add_fetch(&G.Step, 2, __ATOMIC_RELAXED);
}
/// Copies T's recent events, oldest first, into Out (room for RingSize);
/// safe while T runs (entries torn by a concurrent write are left out).
/// Returns how many were copied.
uint32_t snapshotRing(const ThreadState *T, RingEvent *Out);

/// Held-lock bookkeeping.
void pushHeld(ThreadState *T, SyncVar *V, LockMode M, const __ravel_site *Site);
/// Removes V from T's held locks; false if T does not hold it.
bool popHeld(ThreadState *T, SyncVar *V);
HeldLock *findHeld(ThreadState *T, SyncVar *V);

/// The object a sync site's source text names, into Buf: for a call, the
/// object of a member call (`m.lock()` -> `m`, `cv.wait(lk, ...)` -> `cv`)
/// or the first argument without a leading `&` (`pthread_mutex_lock(&b)`
/// -> `b`, a guard's `LockFrom(From.Mu)` -> `From.Mu`); MutexRole picks the
/// mutex of a `pthread_cond_*wait(&cv, &mu)` call (`mu`). Other text is
/// copied. Returns Buf ("" for null Text).
const char *syncObjectText(const char *Text, bool MutexRole, char *Buf,
                           size_t BufSize);
/// Writes a name for a lock into Buf: the lock expression of Site's text if
/// known (syncObjectText), else "<kind> at 0xADDR".
void lockName(const SyncVar *V, const __ravel_site *Site, char *Buf,
              size_t BufSize);
/// Names of a lock cycle's locks: Holds[I] names lock I (LockKeys[I]) as
/// edge I holds it, Acquires[I] lock (I+1)%Len as edge I acquires it, each
/// the text of its own site (BufSize bytes each). When one text stands for
/// two distinct locks (the same `From.Mu` in a transfer called for two
/// accounts), every name gets its lock's number in the cycle,
/// `From.Mu (lock #1)`, so a cycle never seems to name one lock twice.
/// Returns whether it numbered them.
bool numberCycleLocks(const uint64_t *LockKeys, unsigned Len,
                      char *const *Holds, char *const *Acquires,
                      size_t BufSize);
/// The name of a held lock (from the text of its acquisition site).
void heldLockName(const HeldLock &H, char *Buf, size_t BufSize);

uint64_t monotonicMs();

} // namespace ravel::rt

#endif
