//===- runtime/interceptors/io_call.h - one intercepted I/O call ----------===//
//
// The shape every interceptor of io.cpp and printf.cpp follows: the site
// and scheduling point on entry, then the buffers the call transferred,
// checked as ranged accesses, and the descriptor synchronisation of fd.h.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_INTERCEPTORS_IO_CALL_H
#define RAVEL_RUNTIME_INTERCEPTORS_IO_CALL_H

#include "fd.h"

#include <errno.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/uio.h>

namespace ravel::rt {

/// One intercepted call: its site and scheduling point on entry; then the
/// synchronisation and the ranges it transferred. errno is the real call's
/// when the interceptor returns.
class IoCall {
public:
  explicit IoCall(const char *Fn) : T(ioThread()), Site(nullptr) {
    if (T) {
      // A pending site is already the caller's position (__ravel_next_site).
      Site = takeSite(T, nullptr);
      if (!Site) {
        Site = libcSite(Fn);
        InLibc = true;
      }
      schedulingPoint(T, PointKind::Other, 0);
    }
  }
  explicit operator bool() const { return T; }

  /// Before a call that sends through Fd what Check() reads (calls of
  /// access()). Fd < 0: no descriptor, only the checks.
  template <typename CheckFn> void sendingWith(int Fd, CheckFn Check) {
    if (!T)
      return;
    if (Fd < 0) {
      int Saved = errno;
      Check();
      errno = Saved;
      return;
    }
    sendCommon(Fd, Check);
  }

  /// A ranged access of the call to N bytes at P (none when N <= 0).
  void access(const void *P, ssize_t N, bool Write) {
    if (T)
      range(P, N, Write);
  }

  /// Before a call that sends N bytes from P through Fd.
  void sending(int Fd, const void *P, size_t N) {
    if (T)
      sendCommon(Fd, [&] { range(P, static_cast<ssize_t>(N), false); });
  }
  void sendingIov(int Fd, const struct iovec *Iov, int Count) {
    if (T)
      sendCommon(Fd, [&] { iov(Iov, Count, -1, false); });
  }

  /// After a call that received N bytes (0: end of file, < 0: failed)
  /// through Fd into P.
  void received(int Fd, void *P, ssize_t N) {
    if (!T)
      return;
    int Saved = errno;
    acquire(Fd, N >= 0);
    range(P, N, true);
    errno = Saved;
  }
  void receivedIov(int Fd, const struct iovec *Iov, int Count, ssize_t N) {
    if (!T)
      return;
    int Saved = errno;
    acquire(Fd, N >= 0);
    iov(Iov, Count, N > 0 ? N : 0, true);
    errno = Saved;
  }
  /// A FILE read: Got bytes into P; Done when data or end of file came.
  void receivedFile(int Fd, bool Done, void *P, size_t Got) {
    if (!T)
      return;
    int Saved = errno;
    acquire(Fd, Done);
    range(P, static_cast<ssize_t>(Got), true);
    errno = Saved;
  }

private:
  template <typename CheckFn> void sendCommon(int Fd, CheckFn Check) {
    int Saved = errno;
    Check();
    {
      RuntimeScope Scope(T);
      fdRelease(T, Fd);
    }
    errno = Saved;
  }
  void acquire(int Fd, bool Done) {
    if (Done) {
      RuntimeScope Scope(T);
      fdAcquire(T, Fd);
    }
  }
  void range(const void *P, ssize_t N, bool Write) {
    if (N <= 0 || T->IgnoreAccesses)
      return;
    // Without a site from the caller, the access is made in a frame of the
    // libc function, so the report shows the instrumented caller below it
    // (at the last position it recorded, usually the call's arguments).
    if (InLibc && T->Depth)
      (__ravel_func_enter)(Site); // no caller PC: not a call from a library
    onRangeAccess(T, reinterpret_cast<uptr>(P), static_cast<uptr>(N), Write,
                  Site);
    if (InLibc && T->Depth)
      __ravel_func_exit();
  }
  /// The iovec array is read by the call; the first N bytes of its buffers
  /// are transferred (all of them for N == -1).
  void iov(const struct iovec *Iov, int Count, ssize_t N, bool Write) {
    if (!Iov || Count <= 0)
      return;
    range(Iov, static_cast<ssize_t>(sizeof(*Iov) * unsigned(Count)), false);
    for (int I = 0; I < Count && N != 0; ++I) {
      ssize_t Len = static_cast<ssize_t>(Iov[I].iov_len);
      range(Iov[I].iov_base, N < 0 || Len < N ? Len : N, Write);
      if (N > 0)
        N = Len < N ? N - Len : 0;
    }
  }

  ThreadState *T;
  const __ravel_site *Site;
  bool InLibc = false; // Site names the libc function
};

/// F's descriptor, or -1 (a FILE without one); errno is kept.
inline int fileDescriptor(FILE *F) {
  int Saved = errno;
  int Fd = F ? fileno(F) : -1;
  errno = Saved;
  return Fd;
}

inline size_t cStrlen(const char *S) {
  size_t N = 0;
  while (S[N])
    ++N;
  return N;
}

} // namespace ravel::rt

#endif
