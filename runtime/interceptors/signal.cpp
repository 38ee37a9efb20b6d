//===- runtime/interceptors/signal.cpp - signal handlers under control ----===//
//
// Under a serialized schedule a thread other than the one holding the turn
// is parked inside the runtime (ThreadState::InRuntime > 0). A signal
// handler run there would run beside the turn holder, and everything it
// calls would go straight to libc (ground rule 4): a sem_post from a
// handler would never wake the thread the model parked on that semaphore.
// So handlers the program installs (sigaction, signal) are installed
// through a trampoline: on a thread inside the runtime under a serialized
// schedule the signal is deferred (a bit in the thread's DeferredSignals)
// and the handler runs when the thread leaves the runtime
// (RuntimeScope's end), holding the turn, as the program's code; anywhere
// else it runs at once. pthread_kill of a thread blocked in a modelled wait
// that a signal interrupts (condvar, semaphore, join, sleep) makes that
// wait return (sched::interrupt), so the target gets to run its handler.
// A deferred handler that asked for SA_SIGINFO gets a siginfo_t with only
// si_signo set and no context. Faults the kernel raises (SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, SIGTRAP, SIGSYS for an instruction) are never deferred:
// the instruction would only raise them again.
//
// Native and noise modes install the program's handlers unchanged. The
// runtime's own helper threads block every signal.
//
//===----------------------------------------------------------------------===//
#include "interceptors.h"

#include "../thread_registry.h"

#include <signal.h>
#include <string.h>

using namespace ravel::rt;

RAVEL_REAL(int, sigaction, int, const struct sigaction *, struct sigaction *)
RAVEL_REAL(int, pthread_kill, pthread_t, int)

namespace ravel::rt {
__thread uint64_t DeferredSignals __attribute__((tls_model("initial-exec")));
}

namespace {
constexpr int kSignals = 65; // 1..64

/// The program's handler of each signal (installed through trampoline()).
struct UserHandler {
  void *Fn; // sa_handler or sa_sigaction, as Flags says
  int Flags;
} Handlers[kSignals];

void callUser(int Sig, siginfo_t *Info, void *Ctx) {
  void *Fn = __atomic_load_n(&Handlers[Sig].Fn, __ATOMIC_ACQUIRE);
  int Flags = __atomic_load_n(&Handlers[Sig].Flags, __ATOMIC_RELAXED);
  if (!Fn)
    return;
  if (Flags & SA_SIGINFO)
    reinterpret_cast<void (*)(int, siginfo_t *, void *)>(Fn)(Sig, Info, Ctx);
  else
    reinterpret_cast<void (*)(int)>(Fn)(Sig);
}

/// A fault raised by the kernel for the instruction the thread executes
/// (si_code > 0; a signal sent by kill or pthread_kill has si_code <= 0): it
/// comes back when the handler returns without fixing it, so it is never
/// deferred.
bool fault(int Sig, const siginfo_t *Info) {
  return (Sig == SIGSEGV || Sig == SIGBUS || Sig == SIGFPE || Sig == SIGILL ||
          Sig == SIGTRAP || Sig == SIGSYS) &&
         Info && Info->si_code > 0;
}

void trampoline(int Sig, siginfo_t *Info, void *Ctx) {
  ThreadState *T = CurThread;
  if (Serialized && T && T->InRuntime > 0 && Sig > 0 && Sig < kSignals &&
      !fault(Sig, Info)) {
    __atomic_fetch_or(&DeferredSignals, uint64_t(1) << (Sig - 1),
                      __ATOMIC_RELAXED);
    return;
  }
  callUser(Sig, Info, Ctx);
}

bool isHandler(const struct sigaction *A) {
  void *Fn = (A->sa_flags & SA_SIGINFO)
                 ? reinterpret_cast<void *>(A->sa_sigaction)
                 : reinterpret_cast<void *>(A->sa_handler);
  return Fn != reinterpret_cast<void *>(SIG_DFL) &&
         Fn != reinterpret_cast<void *>(SIG_IGN) && Fn;
}

/// Whether this call installs through the trampoline.
bool wrapping() {
  if (!Serialized || !G.Initialized)
    return false;
  ThreadState *T = CurThread;
  return !T || !T->InRuntime;
}

int doSigaction(int Sig, const struct sigaction *Act, struct sigaction *Old) {
  if (!wrapping() || Sig <= 0 || Sig >= kSignals)
    return real_sigaction()(Sig, Act, Old);
  struct sigaction Copy;
  const struct sigaction *Use = Act;
  UserHandler Prev = Handlers[Sig];
  if (Act && isHandler(Act)) {
    Copy = *Act;
    Copy.sa_sigaction = trampoline;
    Copy.sa_flags |= SA_SIGINFO;
    Use = &Copy;
  }
  int R = real_sigaction()(Sig, Use, Old);
  if (R)
    return R;
  if (Old && Old->sa_sigaction == trampoline) { // report the program's own
    Old->sa_flags = (Old->sa_flags & ~SA_SIGINFO) | (Prev.Flags & SA_SIGINFO);
    if (Prev.Flags & SA_SIGINFO)
      Old->sa_sigaction =
          reinterpret_cast<void (*)(int, siginfo_t *, void *)>(Prev.Fn);
    else
      Old->sa_handler = reinterpret_cast<void (*)(int)>(Prev.Fn);
  }
  if (Act && isHandler(Act)) {
    __atomic_store_n(&Handlers[Sig].Flags, Act->sa_flags, __ATOMIC_RELAXED);
    __atomic_store_n(&Handlers[Sig].Fn,
                     (Act->sa_flags & SA_SIGINFO)
                         ? reinterpret_cast<void *>(Act->sa_sigaction)
                         : reinterpret_cast<void *>(Act->sa_handler),
                     __ATOMIC_RELEASE);
  }
  return R;
}
} // namespace

namespace ravel::rt {
void runDeferredSignals(ThreadState *T) {
  (void)T;
  uint64_t Bits;
  while ((Bits = __atomic_exchange_n(&DeferredSignals, 0, __ATOMIC_ACQ_REL)))
    for (int Sig = 1; Sig < kSignals; ++Sig)
      if (Bits >> (Sig - 1) & 1) {
        siginfo_t Info;
        memset(&Info, 0, sizeof(Info));
        Info.si_signo = Sig;
        callUser(Sig, &Info, nullptr);
      }
}
} // namespace ravel::rt

RAVEL_INTERCEPTOR(int, sigaction, int Sig, const struct sigaction *Act,
                  struct sigaction *Old) {
  return doSigaction(Sig, Act, Old);
}

// glibc's signal() has BSD semantics: SA_RESTART, the handler stays.
RAVEL_INTERCEPTOR(sighandler_t, signal, int Sig, sighandler_t Fn) {
  struct sigaction Act, Old;
  memset(&Act, 0, sizeof(Act));
  Act.sa_handler = Fn;
  Act.sa_flags = SA_RESTART;
  sigemptyset(&Act.sa_mask);
  sigaddset(&Act.sa_mask, Sig);
  if (doSigaction(Sig, &Act, &Old))
    return SIG_ERR;
  return (Old.sa_flags & SA_SIGINFO)
             ? reinterpret_cast<sighandler_t>(
                   reinterpret_cast<void *>(Old.sa_sigaction))
             : Old.sa_handler;
}

RAVEL_INTERCEPTOR(int, pthread_kill, pthread_t Th, int Sig) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_kill()(Th, Sig);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_kill"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Other, 0);
  RuntimeScope Scope(T);
  lockRegistry();
  ThreadState *Target = threadByHandle(Th);
  unlockRegistry();
  int R = real_pthread_kill()(Th, Sig);
  if (R == 0 && Sig && Serialized && Target && Target != T)
    sched::interrupt(Target->Tid);
  return R;
}
