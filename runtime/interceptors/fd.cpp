//===- runtime/interceptors/fd.cpp - descriptors as sync objects ----------===//
//
// The descriptor table of fd.h and the calls that create, duplicate, connect
// and close descriptors. The calls that move data through them (read,
// write, send, recv, ...) are in io.cpp. An epoll instance is a channel
// too: epoll_ctl registering a descriptor releases into it, and an
// epoll_wait that returned events acquires from it (the registering
// thread's set-up of the connection, often reached through the event's
// data pointer, is ordered before the thread handling the event). poll and
// select are not modelled: they order nothing by themselves; the read that
// follows them does.
//
//===----------------------------------------------------------------------===//
#include "fd.h"
#include "../fork_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/epoll.h>
#include <sys/socket.h>

using namespace ravel::rt;

RAVEL_REAL(int, close, int)
RAVEL_REAL(int, pipe, int *)
RAVEL_REAL(int, pipe2, int *, int)
RAVEL_REAL(int, socket, int, int, int)
RAVEL_REAL(int, socketpair, int, int, int, int *)
RAVEL_REAL(int, accept, int, struct sockaddr *, socklen_t *)
RAVEL_REAL(int, accept4, int, struct sockaddr *, socklen_t *, int)
RAVEL_REAL(int, connect, int, const struct sockaddr *, socklen_t)
RAVEL_REAL(int, open, const char *, int, ...)
RAVEL_REAL(int, open64, const char *, int, ...)
RAVEL_REAL(int, openat, int, const char *, int, ...)
RAVEL_REAL(int, openat64, int, const char *, int, ...)
RAVEL_REAL(int, creat, const char *, mode_t)
RAVEL_REAL(int, eventfd, unsigned, int)
RAVEL_REAL(int, dup, int)
RAVEL_REAL(int, dup2, int, int)
RAVEL_REAL(int, dup3, int, int, int)
RAVEL_REAL(int, epoll_create, int)
RAVEL_REAL(int, epoll_create1, int)
RAVEL_REAL(int, epoll_ctl, int, int, int, struct epoll_event *)
RAVEL_REAL(int, epoll_wait, int, struct epoll_event *, int, int)
RAVEL_REAL(int, epoll_pwait, int, struct epoll_event *, int, int,
           const sigset_t *)

namespace {
constexpr int MaxFds = 1 << 16;
// Keys of the SyncTable no user object can have (the upper half of the
// address space belongs to the kernel): descriptor numbers and channels.
constexpr uptr NumberKeyBase = 0xFFFFF00000000000ull;
constexpr uptr ChannelKeyBase = 0xFFFFF80000000000ull;

struct Channel {
  SyncVar *Var; // set once, before the channel is published
  // Descriptors naming this channel; guarded by FdMu. Static channels
  // (the socket and connect channels) are never counted nor recycled.
  uint32_t Refs;
  bool Static;
  Channel *NextFree; // guarded by FdMu
};

// Guards writes of Slots, Refs, FreeList and NumChannels (slow path only).
SpinLock FdMu;
// invariant: Slots[Fd] is the channel of descriptor Fd, null when unknown.
// Written under FdMu, read lock-free with acquire loads.
Channel *Slots[MaxFds];
Channel *FreeList;
uint64_t NumChannels;
// Constant-initialised (no constructor runs); Var is made on first use.
Channel SocketChannel = {nullptr, 0, true, nullptr};
Channel ConnectChannel = {nullptr, 0, true, nullptr};

bool modelled(int Fd) { return Fd >= 0 && Fd < MaxFds; }

SyncVar *keyVar(uptr Key) {
  return G.Syncs.getOrCreate(Key, SyncKind::Fd, nullptr);
}

Channel *staticChannel(Channel &C, unsigned Index) {
  if (RAVEL_UNLIKELY(!__atomic_load_n(&C.Var, __ATOMIC_ACQUIRE))) {
    // Two threads may both get here: the table gives both the same var.
    __atomic_store_n(&C.Var, keyVar(ChannelKeyBase + Index * 8),
                     __ATOMIC_RELEASE);
  }
  return &C;
}
Channel *socketChannel() { return staticChannel(SocketChannel, 0); }
Channel *connectChannel() { return staticChannel(ConnectChannel, 1); }

/// A channel no descriptor names yet, with empty clocks. Caller holds FdMu.
Channel *newChannelLocked() {
  if (Channel *C = FreeList) {
    FreeList = C->NextFree;
    C->NextFree = nullptr;
    SpinLockGuard Guard(C->Var->Mu);
    SyncTable::renew(C->Var, SyncKind::Fd, nullptr);
    return C;
  }
  auto *C = static_cast<Channel *>(internalCalloc(sizeof(Channel)));
  C->Var = keyVar(ChannelKeyBase + (2 + NumChannels++) * 8);
  return C;
}
Channel *newChannel() {
  SpinLockGuard Guard(FdMu);
  return newChannelLocked();
}

/// Slots[Fd] := C, counting references. Caller holds FdMu.
void setSlotLocked(int Fd, Channel *C) {
  Channel *Old = Slots[Fd];
  if (C && !C->Static)
    ++C->Refs;
  __atomic_store_n(&Slots[Fd], C, __ATOMIC_RELEASE);
  if (Old && !Old->Static && --Old->Refs == 0) {
    Old->NextFree = FreeList;
    FreeList = Old;
  }
}

Channel *slot(int Fd) {
  return modelled(Fd) ? __atomic_load_n(&Slots[Fd], __ATOMIC_ACQUIRE) : nullptr;
}

/// Fd's channel, made on first use for a descriptor created where the
/// runtime did not see it (inherited, or opened inside libc); null for a
/// descriptor that is not modelled.
Channel *channelFor(int Fd) {
  if (!modelled(Fd))
    return nullptr;
  if (Channel *C = slot(Fd))
    return C;
  SpinLockGuard Guard(FdMu);
  if (!Slots[Fd])
    setSlotLocked(Fd, newChannelLocked());
  return Slots[Fd];
}

/// Joins T's clocks into V without advancing T's epoch.
void publish(ThreadState *T, SyncVar *V) {
  SpinLockGuard Guard(V->Mu);
  V->OrderClock.join(orderClock(T));
  V->Clock.join(T->Clock);
}
void acquireVar(ThreadState *T, SyncVar *V) {
  SpinLockGuard Guard(V->Mu);
  acquireSync(T, V);
}

/// A descriptor Fd was created (by the call that returned it) naming C,
/// or Old's channel when C is null: ordered after the close that freed its
/// number.
void onCreate(ThreadState *T, int Fd, Channel *C, int Old = -1) {
  if (!modelled(Fd))
    return;
  acquireVar(T, keyVar(NumberKeyBase + uptr(Fd) * 8));
  SpinLockGuard Guard(FdMu);
  if (!C && modelled(Old)) {
    // Under FdMu, so that a concurrent close of Old cannot recycle it.
    if (!Slots[Old])
      setSlotLocked(Old, newChannelLocked());
    C = Slots[Old];
  }
  setSlotLocked(Fd, C);
}

/// Fd is about to be closed (or replaced by dup2): release into its
/// channel (a reader then sees end of file) and into its number.
void onClose(ThreadState *T, int Fd) {
  if (!modelled(Fd))
    return;
  if (Channel *C = slot(Fd))
    publish(T, C->Var);
  publish(T, keyVar(NumberKeyBase + uptr(Fd) * 8));
  ++T->OrderReleases;
  incrementEpoch(T);
  SpinLockGuard Guard(FdMu);
  setSlotLocked(Fd, nullptr);
}

/// Names the call's site and gives the scheduler its point.
const __ravel_site *enter(ThreadState *T, const char *Fn) {
  const __ravel_site *Site = takeSite(T, libcSite(Fn));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Other, 0);
  return Site;
}

/// The common shape of a call that creates one descriptor, naming the
/// channel Make() gives.
template <typename Fn, typename MakeFn>
int createdWith(const char *Name, Fn Real, MakeFn Make) {
  ThreadState *T = ioThread();
  if (!T)
    return Real();
  enter(T, Name);
  int R = Real();
  int Saved = errno;
  if (R >= 0) {
    RuntimeScope Scope(T);
    onCreate(T, R, Make());
  }
  errno = Saved;
  return R;
}
template <typename Fn> int created(const char *Name, Fn Real) {
  return createdWith(Name, Real, newChannel);
}

bool needsMode(int Flags) {
  return (Flags & O_CREAT) || (Flags & O_TMPFILE) == O_TMPFILE;
}
} // namespace

SpinLock &ravel::rt::fdChannelsLock() { return FdMu; }

namespace ravel::rt {
void fdRelease(ThreadState *T, int Fd) {
  if (Channel *C = channelFor(Fd)) {
    SpinLockGuard Guard(C->Var->Mu);
    releaseSync(T, C->Var);
  }
}
void fdAcquire(ThreadState *T, int Fd) {
  if (Channel *C = slot(Fd))
    acquireVar(T, C->Var);
}
} // namespace ravel::rt

RAVEL_INTERCEPTOR(int, close, int Fd) {
  if (ThreadState *T = ioThread()) {
    enter(T, "close");
    RuntimeScope Scope(T);
    onClose(T, Fd);
  }
  return real_close()(Fd);
}

namespace {
template <typename Fn> int pairCall(const char *Name, int *Fds, Fn Real) {
  ThreadState *T = ioThread();
  if (!T)
    return Real();
  enter(T, Name);
  int R = Real();
  int Saved = errno;
  if (R == 0) {
    RuntimeScope Scope(T);
    Channel *C = newChannel();
    onCreate(T, Fds[0], C);
    onCreate(T, Fds[1], C);
  }
  errno = Saved;
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, pipe, int *Fds) {
  return pairCall("pipe", Fds, [&] { return real_pipe()(Fds); });
}
RAVEL_INTERCEPTOR(int, pipe2, int *Fds, int Flags) {
  return pairCall("pipe2", Fds, [&] { return real_pipe2()(Fds, Flags); });
}
RAVEL_INTERCEPTOR(int, socketpair, int Domain, int Type, int Proto, int *Fds) {
  return pairCall("socketpair", Fds,
                  [&] { return real_socketpair()(Domain, Type, Proto, Fds); });
}

RAVEL_INTERCEPTOR(int, socket, int Domain, int Type, int Proto) {
  return createdWith(
      "socket", [&] { return real_socket()(Domain, Type, Proto); },
      socketChannel);
}

namespace {
template <typename Fn> int acceptCall(const char *Name, Fn Real) {
  ThreadState *T = ioThread();
  if (!T)
    return Real();
  enter(T, Name);
  int R = Real();
  int Saved = errno;
  if (R >= 0) {
    RuntimeScope Scope(T);
    // The client's connect (queued before this accept took it) happens
    // before.
    acquireVar(T, connectChannel()->Var);
    onCreate(T, R, socketChannel());
  }
  errno = Saved;
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, accept, int Fd, struct sockaddr *A, socklen_t *L) {
  return acceptCall("accept", [&] { return real_accept()(Fd, A, L); });
}
RAVEL_INTERCEPTOR(int, accept4, int Fd, struct sockaddr *A, socklen_t *L,
                  int Flags) {
  return acceptCall("accept4", [&] { return real_accept4()(Fd, A, L, Flags); });
}
RAVEL_INTERCEPTOR(int, connect, int Fd, const struct sockaddr *A, socklen_t L) {
  if (ThreadState *T = ioThread()) {
    enter(T, "connect");
    RuntimeScope Scope(T);
    // Before the call: the server's accept may return before it does.
    SyncVar *V = connectChannel()->Var;
    SpinLockGuard Guard(V->Mu);
    releaseSync(T, V);
  }
  return real_connect()(Fd, A, L);
}

RAVEL_INTERCEPTOR(int, open, const char *Path, int Flags, ...) {
  mode_t Mode = 0;
  if (needsMode(Flags)) {
    va_list Ap;
    va_start(Ap, Flags);
    Mode = va_arg(Ap, mode_t);
    va_end(Ap);
  }
  return created("open", [&] { return real_open()(Path, Flags, Mode); });
}
RAVEL_INTERCEPTOR(int, open64, const char *Path, int Flags, ...) {
  mode_t Mode = 0;
  if (needsMode(Flags)) {
    va_list Ap;
    va_start(Ap, Flags);
    Mode = va_arg(Ap, mode_t);
    va_end(Ap);
  }
  return created("open64", [&] { return real_open64()(Path, Flags, Mode); });
}
RAVEL_INTERCEPTOR(int, openat, int Dir, const char *Path, int Flags, ...) {
  mode_t Mode = 0;
  if (needsMode(Flags)) {
    va_list Ap;
    va_start(Ap, Flags);
    Mode = va_arg(Ap, mode_t);
    va_end(Ap);
  }
  return created("openat",
                 [&] { return real_openat()(Dir, Path, Flags, Mode); });
}
RAVEL_INTERCEPTOR(int, openat64, int Dir, const char *Path, int Flags, ...) {
  mode_t Mode = 0;
  if (needsMode(Flags)) {
    va_list Ap;
    va_start(Ap, Flags);
    Mode = va_arg(Ap, mode_t);
    va_end(Ap);
  }
  return created("openat64",
                 [&] { return real_openat64()(Dir, Path, Flags, Mode); });
}
RAVEL_INTERCEPTOR(int, creat, const char *Path, mode_t Mode) {
  return created("creat", [&] { return real_creat()(Path, Mode); });
}
RAVEL_INTERCEPTOR(int, eventfd, unsigned Init, int Flags) {
  return created("eventfd", [&] { return real_eventfd()(Init, Flags); });
}

namespace {
/// dup, dup2, dup3: New (when Real succeeds) shares Old's channel; a
/// descriptor New named before is closed by the call.
template <typename Fn>
int dupCall(const char *Name, int Old, int New, Fn Real) {
  ThreadState *T = ioThread();
  if (!T)
    return Real();
  enter(T, Name);
  if (New >= 0 && New != Old && slot(New)) {
    RuntimeScope Scope(T);
    onClose(T, New);
  }
  int R = Real();
  int Saved = errno;
  if (R >= 0 && R != Old) {
    RuntimeScope Scope(T);
    onCreate(T, R, nullptr, Old);
  }
  errno = Saved;
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, dup, int Old) {
  return dupCall("dup", Old, -1, [&] { return real_dup()(Old); });
}
RAVEL_INTERCEPTOR(int, dup2, int Old, int New) {
  return dupCall("dup2", Old, New, [&] { return real_dup2()(Old, New); });
}
RAVEL_INTERCEPTOR(int, dup3, int Old, int New, int Flags) {
  return dupCall("dup3", Old, New,
                 [&] { return real_dup3()(Old, New, Flags); });
}

// epoll: registering or re-arming a descriptor (EPOLL_CTL_ADD, _MOD)
// releases into the epoll instance's channel, and an epoll_wait that
// returned events acquires from it, so the thread that hands a connection
// to an epoll loop (its state set up before epoll_ctl) is ordered before
// the thread that gets its event. The events array is written by the call.
RAVEL_INTERCEPTOR(int, epoll_create, int Size) {
  return created("epoll_create", [&] { return real_epoll_create()(Size); });
}
RAVEL_INTERCEPTOR(int, epoll_create1, int Flags) {
  return created("epoll_create1", [&] { return real_epoll_create1()(Flags); });
}
RAVEL_INTERCEPTOR(int, epoll_ctl, int Epfd, int Op, int Fd,
                  struct epoll_event *Ev) {
  if (ThreadState *T = ioThread()) {
    const __ravel_site *Site = enter(T, "epoll_ctl");
    if (Ev && Op != EPOLL_CTL_DEL && !T->IgnoreAccesses)
      onRangeAccess(T, reinterpret_cast<uptr>(Ev), sizeof(*Ev), false, Site);
    if (Op == EPOLL_CTL_ADD || Op == EPOLL_CTL_MOD) {
      RuntimeScope Scope(T);
      fdRelease(T, Epfd);
    }
  }
  return real_epoll_ctl()(Epfd, Op, Fd, Ev);
}

namespace {
template <typename Fn>
int epollWait(const char *Name, int Epfd, struct epoll_event *Events, Fn Real) {
  ThreadState *T = ioThread();
  if (!T)
    return Real();
  const __ravel_site *Site = enter(T, Name);
  int R = Real();
  if (R > 0) {
    int Saved = errno;
    {
      RuntimeScope Scope(T);
      fdAcquire(T, Epfd);
    }
    if (!T->IgnoreAccesses)
      onRangeAccess(T, reinterpret_cast<uptr>(Events),
                    sizeof(*Events) * static_cast<unsigned>(R), true, Site);
    errno = Saved;
  }
  return R;
}
} // namespace

RAVEL_INTERCEPTOR(int, epoll_wait, int Epfd, struct epoll_event *Events,
                  int Max, int Timeout) {
  return epollWait("epoll_wait", Epfd, Events, [&] {
    return real_epoll_wait()(Epfd, Events, Max, Timeout);
  });
}
RAVEL_INTERCEPTOR(int, epoll_pwait, int Epfd, struct epoll_event *Events,
                  int Max, int Timeout, const sigset_t *Mask) {
  return epollWait("epoll_pwait", Epfd, Events, [&] {
    return real_epoll_pwait()(Epfd, Events, Max, Timeout, Mask);
  });
}
