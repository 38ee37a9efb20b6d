//===- runtime/printf_format.h - the memory a printf format touches -------===//
//
// Parses a printf format into the arguments it takes, then walks those
// arguments and names the user memory the call reads or writes through
// them: the format itself, the bytes of each %s string it prints (up to the
// precision, with the terminating NUL when it reads that far) and the
// integer each %n stores to. Used by the printf-family interceptors; pure
// logic, no runtime state.
//
// Supported: flags, width and precision (digits or *), the length
// modifiers hh h l ll q L j z Z t, and every glibc conversion. A format
// with positional arguments (%1$s) or a conversion it does not know ends
// the parse there: nothing after it is named, since its arguments cannot
// be located safely. Wide strings (%ls, %S) are consumed, not checked.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_PRINTF_FORMAT_H
#define RAVEL_RUNTIME_PRINTF_FORMAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

namespace ravel::rt {

/// One argument a format takes, in order, by how va_arg must read it.
struct FormatArg {
  enum Kind : uint8_t {
    Int,        // int, and the promoted char, short, and wint_t
    Long,       // long, long long, intmax_t, size_t, ptrdiff_t
    Double,     // double (float is promoted)
    LongDouble, // long double
    Pointer,    // %p, a wide string
    String,     // %s
    Count,      // %n: a pointer to an integer of CountSize bytes
  };
  Kind K;
  bool StarPrecision; // an Int that is the next String's precision
  uint8_t CountSize;
  long Precision; // String: -1 none, -2 the preceding StarPrecision Int
};

/// Parses Fmt into at most Max arguments. Returns how many were written;
/// *Complete is false when the parse stopped early (positional arguments,
/// an unknown conversion, more than Max arguments).
unsigned parsePrintfFormat(const char *Fmt, FormatArg *Out, unsigned Max,
                           bool *Complete);

/// Called for each piece of user memory: Size bytes at P, written or read.
using FormatAccessFn = void (*)(void *Ctx, const void *P, size_t Size,
                                bool Write);

/// Calls Fn for the memory the format Fmt with arguments Ap touches (Ap is
/// copied, the caller's list is left as it was).
void walkPrintfFormat(const char *Fmt, va_list Ap, FormatAccessFn Fn,
                      void *Ctx);

} // namespace ravel::rt

#endif
