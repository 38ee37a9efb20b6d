//===- runtime/stack_depot.h - interned source stacks -----------*- C++ -*-===//
//
// Shadow slots store, instead of a bare site, a *site word* naming an
// interned AccessNode {site, calling context} and the interned set of locks
// held at the access (accessWord), so a race report shows the full source
// stack of the *previous* access and the locks it held. A calling context
// is an interned chain of ContextNodes, one per enclosing instrumented frame
// (its position when it made the call), ending at RootContext.
//
// The site word packs two 32-bit depot ids (NodeId), not pointers: access
// nodes are keyed by (site, context) only, so a program that takes a lock
// per object (a different lock set at each object) makes one access node
// per site and context, not one per object and site, and no depot lookup
// per new lock set and site; the lock set rides along in the word.
//
// Contract: nodes are never freed, and immutable once published but for
// their hash-chain link, which a table resize (under the depot lock) moves;
// lookups are lock-free (chains published with release stores), inserts
// take one spin lock. The tables grow with the number of nodes, so a lookup
// stays O(1) for programs that make millions of lock sets (a lock per
// object: see stack_depot.cpp). Each thread caches its frames' contexts
// (Frame::Ctx, computed once per frame activation) and its recent (site,
// context) -> AccessNode pairs, so the tables are touched only when a new
// pair appears; the access fast path (an access already recorded in this
// epoch) never gets here. Decoding a word (accessOfWord, locksOfWord) is
// two loads, for reports only.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_STACK_DEPOT_H
#define RAVEL_RUNTIME_STACK_DEPOT_H

#include "stack_trace.h"

namespace ravel::rt {

/// A depot node's id: 0 is no node (a null access node, the empty lock
/// set); ids fit in 32 bits (the depot holds at most 32 GiB of nodes).
using NodeId = uint32_t;

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
  uptr LockAddr;
  const char *Name;             // source text of the acquisition, or null
  const AccessNode *AcquiredAt; // site and context of the acquisition
  const LockSetNode *Next;      // hash chain
  NodeId Id;                    // 0 for RootLockSet
};
extern const LockSetNode RootLockSet;

struct AccessNode {
  const __ravel_site *Site;
  const ContextNode *Ctx;
  const AccessNode *Next; // hash chain
  NodeId Id;
};

const ContextNode *internContext(const ContextNode *Parent,
                                 const __ravel_site *Pos);
const AccessNode *internAccess(const __ravel_site *Site,
                               const ContextNode *Ctx);
const LockSetNode *internLockSet(const LockSetNode *Parent, uptr LockAddr,
                                 const char *Name,
                                 const AccessNode *AcquiredAt);
/// The site word of an access at node N (null: unknown) with the lock set
/// L held (null or RootLockSet: none); nonzero whenever N is non-null.
inline const void *accessWord(const AccessNode *N, const LockSetNode *L) {
  return reinterpret_cast<const void *>((L ? uptr(L->Id) << 32 : 0) |
                                        (N ? N->Id : 0));
}
/// The access node of a site word (null: none).
const AccessNode *accessOfWord(const void *Word);
/// The lock set of a site word (RootLockSet: none held).
const LockSetNode *locksOfWord(const void *Word);

/// Site, then the positions of the enclosing frames, innermost first.
void expandAccess(const AccessNode *N, StackTrace *Out);

} // namespace ravel::rt

#endif
