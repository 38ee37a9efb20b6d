//===- AtomicRewrite.h - atomic operations and fences -----------*- C++ -*-===//
//
// Routes every atomic operation through __ravel_atomic_begin/end with its
// memory order (ravel.h): std::atomic / atomic_ref / atomic_flag members and
// operators (including the implicit load of a conversion), C11 and GNU
// builtins (__c11_atomic_*, which is what <stdatomic.h> expands to, and
// __atomic_*), __sync_* builtins, and fences (std::atomic_thread_fence,
// __atomic_thread_fence, atomic_signal_fence, __sync_synchronize). See
// HoistedCall.h for the shape of the rewrite.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_ATOMICREWRITE_H
#define RAVEL_INSTRUMENT_ATOMICREWRITE_H

#include "RewriteContext.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"

#include <optional>

namespace ravel::instrument {

class AtomicRewrite {
public:
  explicit AtomicRewrite(RewriteContext &RC) : RC(RC) {}

  /// Returns true when \p E is an atomic operation (rewritten or counted).
  bool handle(const clang::Expr *E, std::optional<Outcome> ContextSkip);

private:
  bool memberCall(const clang::CXXMemberCallExpr *E,
                  std::optional<Outcome> ContextSkip);
  bool operatorCall(const clang::CXXOperatorCallExpr *E,
                    std::optional<Outcome> ContextSkip);
  bool atomicExpr(const clang::AtomicExpr *E,
                  std::optional<Outcome> ContextSkip);
  bool builtinCall(const clang::CallExpr *E,
                   std::optional<Outcome> ContextSkip);

  RewriteContext &RC;
};

/// True for std::atomic, std::atomic_ref, std::atomic_flag and the
/// libstdc++ bases that implement their members.
bool isStdAtomicRecord(const clang::CXXRecordDecl *Record);

} // namespace ravel::instrument

#endif
