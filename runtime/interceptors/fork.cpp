//===- runtime/interceptors/fork.cpp - fork from a threaded program -------===//
//
// fork is a scheduling point in the parent. The child has only the forking
// thread: under a controlled schedule it must not wait for a turn the
// parent's threads (absent there) would pass, so the child leaves the
// schedule and runs freely, as in native mode (its own threads too); it
// writes no schedule file (the parent's run owns it). Detection goes on in
// the child. The parent is unaffected.
//
// No runtime lock may be held by another thread at the fork, or it would
// stay held in the child: the forking thread takes them all (fork_guard.h)
// in an atfork prepare handler registered at start-up, before the program
// can register its own. So it runs after every handler of the program
// (prepare handlers run in reverse order of registration) and its parent
// and child handlers run first: the program's handlers, which may lock
// the program's own mutexes, run as instrumented code with no runtime lock
// held, and the child leaves the schedule before its handlers run. The
// handlers act only for a fork that came through this interceptor (not
// the fork server's own forks). The scheduler's lock is the scheduler's
// concern (leaveScheduleInChild).
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"
#include "../fork_guard.h"

#include <pthread.h>
#include <unistd.h>

using namespace ravel::rt;

RAVEL_REAL(pid_t, fork, void)

namespace {
// Set by the interceptor around the real fork: the handlers act for it.
__thread ThreadState *Forking __attribute__((tls_model("initial-exec")));

void prepare() {
  if (ThreadState *T = Forking) {
    // A handler registered after ours (a late start-up) still reaches
    // only the real functions while the locks are held.
    ++T->InRuntime;
    lockRuntimeForFork();
  }
}
void released(bool Child) {
  ThreadState *T = Forking;
  if (!T)
    return;
  unlockRuntimeAfterFork();
  if (Child)
    leaveScheduleInChild();
  releaseHeldFrees();
  if (--T->InRuntime == 0 && RAVEL_UNLIKELY(DeferredSignals))
    runDeferredSignals(T);
}
void parent() { released(false); }
void child() { released(true); }
} // namespace

namespace ravel::rt {
void installForkHandlers() { pthread_atfork(prepare, parent, child); }
} // namespace ravel::rt

RAVEL_INTERCEPTOR(pid_t, fork, void) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_fork()();
  const __ravel_site *Site = takeSite(T, libcSite("fork"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Other, 0);
  Forking = T;
  pid_t R = real_fork()();
  Forking = nullptr;
  return R;
}
