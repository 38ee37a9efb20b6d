//===- runtime/annotations.cpp - what the program tells the detector -----===//
//
// Three spellings of the same few annotations, for custom synchronisation
// that ravel cannot see (lock-free hand-offs, locks built on futexes or
// spins, deliberately racy counters):
//
//   ravel's own            __ravel_annotate_* (<ravel/annotations.h>)
//   dynamic annotations    AnnotateHappensBefore, AnnotateBenignRaceSized,
//                          AnnotateRWLockAcquired, ... (the functions that
//                          ThreadSanitizer and Helgrind-era code call)
//   ThreadSanitizer's      __tsan_acquire/__tsan_release, __tsan_mutex_*
//
// Happens-before on an address is a release into / acquire from the
// address's SyncVar, as for a C++20 latch. A benign race range is never
// reported. A custom lock is a SyncVar of kind Mutex (RwLock once created
// as one) that goes through lock_common.h like a pthread mutex: held-lock
// sets, lock-order cycles, misuse. Ignoring reads or writes is a per-thread
// count the access hooks' slow path reads.
//
//===----------------------------------------------------------------------===//
#include "annotations.h"
#include "interceptors/lock_common.h"

using namespace ravel::rt;

namespace {
struct BenignRange {
  uptr Lo, Hi;
};
constexpr unsigned MaxBenign = 4096;
BenignRange Benign[MaxBenign];
unsigned NumBenign; // entries below it are complete (release store)
SpinLock BenignMu;

void addBenign(uptr Lo, size_t Size) {
  if (!Size)
    return;
  SpinLockGuard Guard(BenignMu);
  unsigned N = NumBenign;
  for (unsigned I = 0; I < N; ++I)
    if (Benign[I].Lo <= Lo && Lo + Size <= Benign[I].Hi)
      return; // already covered
  if (N == MaxBenign) {
    static bool Warned;
    if (!Warned) {
      static const char Msg[] = "ravel: warning: more than 4096 benign-race "
                                "annotations; the rest are ignored\n";
      rawWrite(2, Msg, sizeof(Msg) - 1);
    }
    Warned = true;
    return;
  }
  Benign[N] = BenignRange{Lo, Lo + Size};
  __atomic_store_n(&NumBenign, N + 1, __ATOMIC_RELEASE);
}

/// The thread an annotation acts for, and its site (the caller's pending
/// site, else one naming the annotation).
ThreadState *annotating(const char *Name, const __ravel_site **Site) {
  ThreadState *T = interceptorThread();
  if (T) {
    *Site = takeSite(T, libcSite(Name));
    notePosition(T, *Site);
  }
  return T;
}

void happensBefore(const volatile void *Obj, const char *Name) {
  const __ravel_site *Site;
  ThreadState *T = annotating(Name, &Site);
  if (!T || !Obj)
    return;
  uptr A = reinterpret_cast<uptr>(Obj);
  schedulingPoint(T, PointKind::Release, A);
  RuntimeScope Scope(T);
  SyncVar *V = G.Syncs.getOrCreate(A, SyncKind::Waitable, Site);
  SpinLockGuard Guard(V->Mu);
  releaseSync(T, V);
}

void happensAfter(const volatile void *Obj, const char *Name) {
  const __ravel_site *Site;
  ThreadState *T = annotating(Name, &Site);
  if (!T || !Obj)
    return;
  uptr A = reinterpret_cast<uptr>(Obj);
  schedulingPoint(T, PointKind::Acquire, A);
  RuntimeScope Scope(T);
  SyncVar *V = G.Syncs.getOrCreate(A, SyncKind::Waitable, Site);
  SpinLockGuard Guard(V->Mu);
  acquireSync(T, V);
}

void benignRace(const volatile void *Obj, size_t Size) {
  if (Obj)
    addBenign(reinterpret_cast<uptr>(Obj), Size);
}

/// Begin (+1) or end (-1) of an ignored region; an end without its begin
/// is dropped rather than making the count negative (which would ignore
/// everything after it).
void adjustIgnore(int &Count, int Delta) {
  if (Delta > 0 || Count > 0)
    Count += Delta;
}
void ignoreReads(int Delta) {
  if (ThreadState *T = interceptorThread())
    adjustIgnore(T->IgnoreReads, Delta);
}
void ignoreWrites(int Delta) {
  if (ThreadState *T = interceptorThread())
    adjustIgnore(T->IgnoreWrites, Delta);
}

SyncVar *customLock(const volatile void *Lock,
                    const __ravel_site *Site) {
  return G.Syncs.getOrCreate(reinterpret_cast<uptr>(Lock), SyncKind::Mutex,
                             Site);
}

void lockCreate(const volatile void *Lock, bool Rw, const char *Name) {
  const __ravel_site *Site;
  ThreadState *T = annotating(Name, &Site);
  if (!T || !Lock)
    return;
  RuntimeScope Scope(T);
  SyncKind K = Rw ? SyncKind::RwLock : SyncKind::Mutex;
  SyncVar *V = G.Syncs.getOrCreate(reinterpret_cast<uptr>(Lock), K, Site);
  {
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, K, Site);
    V->Explicit = true;
  }
  dropStaleHeld(T);
}

void lockDestroy(const volatile void *Lock, const char *Name) {
  const __ravel_site *Site;
  ThreadState *T = annotating(Name, &Site);
  if (!T || !Lock)
    return;
  RuntimeScope Scope(T);
  if (SyncVar *V = G.Syncs.find(reinterpret_cast<uptr>(Lock))) {
    SpinLockGuard Guard(V->Mu);
    SyncTable::renew(V, V->Kind, nullptr);
  }
}

/// The lock was taken (Write: exclusively). Blocking: the caller may have
/// waited for it, so it is an edge of the lock-order graph.
void lockAcquired(const volatile void *Lock, bool Write, bool Blocking,
                  const char *Name) {
  const __ravel_site *Site;
  ThreadState *T = annotating(Name, &Site);
  if (!T || !Lock)
    return;
  schedulingPoint(T, PointKind::Acquire, reinterpret_cast<uptr>(Lock));
  RuntimeScope Scope(T);
  SyncVar *V = customLock(Lock, Site);
  LockMode M = Write ? LockMode::Write : LockMode::Read;
  if (Blocking)
    beforeLock(T, V, M, Site, /*SelfDeadlocks=*/false);
  afterLock(T, V, M, Site);
}

void lockReleased(const volatile void *Lock, const char *Name) {
  const __ravel_site *Site;
  ThreadState *T = annotating(Name, &Site);
  if (!T || !Lock)
    return;
  schedulingPoint(T, PointKind::Release, reinterpret_cast<uptr>(Lock));
  RuntimeScope Scope(T);
  SyncVar *V = customLock(Lock, Site);
  beforeUnlock(T, V, Site, "unlock", nullptr);
}
} // namespace

namespace ravel::rt {
bool isBenignRace(uptr Addr, uptr Size) {
  unsigned N = __atomic_load_n(&NumBenign, __ATOMIC_ACQUIRE);
  for (unsigned I = 0; I < N; ++I)
    if (Addr < Benign[I].Hi && Benign[I].Lo < Addr + Size)
      return true;
  return false;
}
} // namespace ravel::rt

#define RAVEL_API extern "C" __attribute__((visibility("default"), used))

// ---- ravel's own (<ravel/annotations.h>) -------------------------------------
RAVEL_API void __ravel_annotate_happens_before(const volatile void *Obj) {
  happensBefore(Obj, "RAVEL_HAPPENS_BEFORE");
}
RAVEL_API void __ravel_annotate_happens_after(const volatile void *Obj) {
  happensAfter(Obj, "RAVEL_HAPPENS_AFTER");
}
RAVEL_API void __ravel_annotate_benign_race(const volatile void *Obj,
                                            size_t Size, const char *) {
  benignRace(Obj, Size);
}
RAVEL_API void __ravel_annotate_ignore_reads(int Begin) {
  ignoreReads(Begin ? 1 : -1);
}
RAVEL_API void __ravel_annotate_ignore_writes(int Begin) {
  ignoreWrites(Begin ? 1 : -1);
}
RAVEL_API void __ravel_annotate_lock_create(const volatile void *Lock,
                                            int IsRw) {
  lockCreate(Lock, IsRw, "RAVEL_LOCK_CREATE");
}
RAVEL_API void __ravel_annotate_lock_destroy(const volatile void *Lock) {
  lockDestroy(Lock, "RAVEL_LOCK_DESTROY");
}
RAVEL_API void __ravel_annotate_lock_acquired(const volatile void *Lock,
                                              int IsWrite) {
  lockAcquired(Lock, IsWrite, true, "RAVEL_LOCK_ACQUIRED");
}
RAVEL_API void __ravel_annotate_lock_released(const volatile void *Lock,
                                              int) {
  lockReleased(Lock, "RAVEL_LOCK_RELEASED");
}

// ---- Dynamic annotations --------------------------------------------------------
RAVEL_API void AnnotateHappensBefore(const char *, int,
                                     const volatile void *Obj) {
  happensBefore(Obj, "AnnotateHappensBefore");
}
RAVEL_API void AnnotateHappensAfter(const char *, int,
                                    const volatile void *Obj) {
  happensAfter(Obj, "AnnotateHappensAfter");
}
RAVEL_API void AnnotateCondVarSignal(const char *, int,
                                     const volatile void *Cv) {
  happensBefore(Cv, "AnnotateCondVarSignal");
}
RAVEL_API void AnnotateCondVarSignalAll(const char *, int,
                                        const volatile void *Cv) {
  happensBefore(Cv, "AnnotateCondVarSignalAll");
}
RAVEL_API void AnnotateCondVarWait(const char *, int, const volatile void *Cv,
                                   const volatile void *) {
  happensAfter(Cv, "AnnotateCondVarWait");
}
RAVEL_API void AnnotateBenignRaceSized(const char *, int,
                                       const volatile void *Mem, size_t Size,
                                       const char *) {
  benignRace(Mem, Size);
}
RAVEL_API void AnnotateBenignRace(const char *, int, const volatile void *Mem,
                                  const char *) {
  benignRace(Mem, 1);
}
RAVEL_API void AnnotateIgnoreReadsBegin(const char *, int) { ignoreReads(1); }
RAVEL_API void AnnotateIgnoreReadsEnd(const char *, int) { ignoreReads(-1); }
RAVEL_API void AnnotateIgnoreWritesBegin(const char *, int) {
  ignoreWrites(1);
}
RAVEL_API void AnnotateIgnoreWritesEnd(const char *, int) { ignoreWrites(-1); }
RAVEL_API void AnnotateRWLockCreate(const char *, int,
                                    const volatile void *Lock) {
  lockCreate(Lock, true, "AnnotateRWLockCreate");
}
RAVEL_API void AnnotateRWLockCreateStatic(const char *, int,
                                          const volatile void *Lock) {
  lockCreate(Lock, true, "AnnotateRWLockCreateStatic");
}
RAVEL_API void AnnotateRWLockDestroy(const char *, int,
                                     const volatile void *Lock) {
  lockDestroy(Lock, "AnnotateRWLockDestroy");
}
RAVEL_API void AnnotateRWLockAcquired(const char *, int,
                                      const volatile void *Lock, long IsW) {
  lockAcquired(Lock, IsW != 0, true, "AnnotateRWLockAcquired");
}
RAVEL_API void AnnotateRWLockReleased(const char *, int,
                                      const volatile void *Lock, long) {
  lockReleased(Lock, "AnnotateRWLockReleased");
}
RAVEL_API void AnnotateNewMemory(const char *, int, const volatile void *Mem,
                                 size_t Size) {
  if (Mem && Size && G.Initialized)
    G.Shadow.reset(reinterpret_cast<uptr>(Mem), Size);
}
// Accepted and ignored (the program behaves the same without them).
RAVEL_API void AnnotateThreadName(const char *, int, const char *) {}
RAVEL_API void AnnotateMutexIsNotPHB(const char *, int, const volatile void *) {
}
RAVEL_API void AnnotateMutexIsUsedAsCondVar(const char *, int,
                                            const volatile void *) {}
RAVEL_API void AnnotateIgnoreSyncBegin(const char *, int) {}
RAVEL_API void AnnotateIgnoreSyncEnd(const char *, int) {}
RAVEL_API void AnnotateEnableRaceDetection(const char *, int, int) {}
RAVEL_API void AnnotateFlushState(const char *, int) {}
RAVEL_API void AnnotateNoOp(const char *, int, const volatile void *) {}
RAVEL_API void AnnotateTraceMemory(const char *, int, const volatile void *) {}
RAVEL_API void AnnotateExpectRace(const char *, int, const volatile void *,
                                  const char *) {}
RAVEL_API int RunningOnValgrind(void) { return 0; }

// ---- ThreadSanitizer's interface (<sanitizer/tsan_interface.h>) -----------
namespace {
// Its mutex flags.
constexpr unsigned TsanReadLock = 1 << 3, TsanTryLock = 1 << 4,
                   TsanTryLockFailed = 1 << 5;
} // namespace
RAVEL_API void __tsan_acquire(void *Addr) {
  happensAfter(Addr, "__tsan_acquire");
}
RAVEL_API void __tsan_release(void *Addr) {
  happensBefore(Addr, "__tsan_release");
}
RAVEL_API void __tsan_mutex_create(void *Addr, unsigned Flags) {
  (void)Flags;
  lockCreate(Addr, false, "__tsan_mutex_create");
}
RAVEL_API void __tsan_mutex_destroy(void *Addr, unsigned) {
  lockDestroy(Addr, "__tsan_mutex_destroy");
}
RAVEL_API void __tsan_mutex_pre_lock(void *, unsigned) {}
RAVEL_API void __tsan_mutex_post_lock(void *Addr, unsigned Flags, int) {
  if (Flags & TsanTryLockFailed)
    return;
  lockAcquired(Addr, !(Flags & TsanReadLock), !(Flags & TsanTryLock),
               "__tsan_mutex_post_lock");
}
RAVEL_API int __tsan_mutex_pre_unlock(void *Addr, unsigned) {
  lockReleased(Addr, "__tsan_mutex_pre_unlock");
  return 0;
}
RAVEL_API void __tsan_mutex_post_unlock(void *, unsigned) {}
RAVEL_API void __tsan_mutex_pre_signal(void *, unsigned) {}
RAVEL_API void __tsan_mutex_post_signal(void *, unsigned) {}
RAVEL_API void __tsan_mutex_pre_divert(void *, unsigned) {}
RAVEL_API void __tsan_mutex_post_divert(void *, unsigned) {}
RAVEL_API void __tsan_ignore_thread_begin(void) {
  ignoreReads(1);
  ignoreWrites(1);
}
RAVEL_API void __tsan_ignore_thread_end(void) {
  ignoreReads(-1);
  ignoreWrites(-1);
}
