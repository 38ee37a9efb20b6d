//===- runtime/printf_format.cpp - the memory a printf format touches -----===//
#include "printf_format.h"

#include <wchar.h>

namespace ravel::rt {
namespace {
enum class Len { None, HH, H, L, LL, BigL, J, Z, T };

bool isDigit(char C) { return C >= '0' && C <= '9'; }

Len readLength(const char *&P) {
  switch (*P) {
  case 'h':
    ++P;
    if (*P != 'h')
      return Len::H;
    ++P;
    return Len::HH;
  case 'l':
    ++P;
    if (*P != 'l')
      return Len::L;
    ++P;
    return Len::LL;
  case 'q':
    ++P;
    return Len::LL;
  case 'L':
    ++P;
    return Len::BigL;
  case 'j':
    ++P;
    return Len::J;
  case 'z':
  case 'Z':
    ++P;
    return Len::Z;
  case 't':
    ++P;
    return Len::T;
  default:
    return Len::None;
  }
}

FormatArg::Kind integerKind(Len L) {
  switch (L) {
  case Len::None:
  case Len::HH:
  case Len::H:
    return FormatArg::Int; // promoted to int
  default:
    return FormatArg::Long; // %Ld is %lld in glibc
  }
}

uint8_t countSize(Len L) {
  switch (L) {
  case Len::HH:
    return sizeof(signed char);
  case Len::H:
    return sizeof(short);
  case Len::None:
    return sizeof(int);
  case Len::L:
    return sizeof(long);
  case Len::LL:
  case Len::BigL:
    return sizeof(long long);
  case Len::J:
    return sizeof(intmax_t);
  case Len::Z:
    return sizeof(size_t);
  case Len::T:
    return sizeof(ptrdiff_t);
  }
  return sizeof(int);
}

class Parser {
public:
  Parser(FormatArg *Out, unsigned Max) : Out(Out), Max(Max) {}
  bool push(FormatArg::Kind K, bool Star = false, uint8_t Size = 0,
            long Prec = -1) {
    if (N == Max)
      return false;
    Out[N++] = FormatArg{K, Star, Size, Prec};
    return true;
  }
  unsigned size() const { return N; }

  /// One conversion after its '%' (not "%%"); false to stop.
  bool conversion(const char *&P) {
    const char *Q = P;
    while (isDigit(*Q))
      ++Q;
    if (*Q == '$')
      return false; // positional
    while (*P == '-' || *P == '+' || *P == ' ' || *P == '#' || *P == '0' ||
           *P == '\'' || *P == 'I')
      ++P;
    if (*P == '*') { // width from an argument
      ++P;
      if (isDigit(*P) || !push(FormatArg::Int))
        return false;
    } else {
      while (isDigit(*P))
        ++P;
    }
    long Prec = -1;
    if (*P == '.') {
      ++P;
      if (*P == '*') {
        ++P;
        if (isDigit(*P) || !push(FormatArg::Int, /*Star=*/true))
          return false;
        Prec = -2;
      } else {
        Prec = 0;
        while (isDigit(*P))
          Prec = Prec * 10 + (*P++ - '0');
      }
    }
    Len L = readLength(P);
    switch (*P++) {
    case 'd':
    case 'i':
    case 'o':
    case 'u':
    case 'x':
    case 'X':
      return push(integerKind(L));
    case 'c': // %lc: a wint_t, promoted to int like a char
    case 'C':
      return push(FormatArg::Int);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      return push(L == Len::BigL ? FormatArg::LongDouble : FormatArg::Double);
    case 'p':
    case 'S':
      return push(FormatArg::Pointer);
    case 's':
      return push(L == Len::L ? FormatArg::Pointer : FormatArg::String, false,
                  0, Prec);
    case 'n':
      return push(FormatArg::Count, false, countSize(L));
    case 'm':
      return true;
    default:
      return false;
    }
  }

private:
  FormatArg *Out;
  unsigned Max, N = 0;
};
} // namespace

unsigned parsePrintfFormat(const char *Fmt, FormatArg *Out, unsigned Max,
                           bool *Complete) {
  Parser Ps(Out, Max);
  *Complete = false;
  for (const char *P = Fmt;;) {
    while (*P && *P != '%')
      ++P;
    if (!*P) {
      *Complete = true;
      break;
    }
    ++P;
    if (*P == '%') {
      ++P;
      continue;
    }
    if (!Ps.conversion(P))
      break;
  }
  return Ps.size();
}

void walkPrintfFormat(const char *Fmt, va_list Caller, FormatAccessFn Fn,
                      void *Ctx) {
  if (!Fmt)
    return;
  size_t FmtLen = 0;
  while (Fmt[FmtLen])
    ++FmtLen;
  Fn(Ctx, Fmt, FmtLen + 1, false); // the format itself is read
  constexpr unsigned MaxArgs = 32; // a small stack footprint
  FormatArg Args[MaxArgs];
  bool Complete;
  unsigned N = parsePrintfFormat(Fmt, Args, MaxArgs, &Complete);
  va_list Ap;
  va_copy(Ap, Caller);
  long Star = -1;
  for (unsigned I = 0; I < N; ++I) {
    const FormatArg &A = Args[I];
    switch (A.K) {
    case FormatArg::Int: {
      int V = va_arg(Ap, int);
      if (A.StarPrecision)
        Star = V < 0 ? -1 : V;
      break;
    }
    case FormatArg::Long:
      (void)va_arg(Ap, long);
      break;
    case FormatArg::Double:
      (void)va_arg(Ap, double);
      break;
    case FormatArg::LongDouble:
      (void)va_arg(Ap, long double);
      break;
    case FormatArg::Pointer:
      (void)va_arg(Ap, void *);
      break;
    case FormatArg::String: {
      const char *S = va_arg(Ap, const char *);
      long Prec = A.Precision == -2 ? Star : A.Precision;
      if (!S)
        break; // printed as "(null)"
      size_t Len = 0;
      while ((Prec < 0 || static_cast<long>(Len) < Prec) && S[Len])
        ++Len;
      // The NUL is read when the string ended before the precision.
      bool ReadNul = Prec < 0 || static_cast<long>(Len) < Prec;
      if (Len || ReadNul)
        Fn(Ctx, S, Len + (ReadNul ? 1 : 0), false);
      break;
    }
    case FormatArg::Count:
      if (void *Dst = va_arg(Ap, void *))
        Fn(Ctx, Dst, A.CountSize, true);
      break;
    }
  }
  va_end(Ap);
}

} // namespace ravel::rt
