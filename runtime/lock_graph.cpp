//===- runtime/lock_graph.cpp - lock-order graph and cycle search ---------===//
#include "lock_graph.h"
#include "fork_guard.h"

#include "interleaving.h"
#include "reporter.h"
#include "thread_registry.h"

#include <new>
#include <stdio.h>

namespace ravel::rt {

namespace {
constexpr unsigned MaxInstances = 32;
constexpr unsigned MaxPerContext = 4;
constexpr unsigned SearchBudget = 100000;
constexpr unsigned NumBuckets = 1 << 14;

struct EdgeInstance {
  uint32_t Tid;
  bool FromWrite, ToWrite;
  uint64_t *Gates; // sorted
  uint32_t NumGates;
  Epoch AcquireEpoch;
  VectorClock Order;
  uint64_t Added; // order of addition (most recent: largest)
  // The recording thread's context key (see lockGraphBeforeLock) and its
  // OrderReleases + 1 then; 0 when unknown (test input).
  uint64_t CtxKey, Releases;
  char HoldsName[96], AcquiresName[96];
  StackTrace HoldsAt, AcquiresAt;
};

// Nodes and edges are on doubly linked lists (each Prev* points at the link
// that points at it), so forgetting a dead lock unlinks each of its edges
// in O(1).
struct Node;
struct Edge {
  uint64_t From, To;
  Node *FromNode, *ToNode;
  Edge *NextOut, **PrevOut;   // edges leaving FromNode
  Edge *NextIn, **PrevIn;     // edges entering ToNode
  Edge *NextHash, **PrevHash; // edge hash chain
  EdgeInstance *Inst[MaxInstances];
  uint32_t NumInst;
};

struct Node {
  uint64_t Id;
  Node *NextHash, **PrevHash;
  Edge *Out;
  Edge *In;
  uint64_t PathMark; // == current search id while on the DFS path
};

template <typename T>
void pushFront(T **Head, T *X, T *T::*Next, T **T::*Prev) {
  X->*Next = *Head;
  if (*Head)
    (*Head)->*Prev = &(X->*Next);
  X->*Prev = Head;
  *Head = X;
}
template <typename T> void unlink(T *X, T *T::*Next, T **T::*Prev) {
  *(X->*Prev) = X->*Next;
  if (X->*Next)
    (X->*Next)->*Prev = X->*Prev;
}

SpinLock GraphLock;
Node *NodeBuckets[NumBuckets];
Edge *EdgeBuckets[NumBuckets];
uint64_t SearchId;
uint64_t InstancesAdded;
// Signatures of cycles already reported (hash of the sorted edge set).
uint64_t *ReportedCycles;
uint32_t NumReported, ReportedCap;

unsigned hashOf(uint64_t A, uint64_t B = 0) {
  uint64_t H = (A * 0x9E3779B97F4A7C15ull) ^ (B * 0xC2B2AE3D27D4EB4Full);
  return static_cast<unsigned>((H ^ (H >> 29)) % NumBuckets);
}

Node *getNode(uint64_t Id) {
  Node *&Head = NodeBuckets[hashOf(Id)];
  for (Node *N = Head; N; N = N->NextHash)
    if (N->Id == Id)
      return N;
  Node *N = new (internalCalloc(sizeof(Node))) Node();
  N->Id = Id;
  pushFront(&Head, N, &Node::NextHash, &Node::PrevHash);
  return N;
}

Node *findNode(uint64_t Id) {
  for (Node *N = NodeBuckets[hashOf(Id)]; N; N = N->NextHash)
    if (N->Id == Id)
      return N;
  return nullptr;
}

Edge *findEdge(uint64_t From, uint64_t To) {
  for (Edge *E = EdgeBuckets[hashOf(From, To)]; E; E = E->NextHash)
    if (E->From == From && E->To == To)
      return E;
  return nullptr;
}

/// Whether thread Tid recorded the context Key of edge From -> To with no
/// order release since (Releases as in EdgeInstance): then that instance
/// dominates a repeat (see the edge cache in lockGraphBeforeLock). Caller
/// holds GraphLock.
bool recordedSinceRelease(uint64_t From, uint64_t To, uint32_t Tid,
                          uint64_t Key, uint64_t Releases) {
  if (Edge *E = findEdge(From, To))
    for (uint32_t I = 0; I < E->NumInst; ++I)
      if (E->Inst[I]->Tid == Tid && E->Inst[I]->CtxKey == Key &&
          E->Inst[I]->Releases == Releases)
        return true;
  return false;
}

Edge *getEdge(uint64_t From, uint64_t To, bool *Created) {
  Edge *&Head = EdgeBuckets[hashOf(From, To)];
  for (Edge *E = Head; E; E = E->NextHash)
    if (E->From == From && E->To == To) {
      *Created = false;
      return E;
    }
  Edge *E = new (internalCalloc(sizeof(Edge))) Edge();
  E->From = From;
  E->To = To;
  E->FromNode = getNode(From);
  E->ToNode = getNode(To);
  pushFront(&E->FromNode->Out, E, &Edge::NextOut, &Edge::PrevOut);
  pushFront(&E->ToNode->In, E, &Edge::NextIn, &Edge::PrevIn);
  pushFront(&Head, E, &Edge::NextHash, &Edge::PrevHash);
  *Created = true;
  return E;
}

bool sameContext(const EdgeInstance &A, const EdgeInstance &B) {
  if (A.Tid != B.Tid || A.FromWrite != B.FromWrite || A.ToWrite != B.ToWrite ||
      A.NumGates != B.NumGates)
    return false;
  for (uint32_t I = 0; I < A.NumGates; ++I)
    if (A.Gates[I] != B.Gates[I])
      return false;
  return true;
}

bool orderedBefore(const EdgeInstance &X, const EdgeInstance &Y) {
  return X.AcquireEpoch <= Y.Order.get(X.Tid);
}

/// A and B are of one context (thread, modes, gates). A dominates B when
/// A is feasible together with every instance B is: A is no earlier in its
/// thread (whatever A is ordered before, B is too) and A's order clock
/// knows no more of the other threads (whatever is ordered before A is
/// ordered before B). B can then be dropped without missing a cycle.
bool dominates(const EdgeInstance &A, const EdgeInstance &B) {
  if (A.AcquireEpoch < B.AcquireEpoch)
    return false;
  uint32_t N =
      A.Order.size() > B.Order.size() ? A.Order.size() : B.Order.size();
  for (uint32_t K = 0; K < N; ++K)
    if (K != A.Tid && A.Order.get(K) > B.Order.get(K))
      return false;
  return true;
}

void freeInstance(EdgeInstance *I) {
  I->Order.release();
  internalFree(I->Gates);
  internalFree(I);
}

void removeEdge(Edge *E) {
  unlink(E, &Edge::NextOut, &Edge::PrevOut);
  unlink(E, &Edge::NextIn, &Edge::PrevIn);
  unlink(E, &Edge::NextHash, &Edge::PrevHash);
  for (uint32_t I = 0; I < E->NumInst; ++I)
    freeInstance(E->Inst[I]);
  internalFree(E);
}

bool hasGate(const EdgeInstance &I, uint64_t G) {
  for (uint32_t K = 0; K < I.NumGates; ++K)
    if (I.Gates[K] == G)
      return true;
  return false;
}

/// Chooses one instance per edge of Cycle[0..Len) (Cycle[0]'s is fixed to
/// Chosen[0]) so that the choice is feasible (see lock_graph.h). With
/// OneThread, instances of one thread may be chosen together (program order
/// does not make them infeasible: the inversion is latent, one refactor or
/// one more caller away from a deadlock); instances of distinct threads are
/// still filtered by happens-before.
bool chooseInstances(Edge **Cycle, unsigned Len, EdgeInstance **Chosen,
                     unsigned I, unsigned *Budget, bool OneThread) {
  if (I == Len) {
    // Each link must be able to block.
    for (unsigned K = 0; K < Len; ++K)
      if (!Chosen[K]->ToWrite && !Chosen[(K + 1) % Len]->FromWrite)
        return false;
    // No gate common to all.
    for (uint32_t G = 0; G < Chosen[0]->NumGates; ++G) {
      bool All = true;
      for (unsigned K = 1; K < Len && All; ++K)
        All = hasGate(*Chosen[K], Chosen[0]->Gates[G]);
      if (All)
        return false;
    }
    return true;
  }
  for (uint32_t C = 0; C < Cycle[I]->NumInst; ++C) {
    if (!*Budget)
      return false;
    --*Budget;
    EdgeInstance *Cand = Cycle[I]->Inst[C];
    bool Ok = true;
    for (unsigned K = 0; K < I && Ok; ++K)
      Ok = Chosen[K]->Tid == Cand->Tid ? OneThread
                                       : !orderedBefore(*Chosen[K], *Cand) &&
                                             !orderedBefore(*Cand, *Chosen[K]);
    if (!Ok)
      continue;
    Chosen[I] = Cand;
    if (chooseInstances(Cycle, Len, Chosen, I + 1, Budget, OneThread))
      return true;
  }
  return false;
}

uint64_t cycleSignature(Edge **Cycle, unsigned Len) {
  // Order-independent: sum and xor of mixed edge keys.
  uint64_t Sum = 0, Xor = 0;
  for (unsigned I = 0; I < Len; ++I) {
    uint64_t K = (Cycle[I]->From * 0x9E3779B97F4A7C15ull) ^
                 (Cycle[I]->To * 0xC2B2AE3D27D4EB4Full);
    K ^= K >> 31;
    Sum += K;
    Xor ^= K * 0x100000001B3ull;
  }
  return Sum ^ (Xor << 1) ^ Len;
}

// Mixed into the signature of a cycle reported as taken by one thread.
constexpr uint64_t OneThreadSignature = 0x5bd1e9955bd1e995ull;

bool wasReported(uint64_t Sig) {
  for (uint32_t I = 0; I < NumReported; ++I)
    if (ReportedCycles[I] == Sig)
      return true;
  return false;
}

bool firstReport(uint64_t Sig) {
  if (wasReported(Sig))
    return false;
  if (NumReported == ReportedCap) {
    uint32_t Cap = ReportedCap ? ReportedCap * 2 : 32;
    auto *N = static_cast<uint64_t *>(internalAlloc(Cap * sizeof(uint64_t)));
    if (NumReported)
      internalMemcpy(N, ReportedCycles, NumReported * sizeof(uint64_t));
    internalFree(ReportedCycles);
    ReportedCycles = N;
    ReportedCap = Cap;
  }
  ReportedCycles[NumReported++] = Sig;
  return true;
}

void reportCycle(Edge **Path, EdgeInstance **Chosen, unsigned Len) {
  Finding F{};
  F.Kind = FindingKind::PotentialDeadlock;
  F.Threads =
      static_cast<FindingThread *>(internalCalloc(Len * sizeof(FindingThread)));
  F.Cycle = static_cast<FindingCycleEdge *>(
      internalCalloc(Len * sizeof(FindingCycleEdge)));
  F.NumThreads = F.CycleLen = Len;
  FindingLock *Locks =
      static_cast<FindingLock *>(internalCalloc(Len * sizeof(FindingLock)));
  // Lock names, numbered when one text stands for two locks.
  auto *NameStore = static_cast<char *>(internalCalloc(Len * 2 * 96));
  auto **NamePtrs =
      static_cast<char **>(internalCalloc(Len * 2 * sizeof(char *)));
  auto *LockKeys = static_cast<uint64_t *>(internalCalloc(Len * 8));
  for (unsigned I = 0; I < 2 * Len; ++I)
    NamePtrs[I] = NameStore + I * 96;
  struct {
    char **Holds, **Acquires;
  } Names{NamePtrs, NamePtrs + Len};
  for (unsigned I = 0; I < Len; ++I) {
    internalSnprintf(Names.Holds[I], 96, "%s", Chosen[I]->HoldsName);
    internalSnprintf(Names.Acquires[I], 96, "%s", Chosen[I]->AcquiresName);
    LockKeys[I] = Path[I]->From;
  }
  numberCycleLocks(LockKeys, Len, Names.Holds, Names.Acquires, 96);
  TextBuffer Chain, Steps;
  for (unsigned I = 0; I < Len; ++I) {
    EdgeInstance &E = *Chosen[I];
    const char *Holds = Names.Holds[I], *Acquires = Names.Acquires[I];
    FindingThread &T = F.Threads[I];
    T.Tid = E.Tid;
    if (ThreadState *TS = threadByTid(E.Tid))
      T.CreatedAt = TS->CreatedAt;
    T.Op = E.ToWrite ? "lock" : "rdlock";
    T.Variable = Acquires;
    T.Stack = E.AcquiresAt;
    internalSnprintf(Locks[I].Name, sizeof(Locks[I].Name), "%s", Holds);
    Locks[I].Stack = E.HoldsAt;
    T.Locks = nullptr; // set below (one array, freed once)
    // The interleaving that deadlocks, from the edge data: every thread
    // takes the lock it holds (steps 1..Len, in cycle order), then each
    // blocks on the next one (Len+1..2*Len, highlighted). The run itself
    // need not have interleaved them so: the steps are this schedule's.
    insertEvent(&T, 0, I + 1, E.FromWrite ? "lock" : "rdlock", Holds,
                E.HoldsAt.top());
    insertEvent(&T, 1, Len + I + 1, T.Op, Acquires, E.AcquiresAt.top());
    FindingCycleEdge &C = F.Cycle[I];
    C.Tid = E.Tid;
    internalSnprintf(C.Holds, sizeof(C.Holds), "%s", Holds);
    internalSnprintf(C.Acquires, sizeof(C.Acquires), "%s", Acquires);
    C.HoldsAt = E.HoldsAt;
    C.AcquiresAt = E.AcquiresAt;
    if (F.NumIdSites + 2 <= 32) {
      F.IdSites[F.NumIdSites] = E.HoldsAt.top();
      F.IdOps[F.NumIdSites++] = "holds";
      F.IdSites[F.NumIdSites] = E.AcquiresAt.top();
      F.IdOps[F.NumIdSites++] = "acquires";
    }
    Chain.appendf("%s -> ", Holds);
    const __ravel_site *H = E.HoldsAt.top(), *A = E.AcquiresAt.top();
    Steps.appendf("; T%u holds %s at %s:%u and acquires %s at %s:%u", E.Tid,
                  Holds, H ? H->file : "??", H ? H->line : 0, Acquires,
                  A ? A->file : "??", A ? A->line : 0);
  }
  Chain.append(Names.Holds[0]);
  unsigned Distinct = 0;
  for (unsigned I = 0; I < Len; ++I) {
    bool Seen = false;
    for (unsigned K = 0; K < I && !Seen; ++K)
      Seen = Chosen[K]->Tid == Chosen[I]->Tid;
    Distinct += !Seen;
  }
  if (Distinct == Len) {
    internalSnprintf(F.Summary, sizeof(F.Summary),
             "lock-order inversion among %u threads: %s%s", Len, Chain.data(),
             Steps.data());
    internalSnprintf(F.Details, sizeof(F.Details),
             "the threads take these locks in a cyclic order; if they run at "
             "the same time each can wait for the next forever");
  } else {
    internalSnprintf(F.Summary, sizeof(F.Summary),
             "lock-order inversion taken by %s: %s%s",
             Distinct == 1 ? "one thread" : "fewer threads than locks",
             Chain.data(), Steps.data());
    internalSnprintf(F.Details, sizeof(F.Details),
             "a thread took these locks in more than one order; it cannot "
             "deadlock with itself, but if these code paths run in two "
             "threads at the same time (another caller, a thread pool, a "
             "refactor) each can wait for the other forever: take the locks "
             "in one order everywhere");
  }
  for (unsigned I = 0; I < Len; ++I) {
    F.Threads[I].Locks = &Locks[I];
    F.Threads[I].NumLocks = 1;
  }
  reportFinding(F);
  for (unsigned I = 0; I < Len; ++I)
    F.Threads[I].Locks = nullptr;
  internalFree(Locks);
  releaseFinding(F);
  internalFree(NameStore);
  internalFree(NamePtrs);
  internalFree(LockKeys);
}

/// Searches cycles through the new instance New of edge E (E->From ->
/// E->To), reporting (Report) or recording (CycleOut) each new feasible
/// one. Caller holds GraphLock.
unsigned searchCycles(Edge *E, EdgeInstance *New, bool Report,
                      uint64_t *CycleOut, unsigned *CycleLen) {
  unsigned Found = 0, Budget = SearchBudget;
  uint64_t Search = ++SearchId;
  // Iterative DFS over simple paths E->To ->* E->From.
  struct FrameDfs {
    Node *N;
    Edge *Next;
  };
  uint32_t Cap = 64, Depth = 0;
  auto *Stack = static_cast<FrameDfs *>(internalAlloc(Cap * sizeof(FrameDfs)));
  auto *Path = static_cast<Edge **>(internalAlloc((Cap + 1) * sizeof(Edge *)));
  Path[0] = E;
  Node *Start = E->ToNode;
  Start->PathMark = Search;
  Stack[Depth++] = FrameDfs{Start, Start->Out};
  while (Depth && Budget) {
    FrameDfs &Top = Stack[Depth - 1];
    Edge *Out = Top.Next;
    if (!Out) {
      Top.N->PathMark = 0;
      --Depth;
      continue;
    }
    Top.Next = Out->NextOut;
    --Budget;
    if (Out->To == E->From) {
      // A cycle: Path[0] = E, Path[1..Depth] the DFS edges, closing Out.
      Path[Depth] = Out;
      unsigned Len = Depth + 1;
      uint64_t Sig = cycleSignature(Path, Len);
      auto **Chosen = static_cast<EdgeInstance **>(
          internalAlloc(Len * sizeof(EdgeInstance *)));
      Chosen[0] = New;
      // Threads that can overlap first; failing that, a latent inversion
      // taken by one thread (reported apart, unless the cycle already was).
      bool Feasible = chooseInstances(Path, Len, Chosen, 1, &Budget, false);
      if (!Feasible && !wasReported(Sig)) {
        Feasible = chooseInstances(Path, Len, Chosen, 1, &Budget, true);
        Sig ^= OneThreadSignature;
      }
      if (Feasible && firstReport(Sig)) {
        if (!Found && CycleOut) {
          for (unsigned I = 0; I < Len; ++I)
            CycleOut[I] = Path[I]->From;
          *CycleLen = Len;
        }
        ++Found;
        if (Report)
          reportCycle(Path, Chosen, Len);
      }
      internalFree(Chosen);
      continue;
    }
    if (Out->ToNode->PathMark == Search || Out->To == E->To)
      continue;
    if (Depth == Cap) {
      uint32_t NewCap = Cap * 2;
      auto *NS =
          static_cast<FrameDfs *>(internalAlloc(NewCap * sizeof(FrameDfs)));
      auto *NP =
          static_cast<Edge **>(internalAlloc((NewCap + 1) * sizeof(Edge *)));
      internalMemcpy(NS, Stack, Depth * sizeof(FrameDfs));
      internalMemcpy(NP, Path, (Depth + 1) * sizeof(Edge *));
      internalFree(Stack);
      internalFree(Path);
      Stack = NS;
      Path = NP;
      Cap = NewCap;
    }
    Path[Depth] = Out;
    Out->ToNode->PathMark = Search;
    Stack[Depth++] = FrameDfs{Out->ToNode, Out->ToNode->Out};
  }
  for (uint32_t I = 0; I < Depth; ++I)
    Stack[I].N->PathMark = 0;
  internalFree(Stack);
  internalFree(Path);
  return Found;
}

/// Adds an instance (taking ownership of Inst) and searches; caller holds
/// GraphLock.
unsigned addInstance(uint64_t From, uint64_t To, EdgeInstance *Inst,
                     bool Report, uint64_t *CycleOut, unsigned *CycleLen) {
  bool Created;
  Edge *E = getEdge(From, To, &Created);
  // Every acquisition counts, but of one context only the instances that
  // no other dominates can make a cycle feasible: drop the new one if an
  // instance dominates it, drop those it dominates.
  uint32_t InContext = 0, Kept = 0;
  EdgeInstance *Latest = nullptr;
  for (uint32_t I = 0; I < E->NumInst; ++I) {
    EdgeInstance *Old = E->Inst[I];
    if (sameContext(*Old, *Inst)) {
      if (dominates(*Old, *Inst)) {
        freeInstance(Inst);
        return 0;
      }
      if (dominates(*Inst, *Old)) {
        freeInstance(Old);
        continue;
      }
      ++InContext;
      if (!Latest || Old->Added > Latest->Added)
        Latest = Old;
    }
    E->Inst[Kept++] = Old;
  }
  E->NumInst = Kept;
  Inst->Added = ++InstancesAdded;
  if (InContext < MaxPerContext && E->NumInst < MaxInstances) {
    E->Inst[E->NumInst++] = Inst;
  } else if (Latest) {
    // Bounded: the most recent acquisition of the context replaces the
    // previous most recent one.
    for (uint32_t I = 0; I < E->NumInst; ++I)
      if (E->Inst[I] == Latest)
        E->Inst[I] = Inst;
    freeInstance(Latest);
  } else {
    freeInstance(Inst); // the edge is full of other contexts
    return 0;
  }
  return searchCycles(E, Inst, Report, CycleOut, CycleLen);
}

void sortIds(uint64_t *A, uint32_t N) {
  for (uint32_t I = 1; I < N; ++I)
    for (uint32_t J = I; J > 0 && A[J - 1] > A[J]; --J) {
      uint64_t T = A[J];
      A[J] = A[J - 1];
      A[J - 1] = T;
    }
}
} // namespace

SpinLock &lockGraphLock() { return GraphLock; }

void lockGraphBeforeLock(ThreadState *T, SyncVar *V, LockMode M,
                         const __ravel_site *Site) {
  if (!T->NumHeld)
    return;
  uint64_t To = static_cast<uint64_t>(V->Id);
  StackTrace AcquiresAt;
  bool HaveStack = false;
  for (uint32_t H = 0; H < T->NumHeld; ++H) {
    const HeldLock &Held = T->Held[H];
    uint64_t From = static_cast<uint64_t>(Held.Id);
    if (From == To)
      continue; // recursive re-acquisition
    // Gates: every other held lock.
    uint64_t Key = From * 0x9E3779B97F4A7C15ull ^ To * 31 ^
                   (uint64_t(Held.Mode == LockMode::Write) << 1) ^
                   uint64_t(M == LockMode::Write);
    for (uint32_t K = 0; K < T->NumHeld; ++K)
      if (K != H)
        Key = (Key ^ static_cast<uint64_t>(T->Held[K].Id)) * 0x100000001B3ull;
    Key |= 1;
    // Since this thread last recorded the context, if it published no order
    // clock (OrderReleases), nobody can be ordered after the earlier
    // acquisition but not after this one: the recorded instance dominates.
    auto &Slot = T->EdgeCache[Key % ThreadState::EdgeCacheSize];
    if (Slot.Key == Key && Slot.OrderReleases == T->OrderReleases)
      continue;
    Slot.Key = Key;
    Slot.OrderReleases = T->OrderReleases;
    // The cache is direct-mapped and small: a program nesting more distinct
    // pairs than it holds (a lock per object) finds the recorded instance
    // in the graph instead, without building a new one or searching.
    {
      SpinLockGuard Guard(GraphLock);
      if (recordedSinceRelease(From, To, T->Tid, Key, T->OrderReleases + 1))
        continue;
    }
    if (!HaveStack) {
      captureStack(T, Site, &AcquiresAt);
      HaveStack = true;
    }
    auto *I = new (internalCalloc(sizeof(EdgeInstance))) EdgeInstance();
    I->Tid = T->Tid;
    I->CtxKey = Key;
    I->Releases = T->OrderReleases + 1;
    I->FromWrite = Held.Mode == LockMode::Write;
    I->ToWrite = M == LockMode::Write;
    if (T->NumHeld > 1) {
      I->Gates = static_cast<uint64_t *>(
          internalAlloc((T->NumHeld - 1) * sizeof(uint64_t)));
      for (uint32_t K = 0; K < T->NumHeld; ++K)
        if (K != H && T->Held[K].Id != Held.Id)
          I->Gates[I->NumGates++] = static_cast<uint64_t>(T->Held[K].Id);
      sortIds(I->Gates, I->NumGates);
    }
    I->AcquireEpoch = epochOf(T);
    I->Order.assign(orderClock(T));
    heldLockName(Held, I->HoldsName, sizeof(I->HoldsName));
    lockName(V, Site, I->AcquiresName, sizeof(I->AcquiresName));
    I->HoldsAt = Held.Stack;
    I->AcquiresAt = AcquiresAt;
    __atomic_store_n(&V->InGraph, true, __ATOMIC_RELAXED);
    if (Held.Var)
      __atomic_store_n(&Held.Var->InGraph, true, __ATOMIC_RELAXED);
    SpinLockGuard Guard(GraphLock);
    addInstance(From, To, I, /*Report=*/true, nullptr, nullptr);
  }
}

unsigned lockGraphAddForTest(const LockGraphEdgeInput &In, uint64_t *CycleOut,
                             unsigned *CycleLen) {
  auto *I = new (internalCalloc(sizeof(EdgeInstance))) EdgeInstance();
  I->Tid = In.Tid;
  I->FromWrite = In.FromWrite;
  I->ToWrite = In.ToWrite;
  if (In.NumGates) {
    I->Gates =
        static_cast<uint64_t *>(internalAlloc(In.NumGates * sizeof(uint64_t)));
    internalMemcpy(I->Gates, In.Gates, In.NumGates * sizeof(uint64_t));
    I->NumGates = In.NumGates;
    sortIds(I->Gates, I->NumGates);
  }
  I->AcquireEpoch = In.AcquireEpoch;
  if (In.Order)
    I->Order.assign(*In.Order);
  SpinLockGuard Guard(GraphLock);
  return addInstance(In.From, In.To, I, /*Report=*/false, CycleOut, CycleLen);
}

void lockGraphForgetLock(uint64_t Id) {
  SpinLockGuard Guard(GraphLock);
  Node *N = findNode(Id);
  if (!N)
    return;
  while (N->Out)
    removeEdge(N->Out);
  while (N->In)
    removeEdge(N->In);
  unlink(N, &Node::NextHash, &Node::PrevHash);
  internalFree(N);
}

void lockGraphResetForTest() {
  SpinLockGuard Guard(GraphLock);
  // Test-only: drop the tables (nodes and edges are leaked on purpose, the
  // test process is short-lived).
  for (auto &B : NodeBuckets)
    B = nullptr;
  for (auto &B : EdgeBuckets)
    B = nullptr;
  NumReported = 0;
}

void reportSelfDeadlock(ThreadState *T, SyncVar *V, const HeldLock *H,
                        const __ravel_site *Site) {
  Finding F{};
  F.Kind = FindingKind::Deadlock;
  F.Threads =
      static_cast<FindingThread *>(internalCalloc(sizeof(FindingThread)));
  F.NumThreads = 1;
  FindingThread &FT = F.Threads[0];
  describeThread(T, &FT, /*WithLocks=*/true);
  FT.Op = "lock";
  char Name[96];
  if (H->Name)
    heldLockName(*H, Name, sizeof(Name));
  else
    lockName(V, Site, Name, sizeof(Name));
  FT.Variable = Name;
  FT.Address = V->Addr;
  captureStack(T, Site, &FT.Stack);
  addFinalEvent(&FT, "lock", Name, Site); // the relock that never returns
  const __ravel_site *HS = H->Stack.top();
  F.IdSites[0] = HS;
  F.IdOps[0] = "holds";
  F.NumIdSites = HS ? 1 : 0;
  internalSnprintf(F.Summary, sizeof(F.Summary),
           "self-deadlock: thread T%u locks %s at %s:%u:%u while already "
           "holding it (acquired at %s:%u:%u); a non-recursive %s never "
           "succeeds",
           T->Tid, Name, Site ? Site->file : "??", Site ? Site->line : 0,
           Site ? Site->column : 0, HS ? HS->file : "??", HS ? HS->line : 0,
           HS ? HS->column : 0, syncKindName(V->Kind));
  internalSnprintf(F.Details, sizeof(F.Details),
           "the program would hang here; ravel ended it");
  reportFinding(F);
  releaseFinding(F);
}

} // namespace ravel::rt
