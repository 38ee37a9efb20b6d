//===- RewriteContext.cpp - state shared by the rewrites of one TU --------===//
#include "RewriteContext.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <set>

namespace ravel::instrument {

using namespace clang;

std::string SiteSpec::symbol() const {
  // FNV-1a over the content: identical records get identical symbols.
  uint64_t H = 0xcbf29ce484222325ULL;
  auto Mix = [&H](llvm::StringRef S) {
    for (unsigned char C : S) {
      H ^= C;
      H *= 0x100000001b3ULL;
    }
    H ^= 0xff;
    H *= 0x100000001b3ULL;
  };
  Mix(File);
  Mix(Function);
  Mix(Text);
  Mix(std::to_string(Line));
  Mix(std::to_string(Column));
  Mix(std::to_string(static_cast<unsigned>(Kind)));
  return "__ravel_s_" + llvm::utohexstr(H, /*LowerCase=*/true);
}

RewriteContext::RewriteContext(ASTContext &Ctx, Scope &Files)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), Files(Files) {}

std::optional<Range> RewriteContext::rangeOf(SourceRange R) const {
  SourceLocation B = R.getBegin(), E = R.getEnd();
  if (B.isInvalid() || E.isInvalid() || !B.isFileID() || !E.isFileID())
    return std::nullopt;
  if (SM.getFileID(B) != SM.getMainFileID() ||
      SM.getFileID(E) != SM.getMainFileID())
    return std::nullopt;
  SourceLocation After =
      Lexer::getLocForEndOfToken(E, 0, SM, Ctx.getLangOpts());
  if (After.isInvalid())
    return std::nullopt;
  unsigned Begin = SM.getFileOffset(B), End = SM.getFileOffset(After);
  if (End <= Begin)
    return std::nullopt;
  return Range{Begin, End};
}

std::optional<Range> RewriteContext::rangeOf(const Stmt *S) const {
  if (const auto *E = dyn_cast<Expr>(S))
    if (const auto *DR = dyn_cast<DeclRefExpr>(E->IgnoreImplicit()))
      if (isa<VarDecl>(DR->getDecl()) &&
          DR->getLocation() == DR->getDecl()->getLocation())
        return std::nullopt;
  return rangeOf(S->getSourceRange());
}

llvm::StringRef RewriteContext::rawText(Range R) const {
  return SM.getBufferData(SM.getMainFileID()).substr(R.Begin, R.End - R.Begin);
}

std::string RewriteContext::textOf(Range R, bool Collapse) const {
  llvm::StringRef Raw = rawText(R);
  if (!Collapse)
    return std::string(Raw);
  std::string Out;
  bool Space = false;
  for (char C : Raw) {
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    Out += C;
  }
  if (Out.size() > 160)
    Out = Out.substr(0, 157) + "...";
  return Out;
}

ScopeClass RewriteContext::scopeOf(SourceLocation Loc) {
  PresumedLoc P = SM.getPresumedLoc(Loc);
  if (P.isInvalid())
    return ScopeClass::None;
  return Files.classify(P.getFilename());
}

SiteSpec RewriteContext::site(SourceLocation Loc, SiteKind Kind,
                              std::string Text) {
  SiteSpec S;
  PresumedLoc P = SM.getPresumedLoc(Loc);
  if (P.isValid()) {
    S.File = Files.siteFileName(P.getFilename());
    S.Line = P.getLine();
    S.Column = P.getColumn();
  }
  S.Function = functionName();
  S.Text = std::move(Text);
  S.Kind = Kind;
  return S;
}

void RewriteContext::enterFunction(const void *Pattern, std::string Name,
                                   bool Counted) {
  unsigned Instance = NextInstance++;
  if (Counted)
    Instances[Pattern].insert(Instance);
  Functions.push_back({Pattern, Instance, std::move(Name)});
}

void RewriteContext::exitFunction() { Functions.pop_back(); }

const std::string &RewriteContext::functionName() const {
  return Functions.empty() ? NoFunction : Functions.back().Name;
}

bool RewriteContext::isDiscarded(const Expr *E) {
  const Stmt *Cur = E;
  for (;;) {
    DynTypedNodeList Parents = Ctx.getParents(*Cur);
    if (Parents.size() != 1)
      return false;
    const Stmt *P = Parents[0].get<Stmt>();
    if (!P)
      return false;
    if (isa<ExprWithCleanups>(P) || isa<ParenExpr>(P)) {
      Cur = P;
      continue;
    }
    if (isa<CompoundStmt>(P) || isa<LabelStmt>(P) || isa<SwitchCase>(P))
      return true;
    if (const auto *F = dyn_cast<ForStmt>(P))
      return F->getInc() == Cur || F->getBody() == Cur || F->getInit() == Cur;
    if (const auto *I = dyn_cast<IfStmt>(P))
      return I->getThen() == Cur || I->getElse() == Cur;
    if (const auto *W = dyn_cast<WhileStmt>(P))
      return W->getBody() == Cur;
    if (const auto *D = dyn_cast<DoStmt>(P))
      return D->getBody() == Cur;
    return false;
  }
}

void RewriteContext::propose(Candidate C) {
  Key K{C.Begin, C.End, static_cast<int>(C.Kind)};
  const void *Pattern = Functions.empty() ? nullptr : Functions.back().Pattern;
  unsigned Instance = Functions.empty() ? ~0u : Functions.back().Instance;
  Proposals[K].push_back({std::move(C), Pattern, Instance});
}

static std::string fingerprint(const Candidate &C) {
  std::string F = std::to_string(static_cast<unsigned>(C.What));
  for (const Edit &E : C.Edits.Edits)
    F += "|" + std::to_string(E.Offset) + ":" + E.Text;
  return F;
}

std::vector<SiteSpec> RewriteContext::resolve(EditList &Edits) {
  // Outer constructs first (begin ascending, end descending): EditList
  // orders ties by creation, outer first.
  std::vector<const Key *> Order;
  for (auto &[K, V] : Proposals)
    Order.push_back(&K);
  std::sort(Order.begin(), Order.end(), [](const Key *A, const Key *B) {
    if (std::get<0>(*A) != std::get<0>(*B))
      return std::get<0>(*A) < std::get<0>(*B);
    return std::get<1>(*A) > std::get<1>(*B);
  });

  std::vector<SiteSpec> Sites;
  std::set<std::string> Seen;
  for (const Key *K : Order) {
    std::vector<Proposal> &V = Proposals[*K];
    const Candidate &First = V.front().C;
    std::string Print = fingerprint(First);
    bool Agree = true;
    llvm::DenseSet<unsigned> Reached;
    for (const Proposal &P : V) {
      Agree &= fingerprint(P.C) == Print && P.Pattern == V.front().Pattern;
      Reached.insert(P.Instance);
    }
    // Function entries are the same text in every instantiation.
    if (Agree && V.front().Pattern && First.Kind != RewriteKind::FunctionScope)
      Agree = Reached.size() == Instances[V.front().Pattern].size();
    bool AnyEdit = false;
    for (const Proposal &P : V)
      AnyEdit |= !P.C.Edits.Edits.empty();
    if (!AnyEdit) {
      Statistics.add(First.What);
      continue;
    }
    if (!Agree) {
      Statistics.add(Outcome::SkippedTemplateMismatch);
      continue;
    }
    if (!Edits.add(First.Edits)) {
      Statistics.add(Outcome::SkippedConflict);
      continue;
    }
    Statistics.add(First.What);
    for (const SiteSpec &S : First.Sites) {
      if (Seen.insert(S.symbol()).second)
        Sites.push_back(S);
    }
  }
  return Sites;
}

} // namespace ravel::instrument
