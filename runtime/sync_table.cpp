//===- runtime/sync_table.cpp ---------------------------------------------===//
#include "sync_table.h"
#include "lock_graph.h"

#include <new>

namespace ravel::rt {

namespace {
uint64_t NextLockId = 1;
LockId newLockId() {
  return LockId(__atomic_fetch_add(&NextLockId, 1, __ATOMIC_RELAXED));
}
} // namespace

const char *syncKindName(SyncKind K) {
  switch (K) {
  case SyncKind::Mutex:
    return "mutex";
  case SyncKind::RwLock:
    return "rwlock";
  case SyncKind::SpinLock:
    return "spinlock";
  case SyncKind::Cond:
    return "condition variable";
  case SyncKind::Sem:
    return "semaphore";
  case SyncKind::Barrier:
    return "barrier";
  case SyncKind::Once:
    return "once flag";
  case SyncKind::Atomic:
    return "atomic";
  case SyncKind::Future:
    return "future";
  case SyncKind::Waitable:
    return "latch, barrier or semaphore";
  case SyncKind::Fd:
    return "file descriptor";
  }
  return "sync object";
}

namespace {
/// The lifetime ending in V leaves the lock graph.
void forgetLifetime(SyncVar *V) {
  if (__atomic_load_n(&V->InGraph, __ATOMIC_RELAXED)) {
    __atomic_store_n(&V->InGraph, false, __ATOMIC_RELAXED);
    lockGraphForgetLock(static_cast<uint64_t>(V->Id));
  }
}
} // namespace

void SyncTable::renew(SyncVar *V, SyncKind K, const __ravel_site *S) {
  forgetLifetime(V);
  V->Id = newLockId();
  V->Kind = K;
  V->Recursive = V->ErrorCheck = V->Explicit = false;
  V->Robust = V->OwnerDied = false;
  V->Clock.clear();
  V->ReadClock.clear();
  V->OrderClock.clear();
  V->Site = S;
  V->Owner = -1;
  V->Recursion = 0;
  V->Readers = 0;
}

void SyncTable::renewOwnership(SyncVar *V) {
  forgetLifetime(V);
  V->Id = newLockId();
  V->Owner = -1;
  V->Recursion = 0;
  V->Readers = 0;
  V->OwnerDied = false;
}

SyncVar *SyncTable::find(uptr Addr) {
  // Lock-free: a chain only ever grows at its head, and a SyncVar's Addr
  // and Next are written before the release store that publishes it.
  Bucket &B = Buckets[bucketOf(Addr)];
  for (SyncVar *V = __atomic_load_n(&B.Head, __ATOMIC_ACQUIRE); V; V = V->Next)
    if (V->Addr == Addr)
      return V;
  return nullptr;
}

SyncVar *SyncTable::getOrCreate(uptr Addr, SyncKind K, const __ravel_site *S) {
  if (SyncVar *V = find(Addr))
    return V;
  Bucket &B = Buckets[bucketOf(Addr)];
  SpinLockGuard G(B.Mu);
  for (SyncVar *V = B.Head; V; V = V->Next)
    if (V->Addr == Addr)
      return V;
  auto *V = new (internalCalloc(sizeof(SyncVar))) SyncVar();
  V->Addr = Addr;
  renew(V, K, S);
  linkToPage(V);
  V->Next = B.Head;
  __atomic_store_n(&B.Head, V, __ATOMIC_RELEASE);
  __atomic_fetch_add(&Count, 1, __ATOMIC_RELAXED);
  return V;
}

SyncTable::PageNode *SyncTable::findPage(uptr Page) {
  PageBucket &B = PageBuckets[pageBucketOf(Page)];
  for (PageNode *N = __atomic_load_n(&B.Head, __ATOMIC_ACQUIRE); N; N = N->Next)
    if (N->Page == Page)
      return N;
  return nullptr;
}

void SyncTable::linkToPage(SyncVar *V) {
  uptr Page = V->Addr >> PageShift;
  PageBucket &B = PageBuckets[pageBucketOf(Page)];
  SpinLockGuard G(B.Mu);
  PageNode *N = B.Head;
  while (N && N->Page != Page)
    N = N->Next;
  if (!N) {
    N = new (internalCalloc(sizeof(PageNode))) PageNode();
    N->Page = Page;
    N->Next = B.Head;
    __atomic_store_n(&B.Head, N, __ATOMIC_RELEASE);
  }
  V->PageNext = N->Vars;
  __atomic_store_n(&N->Vars, V, __ATOMIC_RELEASE);
}

void SyncTable::renewRange(uptr Addr, size_t Size) {
  forEachInRange(Addr, Size, [](SyncVar *V) {
    SpinLockGuard G(V->Mu);
    renew(V, V->Kind, nullptr);
  });
}

} // namespace ravel::rt
