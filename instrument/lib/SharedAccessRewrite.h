//===- SharedAccessRewrite.h - plain reads, writes and updates --*- C++ -*-===//
//
// Wraps each potentially shared lvalue that is loaded (lvalue-to-rvalue
// conversion), stored (`=`) or updated (`op=`, `++`, `--`) so that the
// runtime sees address, size and site before the access; the lvalue itself is
// evaluated once and used as before:
//   C++: x  ->  __ravel_rd(x, &S)        (typed templates of the prelude)
//   C:   x  ->  (*({ __auto_type __rv_p = &(x);
//                    (sizeof *__rv_p <= 16 ? __ravel_read : __ravel_read_range)
//                        (__rv_p, sizeof *__rv_p, &S); __rv_p; }))
// Bit-fields and members of packed structs have no address the rewrite may
// take: their base is wrapped instead and the bytes are reported relative to
// it (ObjectBytes.h); a bit-field store is an update of its whole memory
// location. Locals and thread-locals that never escape and const objects
// are pruned.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_SHAREDACCESSREWRITE_H
#define RAVEL_INSTRUMENT_SHAREDACCESSREWRITE_H

#include "EscapeAnalysis.h"
#include "RewriteContext.h"

#include <optional>

namespace ravel::instrument {

/// Whether the lvalue E is reached through a member of a packed struct (its
/// address may be misaligned: neither the helpers nor atomics may take it).
bool throughPackedMember(const clang::Expr *E);

class SharedAccessRewrite {
public:
  SharedAccessRewrite(RewriteContext &RC, const EscapeAnalysis &Escapes)
      : RC(RC), Escapes(Escapes) {}

  /// \p LValue is read, written or updated (\p Kind). \p ContextSkip: why the
  /// enclosing context cannot be rewritten, if it cannot.
  void access(const clang::Expr *LValue, SiteKind Kind,
              std::optional<Outcome> ContextSkip);

  /// Why an access of \p LValue cannot race, if it cannot (private local or
  /// thread-local, read of a const object).
  std::optional<Outcome> pruned(const clang::Expr *LValue, SiteKind Kind) const;

private:
  std::optional<Outcome> unsafeForm(const clang::Expr *LValue) const;
  /// A bit-field or packed member: fills \p C (edits, or why not) and
  /// returns true; false for any other lvalue.
  bool memberAccess(const clang::Expr *LValue, SiteKind Kind, Candidate &C);

  RewriteContext &RC;
  const EscapeAnalysis &Escapes;
};

} // namespace ravel::instrument

#endif
