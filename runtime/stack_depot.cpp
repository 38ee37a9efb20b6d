//===- runtime/stack_depot.cpp --------------------------------------------===//
#include "stack_depot.h"
#include "fork_guard.h"

#include <new>

namespace ravel::rt {

const ContextNode RootContext = {nullptr, nullptr, nullptr};
const LockSetNode RootLockSet = {nullptr, 0, 0, nullptr, nullptr, nullptr};

namespace {
constexpr unsigned NumBuckets = 1 << 14;
const ContextNode *ContextBuckets[NumBuckets];
const AccessNode *AccessBuckets[NumBuckets];
const LockSetNode *LockSetBuckets[NumBuckets];
SpinLock DepotLock;

unsigned bucketOf(const void *A, const void *B) {
  uint64_t H = reinterpret_cast<uptr>(A) * 0x9E3779B97F4A7C15ull ^
               reinterpret_cast<uptr>(B) * 0xC2B2AE3D27D4EB4Full;
  return static_cast<unsigned>(H >> (64 - 14));
}

template <typename Node, typename Match>
const Node *findIn(const Node *const *Head, Match M) {
  for (const Node *N = __atomic_load_n(Head, __ATOMIC_ACQUIRE); N; N = N->Next)
    if (M(N))
      return N;
  return nullptr;
}
} // namespace

SpinLock &stackDepotLock() { return DepotLock; }

const ContextNode *internContext(const ContextNode *Parent,
                                 const __ravel_site *Pos) {
  const ContextNode **Head = &ContextBuckets[bucketOf(Parent, Pos)];
  auto Match = [&](const ContextNode *N) {
    return N->Parent == Parent && N->Pos == Pos;
  };
  if (const ContextNode *N = findIn(Head, Match))
    return N;
  SpinLockGuard Guard(DepotLock);
  if (const ContextNode *N = findIn(Head, Match))
    return N;
  auto *N =
      new (internalAlloc(sizeof(ContextNode))) ContextNode{Pos, Parent, *Head};
  __atomic_store_n(Head, N, __ATOMIC_RELEASE);
  return N;
}

const AccessNode *internAccess(const __ravel_site *Site, const ContextNode *Ctx,
                               const LockSetNode *Locks) {
  const AccessNode **Head =
      &AccessBuckets[bucketOf(Site, reinterpret_cast<const char *>(Ctx) +
                                        reinterpret_cast<uptr>(Locks))];
  auto Match = [&](const AccessNode *N) {
    return N->Site == Site && N->Ctx == Ctx && N->Locks == Locks;
  };
  if (const AccessNode *N = findIn(Head, Match))
    return N;
  SpinLockGuard Guard(DepotLock);
  if (const AccessNode *N = findIn(Head, Match))
    return N;
  auto *N = new (internalAlloc(sizeof(AccessNode)))
      AccessNode{Site, Ctx, Locks, *Head};
  __atomic_store_n(Head, N, __ATOMIC_RELEASE);
  return N;
}

const LockSetNode *internLockSet(const LockSetNode *Parent, uint64_t LockId,
                                 uptr LockAddr, const char *Name,
                                 const AccessNode *AcquiredAt) {
  const LockSetNode **Head = &LockSetBuckets[bucketOf(
      Parent, reinterpret_cast<const char *>(AcquiredAt) + LockId)];
  auto Match = [&](const LockSetNode *N) {
    return N->Parent == Parent && N->LockId == LockId &&
           N->AcquiredAt == AcquiredAt && N->LockAddr == LockAddr &&
           N->Name == Name;
  };
  if (const LockSetNode *N = findIn(Head, Match))
    return N;
  SpinLockGuard Guard(DepotLock);
  if (const LockSetNode *N = findIn(Head, Match))
    return N;
  auto *N = new (internalAlloc(sizeof(LockSetNode)))
      LockSetNode{Parent, LockId, LockAddr, Name, AcquiredAt, *Head};
  __atomic_store_n(Head, N, __ATOMIC_RELEASE);
  return N;
}

void expandAccess(const AccessNode *N, StackTrace *Out) {
  Out->clear();
  if (!N)
    return;
  Out->push(N->Site);
  for (const ContextNode *C = N->Ctx; C && C->Parent; C = C->Parent)
    Out->push(C->Pos);
}

} // namespace ravel::rt
