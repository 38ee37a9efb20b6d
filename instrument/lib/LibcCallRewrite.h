//===- LibcCallRewrite.h - libc memory and string calls ---------*- C++ -*-===//
//
// memcpy, memmove, memset, bzero, memcmp, strcpy, strncpy, strcat, strncat,
// strlen, strcmp, strncmp in user code, also as `__builtin_X` and in the
// _FORTIFY_SOURCE forms `__X_chk` / `__builtin___X_chk`: the compiler may
// expand them inline (no interceptor sees the access), and a call that is
// intercepted would be reported at a "<libc>" site. Each call is re-issued
// on pre-evaluated arguments (HoistedCall.h) between __ravel_libc_begin,
// which checks its ranges at the call's sites (one for each pointer
// argument, named by that argument's text, `&x` by `x`), and
// __ravel_libc_end (ravel.h):
//   memcpy(shared, buf, n)  ->
//   ({ __auto_type __rv_a0 = (shared); __auto_type __rv_a1 = (buf);
//      __auto_type __rv_a2 = (n);
//      __ravel_libc_begin(1, __rv_a0, __rv_a1, __rv_a2, &S0, &S1);
//      __auto_type __rv_r = memcpy(__rv_a0, __rv_a1, __rv_a2);
//      __ravel_libc_end(); __rv_r; })
// The callee keeps its spelling, so a fortified call stays fortified.
// Calls the compiler folds to a constant (strlen("abc")) read only literals
// (pruned-const).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_LIBCCALLREWRITE_H
#define RAVEL_INSTRUMENT_LIBCCALLREWRITE_H

#include "RewriteContext.h"

#include "clang/AST/Expr.h"

#include <optional>

namespace ravel::instrument {

class LibcCallRewrite {
public:
  explicit LibcCallRewrite(RewriteContext &RC) : RC(RC) {}

  /// Returns true when \p E calls one of the functions above (rewritten or
  /// counted).
  bool handle(const clang::CallExpr *E, std::optional<Outcome> ContextSkip);

private:
  RewriteContext &RC;
};

} // namespace ravel::instrument

#endif
