//===- WaitableRewrite.h - C++20 latch, barrier, semaphore calls -*- C++ -*-=//
//
// std::latch, std::barrier and std::counting_semaphore (binary_semaphore)
// synchronise inside libstdc++ through atomics and futex calls that are
// neither rewritten (system headers) nor intercepted. Their member calls are
// modelled at the call site with the happens-before the standard specifies
// ([thread.latch], [thread.barrier], [thread.sema]): the object and the
// arguments are hoisted (HoistedCall.h), each evaluated once, and the real
// call is bracketed by __ravel_sync (ravel.h):
//   done.count_down()    -> ({ auto *__rv_p = __builtin_addressof(done);
//                              __ravel_sync(__rv_p, 1, &S);
//                              __rv_p->count_down(); })
//   done.wait()          -> ({ ...; __ravel_sync(__rv_p, 2, &S);
//                              __rv_p->wait(); __ravel_sync(__rv_p, 3, &S); })
//   sem.try_acquire()    -> ({ ...; auto __rv_r = __rv_p->try_acquire();
//                              if (__rv_r) __ravel_sync(__rv_p, 3, &S);
//                              __rv_r; })
// latch::wait, latch::arrive_and_wait and semaphore::acquire poll their try
// form under a serialized schedule instead of blocking unseen:
//   sem.acquire()        -> ({ ...; if (__ravel_sync(__rv_p, 2, &S)) {
//                              while (!__rv_p->try_acquire())
//                                __ravel_sync(__rv_p, 4, &S); }
//                              else __rv_p->acquire();
//                              __ravel_sync(__rv_p, 3, &S); })
// A barrier has no try form: its waits block where the scheduler cannot see
// (its stall watchdog frees the thread). The call keeps its value (moved out,
// so a barrier's move-only arrival_token works) and its exceptions (a call that
// throws acquires nothing). Calls through a smart pointer's `->` and on
// temporaries keep the plain sync site of LockSiteRewrite.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_INSTRUMENT_WAITABLEREWRITE_H
#define RAVEL_INSTRUMENT_WAITABLEREWRITE_H

#include "RewriteContext.h"

#include "clang/AST/ExprCXX.h"

#include <optional>

namespace ravel::instrument {

class WaitableRewrite {
public:
  explicit WaitableRewrite(RewriteContext &RC) : RC(RC) {}

  /// Returns true when \p E is a modelled member call of a latch, barrier or
  /// semaphore and was handled (rewritten or counted as skipped).
  bool handle(const clang::Expr *E, std::optional<Outcome> ContextSkip);

private:
  RewriteContext &RC;
};

} // namespace ravel::instrument

#endif
