//===- EscapeAnalysis.cpp - locals whose address never escapes ------------===//
#include "EscapeAnalysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace ravel::instrument {

using namespace clang;

bool isStdRecord(const CXXRecordDecl *Record) {
  if (!Record)
    return false;
  const DeclContext *DC = Record->getDeclContext();
  while (DC && !DC->isNamespace())
    DC = DC->getParent();
  return DC && DC->isStdNamespace();
}

/// A variable whose every use this TU sees and whose instance belongs to
/// one thread: an automatic object, or a thread-local one that only this TU
/// can name (internal linkage, or declared in a function: an inline
/// function's body is the same in every TU). A thread-local with external
/// linkage may have its address taken in another TU, so it is never private.
static const VarDecl *trackedVar(const ValueDecl *D) {
  const auto *V = dyn_cast_or_null<VarDecl>(D);
  if (!V || V->getType()->isReferenceType())
    return nullptr;
  if (V->hasLocalStorage())
    return V;
  if (V->getTLSKind() != VarDecl::TLS_None &&
      (V->isStaticLocal() || !V->isExternallyVisible()))
    return V;
  return nullptr;
}

const ValueDecl *EscapeAnalysis::rootDecl(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      if (IC->getCastKind() != CK_NoOp)
        return nullptr;
      E = IC->getSubExpr();
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow() || !isa<FieldDecl>(ME->getMemberDecl()))
        return nullptr;
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      const auto *Base =
          dyn_cast<ImplicitCastExpr>(AS->getBase()->IgnoreParens());
      if (!Base || Base->getCastKind() != CK_ArrayToPointerDecay)
        return nullptr;
      E = Base->getSubExpr();
    } else if (const auto *DR = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *B = dyn_cast<BindingDecl>(DR->getDecl())) {
        // Tuple-like bindings are references to whatever get<> returned.
        if (B->getHoldingVar())
          return nullptr;
        return B->getDecomposedDecl();
      }
      return DR->getDecl();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

bool EscapeAnalysis::usedSafely(const Expr *Use) const {
  bool CXX = Ctx.getLangOpts().CPlusPlus;
  const Expr *Cur = Use;
  for (;;) {
    DynTypedNodeList Parents = Ctx.getParents(*Cur);
    if (Parents.size() != 1)
      return false;
    if (const auto *VD = Parents[0].get<VarDecl>())
      return !VD->getType()->isReferenceType();
    const auto *P = Parents[0].get<Expr>();
    if (!P) {
      const Stmt *S = Parents[0].get<Stmt>();
      // A discarded expression statement; returning an lvalue binds a
      // reference.
      return S && !isa<ReturnStmt>(S);
    }
    if (isa<ParenExpr>(P) || isa<FullExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(P)) {
      switch (IC->getCastKind()) {
      case CK_LValueToRValue:
        return true;
      case CK_NoOp:
        Cur = P;
        continue;
      case CK_ArrayToPointerDecay: {
        DynTypedNodeList Up = Ctx.getParents(*IC);
        const auto *AS =
            Up.size() == 1 ? Up[0].get<ArraySubscriptExpr>() : nullptr;
        if (!AS || AS->getBase()->IgnoreParens() != IC)
          return false;
        Cur = AS;
        continue;
      }
      default:
        return false;
      }
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (isa<FieldDecl>(ME->getMemberDecl())) {
        Cur = P;
        continue;
      }
      // `obj.f()` hands `this` to f, unless f is a standard library member.
      const auto *M = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      return M && isStdRecord(M->getParent());
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && BO->getLHS() == Cur) {
        if (!CXX)
          return true;
        Cur = P; // C++: the result is the lvalue itself
        continue;
      }
      if (BO->getOpcode() == BO_Comma) {
        if (BO->getLHS() == Cur)
          return true;
        Cur = P;
        continue;
      }
      return false;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->isIncrementDecrementOp()) {
        if (!CXX || UO->isPostfix())
          return true;
        Cur = P;
        continue;
      }
      if (UO->getOpcode() == UO_Extension) {
        Cur = P;
        continue;
      }
      return false; // &x, and anything unexpected
    }
    if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P)) {
      if (CO->getCond() == Cur)
        return true;
      Cur = P;
      continue;
    }
    if (isa<UnaryExprOrTypeTraitExpr>(P) || isa<CXXNoexceptExpr>(P))
      return true;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      // `obj[i]`, `obj = x` on a standard library object: see above.
      const auto *M = dyn_cast_or_null<CXXMethodDecl>(OC->getCalleeDecl());
      return M && OC->getNumArgs() > 0 && OC->getArg(0) == Cur &&
             isStdRecord(M->getParent());
    }
    return false;
  }
}

class EscapeVisitor : public RecursiveASTVisitor<EscapeVisitor> {
public:
  explicit EscapeVisitor(EscapeAnalysis &A) : A(A) {}
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    const ValueDecl *D = E->getDecl();
    if (const auto *B = dyn_cast<BindingDecl>(D))
      D = B->getDecomposedDecl();
    if (!trackedVar(D) || A.Escaped.count(D))
      return true;
    if (!A.usedSafely(E))
      A.Escaped.insert(D);
    return true;
  }

  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
        A.Escaped.insert(C.getCapturedVar());
    return true;
  }

  bool VisitBlockExpr(BlockExpr *B) {
    for (const BlockDecl::Capture &C : B->getBlockDecl()->captures())
      if (C.isByRef())
        A.Escaped.insert(C.getVariable());
    return true;
  }

private:
  EscapeAnalysis &A;
};

void EscapeAnalysis::run() {
  EscapeVisitor V(*this);
  V.TraverseDecl(Ctx.getTranslationUnitDecl());
}

bool EscapeAnalysis::isPrivate(const ValueDecl *D) const {
  return trackedVar(D) && !Escaped.count(D);
}

} // namespace ravel::instrument
