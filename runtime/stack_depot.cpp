//===- runtime/stack_depot.cpp --------------------------------------------===//
#include "stack_depot.h"
#include "fork_guard.h"

#include <new>

namespace ravel::rt {

const ContextNode RootContext = {nullptr, nullptr, nullptr};
const LockSetNode RootLockSet = {nullptr, 0, nullptr, nullptr, nullptr, 0};

namespace {
SpinLock DepotLock;

uint64_t hashOf(const void *A, const void *B) {
  return reinterpret_cast<uptr>(A) * 0x9E3779B97F4A7C15ull ^
         reinterpret_cast<uptr>(B) * 0xC2B2AE3D27D4EB4Full;
}
uint64_t hashOf(const ContextNode *N) { return hashOf(N->Parent, N->Pos); }
uint64_t hashOf(const AccessNode *N) { return hashOf(N->Site, N->Ctx); }
uint64_t hashOf(const LockSetNode *N) {
  return hashOf(N->Parent,
                reinterpret_cast<const char *>(N->AcquiredAt) + N->LockAddr);
}

/// One hash table of the depot: chains of nodes linked through their Next
/// fields, 1 << Shift buckets, grown 4x (under DepotLock) when the table
/// holds twice as many nodes as buckets, so a lookup walks about two nodes
/// however many a program makes (a lock per object makes a lock set per
/// object and nesting).
/// Lock-free readers stay safe while a resize moves nodes to the new
/// buckets: a moved node only ever links to nodes moved before it, so a
/// reader that follows a changed Next still ends at null after finitely
/// many nodes; it may miss its node, and then looks again under DepotLock,
/// after the resize. Old bucket arrays are never freed (a reader may still
/// hold one): at most a third of the live array's size in all.
template <typename Node> struct DepotTable {
  static constexpr unsigned InitialShift = 14;
  struct Buckets {
    unsigned Shift;
    const Node **Head; // 1 << Shift chains
  };
  Buckets *Current; // published with a release store; null: the initial
  uint64_t Count;   // nodes, under DepotLock
  const Node *InitialHeads[1u << InitialShift];

  Buckets table() {
    Buckets *B = __atomic_load_n(&Current, __ATOMIC_ACQUIRE);
    return B ? *B : Buckets{InitialShift, InitialHeads};
  }
  static const Node **headOf(const Buckets &B, uint64_t H) {
    return &B.Head[H >> (64 - B.Shift)];
  }
  template <typename Match> const Node *find(uint64_t H, Match M) {
    for (const Node *N = __atomic_load_n(headOf(table(), H), __ATOMIC_ACQUIRE);
         N; N = __atomic_load_n(&N->Next, __ATOMIC_ACQUIRE))
      if (M(N))
        return N;
    return nullptr;
  }
  /// Links a new node N (hash H). Caller holds DepotLock.
  void insert(Node *N, uint64_t H) {
    Buckets B = table();
    if (++Count > (uint64_t(2) << B.Shift))
      B = grow(B);
    const Node **Head = headOf(B, H);
    N->Next = *Head;
    __atomic_store_n(Head, N, __ATOMIC_RELEASE);
  }
  Buckets grow(const Buckets &Old) {
    auto *New = static_cast<Buckets *>(internalAlloc(sizeof(Buckets)));
    New->Shift = Old.Shift + 2;
    New->Head = static_cast<const Node **>(
        internalCalloc((uptr(1) << New->Shift) * sizeof(Node *)));
    for (uptr I = 0; I < (uptr(1) << Old.Shift); ++I)
      for (const Node *N = Old.Head[I]; N;) {
        const Node *Next = N->Next;
        const Node **Head = headOf(*New, hashOf(N));
        __atomic_store_n(&const_cast<Node *>(N)->Next, *Head, __ATOMIC_RELEASE);
        *Head = N; // New is not published yet
        N = Next;
      }
    __atomic_store_n(&Current, New, __ATOMIC_RELEASE);
    return *New;
  }
};

/// Node memory: nodes are never freed, so they are cut from 1 MiB slabs
/// by a bump pointer (under DepotLock) at their own size, 24 to 56 bytes,
/// instead of internalAlloc's power-of-two classes with a header (64 bytes
/// each): a lock-per-object program interns millions of lock set nodes.
/// A node's id is its slab's index (from 1) and its offset in 8-byte
/// units, so ids fit in 32 bits and decode with one load of the slab table
/// (which is written before any node of the slab is published). Cost: one
/// slab map per 1 MiB of nodes, at most 1 MiB unused.
struct NodeArena {
  static constexpr unsigned SlabShift = 20, UnitShift = 3;
  static constexpr uptr SlabBytes = uptr(1) << SlabShift;
  static constexpr uptr MaxSlabs = uptr(1) << (32 - (SlabShift - UnitShift));
  char *Cur = nullptr, *End = nullptr;
  uptr NumSlabs = 0;     // slabs in use; Slabs[1..NumSlabs]
  char *Slabs[MaxSlabs]; // Slabs[0] unused: id 0 is no node

  /// Caller holds DepotLock.
  void *alloc(uptr Size, NodeId *Id) {
    Size = (Size + 7) & ~uptr(7);
    if (RAVEL_UNLIKELY(!Cur || uptr(End - Cur) < Size)) {
      if (NumSlabs + 1 == MaxSlabs)
        die("the stack depot is full (32 GiB of nodes)");
      Cur = static_cast<char *>(internalAlloc(SlabBytes));
      End = Cur + SlabBytes;
      __atomic_store_n(&Slabs[++NumSlabs], Cur, __ATOMIC_RELEASE);
    }
    void *P = Cur;
    *Id = static_cast<NodeId>(NumSlabs << (SlabShift - UnitShift) |
                              uptr(Cur - (End - SlabBytes)) >> UnitShift);
    Cur += Size;
    return P;
  }
  const void *at(NodeId Id) const {
    if (!Id)
      return nullptr;
    const char *Slab = __atomic_load_n(&Slabs[Id >> (SlabShift - UnitShift)],
                                       __ATOMIC_ACQUIRE);
    return Slab +
           (uptr(Id & ((uptr(1) << (SlabShift - UnitShift)) - 1)) << UnitShift);
  }
};
NodeArena Nodes;

DepotTable<ContextNode> Contexts;
DepotTable<AccessNode> Accesses;
DepotTable<LockSetNode> LockSets;
} // namespace

SpinLock &stackDepotLock() { return DepotLock; }

const ContextNode *internContext(const ContextNode *Parent,
                                 const __ravel_site *Pos) {
  uint64_t H = hashOf(Parent, Pos);
  auto Match = [&](const ContextNode *N) {
    return N->Parent == Parent && N->Pos == Pos;
  };
  if (const ContextNode *N = Contexts.find(H, Match))
    return N;
  SpinLockGuard Guard(DepotLock);
  if (const ContextNode *N = Contexts.find(H, Match))
    return N;
  NodeId Id;
  auto *N = new (Nodes.alloc(sizeof(ContextNode), &Id))
      ContextNode{Pos, Parent, nullptr};
  Contexts.insert(N, H);
  return N;
}

const AccessNode *internAccess(const __ravel_site *Site,
                               const ContextNode *Ctx) {
  uint64_t H = hashOf(Site, Ctx);
  auto Match = [&](const AccessNode *N) {
    return N->Site == Site && N->Ctx == Ctx;
  };
  if (const AccessNode *N = Accesses.find(H, Match))
    return N;
  SpinLockGuard Guard(DepotLock);
  if (const AccessNode *N = Accesses.find(H, Match))
    return N;
  NodeId Id;
  auto *N = new (Nodes.alloc(sizeof(AccessNode), &Id))
      AccessNode{Site, Ctx, nullptr, Id};
  Accesses.insert(N, H);
  return N;
}

const AccessNode *accessOfWord(const void *Word) {
  return static_cast<const AccessNode *>(
      Nodes.at(static_cast<NodeId>(reinterpret_cast<uptr>(Word))));
}

const LockSetNode *locksOfWord(const void *Word) {
  const void *L =
      Nodes.at(static_cast<NodeId>(reinterpret_cast<uptr>(Word) >> 32));
  return L ? static_cast<const LockSetNode *>(L) : &RootLockSet;
}

const LockSetNode *internLockSet(const LockSetNode *Parent, uptr LockAddr,
                                 const char *Name,
                                 const AccessNode *AcquiredAt) {
  // Keyed by what a report shows (address, name, acquisition), not by lock
  // lifetime: the lifetimes of a lock re-created at one address (a freed
  // and reallocated object's mutex) share their nodes, so the depot grows
  // with the addresses used for locks, not with lock lifetimes.
  uint64_t H =
      hashOf(Parent, reinterpret_cast<const char *>(AcquiredAt) + LockAddr);
  auto Match = [&](const LockSetNode *N) {
    return N->Parent == Parent && N->AcquiredAt == AcquiredAt &&
           N->LockAddr == LockAddr && N->Name == Name;
  };
  if (const LockSetNode *N = LockSets.find(H, Match))
    return N;
  SpinLockGuard Guard(DepotLock);
  if (const LockSetNode *N = LockSets.find(H, Match))
    return N;
  NodeId Id;
  auto *N = new (Nodes.alloc(sizeof(LockSetNode), &Id))
      LockSetNode{Parent, LockAddr, Name, AcquiredAt, nullptr, Id};
  LockSets.insert(N, H);
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
