//===- runtime/interceptors/fd.h - synchronisation through descriptors ----===//
//
// Data that one thread sends through a file descriptor and another thread
// receives orders them: every descriptor names a *channel*, a SyncVar that
// the calls sending data release into (before the data leaves) and the calls
// receiving data acquire from (after data or end of file came back).
//
//   pipe, pipe2, socketpair   one fresh channel shared by both ends
//   open, creat, eventfd      a fresh channel per call
//   socket, accept            the one socket channel, shared by every socket
//                             (the two ends of a connection are different
//                             descriptors, so they cannot be told apart)
//   dup, dup2, dup3           the new descriptor shares the old one's channel
//   any other descriptor      a channel of its own, made on first use
//
// Besides, connect releases into a connect channel that accept acquires
// from (the client's work before connect happens before the server's
// accept), and close releases into the channel (end of file) and into the
// descriptor *number*, which the next call creating a descriptor with that
// number acquires from (close before the open or accept that reuses it).
//
// Contract: channels are SyncVars of the SyncTable under keys in the upper
// half of the address space, which no user object can have. Channels are
// reference counted by the descriptors naming them and recycled (renewed)
// once none does, so memory is bounded by the descriptors open at once.
// Descriptors >= MaxFds are not modelled. Cost: lookups are one acquire load
// of a table slot; creating, duplicating and closing take one spin lock.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_INTERCEPTORS_FD_H
#define RAVEL_RUNTIME_INTERCEPTORS_FD_H

#include "interceptors.h"

namespace ravel::rt {

/// The thread an I/O interceptor acts for, or null when it must only call
/// the real function (runtime not started, resolving a symbol, or inside the
/// runtime). Never starts the runtime: it is up from .preinit_array before
/// the program's own code runs.
inline ThreadState *ioThread() {
  if (RAVEL_UNLIKELY(!G.Initialized || ResolvingSymbol))
    return nullptr;
  ThreadState *T = curThread();
  return T->InRuntime ? nullptr : T;
}

/// Before a call that sends data through Fd (after its buffer was
/// checked): releases into Fd's channel. Caller is inside a RuntimeScope.
void fdRelease(ThreadState *T, int Fd);
/// After a call that received data or end of file through Fd.
void fdAcquire(ThreadState *T, int Fd);

} // namespace ravel::rt

#endif
