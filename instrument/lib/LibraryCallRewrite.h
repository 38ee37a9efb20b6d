//===- LibraryCallRewrite.h - model C++ standard library calls --*- C++ -*-===//
//
// libstdc++ is not rewritten, so a call of a member function of a standard
// library type is modelled at the call site by the standard's data-race rules
// ([res.on.data.races], [container.reqmts]): a const member reads the object,
// a non-const one writes it, except that begin/end/rbegin/rend/front/back/
// data/find/lower_bound/upper_bound/equal_range/at and (outside associative
// and unordered containers) operator[] count as const. Types the standard
// makes thread-safe are excluded (atomics, mutexes, condition variables,
// threads, futures, semaphores, latches, barriers, shared_ptr/weak_ptr, the
// streams, allocators). docs/stdlib-model.md states the rule for users.
//   v.push_back(x)  ->  __ravel_libw(v, &S).push_back(x)
//   p->size()       ->  __ravel_libr_p(p, &S)->size()
//   v[i]            ->  __ravel_libr(v, &S)[i]
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_LIBRARYCALLREWRITE_H
#define RAVEL_INSTRUMENT_LIBRARYCALLREWRITE_H

#include "EscapeAnalysis.h"
#include "RewriteContext.h"

#include "clang/AST/ExprCXX.h"

#include <optional>

namespace ravel::instrument {

class LibraryCallRewrite {
public:
  LibraryCallRewrite(RewriteContext &RC, const EscapeAnalysis &Escapes)
      : RC(RC), Escapes(Escapes) {}

  /// Returns true when \p E is a modelled library call.
  bool handle(const clang::Expr *E, std::optional<Outcome> ContextSkip);

  /// Whether a call of \p M counts as a write of its object.
  static bool isWrite(const clang::CXXMethodDecl *M);
  /// Whether members of \p R are modelled at all.
  static bool isModelled(const clang::CXXRecordDecl *R);

private:
  RewriteContext &RC;
  const EscapeAnalysis &Escapes;
};

} // namespace ravel::instrument

#endif
