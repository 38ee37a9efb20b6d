//===- runtime/lock_graph.h - lock-order graph, deadlock findings -*- C++
//-*-===//
#ifndef RAVEL_RUNTIME_LOCK_GRAPH_H
#define RAVEL_RUNTIME_LOCK_GRAPH_H

#include "runtime.h"

namespace ravel::rt {

/// T is about to block acquiring V in mode M (not a try-lock).
void lockGraphBeforeLock(ThreadState *T, SyncVar *V, LockMode M,
                         const __ravel_site *Site);
/// V is destroyed: its current identity will never be acquired again.
void lockGraphForget(SyncVar *V);
/// T re-acquires V, which it holds (H) and which cannot be re-acquired.
void reportSelfDeadlock(ThreadState *T, SyncVar *V, const HeldLock *H,
                        const __ravel_site *Site);

} // namespace ravel::rt

#endif
