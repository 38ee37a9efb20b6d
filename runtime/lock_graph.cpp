//===- runtime/lock_graph.cpp ---------------------------------------------===//
#include "lock_graph.h"

#include "reporter.h"

#include <stdio.h>

namespace ravel::rt {

void lockGraphBeforeLock(ThreadState *, SyncVar *, LockMode,
                         const __ravel_site *) {}
void lockGraphForget(SyncVar *) {}

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
  lockName(V, H->Name ? nullptr : Site, Name, sizeof(Name));
  if (H->Name)
    snprintf(Name, sizeof(Name), "%s", H->Name);
  FT.Variable = Name;
  FT.Address = V->Addr;
  captureStack(T, Site, &FT.Stack);
  F.IdSites[0] = H->Stack.top();
  F.IdOps[0] = "holds";
  F.NumIdSites = F.IdSites[0] ? 1 : 0;
  const __ravel_site *HS = H->Stack.top();
  snprintf(F.Summary, sizeof(F.Summary),
           "self-deadlock: thread T%u locks %s at %s:%u:%u while already "
           "holding it (acquired at %s:%u:%u); a non-recursive %s never "
           "succeeds",
           T->Tid, Name, Site ? Site->file : "??", Site ? Site->line : 0,
           Site ? Site->column : 0, HS ? HS->file : "??", HS ? HS->line : 0,
           HS ? HS->column : 0, syncKindName(V->Kind));
  reportFinding(F);
  releaseFinding(F);
}

} // namespace ravel::rt
