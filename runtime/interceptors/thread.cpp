//===- runtime/interceptors/thread.cpp - thread lifetime ------------------===//
//
// Fork: the child's clock starts as the parent's clock at pthread_create
// (then the parent's epoch advances). Join: the joiner acquires the child's
// final clock. std::thread, std::jthread and std::async(launch::async) reach
// these through libstdc++.so.
//
// Stacks are reused: glibc caches the stacks of finished threads (detached
// ones at exit, joinable ones at join) and gives them to new threads, a
// program may pass the same pthread_attr_setstack buffer again, and memory
// it freed may be mapped again as a stack. The previous owner's accesses
// there are not ordered before the new thread's, so a new thread forgets
// the history of its whole stack block (static TLS included) and renews
// sync objects in it before running user code; a finishing thread forgets
// the part of its stack below the runtime's start frame, in case the block
// is unmapped and becomes heap.
//
// The end of a thread: it counts as finished (joiners wake, its final
// clock is published, the scheduler hands its turn on) only after the last
// code of the program ran on it: the function's return or pthread_exit,
// then the cleanup handlers (pthread_cleanup_push, unwinding), C++
// thread_local destructors and pthread_key destructors, which may lock,
// unlock and reach scheduling points like any code. glibc runs those last,
// in its own start code after the thread function; the runtime finishes
// the thread from a destructor of a key of its own (ExitKey), re-armed
// until glibc's last round of key destructors. A program whose main thread
// called pthread_exit ends when its last thread does, as glibc would end it
// (exit(0)), although the runtime's own helper threads still run.
//
// Stack room: the runtime runs on the program's threads. Scheduling points
// and interceptors keep their frames to a few hundred bytes (the scheduler's
// arrays are static, guarded by its lock), but reporting a finding takes
// tens of KiB. A thread whose stack size the program set small
// (pthread_attr_setstacksize) gets kStackHeadroom more than it asked for;
// a stack the program supplies itself (pthread_attr_setstack) cannot grow.
//
//===----------------------------------------------------------------------===//
#include "lock_common.h"

#include "../thread_registry.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

using namespace ravel::rt;

RAVEL_REAL(int, pthread_create, pthread_t *, const pthread_attr_t *,
           void *(*)(void *), void *)
RAVEL_REAL(int, pthread_join, pthread_t, void **)
RAVEL_REAL(int, pthread_tryjoin_np, pthread_t, void **)
RAVEL_REAL(int, pthread_timedjoin_np, pthread_t, void **,
           const struct timespec *)
RAVEL_REAL(int, pthread_clockjoin_np, pthread_t, void **, clockid_t,
           const struct timespec *)
RAVEL_REAL(int, pthread_detach, pthread_t)
RAVEL_REAL(void, pthread_exit, void *)
RAVEL_REAL(int, pthread_cancel, pthread_t)

namespace {
/// Stacks smaller than this get kStackHeadroom more.
constexpr size_t kSmallStack = 256 * 1024;
constexpr size_t kStackHeadroom = 128 * 1024;

/// Attr, or a copy of it in Copy with kStackHeadroom more stack when the
/// program asked for a small one (and did not supply the stack). The copy is
/// shallow (glibc's attribute may point to an extension holding a CPU set
/// or signal mask, which pthread_create only reads), so it must not be
/// destroyed.
const pthread_attr_t *withHeadroom(const pthread_attr_t *Attr,
                                   pthread_attr_t *Copy) {
  if (!Attr)
    return Attr; // the default size: megabytes
  // glibc keeps the top of a program-supplied stack (null without one) and
  // reports its bottom, top - size: so without one, bottom + size == 0.
  void *Bottom = nullptr;
  size_t Size = 0;
  if (pthread_attr_getstack(Attr, &Bottom, &Size) ||
      reinterpret_cast<uptr>(Bottom) + Size != 0)
    return Attr; // the program's own stack
  if (pthread_attr_getstacksize(Attr, &Size) || Size >= kSmallStack)
    return Attr;
  internalMemcpy(Copy, Attr, sizeof(*Copy));
  if (pthread_attr_setstacksize(Copy, Size + kStackHeadroom))
    return Attr;
  return Copy;
}

/// The key whose destructor finishes a thread (0 until created).
pthread_key_t ExitKey;
uint32_t ExitKeyState; // 0: none, 1: being created, 2: ready, 3: failed
/// Destructor rounds seen by the exiting thread.
__thread unsigned ExitRounds __attribute__((tls_model("initial-exec")));
/// The main thread called pthread_exit: the last thread to finish ends the
/// process.
bool MainExited;

void onExitKey(void *P);

bool ensureExitKey() {
  uint32_t S = __atomic_load_n(&ExitKeyState, __ATOMIC_ACQUIRE);
  if (RAVEL_LIKELY(S == 2))
    return true;
  uint32_t Zero = 0;
  if (S == 0 &&
      __atomic_compare_exchange_n(&ExitKeyState, &Zero, 1, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    S = pthread_key_create(&ExitKey, onExitKey) == 0 ? 2 : 3;
    __atomic_store_n(&ExitKeyState, S, __ATOMIC_RELEASE);
    return S == 2;
  }
  while ((S = __atomic_load_n(&ExitKeyState, __ATOMIC_ACQUIRE)) == 1)
    rawYield();
  return S == 2;
}

/// Arms the exit key for T (the current thread); false without the key.
bool armExitKey(ThreadState *T) {
  return ensureExitKey() && pthread_setspecific(ExitKey, T) == 0;
}

struct StartArgs {
  void *(*Fn)(void *);
  void *Arg;
  ThreadState *Child;
  // The parent's signal mask: the child starts with every signal blocked
  // and takes this one once it is registered (CurThread set), so a handler
  // never runs on it before (signal.cpp).
  sigset_t Mask;
};

/// Records the calling thread's stack block in T and forgets its history.
/// glibc keeps the TCB and static TLS at the top of the block that
/// pthread_getattr_np reports (also for a user-supplied stack), so this
/// covers them. pthread_getattr_np calls realloc/free, which go straight
/// to libc while T is inside the runtime.
void forgetNewStack(ThreadState *T) {
  pthread_attr_t A;
  if (pthread_getattr_np(pthread_self(), &A))
    return;
  void *Lo = nullptr;
  size_t Size = 0;
  int R = pthread_attr_getstack(&A, &Lo, &Size);
  pthread_attr_destroy(&A);
  if (R || !Lo || !Size)
    return;
  T->StackLo = reinterpret_cast<uptr>(Lo);
  T->StackHi = T->StackLo + Size;
  G.Shadow.reset(T->StackLo, Size);
  G.Syncs.renewRange(T->StackLo, Size);
}

/// Forgets the dead part of the finishing thread's stack: [StackLo, Top),
/// Top an address above every frame of user code that has returned.
void forgetDeadStack(ThreadState *T, uptr Top) {
  if (T->StackLo && Top > T->StackLo && Top <= T->StackHi)
    G.Shadow.reset(T->StackLo, Top - T->StackLo);
}

/// The thread is done running user code: report locks still held, publish
/// the final clock for joiners.
void finishThread(ThreadState *T) {
  RuntimeScope Scope(T);
  if (__atomic_load_n(&T->Finished, __ATOMIC_ACQUIRE))
    return;
  releaseRobustLocksAtExit(T);
  // Entries may be stale: a lock destroyed (new id) or unlocked by another
  // thread (already reported) is no longer held.
  uint32_t Held = 0;
  HeldLock *Last = nullptr;
  for (uint32_t I = 0; I < T->NumHeld; ++I) {
    HeldLock &H = T->Held[I];
    bool Still = H.Id == H.Var->Id &&
                 (H.Mode == LockMode::Read
                      ? __atomic_load_n(&H.Var->Readers, __ATOMIC_RELAXED) > 0
                      : __atomic_load_n(&H.Var->Owner, __ATOMIC_RELAXED) ==
                            static_cast<int32_t>(T->Tid));
    if (Still) {
      ++Held;
      Last = &H;
    }
  }
  if (Last) {
    char What[160];
    internalSnprintf(What, sizeof(What), "thread T%u exits while holding %u lock(s)",
             T->Tid, Held);
    reportMisuse(T, Last->Var, Last->Stack.top(), "exit", What);
  }
  recordEvent(T, "exit", "", nullptr);
  orderClock(T); // final order clock for joiners
  __atomic_store_n(&T->Finished, true, __ATOMIC_RELEASE);
  wakeWaiters(T); // joiners parked on this thread
  sched::threadFinished(T->Tid);
}

/// Whether every registered thread finished.
bool allFinished() {
  for (uint32_t I = 0, N = threadCount(); I < N; ++I) {
    ThreadState *T = threadByTid(I);
    if (T && !__atomic_load_n(&T->Finished, __ATOMIC_ACQUIRE))
      return false;
  }
  return true;
}

void onExitKey(void *P) {
  auto *T = static_cast<ThreadState *>(P);
  // Re-armed until glibc's last round, so the program's own key destructors
  // of earlier rounds run first (they may take locks).
  if (++ExitRounds < PTHREAD_DESTRUCTOR_ITERATIONS &&
      pthread_setspecific(ExitKey, T) == 0)
    return;
  finishThread(T);
  {
    RuntimeScope Scope(T);
    forgetDeadStack(T, reinterpret_cast<uptr>(__builtin_frame_address(0)));
  }
  if (__atomic_load_n(&MainExited, __ATOMIC_ACQUIRE) && allFinished())
    exit(0);
}

void *threadStart(void *P) {
  StartArgs Args = *static_cast<StartArgs *>(P);
  internalFree(P);
  ThreadState *T = Args.Child;
  T->Handle = pthread_self();
  T->KernelTid = rawGettid();
  CurThread = T;
  bool Armed;
  {
    RuntimeScope Scope(T);
    pthread_sigmask(SIG_SETMASK, &Args.Mask, nullptr);
    sched::threadStarted(T->Tid); // serialized: returns holding the turn
    forgetNewStack(T);
    Armed = armExitKey(T);
  }
  schedulingPoint(T, PointKind::ThreadStart, 0);
  void *R = Args.Fn(Args.Arg);
  if (!Armed) { // no key: finish here, before thread_local destructors
    finishThread(T);
    RuntimeScope Scope(T);
    forgetDeadStack(T, reinterpret_cast<uptr>(__builtin_frame_address(0)));
  }
  return R; // the exit key's destructor finishes the thread
}

/// What a modelled join ended with.
enum class JoinWait { Finished, Busy, TimedOut, Interrupted };

template <typename Fn>
int joinOnce(ThreadState *T, pthread_t Th, const __ravel_site *Site,
             const char *BlockOp, int64_t TimeoutNs, Fn Real, JoinWait *Wait) {
  RuntimeScope Scope(T);
  lockRegistry();
  ThreadState *Child = threadByHandle(Th);
  unlockRegistry();
  if (Child == T) // joining oneself: EDEADLK from the real call, no wait
    return Real();
  int R;
  if (Serialized && Child) {
    // Wait as the scheduler sees it until the child finished; the real call
    // then returns promptly (the child is only exiting).
    BlockingScope B(T, BlockOp ? BlockOp : "join",
                    reinterpret_cast<uptr>(Child), Site);
    while (!__atomic_load_n(&Child->Finished, __ATOMIC_ACQUIRE)) {
      if (!BlockOp) { // tryjoin
        *Wait = JoinWait::Busy;
        return EBUSY;
      }
      sched::WakeReason W =
          parkOn(T, Child, sched::WaitKind::Join, TimeoutNs, Site);
      if (W == sched::WakeReason::TimedOut) {
        *Wait = JoinWait::TimedOut;
        return ETIMEDOUT;
      }
      if (W == sched::WakeReason::Spurious) { // pthread_cancel (interrupt)
        *Wait = JoinWait::Interrupted;
        return EINTR;
      }
    }
    R = Real();
  } else if (BlockOp) {
    BlockingScope B(T, BlockOp, reinterpret_cast<uptr>(Child), Site);
    R = Real();
  } else {
    R = Real();
  }
  if (R == 0 && Child) {
    acquireFrom(T, Child->Clock);
    T->OrderClock.join(Child->OrderClock);
    Child->Joined = true;
    recordEvent(T, "join", "", Site, reinterpret_cast<uptr>(Child));
  }
  return R;
}

template <typename Fn>
int joinCommon(pthread_t Th, const char *Call, const char *BlockOp,
               int64_t TimeoutNs, Fn Real) {
  ThreadState *T = interceptorThread();
  if (!T)
    return Real();
  const __ravel_site *Site = takeSite(T, libcSite(Call));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Join, 0);
  // A join is a cancellation point: a pthread_cancel interrupts the
  // modelled wait, and the thread acts on it here, outside the runtime.
  for (;;) {
    cancellationPoint();
    JoinWait Wait = JoinWait::Finished;
    int R = joinOnce(T, Th, Site, BlockOp, TimeoutNs, Real, &Wait);
    if (Wait != JoinWait::Interrupted)
      return R;
  }
}
} // namespace

RAVEL_INTERCEPTOR(int, pthread_create, pthread_t *Th,
                  const pthread_attr_t *Attr, void *(*Fn)(void *), void *Arg) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_create()(Th, Attr, Fn, Arg);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_create"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::ThreadCreate, 0);
  ThreadState *Child;
  StartArgs *Args;
  {
    RuntimeScope Scope(T);
    Child = createThreadState(T->Tid);
    captureStack(T, Site, &Child->CreatedAt);
    Child->Clock.join(T->Clock);
    Child->OrderClock.join(orderClock(T));
    ++T->OrderReleases;
    incrementEpoch(T);
    Args = static_cast<StartArgs *>(internalAlloc(sizeof(StartArgs)));
    Args->Fn = Fn;
    Args->Arg = Arg;
    Args->Child = Child;
    recordEvent(T, "create", "", Site, reinterpret_cast<uptr>(Child));
  }
  if (!WatchdogStarted) {
    RuntimeScope Scope(T);
    startWatchdog();
  }
  if (Serialized) {
    if (Child->Tid >= sched::kMaxThreads)
      die("more threads than a controlled schedule supports (4096)");
    sched::threadCreated(T->Tid, Child->Tid);
  }
  pthread_attr_t Copy;
  sigset_t All, Old;
  sigfillset(&All);
  pthread_sigmask(SIG_SETMASK, &All, &Old);
  Args->Mask = Old;
  int R =
      real_pthread_create()(Th, withHeadroom(Attr, &Copy), threadStart, Args);
  pthread_sigmask(SIG_SETMASK, &Old, nullptr);
  if (R) {
    internalFree(Args);
    Child->Finished = true;
    Child->Joined = true;
  } else {
    Child->Handle = *Th;
  }
  return R;
}

RAVEL_INTERCEPTOR(int, pthread_join, pthread_t Th, void **Ret) {
  return joinCommon(Th, "pthread_join", "join", -1,
                    [&] { return real_pthread_join()(Th, Ret); });
}
RAVEL_INTERCEPTOR(int, pthread_tryjoin_np, pthread_t Th, void **Ret) {
  return joinCommon(Th, "pthread_tryjoin_np", nullptr, -1,
                    [&] { return real_pthread_tryjoin_np()(Th, Ret); });
}
RAVEL_INTERCEPTOR(int, pthread_timedjoin_np, pthread_t Th, void **Ret,
                  const struct timespec *TS) {
  return joinCommon(Th, "pthread_timedjoin_np", "timedjoin",
                    timeoutFromAbs(TS, CLOCK_REALTIME),
                    [&] { return real_pthread_timedjoin_np()(Th, Ret, TS); });
}
RAVEL_INTERCEPTOR(int, pthread_clockjoin_np, pthread_t Th, void **Ret,
                  clockid_t C, const struct timespec *TS) {
  return joinCommon(
      Th, "pthread_clockjoin_np", "timedjoin", timeoutFromAbs(TS, C),
      [&] { return real_pthread_clockjoin_np()(Th, Ret, C, TS); });
}

// Under a serialized schedule the target never sits in a real
// cancellation point (a modelled wait parks it on the scheduler's futex):
// the real call marks the cancellation pending, and a target blocked in a
// modelled wait that is a cancellation point is interrupted, so it acts
// on it (cancellationPoint) and runs its cleanup handlers.
RAVEL_INTERCEPTOR(int, pthread_cancel, pthread_t Th) {
  ThreadState *T = interceptorThread();
  if (!T)
    return real_pthread_cancel()(Th);
  const __ravel_site *Site = takeSite(T, libcSite("pthread_cancel"));
  notePosition(T, Site);
  schedulingPoint(T, PointKind::Other, 0);
  RuntimeScope Scope(T);
  lockRegistry();
  ThreadState *Target = threadByHandle(Th);
  unlockRegistry();
  recordEvent(T, "cancel", "", Site, reinterpret_cast<uptr>(Target));
  int R = real_pthread_cancel()(Th);
  if (R == 0 && Serialized && Target && Target != T)
    sched::interrupt(Target->Tid);
  return R;
}

RAVEL_INTERCEPTOR(int, pthread_detach, pthread_t Th) {
  ThreadState *T = interceptorThread();
  if (T) {
    RuntimeScope Scope(T);
    takeSite(T, nullptr);
    lockRegistry();
    if (ThreadState *Child = threadByHandle(Th))
      Child->Detached = true;
    unlockRegistry();
  }
  return real_pthread_detach()(Th);
}

RAVEL_INTERCEPTOR(void, pthread_exit, void *Ret) {
  if (ThreadState *T = interceptorThread()) {
    const __ravel_site *Site = takeSite(T, libcSite("pthread_exit"));
    notePosition(T, Site);
    schedulingPoint(T, PointKind::ThreadExit, 0);
    bool Armed;
    {
      RuntimeScope Scope(T);
      // The main thread (or one the runtime did not start) is finished by
      // the exit key too, after its cleanup handlers.
      Armed = armExitKey(T);
      if (T->Tid == 0)
        __atomic_store_n(&MainExited, true, __ATOMIC_RELEASE);
    }
    if (!Armed)
      finishThread(T); // before its cleanup handlers, at worst
  }
  real_pthread_exit()(Ret);
  __builtin_unreachable();
}
