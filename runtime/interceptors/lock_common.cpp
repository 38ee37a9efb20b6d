//===- runtime/interceptors/lock_common.cpp -------------------------------===//
#include "lock_common.h"

#include "../interleaving.h"
#include "../lock_graph.h"

#include <stdio.h>
#include <string.h>

namespace ravel::rt {

namespace {
void fillSingle(Finding &F, ThreadState *T, SyncVar *V,
                const __ravel_site *Site, const char *Op, char *NameBuf,
                size_t NameSize) {
  F.Threads =
      static_cast<FindingThread *>(internalCalloc(sizeof(FindingThread)));
  F.NumThreads = 1;
  FindingThread &FT = F.Threads[0];
  describeThread(T, &FT, /*WithLocks=*/true);
  FT.Op = Op;
  lockName(V, Site, NameBuf, NameSize);
  FT.Variable = NameBuf;
  FT.Address = V ? V->Addr : 0;
  captureStack(T, Site, &FT.Stack);
  addFinalEvent(&FT, Op, NameBuf, Site); // the misuse itself
}
} // namespace

void syncObjectAccess(ThreadState *T, const volatile void *Obj, size_t Size,
                      bool Write, const __ravel_site *Site) {
  if (T->IgnoreAccesses || !Obj)
    return;
  onAccess(T, reinterpret_cast<uptr>(Obj), Write ? Size : 1, Write,
           /*Atomic=*/!Write, Site);
}

void reportMisuse(ThreadState *T, SyncVar *V, const __ravel_site *Site,
                  const char *Op, const char *What) {
  RuntimeScope Scope(T);
  Finding F{};
  F.Kind = FindingKind::MutexMisuse;
  char Name[96];
  fillSingle(F, T, V, Site, Op, Name, sizeof(Name));
  internalSnprintf(F.Summary, sizeof(F.Summary),
           "%s: %s of %s by thread T%u at %s:%u:%u", What, Op, Name, T->Tid,
           Site ? Site->file : "??", Site ? Site->line : 0,
           Site ? Site->column : 0);
  reportFinding(F);
  releaseFinding(F);
}

void reportErrorReturn(ThreadState *T, SyncVar *V, const __ravel_site *Site,
                       const char *Call, int Err) {
  char What[160];
  internalSnprintf(What, sizeof(What), "%s returned error %d (%s)", Call, Err,
           strerrorname_np(Err) ? strerrorname_np(Err) : "?");
  reportMisuse(T, V, Site, Call, What);
}

void dropStaleHeld(ThreadState *T) {
  uint32_t Out = 0, FirstChange = T->NumHeld;
  for (uint32_t I = 0; I < T->NumHeld; ++I) {
    HeldLock &H = T->Held[I];
    if (H.Id != static_cast<LockId>(__atomic_load_n(
                    reinterpret_cast<const uint64_t *>(&H.Var->Id),
                    __ATOMIC_RELAXED))) {
      if (FirstChange == T->NumHeld)
        FirstChange = Out;
      continue;
    }
    if (Out != I)
      internalMemcpy(&T->Held[Out], &H, sizeof(HeldLock));
    ++Out;
  }
  if (FirstChange == T->NumHeld)
    return; // nothing stale (the common case)
  T->NumHeld = Out;
  // The interned sets from the first entry that moved no longer apply
  // (heldLockSet makes them again when an access needs them).
  for (uint32_t I = FirstChange; I < T->NumHeld; ++I)
    T->Held[I].SetNode = nullptr;
  T->LockSet = nullptr;
}

void beforeLock(ThreadState *T, SyncVar *V, LockMode M,
                const __ravel_site *Site, bool SelfDeadlocks) {
  dropStaleHeld(T);
  HeldLock *H = findHeld(T, V);
  if (H && SelfDeadlocks &&
      (M == LockMode::Write || H->Mode == LockMode::Write)) {
    reportSelfDeadlock(T, V, H, Site);
    endRunWithFindings();
  }
  lockGraphBeforeLock(T, V, M, Site);
}

void releaseRobustLocksAtExit(ThreadState *T) {
  bool Released = false;
  for (uint32_t I = T->NumHeld; I-- > 0;) {
    HeldLock &H = T->Held[I];
    SyncVar *V = H.Var;
    if (!V->Robust || H.Mode != LockMode::Write || H.Id != V->Id ||
        __atomic_load_n(&V->Owner, __ATOMIC_RELAXED) !=
            static_cast<int32_t>(T->Tid))
      continue;
    {
      SpinLockGuard Guard(V->Mu);
      V->Clock.join(T->Clock);
      V->Owner = -1;
      V->Recursion = 0;
      __atomic_store_n(&V->OwnerDied, true, __ATOMIC_RELEASE);
    }
    uptr Addr = V->Addr;
    popHeld(T, V); // H is gone from here on
    wakeWaiters(reinterpret_cast<const void *>(Addr));
    Released = true;
  }
  if (Released)
    incrementEpoch(T);
}

void afterLock(ThreadState *T, SyncVar *V, LockMode M,
               const __ravel_site *Site) {
  {
    SpinLockGuard Guard(V->Mu);
    acquireFrom(T, V->Clock);
    V->OwnerDied = false;
    if (M == LockMode::Write) {
      acquireFrom(T, V->ReadClock);
      V->Owner = static_cast<int32_t>(T->Tid);
      ++V->Recursion;
    } else {
      ++V->Readers;
    }
  }
  dropStaleHeld(T);
  pushHeld(T, V, M, Site);
  recordEvent(T, M == LockMode::Write ? "lock" : "rdlock",
              Site ? Site->text : "", Site, V->Addr);
}

bool beforeUnlock(ThreadState *T, SyncVar *V, const __ravel_site *Site,
                  const char *Op, LockMode *M) {
  HeldLock *H = findHeld(T, V);
  if (!H) {
    char What[128];
    int32_t Owner = __atomic_load_n(&V->Owner, __ATOMIC_RELAXED);
    if (Owner >= 0) {
      internalSnprintf(What, sizeof(What), "%s of a lock held by another thread (T%d)",
               Op, Owner);
      // The real unlock goes ahead: the lock is free afterwards.
      SpinLockGuard Guard(V->Mu);
      V->Owner = -1;
      V->Recursion = 0;
    } else
      internalSnprintf(What, sizeof(What), "%s of a lock that is not locked", Op);
    reportMisuse(T, V, Site, Op, What);
    return false;
  }
  LockMode Mode = H->Mode;
  if (M)
    *M = Mode;
  {
    SpinLockGuard Guard(V->Mu);
    if (Mode == LockMode::Write) {
      V->Clock.join(T->Clock);
      if (V->Recursion)
        --V->Recursion;
      if (!V->Recursion)
        V->Owner = -1;
    } else {
      V->ReadClock.join(T->Clock);
      if (V->Readers)
        --V->Readers;
    }
  }
  incrementEpoch(T);
  popHeld(T, V);
  recordEvent(T, "unlock", Site ? Site->text : "", Site, V->Addr);
  return true;
}

} // namespace ravel::rt
