//===- LockSiteRewrite.cpp - source sites of intercepted calls ------------===//
#include "LockSiteRewrite.h"

#include "EscapeAnalysis.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSwitch.h"

namespace ravel::instrument {

using namespace clang;

namespace {

/// C-level synchronisation and thread functions (POSIX and C11 threads).
std::optional<SiteKind> cFunctionKind(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<SiteKind>>(Name)
      .Cases("pthread_create", "pthread_join", "pthread_detach",
             "pthread_timedjoin_np", "pthread_tryjoin_np", SiteKind::Thread)
      .Cases("thrd_create", "thrd_join", "thrd_detach", SiteKind::Thread)
      .Cases("pthread_mutex_lock", "pthread_mutex_trylock",
             "pthread_mutex_timedlock", "pthread_mutex_clocklock",
             "pthread_mutex_unlock", "pthread_mutex_destroy", SiteKind::Sync)
      .Cases("pthread_rwlock_rdlock", "pthread_rwlock_wrlock",
             "pthread_rwlock_tryrdlock", "pthread_rwlock_trywrlock",
             "pthread_rwlock_timedrdlock", "pthread_rwlock_timedwrlock",
             "pthread_rwlock_unlock", "pthread_rwlock_destroy", SiteKind::Sync)
      .Cases("pthread_cond_wait", "pthread_cond_timedwait",
             "pthread_cond_clockwait", "pthread_cond_signal",
             "pthread_cond_broadcast", SiteKind::Sync)
      .Cases("pthread_spin_lock", "pthread_spin_trylock", "pthread_spin_unlock",
             "pthread_barrier_wait", "pthread_once", SiteKind::Sync)
      .Cases("sem_wait", "sem_trywait", "sem_timedwait", "sem_clockwait",
             "sem_post", SiteKind::Sync)
      .Cases("mtx_lock", "mtx_trylock", "mtx_timedlock", "mtx_unlock",
             "mtx_destroy", SiteKind::Sync)
      .Cases("cnd_wait", "cnd_timedwait", "cnd_signal", "cnd_broadcast",
             "call_once", SiteKind::Sync)
      .Default(std::nullopt);
}

bool isStdFunction(const FunctionDecl *F) {
  const DeclContext *DC = F->getDeclContext();
  while (DC && !DC->isNamespace())
    DC = DC->getParent();
  return DC && DC->isStdNamespace();
}

bool isGlobalCFunction(const FunctionDecl *F) {
  return F->getDeclContext()->getRedeclContext()->isTranslationUnit() ||
         F->isExternC();
}

} // namespace

bool isStdSyncRecord(const CXXRecordDecl *R) {
  if (!R || !isStdRecord(R))
    return false;
  return llvm::StringSwitch<bool>(R->getName())
      .Cases("mutex", "recursive_mutex", "timed_mutex", "recursive_timed_mutex",
             "shared_mutex", "shared_timed_mutex", true)
      .Cases("__mutex_base", "__recursive_mutex_base", "__shared_mutex_pthread",
             "__shared_mutex_cv", true)
      .Cases("lock_guard", "unique_lock", "scoped_lock", "shared_lock", true)
      .Cases("condition_variable", "condition_variable_any", true)
      .Cases("thread", "jthread", true)
      .Cases("future", "shared_future", "__basic_future", "promise",
             "packaged_task", true)
      .Cases("counting_semaphore", "__semaphore_base", "latch", "barrier", true)
      .Case("once_flag", true)
      .Default(false);
}

static bool isThreadRecord(const CXXRecordDecl *R) {
  return R && (R->getName() == "thread" || R->getName() == "jthread");
}

void LockSiteRewrite::propose(const Expr *Wrapped, const Expr *SiteOf,
                              SiteKind Kind,
                              std::optional<Outcome> ContextSkip) {
  std::optional<Range> R = RC.rangeOf(Wrapped);
  std::optional<Range> SiteRange = RC.rangeOf(SiteOf);
  if (!R || !SiteRange || RC.scopeOf(SiteOf->getBeginLoc()) == ScopeClass::None)
    return;
  Candidate C(RewriteKind::LockSite, *R);
  if (ContextSkip) {
    C.What = *ContextSkip;
  } else {
    SiteSpec S = RC.site(SiteOf->getBeginLoc(), Kind, RC.textOf(*SiteRange));
    C.Edits.prefix(R->Begin, R->End,
                   "((void)__ravel_next_site(&" + S.symbol() + "), ");
    C.Edits.suffix(R->Begin, R->End, ")");
    C.What = Outcome::SyncSite;
    C.Sites.push_back(std::move(S));
  }
  RC.propose(std::move(C));
}

/// future::get/wait* and shared_future::get/wait* through `.`: the object
/// is wrapped in __ravel_fut (prelude), which marks the wait for the
/// runtime (ravel.h, __ravel_future) and names the site. Calls through `->`
/// or on a temporary keep the plain site.
bool LockSiteRewrite::proposeFutureWait(const CXXMemberCallExpr *M,
                                        std::optional<Outcome> ContextSkip) {
  const CXXMethodDecl *Method = M->getMethodDecl();
  llvm::StringRef Record = Method->getParent()->getName();
  if (Record != "future" && Record != "shared_future" &&
      Record != "__basic_future")
    return false;
  if (!Method->getIdentifier())
    return false;
  llvm::StringRef Name = Method->getName();
  if (Name != "get" && Name != "wait" && Name != "wait_for" &&
      Name != "wait_until")
    return false;
  const auto *Callee = dyn_cast<MemberExpr>(M->getCallee()->IgnoreParens());
  const Expr *Obj = M->getImplicitObjectArgument();
  if (!Callee || Callee->isArrow() || !Obj || !Obj->isGLValue() ||
      isa<MaterializeTemporaryExpr>(Obj))
    return false;
  std::optional<Range> ObjRange = RC.rangeOf(Obj);
  std::optional<Range> CallRange = RC.rangeOf(M);
  if (!ObjRange || !CallRange ||
      RC.scopeOf(M->getBeginLoc()) == ScopeClass::None)
    return false;
  Candidate C(RewriteKind::LockSite, *ObjRange);
  if (ContextSkip) {
    C.What = *ContextSkip;
  } else {
    SiteSpec S =
        RC.site(M->getBeginLoc(), SiteKind::Sync, RC.textOf(*CallRange));
    C.Edits.prefix(ObjRange->Begin, ObjRange->End, "__ravel_fut(");
    C.Edits.suffix(ObjRange->Begin, ObjRange->End, ", &" + S.symbol() + ")");
    C.What = Outcome::SyncSite;
    C.Sites.push_back(std::move(S));
  }
  RC.propose(std::move(C));
  return true;
}

bool LockSiteRewrite::handle(const Expr *E,
                             std::optional<Outcome> ContextSkip) {
  if (const auto *Ctor = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *R = Ctor->getConstructor()->getParent();
    if (!isStdSyncRecord(R))
      return false;
    llvm::StringRef N = R->getName();
    bool Acquires = N == "lock_guard" || N == "unique_lock" ||
                    N == "scoped_lock" || N == "shared_lock" ||
                    isThreadRecord(R);
    if (!Acquires || Ctor->getNumArgs() == 0 ||
        isa<CXXDefaultArgExpr>(Ctor->getArg(0)))
      return true;
    const Expr *First = Ctor->getArg(0);
    if (isa<InitListExpr>(First->IgnoreImplicit()))
      return true;
    propose(First, Ctor, isThreadRecord(R) ? SiteKind::Thread : SiteKind::Sync,
            ContextSkip);
    return true;
  }
  if (const auto *M = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = M->getMethodDecl();
    if (!Method || !isStdSyncRecord(Method->getParent()))
      return false;
    if (proposeFutureWait(M, ContextSkip))
      return true;
    propose(M, M,
            isThreadRecord(Method->getParent()) ? SiteKind::Thread
                                                : SiteKind::Sync,
            ContextSkip);
    return true;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || isa<CXXOperatorCallExpr>(Call))
    return false;
  const FunctionDecl *F = Call->getDirectCallee();
  if (!F || !F->getIdentifier())
    return false;
  llvm::StringRef Name = F->getName();
  if (isStdFunction(F)) {
    if (Name == "lock" || Name == "try_lock" || Name == "call_once" ||
        Name == "async") {
      propose(Call, Call, Name == "async" ? SiteKind::Thread : SiteKind::Sync,
              ContextSkip);
      return true;
    }
    return false;
  }
  if (!isGlobalCFunction(F))
    return false;
  if (std::optional<SiteKind> K = cFunctionKind(Name)) {
    propose(Call, Call, *K, ContextSkip);
    return true;
  }
  return false;
}

} // namespace ravel::instrument
