//===- runtime/interceptors/memfuncs.cpp - mem* and str* as ranges --------===//
//
// Calls from the program (and from shared libraries through the PLT) to
// these libc functions are checked as ranged reads/writes at the call's
// pending site (__ravel_next_site), or at a "<libc>" site naming the
// function. libc's internal calls and calls the compiler inlined are not
// seen here (the instrumenter covers inlined struct copies itself).
// This file is compiled with -fno-builtin so that nothing here is turned
// back into a call to the function being defined.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <stddef.h> // not <string.h>: its C++ overloads clash with the C definitions

using namespace ravel::rt;

RAVEL_REAL(void *, memcpy, void *, const void *, size_t)
RAVEL_REAL(void *, memmove, void *, const void *, size_t)
RAVEL_REAL(void *, memset, void *, int, size_t)
RAVEL_REAL(int, memcmp, const void *, const void *, size_t)
RAVEL_REAL(void *, memchr, const void *, int, size_t)
RAVEL_REAL(size_t, strlen, const char *)
RAVEL_REAL(size_t, strnlen, const char *, size_t)
RAVEL_REAL(char *, strcpy, char *, const char *)
RAVEL_REAL(char *, strncpy, char *, const char *, size_t)
RAVEL_REAL(char *, strcat, char *, const char *)
RAVEL_REAL(char *, strncat, char *, const char *, size_t)
RAVEL_REAL(int, strcmp, const char *, const char *)
RAVEL_REAL(int, strncmp, const char *, const char *, size_t)
RAVEL_REAL(char *, strchr, const char *, int)
RAVEL_REAL(char *, strrchr, const char *, int)
RAVEL_REAL(char *, strdup, const char *)

namespace {
/// The thread to check for, or null (not ready, inside the runtime, or
/// resolving symbols). Never initialises the runtime: these functions run
/// from everywhere, including before and during start-up.
RAVEL_ALWAYS_INLINE ThreadState *memThread() {
  if (RAVEL_UNLIKELY(!G.Initialized || ResolvingSymbol))
    return nullptr;
  ThreadState *T = CurThread;
  return T && !T->InRuntime && !T->IgnoreAccesses ? T : nullptr;
}

struct Check {
  ThreadState *T;
  const __ravel_site *Site;
  Check(const char *Fn) : T(memThread()), Site(nullptr) {
    if (T) {
      Site = takeSite(T, nullptr);
      if (!Site)
        Site = libcSite(Fn);
      notePosition(T, Site);
      schedulingPoint(T, PointKind::Access, 0);
    }
  }
  void read(const void *P, size_t N) {
    if (T && N)
      onRangeAccess(T, reinterpret_cast<uptr>(P), N, false, Site);
  }
  void write(const void *P, size_t N) {
    if (T && N)
      onRangeAccess(T, reinterpret_cast<uptr>(P), N, true, Site);
  }
  size_t len(const char *S) { return T ? real_strlen()(S) : 0; }
};

// Used only while memcpy itself is being resolved (dlsym does not call it
// through the PLT, but be safe).
void *slowCopy(void *D, const void *S, size_t N) {
  auto *DP = static_cast<volatile char *>(D);
  auto *SP = static_cast<const volatile char *>(S);
  if (DP < SP)
    for (size_t I = 0; I < N; ++I)
      DP[I] = SP[I];
  else
    for (size_t I = N; I-- > 0;)
      DP[I] = SP[I];
  return D;
}
} // namespace

RAVEL_INTERCEPTOR(void *, memcpy, void *D, const void *S, size_t N) {
  if (RAVEL_UNLIKELY(ResolvingSymbol))
    return slowCopy(D, S, N);
  Check C("memcpy");
  C.read(S, N);
  C.write(D, N);
  return real_memcpy()(D, S, N);
}
RAVEL_INTERCEPTOR(void *, memmove, void *D, const void *S, size_t N) {
  if (RAVEL_UNLIKELY(ResolvingSymbol))
    return slowCopy(D, S, N);
  Check C("memmove");
  C.read(S, N);
  C.write(D, N);
  return real_memmove()(D, S, N);
}
RAVEL_INTERCEPTOR(void *, memset, void *D, int V, size_t N) {
  if (RAVEL_UNLIKELY(ResolvingSymbol)) {
    auto *DP = static_cast<volatile char *>(D);
    for (size_t I = 0; I < N; ++I)
      DP[I] = static_cast<char>(V);
    return D;
  }
  Check C("memset");
  C.write(D, N);
  return real_memset()(D, V, N);
}
RAVEL_INTERCEPTOR(int, memcmp, const void *A, const void *B, size_t N) {
  Check C("memcmp");
  C.read(A, N);
  C.read(B, N);
  return real_memcmp()(A, B, N);
}
RAVEL_INTERCEPTOR(void *, memchr, const void *S, int V, size_t N) {
  Check C("memchr");
  void *R = real_memchr()(S, V, N);
  C.read(S, R ? static_cast<size_t>(static_cast<char *>(R) -
                                    static_cast<const char *>(S)) +
                    1
              : N);
  return R;
}
RAVEL_INTERCEPTOR(size_t, strlen, const char *S) {
  size_t N = real_strlen()(S);
  Check C("strlen");
  C.read(S, N + 1);
  return N;
}
RAVEL_INTERCEPTOR(size_t, strnlen, const char *S, size_t Max) {
  size_t N = real_strnlen()(S, Max);
  Check C("strnlen");
  C.read(S, N < Max ? N + 1 : N);
  return N;
}
RAVEL_INTERCEPTOR(char *, strcpy, char *D, const char *S) {
  Check C("strcpy");
  size_t N = C.len(S) + 1;
  C.read(S, N);
  C.write(D, N);
  return real_strcpy()(D, S);
}
RAVEL_INTERCEPTOR(char *, strncpy, char *D, const char *S, size_t N) {
  Check C("strncpy");
  if (C.T) {
    size_t L = real_strnlen()(S, N);
    C.read(S, L < N ? L + 1 : N);
    C.write(D, N);
  }
  return real_strncpy()(D, S, N);
}
RAVEL_INTERCEPTOR(char *, strcat, char *D, const char *S) {
  Check C("strcat");
  if (C.T) {
    size_t DL = real_strlen()(D), SL = real_strlen()(S);
    C.read(D, DL);
    C.read(S, SL + 1);
    C.write(D + DL, SL + 1);
  }
  return real_strcat()(D, S);
}
RAVEL_INTERCEPTOR(char *, strncat, char *D, const char *S, size_t N) {
  Check C("strncat");
  if (C.T) {
    size_t DL = real_strlen()(D), SL = real_strnlen()(S, N);
    C.read(D, DL);
    C.read(S, SL);
    C.write(D + DL, SL + 1);
  }
  return real_strncat()(D, S, N);
}
RAVEL_INTERCEPTOR(int, strcmp, const char *A, const char *B) {
  int R = real_strcmp()(A, B);
  Check C("strcmp");
  if (C.T) {
    // Bytes compared: up to and including the first difference or NUL.
    size_t I = 0;
    while (A[I] && A[I] == B[I])
      ++I;
    C.read(A, I + 1);
    C.read(B, I + 1);
  }
  return R;
}
RAVEL_INTERCEPTOR(int, strncmp, const char *A, const char *B, size_t N) {
  int R = real_strncmp()(A, B, N);
  Check C("strncmp");
  if (C.T && N) {
    size_t I = 0;
    while (I + 1 < N && A[I] && A[I] == B[I])
      ++I;
    C.read(A, I + 1);
    C.read(B, I + 1);
  }
  return R;
}
RAVEL_INTERCEPTOR(char *, strchr, const char *S, int Ch) {
  char *R = real_strchr()(S, Ch);
  Check C("strchr");
  if (C.T)
    C.read(S, R ? static_cast<size_t>(R - S) + 1 : real_strlen()(S) + 1);
  return R;
}
RAVEL_INTERCEPTOR(char *, strrchr, const char *S, int Ch) {
  char *R = real_strrchr()(S, Ch);
  Check C("strrchr");
  if (C.T)
    C.read(S, real_strlen()(S) + 1);
  return R;
}
RAVEL_INTERCEPTOR(char *, strdup, const char *S) {
  Check C("strdup");
  if (C.T)
    C.read(S, real_strlen()(S) + 1);
  return real_strdup()(S);
}
