//===- FunctionScopeRewrite.cpp - function entry and exit -----------------===//
#include "FunctionScopeRewrite.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"

namespace ravel::instrument {

using namespace clang;

/// A lambda is implicitly constexpr when it can be; only an explicit
/// `constexpr`/`consteval` in its declarator makes it compile-time only.
static bool lambdaWrittenConstexpr(RewriteContext &RC, const CXXMethodDecl *M) {
  const Stmt *Body = M->getBody();
  if (!Body)
    return false;
  std::optional<Range> Head = RC.rangeOf(
      SourceRange(M->getParent()->getBeginLoc(), Body->getBeginLoc()));
  if (!Head)
    return false;
  llvm::StringRef Text = RC.rawText(*Head);
  // Only the declarator: stop before the body's brace.
  Text = Text.substr(0, Text.rfind('{'));
  for (llvm::StringRef Word : {"constexpr", "consteval"}) {
    size_t At = Text.find(Word);
    while (At != llvm::StringRef::npos) {
      bool Before = At == 0 || !(isalnum(Text[At - 1]) || Text[At - 1] == '_');
      size_t After = At + Word.size();
      bool AfterOk =
          After >= Text.size() || !(isalnum(Text[After]) || Text[After] == '_');
      if (Before && AfterOk)
        return true;
      At = Text.find(Word, At + 1);
    }
  }
  return false;
}

std::optional<Outcome>
FunctionScopeRewrite::whyNot(const FunctionDecl *F) const {
  const auto *M = dyn_cast<CXXMethodDecl>(F);
  if (M && M->getParent()->isLambda()) {
    if (lambdaWrittenConstexpr(RC, M))
      return Outcome::SkippedConstexpr;
  } else if (F->isConstexpr() || F->isConsteval()) {
    return Outcome::SkippedConstexpr;
  }
  if (F->hasAttr<NakedAttr>())
    return Outcome::SkippedFunction;
  const Stmt *Body = F->getBody();
  if (!Body || isa<CoroutineBodyStmt>(Body) || isa<CXXTryStmt>(Body))
    return Outcome::SkippedFunction;
  return std::nullopt;
}

void FunctionScopeRewrite::enter(const FunctionDecl *F) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(F->getBody());
  if (!Body)
    return;
  std::optional<Range> R = RC.rangeOf(Body);
  if (!R || RC.scopeOf(Body->getBeginLoc()) != ScopeClass::Full)
    return;
  Candidate C(RewriteKind::FunctionScope, *R);
  SiteSpec S = RC.site(F->getLocation(), SiteKind::Func, RC.functionName());
  // After the opening brace; before anything else that starts there.
  unsigned At = R->Begin + 1;
  C.Edits.Edits.push_back(
      {Edit::Kind::Prefix, At, 0, ~0u, 0,
       "__attribute__((cleanup(__ravel_func_exit_cleanup))) char __ravel_fn = "
       "__ravel_func_enter(&" +
           S.symbol() + "); "});
  C.What = Outcome::FunctionScope;
  C.Sites.push_back(std::move(S));
  RC.propose(std::move(C));
}

} // namespace ravel::instrument
