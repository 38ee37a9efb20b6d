//===- VptrRewrite.cpp - the vptr of C++ dynamic objects ------------------===//
#include "VptrRewrite.h"

#include "EscapeAnalysis.h"
#include "ObjectBytes.h"

#include "clang/AST/RecordLayout.h"
#include "clang/Basic/TargetInfo.h"

namespace ravel::instrument {

using namespace clang;

bool vptrAtStart(ASTContext &Ctx, const CXXRecordDecl *RD) {
  if (!Ctx.getTargetInfo().getCXXABI().isItaniumFamily())
    return false;
  while (RD && RD->hasDefinition() && RD->isDynamicClass() &&
         !RD->isInvalidDecl()) {
    const ASTRecordLayout &L = Ctx.getASTRecordLayout(RD);
    if (L.hasOwnVFPtr())
      return true;
    // Otherwise the vptr is the primary base's, shared at offset 0; a
    // virtual primary base sits there only in some complete objects.
    if (L.isPrimaryBaseVirtual())
      return false;
    RD = L.getPrimaryBase();
  }
  return false;
}

static uint64_t pointerBytes(ASTContext &Ctx) {
  return Ctx.getTypeSizeInChars(Ctx.VoidPtrTy).getQuantity();
}

static const CXXRecordDecl *classOf(QualType T) {
  if (const auto *P = T->getAs<PointerType>())
    T = P->getPointeeType();
  return T->getAsCXXRecordDecl();
}

void VptrRewrite::call(const CallExpr *E, std::optional<Outcome> ContextSkip) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
  const auto *ME =
      MC ? dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()) : nullptr;
  const auto *MD = ME ? dyn_cast<CXXMethodDecl>(ME->getMemberDecl()) : nullptr;
  // `p->Base::f()` names its callee: no dispatch.
  if (!MD || !MD->isVirtual() || ME->hasQualifier() ||
      isStdRecord(MD->getParent()))
    return;
  ASTContext &Ctx = RC.ast();
  // An object of known dynamic type, a final class or method: a direct call.
  if (MD->getDevirtualizedMethod(ME->getBase(), Ctx.getLangOpts().AppleKext))
    return;
  std::optional<Range> R = RC.rangeOf(ME);
  if (!R || RC.scopeOf(E->getBeginLoc()) != ScopeClass::Full)
    return;
  Candidate C(RewriteKind::Vptr, *R);
  ObjectBytes At;
  At.Pointer = ME->isArrow();
  At.Size = pointerBytes(Ctx);
  const Expr *Base = stripBaseCasts(Ctx, ME->getBase(), At.Offset);
  if (const auto *This = dyn_cast_or_null<CXXThisExpr>(Base);
      This && This->isImplicit())
    Base = nullptr;
  else if (!Base)
    At.Size = 0; // a virtual base on the way
  At.Base = Base;
  if (ContextSkip) {
    C.What = *ContextSkip;
  } else if (!At.Size || !vptrAtStart(Ctx, classOf(ME->getBase()->getType()))) {
    C.What = Outcome::SkippedVptr;
  } else if (auto Why = unwrappable(RC, At, Outcome::SkippedVptr)) {
    C.What = *Why;
  } else {
    // `p->~T()` runs the destructors, which rewrite the vptr.
    SiteKind Kind =
        isa<CXXDestructorDecl>(MD) ? SiteKind::Write : SiteKind::Read;
    std::string Object = Base ? RC.textOf(*RC.rangeOf(Base)) : "this";
    SiteSpec S = RC.site(E->getBeginLoc(), Kind, Object + " (vptr)");
    wrapBase(RC, At, Kind, S.symbol(), R->Begin, C.Edits);
    C.Sites.push_back(std::move(S));
    C.What = Outcome::InstrumentedVptr;
  }
  RC.propose(std::move(C));
}

void VptrRewrite::destroy(const CXXDeleteExpr *E,
                          std::optional<Outcome> ContextSkip) {
  const CXXRecordDecl *RD = E->getDestroyedType()->getAsCXXRecordDecl();
  if (!RC.isCXX() || !RD || !RD->hasDefinition() || !RD->isDynamicClass() ||
      isStdRecord(RD))
    return;
  std::optional<Range> R = RC.rangeOf(E);
  if (!R || RC.scopeOf(E->getBeginLoc()) != ScopeClass::Full)
    return;
  Candidate C(RewriteKind::Vptr, *R);
  ObjectBytes At;
  At.Pointer = true;
  At.Size = pointerBytes(RC.ast());
  At.Base = E->getArgument()->IgnoreParens();
  // The operand as written must be the pointer itself, not a class object
  // converted to one.
  const auto *IC = dyn_cast<ImplicitCastExpr>(At.Base);
  bool Plain = At.Base->getType()->isPointerType() &&
               (!IC || IC->getCastKind() == CK_LValueToRValue ||
                IC->getCastKind() == CK_NoOp);
  if (ContextSkip) {
    C.What = *ContextSkip;
  } else if (E->isArrayForm() || !Plain || !vptrAtStart(RC.ast(), RD)) {
    C.What = Outcome::SkippedVptr; // delete[]: one vptr per element
  } else if (auto Why = unwrappable(RC, At, Outcome::SkippedVptr)) {
    C.What = *Why;
  } else {
    SiteSpec S = RC.site(E->getBeginLoc(), SiteKind::Write,
                         RC.textOf(*RC.rangeOf(At.Base)) + " (vptr)");
    wrapBase(RC, At, SiteKind::Write, S.symbol(), R->Begin, C.Edits);
    C.Sites.push_back(std::move(S));
    C.What = Outcome::InstrumentedVptr;
  }
  RC.propose(std::move(C));
}

void VptrRewrite::body(const FunctionDecl *F) {
  // Destructor bodies are left to their callers: `delete` and `p->~T()` in
  // user code are modelled there, while a destructor run from library code
  // (the last shared_ptr's release, a container's clear) is ordered by
  // atomics in system headers that the runtime does not see, so a write
  // here would be reported against every earlier virtual call.
  const auto *MD = dyn_cast<CXXConstructorDecl>(F);
  if (!MD)
    return;
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD->isDynamicClass() || isStdRecord(RD))
    return;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(F->getBody());
  std::optional<Range> R = Body ? RC.rangeOf(Body) : std::nullopt;
  if (!R || RC.scopeOf(Body->getBeginLoc()) != ScopeClass::Full)
    return;
  Candidate C(RewriteKind::Vptr, *R);
  if (!vptrAtStart(RC.ast(), RD)) {
    C.What = Outcome::SkippedVptr;
  } else {
    SiteSpec S = RC.site(Body->getLBracLoc(), SiteKind::Write, "this (vptr)");
    // After the opening brace (the base and member initialisers have run),
    // right after the function-scope hook (whose extent is ~0u) so the
    // report's stack has this function's frame.
    C.Edits.Edits.push_back({Edit::Kind::Prefix, R->Begin + 1, 0, ~0u - 1, 0,
                             "__ravel_write(this, " +
                                 std::to_string(pointerBytes(RC.ast())) +
                                 ", &" + S.symbol() + "); "});
    C.Sites.push_back(std::move(S));
    C.What = Outcome::InstrumentedVptr;
  }
  RC.propose(std::move(C));
}

} // namespace ravel::instrument
