//===- LibcCallRewrite.cpp - libc memory and string calls -----------------===//
#include "LibcCallRewrite.h"

#include "HoistedCall.h"

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringSwitch.h"

namespace ravel::instrument {

using namespace clang;

namespace {

/// A function's ravel.h __ravel_libc_fn and which arguments are the
/// pointers a and b and the length n (-1: none).
struct LibcFunction {
  int Id;
  int A, B, N;
};

std::optional<LibcFunction> libcFunction(llvm::StringRef Name) {
  // The builtin and fortified spellings name the same function.
  if (Name.consume_front("__builtin___") ||
      (!Name.consume_front("__builtin_") && Name.consume_front("__")))
    if (!Name.consume_back("_chk"))
      return std::nullopt;
  return llvm::StringSwitch<std::optional<LibcFunction>>(Name)
      .Cases("memcpy", "memmove", LibcFunction{1, 0, 1, 2})
      .Case("memset", LibcFunction{2, 0, -1, 2})
      .Case("bzero", LibcFunction{2, 0, -1, 1})
      .Case("memcmp", LibcFunction{3, 0, 1, 2})
      .Case("strcpy", LibcFunction{4, 0, 1, -1})
      .Case("strncpy", LibcFunction{5, 0, 1, 2})
      .Case("strcat", LibcFunction{6, 0, 1, -1})
      .Case("strncat", LibcFunction{7, 0, 1, 2})
      .Case("strlen", LibcFunction{8, 0, -1, -1})
      .Case("strcmp", LibcFunction{9, 0, 1, -1})
      .Case("strncmp", LibcFunction{10, 0, 1, 2})
      .Default(std::nullopt);
}

bool isLibcDeclaration(const FunctionDecl *F) {
  const DeclContext *DC = F->getDeclContext()->getRedeclContext();
  if (DC->isTranslationUnit() || F->isExternC())
    return true;
  while (DC && !DC->isNamespace())
    DC = DC->getParent();
  return DC && DC->isStdNamespace() &&
         cast<NamespaceDecl>(DC)->getParent()->isTranslationUnit();
}

} // namespace

bool LibcCallRewrite::handle(const CallExpr *E,
                             std::optional<Outcome> ContextSkip) {
  const FunctionDecl *F = E->getDirectCallee();
  if (!F || !F->getIdentifier() || !isLibcDeclaration(F))
    return false;
  std::optional<LibcFunction> Fn = libcFunction(F->getName());
  if (!Fn)
    return false;
  int Needed = std::max({Fn->A, Fn->B, Fn->N}) + 1;
  if (static_cast<int>(E->getNumArgs()) < Needed)
    return false;
  std::optional<Range> Whole = RC.rangeOf(E);
  std::optional<Range> CalleeRange = RC.rangeOf(E->getCallee());
  if (!Whole || !CalleeRange ||
      RC.scopeOf(E->getBeginLoc()) != ScopeClass::Full)
    return true;
  // A hoisted argument must keep its meaning when copied into a temporary:
  // scalars and arrays (which decay, as they would in the call) only.
  for (const Expr *A : E->arguments()) {
    QualType T = A->IgnoreImpCasts()->getType();
    if (!T->isScalarType() && !T->isArrayType())
      return true;
  }

  Candidate C(RewriteKind::Library, *Whole);
  if (ContextSkip) {
    C.What = *ContextSkip;
    RC.propose(std::move(C));
    return true;
  }
  if (E->isEvaluatable(RC.ast())) {
    C.What = Outcome::PrunedConst; // folded: it reads literals only
    RC.propose(std::move(C));
    return true;
  }
  std::vector<SiteSpec> Sites;
  for (int Index : {Fn->A, Fn->B}) {
    if (Index < 0)
      continue;
    // `&shared` names the object `shared`.
    const Expr *Named = E->getArg(Index)->IgnoreParenImpCasts();
    if (const auto *U = dyn_cast<UnaryOperator>(Named);
        U && U->getOpcode() == UO_AddrOf)
      Named = U->getSubExpr();
    std::optional<Range> R = RC.rangeOf(Named);
    if (!R)
      return true;
    Sites.push_back(RC.site(E->getBeginLoc(), SiteKind::Call, RC.textOf(*R)));
  }
  std::vector<HoistedOperand> Ops;
  for (unsigned I = 0; I < E->getNumArgs(); ++I) {
    const Expr *A = E->getArg(I);
    Ops.push_back({A,
                   isInlineConstant(A, RC.ast()) ? HoistedOperand::Form::Inline
                                                 : HoistedOperand::Form::Value,
                   "__rv_a" + std::to_string(I), ""});
  }
  std::string Callee = RC.textOf(*CalleeRange);
  bool HasResult = !E->getType()->isVoidType();
  bool Discarded = RC.isDiscarded(E);
  Outcome Failure;
  bool Ok = hoist(
      RC, E, Ops, /*UseAutoType=*/true,
      [&](const std::vector<HoistedOperand> &H) {
        auto Arg = [&](int Index, const char *None) {
          return Index < 0 ? std::string(None) : H[Index].Use;
        };
        std::string SiteB =
            Sites.size() > 1 ? "&" + Sites[1].symbol() : std::string("0");
        std::string T = "__ravel_libc_begin(" + std::to_string(Fn->Id) + ", " +
                        Arg(Fn->A, "0") + ", " + Arg(Fn->B, "0") + ", " +
                        Arg(Fn->N, "0") + ", &" + Sites[0].symbol() + ", " +
                        SiteB + "); ";
        std::string Call = Callee + "(";
        for (size_t I = 0; I < H.size(); ++I)
          Call += (I ? ", " : "") + H[I].Use;
        Call += ")";
        if (!HasResult)
          return T + Call + "; __ravel_libc_end(); })";
        return T + "__auto_type __rv_r = " + Call + "; __ravel_libc_end(); " +
               (Discarded ? "(void)__rv_r; })" : "__rv_r; })");
      },
      C.Edits, Failure);
  if (Ok) {
    C.What = Outcome::LibraryCall;
    C.Sites = std::move(Sites);
  } else {
    C.Edits.Edits.clear();
    C.What = Failure;
  }
  RC.propose(std::move(C));
  return true;
}

} // namespace ravel::instrument
