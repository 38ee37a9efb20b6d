//===- runtime/interleaving.cpp - the steps a finding shows ---------------===//
#include "interleaving.h"

#include "stack_depot.h"
#include "thread_registry.h"

#include <stdio.h>

namespace ravel::rt {

namespace {
bool isLockOp(const char *Op) {
  return !internalStrcmp(Op, "lock") || !internalStrcmp(Op, "rdlock") ||
         !internalStrcmp(Op, "unlock");
}
bool isAccessOp(const char *Op) {
  return !internalStrcmp(Op, "read") || !internalStrcmp(Op, "write");
}

/// Names an event's object in the user's words into E.WhatStorage (the
/// ring keeps only pointers: naming is done here, at report time).
void nameEvent(FindingEvent &E, uptr Obj) {
  const char *Op = E.Op ? E.Op : "";
  if (E.Site && E.What == E.Site->text && E.What && *E.What) {
    if (!isAccessOp(Op) || E.Site->kind == RAVEL_SITE_CALL) {
      E.What = syncObjectText(E.What, isLockOp(Op), E.WhatStorage,
                              sizeof(E.WhatStorage));
      return;
    }
  }
  if (Obj && (!internalStrcmp(Op, "create") || !internalStrcmp(Op, "join")))
    for (uint32_t I = 0, N = threadCount(); I < N; ++I)
      if (reinterpret_cast<uptr>(threadByTid(I)) == Obj) {
        internalSnprintf(E.WhatStorage, sizeof(E.WhatStorage), "T%u", I);
        E.What = E.WhatStorage;
        return;
      }
  if (!E.What)
    E.What = "";
}

bool isLibcSite(const __ravel_site *S) {
  return S && S->file && !internalStrcmp(S->file, "<libc>");
}

void reserveEvents(FindingThread *Out, uint32_t Need) {
  if (Need <= Out->EventsCap)
    return;
  uint32_t Cap =
      Need < ThreadState::RingSize + 4 ? ThreadState::RingSize + 4 : Need * 2;
  auto *N =
      static_cast<FindingEvent *>(internalCalloc(Cap * sizeof(FindingEvent)));
  for (uint32_t I = 0; I < Out->NumEvents; ++I) {
    N[I] = Out->Events[I];
    if (Out->Events[I].What == Out->Events[I].WhatStorage)
      N[I].What = N[I].WhatStorage;
  }
  internalFree(Out->Events);
  Out->Events = N;
  Out->EventsCap = Cap;
}
} // namespace

FindingEvent *insertEvent(FindingThread *Out, uint32_t At, uint64_t Step,
                          const char *Op, const char *What,
                          const __ravel_site *Site) {
  reserveEvents(Out, Out->NumEvents + 1);
  if (At > Out->NumEvents)
    At = Out->NumEvents;
  for (uint32_t I = Out->NumEvents; I > At; --I) {
    Out->Events[I] = Out->Events[I - 1];
    if (Out->Events[I - 1].What == Out->Events[I - 1].WhatStorage)
      Out->Events[I].What = Out->Events[I].WhatStorage;
  }
  ++Out->NumEvents;
  FindingEvent &E = Out->Events[At];
  E.Step = Step;
  E.Op = Op ? Op : "";
  E.Site = Site;
  E.Obj = 0;
  internalSnprintf(E.WhatStorage, sizeof(E.WhatStorage), "%s", What ? What : "");
  E.What = E.WhatStorage;
  return &E;
}

void addFinalEvent(FindingThread *Out, const char *Op, const char *What,
                   const __ravel_site *Site) {
  if (Out->NumEvents) {
    const FindingEvent &Last = Out->Events[Out->NumEvents - 1];
    if (Last.Site == Site && Last.Op && Op && !internalStrcmp(Last.Op, Op))
      return; // already recorded (a wait, or an access under a serialized
              // schedule)
  }
  insertEvent(Out, Out->NumEvents, nextStep(), Op, What, Site);
}

uint32_t describeEvents(const ThreadState *T, FindingThread *Out,
                        RingEvent *Raw) {
  RingEvent Local[ThreadState::RingSize];
  if (!Raw)
    Raw = Local;
  uint32_t N = snapshotRing(T, Raw);
  reserveEvents(Out, N);
  for (uint32_t I = 0; I < N; ++I) {
    FindingEvent &E = Out->Events[I];
    E.Step = Raw[I].Step;
    E.Op = Raw[I].Op ? Raw[I].Op : "";
    E.What = Raw[I].What;
    E.Site = Raw[I].Site;
    E.Obj = Raw[I].Obj;
    nameEvent(E, Raw[I].Obj);
  }
  // A call made inside the library (a guard's destructor unlocking) has
  // only the library function for a site: name its object as the thread's
  // earlier event on the same object did (`unlock Mu` after `lock Mu`).
  for (uint32_t I = 0; I < N; ++I) {
    if (!Raw[I].Obj || !isLibcSite(Raw[I].Site))
      continue;
    for (uint32_t J = I; J-- > 0;)
      if (Raw[J].Obj == Raw[I].Obj && !isLibcSite(Raw[J].Site)) {
        FindingEvent &E = Out->Events[I];
        internalSnprintf(E.WhatStorage, sizeof(E.WhatStorage), "%s",
                 Out->Events[J].What);
        E.What = E.WhatStorage;
        break;
      }
  }
  Out->NumEvents = N;
  return N;
}

namespace {
bool isAcquireLockOp(const char *Op) {
  return Op && (!internalStrcmp(Op, "lock") || !internalStrcmp(Op, "rdlock"));
}

bool inLockSet(const LockSetNode *L, uptr Addr) {
  for (; L && L->Parent; L = L->Parent)
    if (L->LockAddr == Addr)
      return true;
  return false;
}

/// Whether ring event E of the previous thread certainly came after its
/// access P. Epochs only grow, and a release event records the epoch it
/// started, so: a later epoch is later; in the same epoch, a lock taken
/// that the access did not hold was taken after it (a lock taken before it
/// in the same epoch is still held: its unlock would have started a new
/// epoch). A thread's exit is after all it did. Other events of the same
/// epoch count as before it.
bool certainlyAfter(const RingEvent &E, const PreviousAccess &P) {
  if (E.Op && !internalStrcmp(E.Op, "exit"))
    return true;
  Epoch At = P.At & MaxEpoch;
  if (E.After != At)
    return E.After > At;
  return isAcquireLockOp(E.Op) && E.Obj && !inLockSet(P.Locks, E.Obj);
}
} // namespace

void raceInterleaving(FindingThread &Cur, const __ravel_site *CurSite,
                      FindingThread &Prev, const PreviousAccess &P) {
  addFinalEvent(&Cur, Cur.Op, Cur.Variable, CurSite);
  uint64_t CurStep = Cur.Events[Cur.NumEvents - 1].Step;
  RingEvent Raw[ThreadState::RingSize];
  uint32_t N = P.Thread ? describeEvents(P.Thread, &Prev, Raw) : 0;
  // Serialized schedules record accesses: the previous one may be there,
  // with its exact step.
  for (uint32_t I = N; I-- > 0;)
    if (Raw[I].Site == P.Site && Raw[I].Op && P.Op &&
        !internalStrcmp(Raw[I].Op, P.Op) && Raw[I].Obj >= P.GranuleAddr &&
        Raw[I].Obj < P.GranuleAddr + GranuleSize)
      return;
  uint32_t K = 0;
  while (K < N && !certainlyAfter(Raw[K], P))
    ++K;
  // The latest place consistent with what is known: just before the first
  // event known to follow it, or before the current access.
  uint64_t Before = K < N && Raw[K].Step < CurStep ? Raw[K].Step : CurStep;
  uint64_t Step = Before - 1;
  if (K > 0 && Step <= Raw[K - 1].Step)
    Step = Raw[K - 1].Step + 1;
  insertEvent(&Prev, K, Step, P.Op, Prev.Variable, P.Site);
}

} // namespace ravel::rt
