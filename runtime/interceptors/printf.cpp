//===- runtime/interceptors/printf.cpp - the printf family ----------------===//
//
// printf, fprintf, dprintf, sprintf, snprintf, asprintf, their v-forms and
// glibc's _FORTIFY_SOURCE __*_chk forms read the format and each %s string
// they print and write each %n target (printf_format.h), checked before the
// call like io.cpp's sends; the forms that print into a buffer then write
// the bytes they stored, checked after it. The forms that print to a FILE
// or a descriptor send through it (fd.h: a release into its channel), like
// fputs. The real calls are glibc's v-forms, so a call is checked once.
//
//===----------------------------------------------------------------------===//
#undef _FORTIFY_SOURCE
#ifndef __NO_INLINE__
#define __NO_INLINE__ 1 // no extern inline vprintf from <bits/stdio.h>
#endif
#include "io_call.h"
#include "../printf_format.h"

#include <stdarg.h>

using namespace ravel::rt;

RAVEL_REAL(int, vfprintf, FILE *, const char *, va_list)
RAVEL_REAL(int, vdprintf, int, const char *, va_list)
RAVEL_REAL(int, vsprintf, char *, const char *, va_list)
RAVEL_REAL(int, vsnprintf, char *, size_t, const char *, va_list)
RAVEL_REAL(int, vasprintf, char **, const char *, va_list)
RAVEL_REAL(int, __vfprintf_chk, FILE *, int, const char *, va_list)
RAVEL_REAL(int, __vdprintf_chk, int, int, const char *, va_list)
RAVEL_REAL(int, __vsprintf_chk, char *, int, size_t, const char *, va_list)
RAVEL_REAL(int, __vsnprintf_chk, char *, size_t, int, size_t, const char *,
           va_list)
RAVEL_REAL(int, __vasprintf_chk, char **, int, const char *, va_list)

namespace {
void checkArg(void *Ctx, const void *P, size_t Size, bool Write) {
  static_cast<IoCall *>(Ctx)->access(P, static_cast<ssize_t>(Size), Write);
}

/// The checks before a call that prints Fmt with Ap: to descriptor Fd
/// (-1: into memory).
void beforePrint(IoCall &C, int Fd, const char *Fmt, va_list Ap) {
  C.sendingWith(Fd, [&] { walkPrintfFormat(Fmt, Ap, checkArg, &C); });
}

/// After a call that printed into Buf (of Cap bytes, or unbounded when
/// Bounded is false) and returned R: the bytes it stored, NUL included.
void afterPrintInto(IoCall &C, char *Buf, bool Bounded, size_t Cap, int R) {
  if (R < 0 || (Bounded && Cap == 0))
    return;
  size_t N = static_cast<size_t>(R) + 1;
  if (Bounded && N > Cap)
    N = Cap;
  int Saved = errno;
  C.access(Buf, static_cast<ssize_t>(N), true);
  errno = Saved;
}

int toFile(const char *Name, FILE *F, const char *Fmt, va_list Ap,
           int (*Real)(FILE *, const char *, va_list, int), int Flag) {
  IoCall C(Name);
  if (C)
    beforePrint(C, fileDescriptor(F), Fmt, Ap);
  return Real(F, Fmt, Ap, Flag);
}
int plainVfprintf(FILE *F, const char *Fmt, va_list Ap, int) {
  return real_vfprintf()(F, Fmt, Ap);
}
int chkVfprintf(FILE *F, const char *Fmt, va_list Ap, int Flag) {
  return real___vfprintf_chk()(F, Flag, Fmt, Ap);
}

int toFd(const char *Name, int Fd, const char *Fmt, va_list Ap, bool Chk,
         int Flag) {
  IoCall C(Name);
  if (C)
    beforePrint(C, Fd, Fmt, Ap);
  return Chk ? real___vdprintf_chk()(Fd, Flag, Fmt, Ap)
             : real_vdprintf()(Fd, Fmt, Ap);
}

template <typename Fn>
int intoBuffer(const char *Name, char *Buf, bool Bounded, size_t Cap,
               const char *Fmt, va_list Ap, Fn Real) {
  IoCall C(Name);
  if (C)
    beforePrint(C, -1, Fmt, Ap);
  int R = Real();
  if (C)
    afterPrintInto(C, Buf, Bounded, Cap, R);
  return R;
}

template <typename Fn>
int allocating(const char *Name, char **Out, const char *Fmt, va_list Ap,
               Fn Real) {
  IoCall C(Name);
  if (C)
    beforePrint(C, -1, Fmt, Ap);
  int R = Real();
  if (C && R >= 0) {
    int Saved = errno;
    C.access(Out, sizeof(*Out), true); // the new block is the caller's
    errno = Saved;
  }
  return R;
}
} // namespace

// ---- To a FILE or a descriptor. ---------------------------------------------

RAVEL_INTERCEPTOR(int, vfprintf, FILE *F, const char *Fmt, va_list Ap) {
  return toFile("vfprintf", F, Fmt, Ap, plainVfprintf, 0);
}
RAVEL_INTERCEPTOR(int, fprintf, FILE *F, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = toFile("fprintf", F, Fmt, Ap, plainVfprintf, 0);
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, vprintf, const char *Fmt, va_list Ap) {
  return toFile("vprintf", stdout, Fmt, Ap, plainVfprintf, 0);
}
RAVEL_INTERCEPTOR(int, printf, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = toFile("printf", stdout, Fmt, Ap, plainVfprintf, 0);
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, __vfprintf_chk, FILE *F, int Flag, const char *Fmt,
                  va_list Ap) {
  return toFile("vfprintf", F, Fmt, Ap, chkVfprintf, Flag);
}
RAVEL_INTERCEPTOR(int, __fprintf_chk, FILE *F, int Flag, const char *Fmt,
                  ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = toFile("fprintf", F, Fmt, Ap, chkVfprintf, Flag);
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, __vprintf_chk, int Flag, const char *Fmt, va_list Ap) {
  return toFile("vprintf", stdout, Fmt, Ap, chkVfprintf, Flag);
}
RAVEL_INTERCEPTOR(int, __printf_chk, int Flag, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = toFile("printf", stdout, Fmt, Ap, chkVfprintf, Flag);
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, vdprintf, int Fd, const char *Fmt, va_list Ap) {
  return toFd("vdprintf", Fd, Fmt, Ap, false, 0);
}
RAVEL_INTERCEPTOR(int, dprintf, int Fd, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = toFd("dprintf", Fd, Fmt, Ap, false, 0);
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, __vdprintf_chk, int Fd, int Flag, const char *Fmt,
                  va_list Ap) {
  return toFd("vdprintf", Fd, Fmt, Ap, true, Flag);
}
RAVEL_INTERCEPTOR(int, __dprintf_chk, int Fd, int Flag, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = toFd("dprintf", Fd, Fmt, Ap, true, Flag);
  va_end(Ap);
  return R;
}

// ---- Into memory. -------------------------------------------------------------

RAVEL_INTERCEPTOR(int, vsprintf, char *Buf, const char *Fmt, va_list Ap) {
  return intoBuffer("vsprintf", Buf, false, 0, Fmt, Ap,
                    [&] { return real_vsprintf()(Buf, Fmt, Ap); });
}
RAVEL_INTERCEPTOR(int, sprintf, char *Buf, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = intoBuffer("sprintf", Buf, false, 0, Fmt, Ap,
                     [&] { return real_vsprintf()(Buf, Fmt, Ap); });
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, vsnprintf, char *Buf, size_t Cap, const char *Fmt,
                  va_list Ap) {
  return intoBuffer("vsnprintf", Buf, true, Cap, Fmt, Ap,
                    [&] { return real_vsnprintf()(Buf, Cap, Fmt, Ap); });
}
RAVEL_INTERCEPTOR(int, snprintf, char *Buf, size_t Cap, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = intoBuffer("snprintf", Buf, true, Cap, Fmt, Ap,
                     [&] { return real_vsnprintf()(Buf, Cap, Fmt, Ap); });
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, __vsprintf_chk, char *Buf, int Flag, size_t Len,
                  const char *Fmt, va_list Ap) {
  return intoBuffer("vsprintf", Buf, false, 0, Fmt, Ap, [&] {
    return real___vsprintf_chk()(Buf, Flag, Len, Fmt, Ap);
  });
}
RAVEL_INTERCEPTOR(int, __sprintf_chk, char *Buf, int Flag, size_t Len,
                  const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = intoBuffer("sprintf", Buf, false, 0, Fmt, Ap, [&] {
    return real___vsprintf_chk()(Buf, Flag, Len, Fmt, Ap);
  });
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, __vsnprintf_chk, char *Buf, size_t Cap, int Flag,
                  size_t Len, const char *Fmt, va_list Ap) {
  return intoBuffer("vsnprintf", Buf, true, Cap, Fmt, Ap, [&] {
    return real___vsnprintf_chk()(Buf, Cap, Flag, Len, Fmt, Ap);
  });
}
RAVEL_INTERCEPTOR(int, __snprintf_chk, char *Buf, size_t Cap, int Flag,
                  size_t Len, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = intoBuffer("snprintf", Buf, true, Cap, Fmt, Ap, [&] {
    return real___vsnprintf_chk()(Buf, Cap, Flag, Len, Fmt, Ap);
  });
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, vasprintf, char **Out, const char *Fmt, va_list Ap) {
  return allocating("vasprintf", Out, Fmt, Ap,
                    [&] { return real_vasprintf()(Out, Fmt, Ap); });
}
RAVEL_INTERCEPTOR(int, asprintf, char **Out, const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = allocating("asprintf", Out, Fmt, Ap,
                     [&] { return real_vasprintf()(Out, Fmt, Ap); });
  va_end(Ap);
  return R;
}
RAVEL_INTERCEPTOR(int, __vasprintf_chk, char **Out, int Flag, const char *Fmt,
                  va_list Ap) {
  return allocating("vasprintf", Out, Fmt, Ap, [&] {
    return real___vasprintf_chk()(Out, Flag, Fmt, Ap);
  });
}
RAVEL_INTERCEPTOR(int, __asprintf_chk, char **Out, int Flag, const char *Fmt,
                  ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  int R = allocating("asprintf", Out, Fmt, Ap, [&] {
    return real___vasprintf_chk()(Out, Flag, Fmt, Ap);
  });
  va_end(Ap);
  return R;
}
