//===- SharedAccessRewrite.cpp - plain reads, writes and updates ----------===//
#include "SharedAccessRewrite.h"
#include "ObjectBytes.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"

namespace ravel::instrument {

using namespace clang;

std::optional<Outcome> SharedAccessRewrite::pruned(const Expr *E,
                                                   SiteKind Kind) const {
  const ValueDecl *Root = EscapeAnalysis::rootDecl(E);
  if (const auto *V = dyn_cast_or_null<VarDecl>(Root)) {
    if (Escapes.isPrivate(V))
      return V->getTLSKind() != VarDecl::TLS_None ? Outcome::PrunedThreadLocal
                                                  : Outcome::PrunedLocal;
    // A const object is never written (doing so is undefined), so reading it
    // cannot race. `mutable` members are the exception.
    QualType T = V->getType();
    if (Kind == SiteKind::Read && T.isConstQualified() &&
        !T.isVolatileQualified()) {
      bool Mutable = false;
      for (const Expr *P = E->IgnoreParens();
           const auto *M = dyn_cast<MemberExpr>(P);
           P = M->getBase()->IgnoreParens())
        if (const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl()))
          Mutable |= F->isMutable();
      if (!Mutable)
        return Outcome::PrunedConst;
    }
  }
  return std::nullopt;
}

bool throughPackedMember(const Expr *E) {
  for (E = E->IgnoreParens(); const auto *M = dyn_cast<MemberExpr>(E);
       E = M->getBase()->IgnoreParenImpCasts()) {
    const auto *F = dyn_cast<FieldDecl>(M->getMemberDecl());
    if (F &&
        (F->hasAttr<PackedAttr>() || F->getParent()->hasAttr<PackedAttr>()))
      return true;
  }
  return false;
}

std::optional<Outcome> SharedAccessRewrite::unsafeForm(const Expr *E) const {
  if (E->refersToVectorElement() || E->refersToMatrixElement())
    return Outcome::SkippedVectorElement;
  if (E->getType()->isAtomicType())
    return Outcome::SkippedAtomicQualified;
  if (E->getType()->isVariablyModifiedType())
    return Outcome::SkippedVariablyModified;
  if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreParens()))
    if (const auto *V = dyn_cast<VarDecl>(DR->getDecl()))
      if (V->getStorageClass() == SC_Register)
        return Outcome::SkippedAsm; // register variables have no address
  return std::nullopt;
}

bool SharedAccessRewrite::memberAccess(const Expr *E, SiteKind Kind,
                                       Candidate &C) {
  bool BitField = E->refersToBitField(), Packed = false;
  std::optional<ObjectBytes> At = memberBytes(RC.ast(), E, Packed);
  if (!BitField && !Packed)
    return false; // the plain form takes the lvalue's own address
  Outcome Otherwise =
      BitField ? Outcome::SkippedBitfield : Outcome::SkippedPacked;
  if (!At) {
    // `(c ? s.a : s.b) = 1`, `(s.a = 1) = 2`: no single member to report.
    C.What = Otherwise;
    return true;
  }
  if (auto Why = unwrappable(RC, *At, Otherwise)) {
    C.What = *Why;
    return true;
  }
  // Storing to a bit-field rewrites its whole memory location.
  SiteKind Hook = BitField && Kind == SiteKind::Write ? SiteKind::Update : Kind;
  SiteSpec S = RC.site(E->getBeginLoc(), Hook, RC.textOf(*RC.rangeOf(E)));
  wrapBase(RC, *At, Hook, S.symbol(), RC.rangeOf(E)->Begin, C.Edits);
  C.Sites.push_back(std::move(S));
  return true;
}

void SharedAccessRewrite::access(const Expr *E, SiteKind Kind,
                                 std::optional<Outcome> ContextSkip) {
  std::optional<Range> R = RC.rangeOf(E);
  if (!R || RC.scopeOf(E->getBeginLoc()) != ScopeClass::Full)
    return;
  QualType T = E->getType();
  if (T.isNull() || T->isFunctionType() || T->isVoidType() ||
      T->isIncompleteType() || T->isArrayType())
    return;
  Candidate C(RewriteKind::Access, *R);
  if (auto P = pruned(E, Kind)) {
    C.What = *P;
  } else if (ContextSkip) {
    C.What = *ContextSkip;
  } else if (auto U = unsafeForm(E)) {
    C.What = *U;
  } else if (memberAccess(E, Kind, C)) {
    if (!C.Edits.Edits.empty())
      C.What = Kind == SiteKind::Read    ? Outcome::InstrumentedRead
               : Kind == SiteKind::Write ? Outcome::InstrumentedWrite
                                         : Outcome::InstrumentedUpdate;
  } else {
    SiteSpec S = RC.site(E->getBeginLoc(), Kind, RC.textOf(*R));
    std::string Ref = "&" + S.symbol();
    const char *Name = Kind == SiteKind::Read    ? "rd"
                       : Kind == SiteKind::Write ? "wr"
                                                 : "upd";
    if (RC.isCXX()) {
      C.Edits.prefix(R->Begin, R->End, std::string("__ravel_") + Name + "(");
      C.Edits.suffix(R->Begin, R->End, ", " + Ref + ")");
    } else {
      const char *Hook = Kind == SiteKind::Read    ? "read"
                         : Kind == SiteKind::Write ? "write"
                                                   : "update";
      C.Edits.prefix(R->Begin, R->End,
                     "(*__extension__ ({ __auto_type __rv_p = &(");
      // Updates are of scalars only; reads and writes may copy structs.
      std::string Call = Kind == SiteKind::Update
                             ? std::string("__ravel_update")
                             : std::string("(sizeof *__rv_p <= 16 ? __ravel_") +
                                   Hook + " : __ravel_" + Hook + "_range)";
      C.Edits.suffix(R->Begin, R->End,
                     "); " + Call + "(__rv_p, sizeof *__rv_p, " + Ref +
                         "); __rv_p; }))");
    }
    C.What = Kind == SiteKind::Read    ? Outcome::InstrumentedRead
             : Kind == SiteKind::Write ? Outcome::InstrumentedWrite
                                       : Outcome::InstrumentedUpdate;
    C.Sites.push_back(std::move(S));
  }
  RC.propose(std::move(C));
}

} // namespace ravel::instrument
