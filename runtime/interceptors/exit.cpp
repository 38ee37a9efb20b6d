//===- runtime/interceptors/exit.cpp - the end of the process -------------===//
//
// Ending the process is a scheduling point: exit() and quick_exit() called
// by the program, and the run of every handler registered with atexit or
// __cxa_atexit (C++ static destructors too). Returning from main calls
// exit() from inside libc, where no interceptor sees it, but there is
// always a handler to run (the runtime's own, registered first, runs last),
// so the end of main is a point too. At each, under a controlled schedule,
// other runnable threads may run first, as the strategy chooses (recorded
// and replayed like any choice): a thread created just before main returns
// gets to run, and its races with main's last accesses are seen.
//
// Threads still running or blocked when the process ends are normal: the
// exiting thread stays runnable, so the schedule can always go on with it,
// and once exit() reaches the runtime's handler the process ends without
// waiting for anyone (no deadlock, no hang is reported for them).
//
// Every handler gets a wrapper (a trampoline and a record of the handler
// and its argument) in native mode too; the point itself costs nothing
// there. Handlers registered with at_quick_exit are called without an
// argument, so they cannot be wrapped; quick_exit() itself is the point.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include <stdlib.h>

using namespace ravel::rt;

RAVEL_REAL(int, __cxa_atexit, void (*)(void *), void *, void *)
RAVEL_REAL(void, exit, int)
RAVEL_REAL(void, quick_exit, int)

namespace {
struct ExitHandler {
  void (*Fn)(void *);
  void *Arg;
};

/// The scheduling point of the exiting thread (nothing in native mode, for
/// a thread already finished, or inside the runtime).
void exitPoint(const char *What) {
  if (RAVEL_LIKELY(!ControlledSchedule) || !G.Initialized)
    return;
  ThreadState *T = CurThread;
  if (!T || T->InRuntime || __atomic_load_n(&T->Finished, __ATOMIC_ACQUIRE))
    return;
  const __ravel_site *Site = takeSite(T, libcSite(What));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::ThreadExit, 0);
}

void runHandler(void *P) {
  const ExitHandler *H = static_cast<const ExitHandler *>(P);
  exitPoint("exit");
  H->Fn(H->Arg);
}
} // namespace

// atexit(f) in glibc is __cxa_atexit(f, 0, __dso_handle) (libc_nonshared),
// so this sees both. The handle is kept: __cxa_finalize at dlclose still
// finds the library's handlers.
RAVEL_INTERCEPTOR(int, __cxa_atexit, void (*Fn)(void *), void *Arg, void *Dso) {
  auto *H = static_cast<ExitHandler *>(internalAlloc(sizeof(ExitHandler)));
  H->Fn = Fn;
  H->Arg = Arg;
  int R = real___cxa_atexit()(runHandler, H, Dso);
  if (R)
    internalFree(H);
  return R;
}

RAVEL_INTERCEPTOR(void, exit, int Status) {
  exitPoint("exit");
  real_exit()(Status);
  __builtin_unreachable();
}

RAVEL_INTERCEPTOR(void, quick_exit, int Status) {
  exitPoint("quick_exit");
  real_quick_exit()(Status);
  __builtin_unreachable();
}
