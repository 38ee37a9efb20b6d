//===- FunctionScopeRewrite.h - function entry and exit ---------*- C++ -*-===//
//
// Every instrumented function body (functions, methods, constructors,
// destructors, lambdas) starts with
//   __attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn =
//       __ravel_func_enter(&S);
// so the runtime keeps a source stack; the cleanup pops the frame on every
// exit path, unwinding included. Skipped: constexpr/consteval functions
// (they may run at compile time), naked functions, coroutines and
// function-try-blocks (no plain body to open).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_FUNCTIONSCOPEREWRITE_H
#define RAVEL_INSTRUMENT_FUNCTIONSCOPEREWRITE_H

#include "RewriteContext.h"

#include "clang/AST/Decl.h"

#include <optional>

namespace ravel::instrument {

class FunctionScopeRewrite {
public:
  explicit FunctionScopeRewrite(RewriteContext &RC) : RC(RC) {}

  /// Why \p F's body must not be instrumented at all, if so.
  std::optional<Outcome> whyNot(const clang::FunctionDecl *F) const;

  /// Proposes the entry of \p F (the current function of RC).
  void enter(const clang::FunctionDecl *F);

private:
  RewriteContext &RC;
};

} // namespace ravel::instrument

#endif
