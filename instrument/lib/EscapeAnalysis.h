//===- EscapeAnalysis.h - locals whose address never escapes ---*- C++ -*-===//
//
// An automatic variable (or parameter) whose address is never taken, never
// bound to a reference, never captured by reference and never handed to a
// function as `this` or by reference can only be touched by the thread that
// runs its function: its accesses cannot race and are not instrumented
// (pruned-local). Every use of such a variable is checked by walking up from
// the DeclRefExpr through the lvalue-preserving parents (parens, `.` member,
// subscript of an array, C++ assignment results) to the consumer: a load, a
// store, sizeof, or a discarded statement are safe; anything else escapes.
// Calls of C++ standard library members on the object are safe: by
// [res.on.data.races] the library does not hand `this` to another thread.
// The same holds for a thread-local object (`thread_local`, `_Thread_local`,
// `__thread`) that only this TU can name: each thread has its own, and
// another thread reaches it only through an address that escaped
// (pruned-thread-local otherwise).
//
// Conservative by construction: an unknown parent means "escapes", so the
// worst error is instrumenting a local that did not need it.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_ESCAPEANALYSIS_H
#define RAVEL_INSTRUMENT_ESCAPEANALYSIS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"

namespace ravel::instrument {

class EscapeAnalysis {
public:
  explicit EscapeAnalysis(clang::ASTContext &Ctx) : Ctx(Ctx) {}

  /// Analyses the whole TU, template instantiations included.
  void run();

  /// True when \p D is a local object (not a reference) whose address never
  /// escapes its function, or a thread-local object of this TU (internal
  /// linkage or function scope) whose address never escapes.
  bool isPrivate(const clang::ValueDecl *D) const;

  /// The variable an lvalue designates part of, through parens, `.` members
  /// and subscripts of arrays; null when the lvalue goes through a pointer,
  /// a reference or a call.
  static const clang::ValueDecl *rootDecl(const clang::Expr *LValue);

private:
  friend class EscapeVisitor;
  bool usedSafely(const clang::Expr *Use) const;

  clang::ASTContext &Ctx;
  llvm::DenseSet<const clang::ValueDecl *> Escaped;
};

/// True when \p Record is declared directly in namespace std (inline
/// namespaces such as std::__cxx11 included).
bool isStdRecord(const clang::CXXRecordDecl *Record);

} // namespace ravel::instrument

#endif
