//===- AtomicQualifiedRewrite.h - operators on _Atomic objects -*- C++ -*-===//
//
// C11 6.5.2.4, 6.5.16: a load, an assignment, a compound assignment and
// `++`/`--` of an `_Atomic`-qualified object (`_Atomic int`, `atomic_int`,
// `_Atomic(T)`) are sequentially consistent atomic operations. Each is routed
// through __ravel_atomic_begin/end like an explicit atomic_load or
// atomic_store (AtomicRewrite), with the object's address and the operand
// evaluated once, in that order:
//   ready         -> ({ __auto_type __rv_p = &(ready); begin(LOAD, 5);
//                       __auto_type __rv_r = __c11_atomic_load(__rv_p, 5);
//                       end; __rv_r; })
//   ready = v     -> ({ __auto_type __rv_p = &(ready);
//                       __typeof__(__c11_atomic_load(__rv_p, 5)) __rv_v = (v);
//                       begin(STORE, 5); __c11_atomic_store(__rv_p, __rv_v, 5);
//                       end; __rv_v; })
//   cnt op= v, ++cnt, cnt-- -> the operand into __rv_a, then between
//                       begin(RMW, 5) and end a compare-exchange loop that
//                       computes the new value as C defines it (there is no
//                       fetch_op builtin for every operator); the result is
//                       the new value (the old one for postfix forms).
// The compare-exchange loop is used only for integer, pointer, float and
// double objects (no padding bits, so the byte comparison terminates);
// updates of other _Atomic types stay as they are (skipped-atomic-qualified).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_ATOMICQUALIFIEDREWRITE_H
#define RAVEL_INSTRUMENT_ATOMICQUALIFIEDREWRITE_H

#include "RewriteContext.h"
#include "SharedAccessRewrite.h"

#include "clang/AST/Expr.h"

#include <optional>

namespace ravel::instrument {

class AtomicQualifiedRewrite {
public:
  AtomicQualifiedRewrite(RewriteContext &RC, const SharedAccessRewrite &Plain)
      : RC(RC), Plain(Plain) {}

  /// Returns true when \p E (an lvalue-to-rvalue conversion, an assignment,
  /// a compound assignment or an increment/decrement) operates on an _Atomic
  /// object; the operation is then rewritten or counted here.
  bool handle(const clang::Expr *E, std::optional<Outcome> ContextSkip);

private:
  RewriteContext &RC;
  const SharedAccessRewrite &Plain;
};

} // namespace ravel::instrument

#endif
