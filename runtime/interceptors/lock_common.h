//===- runtime/interceptors/lock_common.h - shared lock bookkeeping -------===//
//
// The pre/post hooks every lock family (mutex, rwlock, spin lock, condvar's
// mutex) goes through: happens-before on acquire/release, held locks,
// lock-order edges (lock_graph.h), self-deadlock and misuse findings.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_INTERCEPTORS_LOCK_COMMON_H
#define RAVEL_RUNTIME_INTERCEPTORS_LOCK_COMMON_H

#include "interceptors.h"

namespace ravel::rt {

/// Before a blocking acquisition of V in mode M: reports (and ends the run
/// on) a self-deadlock when T already holds V and re-acquiring can never
/// succeed, and records lock-order edges. SelfDeadlocks: whether holding V
/// already means blocking forever (non-recursive, non-errorcheck).
void beforeLock(ThreadState *T, SyncVar *V, LockMode M,
                const __ravel_site *Site, bool SelfDeadlocks);
/// Drops T's held-lock entries that refer to an ended lifetime of their
/// lock (destroyed, re-initialised, or found re-created over a lock T
/// abandoned while holding it), so they leave T's lock set and add no
/// lock-order edge. O(held locks); called at T's own lock operations.
void dropStaleHeld(ThreadState *T);
/// After a successful acquisition (also try/timed): HB acquire, owner, held.
void afterLock(ThreadState *T, SyncVar *V, LockMode M,
               const __ravel_site *Site);
/// Before releasing V: checks T holds it (else a mutex-misuse finding and
/// false), then HB release and held-lock removal. Mode of the held entry in
/// *M when non-null.
bool beforeUnlock(ThreadState *T, SyncVar *V, const __ravel_site *Site,
                  const char *Op, LockMode *M);

/// A sync operation's access to the object's own memory, checked before the
/// real call (ThreadSanitizer's model): init and destroy write the object's
/// Size bytes (plain write: they race with every unordered use), every
/// other operation (lock, unlock, wait, signal, post) is an atomic read of
/// its first byte (no race among themselves, a race with an unordered
/// init, destroy, free or plain write of that memory). Site: the user's
/// call. No-op while T ignores accesses.
void syncObjectAccess(ThreadState *T, const volatile void *Obj, size_t Size,
                      bool Write, const __ravel_site *Site);

/// T (finishing) still holds these robust mutexes: the real ones pass to
/// their next locker with EOWNERDEAD. Each is released as if unlocked here
/// (HB to the next locker, owner cleared, dropped from T's held locks, so
/// no "exits while holding" finding) and marked OwnerDied; threads parked
/// on it under a serialized schedule are woken. Called once at thread
/// exit, before the held-lock check.
void releaseRobustLocksAtExit(ThreadState *T);

/// mutex-misuse finding for T at Site: Op names the call ("unlock"),
/// What says what was wrong (one line).
void reportMisuse(ThreadState *T, SyncVar *V, const __ravel_site *Site,
                  const char *Op, const char *What);
/// A pthread call returned an unexpected error code.
void reportErrorReturn(ThreadState *T, SyncVar *V, const __ravel_site *Site,
                       const char *Call, int Err);

} // namespace ravel::rt

#endif
