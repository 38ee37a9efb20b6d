//===- runtime/interceptors/fork.cpp - fork from a threaded program -------===//
//
// fork is a scheduling point in the parent. The child has only the forking
// thread: under a controlled schedule it must not wait for a turn the
// parent's threads (absent there) would pass, so the child leaves the
// schedule and runs freely, as in native mode (its own threads too); it
// writes no schedule file (the parent's run owns it). Detection goes on in
// the child. The parent is unaffected.
//
// Runtime locks held by another thread at the fork stay held in the child;
// under a serialized schedule the other threads are parked in the
// scheduler, outside the runtime's locks.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <unistd.h>

using namespace ravel::rt;

RAVEL_REAL(pid_t, fork, void)

RAVEL_INTERCEPTOR(pid_t, fork, void) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_fork()();
  const __ravel_site *Site = takeSite(T, libcSite("fork"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Other, 0);
  pid_t R;
  {
    RuntimeScope Scope(T);
    R = real_fork()();
    if (R == 0)
      leaveScheduleInChild();
  }
  return R;
}
