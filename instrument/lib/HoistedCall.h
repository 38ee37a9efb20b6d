//===- HoistedCall.h - re-issue a call on pre-evaluated operands -*- C++ -*-=//
//
// Atomic operations are rewritten into a GNU statement expression that first
// evaluates the object's address and every argument into temporaries, in
// source order, then calls the runtime, performs the real operation on the
// temporaries, calls the runtime again and yields the result:
//   a.fetch_add(n, mo)  ->
//   ({ auto *__rv_p = __builtin_addressof(a); auto __rv_a0 = (n);
//      auto __rv_a1 = (mo); <before>; auto __rv_r = <op on temporaries>;
//      <after>; __rv_r; })
// Operand text stays where it is (so rewrites inside operands compose);
// only the glue between operands (`.fetch_add(`, `, `, `)`) is replaced, and
// the newlines it held are kept so later lines keep their numbers. Constant
// operands without side effects (literals, enumerators such as
// std::memory_order_relaxed, null pointer constants) are not hoisted: their
// text is copied into the real operation, keeping their meaning (a null
// pointer constant stays one).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_HOISTEDCALL_H
#define RAVEL_INSTRUMENT_HOISTEDCALL_H

#include "RewriteContext.h"

#include <functional>
#include <string>
#include <vector>

namespace ravel::instrument {

/// Whether E is a constant operand without side effects that is copied
/// into the operation rather than hoisted (HoistedOperand::Form::Inline).
bool isInlineConstant(const clang::Expr *E, clang::ASTContext &Ctx);

struct HoistedOperand {
  const clang::Expr *E;
  enum class Form {
    Inline,    ///< constant: copied into the operation
    Value,     ///< `auto NAME = (E);` (`__auto_type` in C and builtins)
    Reference, ///< `auto &&NAME = (E);` for reference parameters
    Address,   ///< `auto *NAME = __builtin_addressof(E);` (object of `.`)
    Pointer    ///< `auto *NAME = (E);` (object of `->`)
  } How;
  std::string Name; ///< temporary, e.g. __rv_a0
  std::string Use;  ///< how the operation spells it (filled by hoist())
};

/// Builds the edits of a hoisted call over \p Call's range. \p Operands are
/// in source order. \p Tail receives the operands (with Use filled in) and
/// returns the statements after the declarations, ending with the value
/// (e.g. `...; __rv_r; })`). Returns false when the call cannot be rewritten
/// safely (no text, braced initialiser, line marker inside the glue).
bool hoist(
    RewriteContext &RC, const clang::Expr *Call,
    std::vector<HoistedOperand> &Operands, bool UseAutoType,
    const std::function<std::string(const std::vector<HoistedOperand> &)> &Tail,
    EditGroup &Out, Outcome &Failure);

} // namespace ravel::instrument

#endif
