//===- WaitableRewrite.cpp - C++20 latch, barrier, semaphore calls --------===//
#include "WaitableRewrite.h"

#include "EscapeAnalysis.h"
#include "HoistedCall.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringSwitch.h"

namespace ravel::instrument {

using namespace clang;

namespace {

/// What one member call models (ravel.h's enum __ravel_sync_op).
struct Model {
  bool Release = false; ///< RAVEL_SYNC_RELEASE before the call
  bool Acquire = false; ///< RAVEL_SYNC_ACQUIRE after it returns
  bool OnTrue = false;  ///< ... only when it returns true (try forms)
  /// A blocking call with a non-blocking equivalent that a serialized
  /// schedule polls instead (RAVEL_SYNC_WAIT returned nonzero): first
  /// `Before(args)` when set, then `Try()` until it returns true.
  const char *Before = nullptr;
  const char *Try = nullptr;
};

/// [thread.latch]: every count_down happens before each wait (or try_wait
/// returning true, or arrive_and_wait) that sees the count at zero returns.
/// [thread.barrier]: every arrival of a phase happens before the phase
/// completes, which happens before each wait of that phase returns.
/// [thread.sema]: release strongly happens before an acquire that observes
/// its effect.
std::optional<Model> modelOf(llvm::StringRef Record, llvm::StringRef Method) {
  Model Rel{true, false, false}, Acq{false, true, false},
      TryAcq{false, true, true}, Both{true, true, false};
  if (Record == "latch")
    return llvm::StringSwitch<std::optional<Model>>(Method)
        .Case("count_down", Rel)
        .Case("wait", Model{false, true, false, nullptr, "try_wait"})
        .Case("try_wait", TryAcq)
        .Case("arrive_and_wait",
              Model{true, true, false, "count_down", "try_wait"})
        .Default(std::nullopt);
  if (Record == "barrier")
    return llvm::StringSwitch<std::optional<Model>>(Method)
        .Cases("arrive", "arrive_and_drop", Rel)
        .Case("wait", Acq)
        .Case("arrive_and_wait", Both)
        .Default(std::nullopt);
  if (Record == "counting_semaphore")
    return llvm::StringSwitch<std::optional<Model>>(Method)
        .Case("release", Rel)
        .Case("acquire", Model{false, true, false, nullptr, "try_acquire"})
        .Cases("try_acquire", "try_acquire_for", "try_acquire_until", TryAcq)
        .Default(std::nullopt);
  return std::nullopt;
}

} // namespace

bool WaitableRewrite::handle(const Expr *E,
                             std::optional<Outcome> ContextSkip) {
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  if (!Call)
    return false;
  const CXXMethodDecl *M = Call->getMethodDecl();
  if (!M || !M->getIdentifier() || !isStdRecord(M->getParent()))
    return false;
  std::optional<Model> What = modelOf(M->getParent()->getName(), M->getName());
  if (!What)
    return false;
  const auto *Callee = dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
  if (!Callee || Callee->isImplicitAccess())
    return false;
  const Expr *Base = Callee->getBase();
  // A smart pointer's `->` has no plain pointer to hoist; a temporary has no
  // address and no other thread can wait on it. Both keep the sync site.
  if (Callee->isArrow() && isa<CXXOperatorCallExpr>(Base->IgnoreImplicit()))
    return false;
  if (!Callee->isArrow() && !Base->isGLValue())
    return false;
  std::optional<Range> R = RC.rangeOf(Call);
  if (!R || RC.scopeOf(Call->getBeginLoc()) == ScopeClass::None)
    return false;

  Candidate C(RewriteKind::Atomic, *R);
  if (ContextSkip) {
    C.What = *ContextSkip;
    RC.propose(std::move(C));
    return true;
  }
  SiteSpec S = RC.site(Call->getBeginLoc(), SiteKind::Sync, RC.textOf(*R));
  std::string Site = "&" + S.symbol();
  std::vector<HoistedOperand> Ops;
  Ops.push_back({Base,
                 Callee->isArrow() ? HoistedOperand::Form::Pointer
                                   : HoistedOperand::Form::Address,
                 "__rv_p", ""});
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    const Expr *A = Call->getArg(I);
    if (isa<CXXDefaultArgExpr>(A))
      continue;
    HoistedOperand::Form How =
        isInlineConstant(A, RC.ast()) ? HoistedOperand::Form::Inline
        : M->getParamDecl(I)->getType()->isReferenceType()
            ? HoistedOperand::Form::Reference
            : HoistedOperand::Form::Value;
    Ops.push_back({A, How, "__rv_a" + std::to_string(I), ""});
  }
  bool HasResult = !Call->getType()->isVoidType();
  bool Discarded = RC.isDiscarded(Call);
  std::string Name = M->getNameAsString();
  Outcome Failure;
  bool Ok = hoist(
      RC, Call, Ops, /*UseAutoType=*/false,
      [&](const std::vector<HoistedOperand> &H) {
        std::string Args;
        for (size_t I = 1; I < H.size(); ++I)
          Args += (I > 1 ? ", " : "") + H[I].Use;
        std::string Operation = "__rv_p->" + Name + "(" + Args + ")";
        std::string T;
        if (What->Release)
          T += "__ravel_sync(__rv_p, 1, " + Site + "); ";
        if (What->Try) {
          // Polled under a serialized schedule (ravel.h, RAVEL_SYNC_POLL).
          T += "if (__ravel_sync(__rv_p, 2, " + Site + ")) { ";
          if (What->Before)
            T += "__rv_p->" + std::string(What->Before) + "(" + Args + "); ";
          T += "while (!__rv_p->" + std::string(What->Try) +
               "()) __ravel_sync(__rv_p, 4, " + Site + "); } else ";
        } else if (!What->Release) {
          T += "__ravel_sync(__rv_p, 2, " + Site + "); ";
        }
        T += HasResult ? "auto __rv_r = " + Operation + "; " : Operation + "; ";
        // Braced: an unbraced `if` followed on its line by the result
        // trips -Wmisleading-indentation.
        if (What->Acquire)
          T += What->OnTrue
                   ? "if (__rv_r) { __ravel_sync(__rv_p, 3, " + Site + "); } "
                   : "__ravel_sync(__rv_p, 3, " + Site + "); ";
        // The value is moved out: a barrier's arrival_token is move-only.
        T += !HasResult  ? "})"
             : Discarded ? "(void)__rv_r; })"
                         : "static_cast<decltype(__rv_r) &&>(__rv_r); })";
        return T;
      },
      C.Edits, Failure);
  if (Ok) {
    C.What = Outcome::SyncSite;
    C.Sites.push_back(std::move(S));
  } else {
    C.Edits.Edits.clear();
    C.What = Failure;
  }
  RC.propose(std::move(C));
  return true;
}

} // namespace ravel::instrument
