//===- runtime/interceptors/memfuncs.cpp - mem* and str* as ranges --------===//
//
// Calls from the program (and from shared libraries through the PLT) to
// these libc functions are checked as ranged reads/writes at the call's
// pending site (__ravel_next_site), or at a "<libc>" site naming the
// function. libc's internal calls and calls the compiler inlined are not
// seen here: calls in instrumented code are checked at their own sites by
// __ravel_libc_begin (ravel.h), which also keeps these interceptors from
// checking the same call again until __ravel_libc_end.
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
/// > 0 from __ravel_libc_begin to __ravel_libc_end: the instrumented caller
/// has checked the call already.
__thread int CheckedByCaller __attribute__((tls_model("initial-exec")));

/// The thread to check for, or null (not ready, inside the runtime, or
/// resolving symbols). Never initialises the runtime: these functions run
/// from everywhere, including before and during start-up.
RAVEL_ALWAYS_INLINE ThreadState *memThread() {
  if (RAVEL_UNLIKELY(!G.Initialized || ResolvingSymbol || CheckedByCaller))
    return nullptr;
  ThreadState *T = CurThread;
  return T && !T->InRuntime && !T->IgnoreAccesses ? T : nullptr;
}

/// One call's check. Accesses through the first pointer argument are
/// reported at SiteA, through the second at SiteB: the same site for an
/// interceptor, the two arguments' sites for __ravel_libc_begin.
struct Check {
  ThreadState *T;
  const __ravel_site *SiteA, *SiteB;
  Check(const char *Fn) : T(memThread()), SiteA(nullptr), SiteB(nullptr) {
    if (T) {
      SiteA = takeSite(T, nullptr);
      if (!SiteA)
        SiteA = libcSite(Fn);
      SiteB = SiteA;
      notePosition(T, SiteA);
      schedulingPoint(T, PointKind::Access, 0);
    }
  }
  Check(const __ravel_site *A, const __ravel_site *B)
      : T(memThread()), SiteA(A), SiteB(B ? B : A) {
    if (T) {
      notePosition(T, SiteA);
      schedulingPoint(T, PointKind::Access, 0);
    }
  }
  void read(const void *P, size_t N) { access(P, N, false, SiteA); }
  void write(const void *P, size_t N) { access(P, N, true, SiteA); }
  void readB(const void *P, size_t N) { access(P, N, false, SiteB); }

private:
  void access(const void *P, size_t N, bool Write, const __ravel_site *S) {
    if (T && N)
      onRangeAccess(T, reinterpret_cast<uptr>(P), N, Write, S);
  }
};

/// The ranges each function reads and writes (ravel.h's __ravel_libc_fn),
/// computed before the call from the memory it is about to touch.
void checkCall(Check &C, int Fn, const void *A, const void *B, size_t N) {
  if (!C.T)
    return;
  const char *SA = static_cast<const char *>(A);
  const char *SB = static_cast<const char *>(B);
  switch (Fn) {
  case RAVEL_LIBC_MEMCPY:
    C.readB(B, N);
    C.write(A, N);
    break;
  case RAVEL_LIBC_MEMSET:
    C.write(A, N);
    break;
  case RAVEL_LIBC_MEMCMP:
    C.read(A, N);
    C.readB(B, N);
    break;
  case RAVEL_LIBC_STRCPY: {
    size_t L = real_strlen()(SB) + 1;
    C.readB(B, L);
    C.write(A, L);
    break;
  }
  case RAVEL_LIBC_STRNCPY: {
    size_t L = real_strnlen()(SB, N);
    C.readB(B, L < N ? L + 1 : N);
    C.write(A, N);
    break;
  }
  case RAVEL_LIBC_STRCAT:
  case RAVEL_LIBC_STRNCAT: {
    size_t DL = real_strlen()(SA);
    size_t SL =
        Fn == RAVEL_LIBC_STRCAT ? real_strlen()(SB) + 1 : real_strnlen()(SB, N);
    C.read(A, DL);
    C.readB(B, SL);
    C.write(SA + DL, Fn == RAVEL_LIBC_STRCAT ? SL : SL + 1);
    break;
  }
  case RAVEL_LIBC_STRLEN:
    C.read(A, real_strlen()(SA) + 1);
    break;
  case RAVEL_LIBC_STRCMP:
  case RAVEL_LIBC_STRNCMP: {
    // Bytes compared: up to and including the first difference or NUL.
    bool Bounded = Fn == RAVEL_LIBC_STRNCMP;
    if (Bounded && !N)
      break;
    size_t I = 0;
    while ((!Bounded || I + 1 < N) && SA[I] && SA[I] == SB[I])
      ++I;
    C.read(A, I + 1);
    C.readB(B, I + 1);
    break;
  }
  default:
    break;
  }
}

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
  checkCall(C, RAVEL_LIBC_MEMCPY, D, S, N);
  return real_memcpy()(D, S, N);
}
RAVEL_INTERCEPTOR(void *, memmove, void *D, const void *S, size_t N) {
  if (RAVEL_UNLIKELY(ResolvingSymbol))
    return slowCopy(D, S, N);
  Check C("memmove");
  checkCall(C, RAVEL_LIBC_MEMCPY, D, S, N);
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
  checkCall(C, RAVEL_LIBC_MEMSET, D, nullptr, N);
  return real_memset()(D, V, N);
}
RAVEL_INTERCEPTOR(int, memcmp, const void *A, const void *B, size_t N) {
  Check C("memcmp");
  checkCall(C, RAVEL_LIBC_MEMCMP, A, B, N);
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
  Check C("strlen");
  checkCall(C, RAVEL_LIBC_STRLEN, S, nullptr, 0);
  return real_strlen()(S);
}
RAVEL_INTERCEPTOR(size_t, strnlen, const char *S, size_t Max) {
  size_t N = real_strnlen()(S, Max);
  Check C("strnlen");
  C.read(S, N < Max ? N + 1 : N);
  return N;
}
RAVEL_INTERCEPTOR(char *, strcpy, char *D, const char *S) {
  Check C("strcpy");
  checkCall(C, RAVEL_LIBC_STRCPY, D, S, 0);
  return real_strcpy()(D, S);
}
RAVEL_INTERCEPTOR(char *, strncpy, char *D, const char *S, size_t N) {
  Check C("strncpy");
  checkCall(C, RAVEL_LIBC_STRNCPY, D, S, N);
  return real_strncpy()(D, S, N);
}
RAVEL_INTERCEPTOR(char *, strcat, char *D, const char *S) {
  Check C("strcat");
  checkCall(C, RAVEL_LIBC_STRCAT, D, S, 0);
  return real_strcat()(D, S);
}
RAVEL_INTERCEPTOR(char *, strncat, char *D, const char *S, size_t N) {
  Check C("strncat");
  checkCall(C, RAVEL_LIBC_STRNCAT, D, S, N);
  return real_strncat()(D, S, N);
}
RAVEL_INTERCEPTOR(int, strcmp, const char *A, const char *B) {
  Check C("strcmp");
  checkCall(C, RAVEL_LIBC_STRCMP, A, B, 0);
  return real_strcmp()(A, B);
}
RAVEL_INTERCEPTOR(int, strncmp, const char *A, const char *B, size_t N) {
  Check C("strncmp");
  checkCall(C, RAVEL_LIBC_STRNCMP, A, B, N);
  return real_strncmp()(A, B, N);
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

RAVEL_EXPORT void __ravel_libc_begin(int Fn, const volatile void *A,
                                     const volatile void *B, size_t N,
                                     const __ravel_site *SiteA,
                                     const __ravel_site *SiteB) {
  ensureInit();
  Check C(SiteA, SiteB);
  checkCall(C, Fn, const_cast<const void *>(A), const_cast<const void *>(B), N);
  ++CheckedByCaller;
}
RAVEL_EXPORT void __ravel_libc_end(void) {
  if (CheckedByCaller > 0)
    --CheckedByCaller;
}
