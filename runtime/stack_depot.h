//===- runtime/stack_depot.h - interned source stacks -----------*- C++ -*-===//
//
// Shadow slots store, instead of a bare site, a pointer to an interned
// AccessNode {site, calling context}, so a race report shows the full
// source stack of the *previous* access too. A calling context is an
// interned chain of ContextNodes, one per enclosing instrumented frame
// (its position when it made the call), ending at RootContext.
//
// Contract: nodes are never freed, and immutable once published but for
// their hash-chain link, which a table resize (under the depot lock) moves;
// lookups are lock-free (chains published with release stores), inserts
// take one spin lock. The tables grow with the number of nodes, so a lookup
// stays O(1) for programs that make millions of (site, context, lock set)
// triples (a lock per object: see stack_depot.cpp). Each thread caches its frames' contexts (Frame::Ctx, computed
// once per frame activation) and its recent (site, context) -> AccessNode
// pairs, so the tables are touched only when a new pair appears; the
// access fast path (an access already recorded in this epoch) never gets
// here.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_STACK_DEPOT_H
#define RAVEL_RUNTIME_STACK_DEPOT_H

#include "stack_trace.h"

namespace ravel::rt {

struct ContextNode {
  const __ravel_site *Pos;   // the caller frame's position at the call
  const ContextNode *Parent; // enclosing context; null only for the root
  const ContextNode *Next;   // hash chain
};
extern const ContextNode RootContext;

/// A set of held locks, as an interned chain in acquisition order: each
/// node is one held lock (its identity, name and acquisition) on top of the
/// locks held before it. RootLockSet is the empty set.
struct AccessNode;
struct LockSetNode {
  const LockSetNode *Parent;
  uint64_t LockId;
  uptr LockAddr;
  const char *Name;             // source text of the acquisition, or null
  const AccessNode *AcquiredAt; // site and context of the acquisition
  const LockSetNode *Next;      // hash chain
};
extern const LockSetNode RootLockSet;

struct AccessNode {
  const __ravel_site *Site;
  const ContextNode *Ctx;
  const LockSetNode *Locks; // locks held at the access
  const AccessNode *Next;   // hash chain
};

const ContextNode *internContext(const ContextNode *Parent,
                                 const __ravel_site *Pos);
const AccessNode *internAccess(const __ravel_site *Site, const ContextNode *Ctx,
                               const LockSetNode *Locks);
const LockSetNode *internLockSet(const LockSetNode *Parent, uint64_t LockId,
                                 uptr LockAddr, const char *Name,
                                 const AccessNode *AcquiredAt);
/// Site, then the positions of the enclosing frames, innermost first.
void expandAccess(const AccessNode *N, StackTrace *Out);

} // namespace ravel::rt

#endif
