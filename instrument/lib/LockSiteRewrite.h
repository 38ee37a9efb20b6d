//===- LockSiteRewrite.h - source sites of intercepted calls ----*- C++ -*-===//
//
// Lock, condition-variable, semaphore, barrier, once and thread calls keep
// their own code (the runtime intercepts the pthread layer beneath them) but
// name their source site first, so reports say where a lock was taken:
//   pthread_mutex_lock(&m)     -> ((void)__ravel_next_site(&S),
//   pthread_mutex_lock(&m)) m.lock(), cv.wait(l), t.join(), std::call_once(f,
//   g), std::async(...)
//                              -> ((void)__ravel_next_site(&S), <call>)
//   std::lock_guard g(m), std::thread t(f, x)
//                              -> g(((void)__ravel_next_site(&S), m)), ...
// (a constructor's first argument is wrapped: it is evaluated right before
// the constructor runs).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_LOCKSITEREWRITE_H
#define RAVEL_INSTRUMENT_LOCKSITEREWRITE_H

#include "RewriteContext.h"

#include "clang/AST/Expr.h"

#include <optional>

namespace ravel::instrument {

class LockSiteRewrite {
public:
  explicit LockSiteRewrite(RewriteContext &RC) : RC(RC) {}

  /// Returns true when \p E is a sync or thread call or constructor.
  bool handle(const clang::Expr *E, std::optional<Outcome> ContextSkip);

private:
  void propose(const clang::Expr *Wrapped, const clang::Expr *SiteOf,
               SiteKind Kind, std::optional<Outcome> ContextSkip);
  bool proposeFutureWait(const clang::CXXMemberCallExpr *M,
                         std::optional<Outcome> ContextSkip);

  RewriteContext &RC;
};

/// True for the std:: types whose operations are synchronisation (mutexes,
/// locks, condition variables, threads, futures, semaphores, latches,
/// barriers, once flags).
bool isStdSyncRecord(const clang::CXXRecordDecl *Record);

} // namespace ravel::instrument

#endif
