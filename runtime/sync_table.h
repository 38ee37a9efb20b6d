//===- runtime/sync_table.h - sync objects keyed by address -----*- C++ -*-===//
//
// Every address used as a synchronisation object (mutex, rwlock, spinlock,
// condvar, semaphore, barrier, once control, atomic variable) has one
// SyncVar holding its release clock and, for locks, its owner and identity.
//
// Contract: the table is a fixed array of buckets, each a singly linked list
// that only grows at its head. Lookups are lock-free (a SyncVar is complete
// before the release store that links it in); insertion takes the bucket's
// spin lock (striped locking; slow path only). SyncVars are
// never freed: a destroyed or freed object is *renewed in place* (new
// LockId, clocks cleared), so a pointer obtained from the table stays valid
// for the life of the process and memory is bounded by the number of
// distinct addresses ever used for synchronisation. Fields after Mu are
// guarded by Mu.
//
// A second index keys SyncVars by the 4 KiB page of their address (a page
// node per page that ever held one, its SyncVars chained through PageNext,
// same grow-at-head, lock-free-read discipline), so renewRange visits only
// the pages of its range that hold sync objects.
//
// Cost: getOrCreate/find O(1) expected (hash of the address); renewRange
// O(min(pages of the range, NumPageBuckets) + sync objects in those pages)
// expected: a free of a block holding none is a few lookups.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SYNC_TABLE_H
#define RAVEL_RUNTIME_SYNC_TABLE_H

#include "base.h"
#include "ravel/ravel.h"
#include "vector_clock.h"

namespace ravel::rt {

enum class SyncKind : uint8_t {
  Mutex,
  RwLock,
  SpinLock,
  Cond,
  Sem,
  Barrier,
  Once,
  Atomic,
  Future,   // a libstdc++ future shared state
  Waitable, // a std::latch, std::barrier or std::counting_semaphore
  Fd,       // a file descriptor's channel or number (interceptors/fd.h)
};
const char *syncKindName(SyncKind K);

/// Unique identity of one lock object's lifetime (a lock destroyed
/// and re-created at the same address is a different node).
enum class LockId : uint64_t {};

struct SyncVar {
  uptr Addr;
  SyncVar *Next;     // bucket chain: set once, before V is published
  SyncVar *PageNext; // its page's chain (SyncTable's page index), likewise
  SpinLock Mu;
  // invariant: unique per lifetime; renewed by renew().
  LockId Id;
  SyncKind Kind;
  bool Recursive;  // mutex type PTHREAD_MUTEX_RECURSIVE
  bool ErrorCheck; // mutex type PTHREAD_MUTEX_ERRORCHECK
  bool Explicit;   // created by an init call (vs. first use)
  bool Robust;     // mutex attribute PTHREAD_MUTEX_ROBUST
  // invariant: a robust mutex whose owner exited holding it and that no
  // thread locked since (the real lock then returns EOWNERDEAD).
  bool OwnerDied;
  // The lock graph may hold a node of this lifetime's Id (set before an
  // edge to or from it is added; relaxed atomic): renewing it then drops
  // the node (lockGraphForgetLock). Set late, a node may be kept: memory
  // only, never a finding.
  bool InGraph;
  VectorClock Clock;        // release clock (write mode / signal / post)
  VectorClock ReadClock;    // rwlock: join of the readers' release clocks
  VectorClock OrderClock;   // non-lock objects: see ThreadState::OrderClock
  const __ravel_site *Site; // init or first-use site
  int32_t Owner;            // tid holding it in write mode, -1 if none
  uint32_t Recursion;       // recursive mutex depth
  uint32_t Readers;         // rwlock: readers inside
  // Barriers under a serialized schedule (modelled, the real one unused):
  uint32_t BarrierCount, BarrierArrived, BarrierRound;
};

class SyncTable {
public:
  /// The SyncVar for Addr, created with kind K and site S if absent.
  SyncVar *getOrCreate(uptr Addr, SyncKind K, const __ravel_site *S);
  SyncVar *find(uptr Addr);
  /// A new lifetime for V (destroy / re-init): new id, clocks and owner
  /// cleared. Caller holds V->Mu.
  static void renew(SyncVar *V, SyncKind K, const __ravel_site *S);
  /// A new lifetime for a lock found re-created without an init call (its
  /// memory says unlocked while the table says held): new id, no owner.
  /// Its clocks are kept: joining more than needed can only hide a race,
  /// never invent one. Caller holds V->Mu.
  static void renewOwnership(SyncVar *V);
  /// Renews every SyncVar inside [Addr, Addr+Size) (memory freed).
  void renewRange(uptr Addr, size_t Size);
  /// Calls Fn(V) for every SyncVar inside [Addr, Addr+Size) (page index).
  template <typename Fn> void forEachInRange(uptr Addr, size_t Size, Fn F);
  /// Calls F(L) on every lock of the table while F returns true (false if
  /// F stopped the walk): the bucket locks, the page bucket locks, then
  /// every SyncVar's Mu. The SyncVars visited, and their order, are the
  /// same on every walk while the caller holds all bucket locks (nothing is
  /// inserted meanwhile): the fork guard relies on it (fork_guard.h).
  template <typename Fn> bool forEachLock(Fn F);
  uint64_t liveCount() const {
    return __atomic_load_n(&Count, __ATOMIC_RELAXED);
  }

private:
  static constexpr unsigned NumBuckets = 1 << 14;
  struct Bucket {
    SpinLock Mu;
    SyncVar *Head = nullptr;
  };
  static unsigned bucketOf(uptr Addr) {
    uint64_t H = (Addr >> 3) * 0x9E3779B97F4A7C15ull;
    return static_cast<unsigned>(H >> (64 - 14));
  }
  Bucket Buckets[NumBuckets];
  uint64_t Count = 0;

  // Page index. invariant: every SyncVar is on the Vars chain of the node
  // of its page (Addr >> PageShift), linked before getOrCreate returns it.
  static constexpr unsigned PageShift = 12;
  static constexpr unsigned NumPageBuckets = 1 << 14;
  struct PageNode {
    uptr Page;
    PageNode *Next;
    SyncVar *Vars;
  };
  struct PageBucket {
    SpinLock Mu; // taken after a Bucket::Mu, never before
    PageNode *Head = nullptr;
  };
  static unsigned pageBucketOf(uptr Page) {
    return static_cast<unsigned>((Page * 0x9E3779B97F4A7C15ull) >> (64 - 14));
  }
  PageNode *findPage(uptr Page);
  void linkToPage(SyncVar *V);
  PageBucket PageBuckets[NumPageBuckets];
};

template <typename Fn>
void SyncTable::forEachInRange(uptr Addr, size_t Size, Fn F) {
  if (!liveCount() || !Size)
    return;
  uptr End = Addr + Size;
  auto Visit = [&](PageNode *N) {
    for (SyncVar *V = __atomic_load_n(&N->Vars, __ATOMIC_ACQUIRE); V;
         V = V->PageNext)
      if (V->Addr >= Addr && V->Addr < End)
        F(V);
  };
  uptr First = Addr >> PageShift, Last = (End - 1) >> PageShift;
  if (Last - First < NumPageBuckets) {
    for (uptr P = First; P <= Last; ++P)
      if (PageNode *N = findPage(P))
        Visit(N);
    return;
  }
  // More pages than buckets: scanning the page index is cheaper.
  for (PageBucket &B : PageBuckets)
    for (PageNode *N = __atomic_load_n(&B.Head, __ATOMIC_ACQUIRE); N;
         N = N->Next)
      if (N->Page >= First && N->Page <= Last)
        Visit(N);
}

template <typename Fn> bool SyncTable::forEachLock(Fn F) {
  for (Bucket &B : Buckets)
    if (!F(B.Mu))
      return false;
  for (PageBucket &B : PageBuckets)
    if (!F(B.Mu))
      return false;
  for (Bucket &B : Buckets)
    for (SyncVar *V = __atomic_load_n(&B.Head, __ATOMIC_ACQUIRE); V;
         V = V->Next)
      if (!F(V->Mu))
        return false;
  return true;
}

} // namespace ravel::rt

#endif
