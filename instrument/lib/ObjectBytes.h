//===- ObjectBytes.h - accesses to bytes of an object ----------*- C++ -*-===//
//
// Some accesses have no address of their own that the rewriter may take: a
// bit-field (no address at all), a member of a packed struct (a misaligned
// address: `&s.m` warns and C++ cannot bind a reference to it), an object's
// vptr (no expression names it). They are reported as bytes of the object
// they belong to: the *base* expression they are reached from is wrapped,
// evaluated once and handed back unchanged, and the runtime is told about
// the bytes [Offset, Offset + Size) of the object it designates or points
// to; the access itself then happens as written:
//   C++: s.bits = 1  ->  __ravel_at(s, 4, 1, 3, &S).bits = 1
//        p->m        ->  __ravel_at_p(p, 1, 4, 1, &S)->m
//        bits = 1    ->  __ravel_at_p(this, 4, 1, 3, &S)->bits = 1
//   C:   s.bits = 1  ->  (*({ __auto_type __rv_b = &(s);
//                            __ravel_update((const volatile char *)__rv_b + 4,
//                                           1, &S); __rv_b; })).bits = 1
// The address is computed as a char pointer from the base's, so no
// misaligned typed pointer is ever formed. Offsets come from clang's record
// layout (the same target and flags as the real compile); derived-to-base
// steps add their base offsets, virtual bases are not followed.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_OBJECTBYTES_H
#define RAVEL_INSTRUMENT_OBJECTBYTES_H

#include "RewriteContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"

#include <optional>

namespace ravel::instrument {

/// Bytes of the object a base expression designates (or points to).
struct ObjectBytes {
  /// The expression evaluated once and handed back; null for an implicit
  /// `this` (the rewrite then writes `this` itself).
  const clang::Expr *Base = nullptr;
  bool Pointer = false; ///< Base is a pointer to the object (`->`)
  uint64_t Offset = 0;  ///< bytes from the start of that object
  uint64_t Size = 0;    ///< bytes
};

/// Strips derived-to-base and no-op implicit casts (and parentheses) from
/// \p E, adding the base-class offsets in bytes to \p Offset: the result's
/// own type is the one \p Offset is relative to. Null when a virtual base is
/// crossed (its offset is only known at run time).
const clang::Expr *stripBaseCasts(clang::ASTContext &Ctx, const clang::Expr *E,
                                  uint64_t &Offset);

/// For a member access \p E (`b.f`, `p->f`, chains of `.` members including
/// anonymous ones), the bytes it touches relative to the innermost base that
/// is not itself a `.` member: for a bit-field, its memory location (the
/// maximal run of adjacent non-zero-width bit-fields, C11 3.14 and C++
/// [intro.memory]: a write of one is a read-modify-write of all their bytes);
/// otherwise the member's own bytes. \p Packed is set when a member on the
/// way belongs to a packed record. None when \p E has another shape.
std::optional<ObjectBytes> memberBytes(clang::ASTContext &Ctx,
                                       const clang::Expr *E, bool &Packed);

/// Why \p At cannot be reported by wrapping its base, if it cannot: a
/// register variable has no address (SkippedAsm); a base without text of its
/// own, an overloaded `->` or a C base that is not an lvalue give
/// \p Otherwise.
std::optional<Outcome> unwrappable(RewriteContext &RC, const ObjectBytes &At,
                                   Outcome Otherwise);

/// Adds to \p Edits the wrap that reports an access of kind \p Kind to \p At
/// at site \p SiteSymbol. \p ImplicitAt: where an implicit `this` is written
/// (the start of the member's text). Call unwrappable() first.
void wrapBase(RewriteContext &RC, const ObjectBytes &At, SiteKind Kind,
              const std::string &SiteSymbol, unsigned ImplicitAt,
              EditGroup &Edits);

} // namespace ravel::instrument

#endif
