//===- VptrRewrite.h - the vptr of C++ dynamic objects ----------*- C++ -*-===//
//
// The compiler reads and writes an object's vptr; no expression names it, so
// the race ThreadSanitizer reports as "data race on vptr (ctor/dtor vs
// virtual call)" needs the rewriter's help. The model (Itanium ABI: the
// primary vptr, pointer-sized, at offset 0 of a dynamic class):
//  - a virtual call that is not devirtualised (`p->f()`, `r.f()`, `f()` in a
//    member; not `p->Base::f()`, not on an object of known dynamic type or
//    of a final class) reads the vptr of the object it is called on;
//  - `delete p` of a dynamic class, and `p->~T()` through a virtual
//    destructor, write it: the destructors rewrite it (even when they are
//    implicit, which have no text here);
//  - a constructor body written by the user writes it at the body's start
//    (after the base and member initialisers). Destructor bodies do not: a
//    destructor run from library code (a shared_ptr's last release) is
//    ordered by atomics the runtime does not see.
// All go through ObjectBytes: `p->f()` -> `__ravel_at_p(p, 0, 8, 1, &S)->f()`,
// `delete p` -> `delete __ravel_at_p(p, 0, 8, 2, &S)` (null: unreported).
// When the vptr's place is not known (a virtual base on the way, no primary
// vptr at offset 0, a non-Itanium ABI, `delete[]`) nothing is emitted and
// the site counts as skipped-vptr. Classes of namespace std are left to the
// library model.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_VPTRREWRITE_H
#define RAVEL_INSTRUMENT_VPTRREWRITE_H

#include "RewriteContext.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

#include <optional>

namespace ravel::instrument {

class VptrRewrite {
public:
  explicit VptrRewrite(RewriteContext &RC) : RC(RC) {}

  /// A member call: a read of the vptr when it is a virtual dispatch.
  void call(const clang::CallExpr *E, std::optional<Outcome> ContextSkip);
  /// `delete p`: a write of the vptr of *p.
  void destroy(const clang::CXXDeleteExpr *E,
               std::optional<Outcome> ContextSkip);
  /// A constructor body: a write of this's vptr at its start.
  void body(const clang::FunctionDecl *F);

private:
  RewriteContext &RC;
};

/// Whether the Itanium ABI puts a vptr of \p RD, pointer-sized, at offset 0
/// of every \p RD object (its own, or its non-virtual primary base's).
bool vptrAtStart(clang::ASTContext &Ctx, const clang::CXXRecordDecl *RD);

} // namespace ravel::instrument

#endif
