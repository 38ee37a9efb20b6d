//===- LibraryCallRewrite.cpp - model C++ standard library calls ----------===//
#include "LibraryCallRewrite.h"

#include "AtomicRewrite.h"
#include "LockSiteRewrite.h"

#include "llvm/ADT/StringSwitch.h"

namespace ravel::instrument {

using namespace clang;

static bool isAssociative(const CXXRecordDecl *R) {
  return llvm::StringSwitch<bool>(R->getName())
      .Cases("map", "multimap", "set", "multiset", true)
      .Cases("unordered_map", "unordered_multimap", "unordered_set",
             "unordered_multiset", true)
      .Default(false);
}

bool LibraryCallRewrite::isWrite(const CXXMethodDecl *M) {
  if (M->isConst())
    return false;
  // [container.reqmts]: these count as const for data races.
  if (M->getOverloadedOperator() == OO_Subscript)
    return isAssociative(M->getParent());
  if (!M->getIdentifier())
    return true;
  return !llvm::StringSwitch<bool>(M->getName())
              .Cases("begin", "end", "rbegin", "rend", "cbegin", "cend", true)
              .Cases("crbegin", "crend", "front", "back", "data", true)
              .Cases("find", "lower_bound", "upper_bound", "equal_range", "at",
                     true)
              .Default(false);
}

bool LibraryCallRewrite::isModelled(const CXXRecordDecl *R) {
  if (!R || !isStdRecord(R) || isStdAtomicRecord(R) || isStdSyncRecord(R))
    return false;
  // Thread-safe by specification, or not data at all.
  return !llvm::StringSwitch<bool>(R->getName())
              .Cases("shared_ptr", "weak_ptr", "__shared_ptr", "__weak_ptr",
                     "__shared_ptr_access", "enable_shared_from_this", true)
              .Cases("basic_ostream", "basic_istream", "basic_iostream",
                     "basic_ios", "ios_base", "basic_streambuf", true)
              .Cases("allocator", "allocator_traits", "stop_token",
                     "stop_source", "type_info", true)
              .Default(false);
}

bool LibraryCallRewrite::handle(const Expr *E,
                                std::optional<Outcome> ContextSkip) {
  const CXXMethodDecl *M = nullptr;
  const Expr *Object = nullptr;
  bool Arrow = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    M = MC->getMethodDecl();
    const auto *Callee = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
    if (!Callee || Callee->isImplicitAccess())
      return false;
    Object = Callee->getBase();
    Arrow = Callee->isArrow();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    M = dyn_cast_or_null<CXXMethodDecl>(OC->getCalleeDecl());
    if (!M || OC->getNumArgs() == 0)
      return false;
    Object = OC->getArg(0);
  }
  if (!M || M->isStatic() || !Object || !isModelled(M->getParent()))
    return false;
  if (Arrow && (isa<CXXOperatorCallExpr>(Object->IgnoreImplicit()) ||
                !Object->getType()->isPointerType()))
    return false;
  if (!Arrow && !Object->isGLValue())
    return false; // a temporary: nobody else can see it
  std::optional<Range> R = RC.rangeOf(Object);
  std::optional<Range> CallRange = RC.rangeOf(E);
  if (!R || !CallRange || RC.scopeOf(E->getBeginLoc()) != ScopeClass::Full)
    return false;

  bool Write = isWrite(M);
  Candidate C(RewriteKind::Library, *R);
  const ValueDecl *Root = Arrow ? nullptr : EscapeAnalysis::rootDecl(Object);
  const auto *RootVar = dyn_cast_or_null<VarDecl>(Root);
  if (Root && Escapes.isPrivate(Root)) {
    C.What = RootVar && RootVar->getTLSKind() != VarDecl::TLS_None
                 ? Outcome::PrunedThreadLocal
                 : Outcome::PrunedLocal;
  } else if (ContextSkip) {
    C.What = *ContextSkip;
  } else {
    // The variable a report names is the object the call reads or writes.
    SiteSpec S = RC.site(E->getBeginLoc(), SiteKind::Call, RC.textOf(*R));
    std::string Fn = std::string("__ravel_lib") + (Write ? "w" : "r") +
                     (Arrow ? "_p(" : "(");
    C.Edits.prefix(R->Begin, R->End, Fn);
    C.Edits.suffix(R->Begin, R->End, ", &" + S.symbol() + ")");
    C.What = Outcome::LibraryCall;
    C.Sites.push_back(std::move(S));
  }
  RC.propose(std::move(C));
  return true;
}

} // namespace ravel::instrument
