//===- runtime/watchdog.cpp -----------------------------------------------===//
#include "watchdog.h"
#include "fork_guard.h"

#include "interleaving.h"
#include "reporter.h"
#include "scheduler/kernel_task.h"
#include "thread_registry.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace ravel::rt {

bool WatchdogStarted;

namespace {
SpinLock StartLock;

bool untimed(const char *Op) {
  return Op && internalStrncmp(Op, "timed", 5) != 0;
}

void sleepMs(uint64_t Ms) {
  struct timespec TS;
  TS.tv_sec = static_cast<time_t>(Ms / 1000);
  TS.tv_nsec = static_cast<long>((Ms % 1000) * 1000000);
  syscall(SYS_nanosleep, &TS, nullptr);
}

/// The thread holding the lock at Addr in write mode, if it is registered.
ThreadState *ownerOf(uptr Addr) {
  SyncVar *V = G.Syncs.find(Addr);
  if (!V)
    return nullptr;
  int32_t Owner = __atomic_load_n(&V->Owner, __ATOMIC_RELAXED);
  return Owner >= 0 ? threadByTid(static_cast<uint32_t>(Owner)) : nullptr;
}

/// The registered thread whose state is at Addr (what a join waits for).
ThreadState *threadAt(uptr Addr) {
  for (uint32_t I = 0, Count = threadCount(); I < Count; ++I)
    if (reinterpret_cast<uptr>(threadByTid(I)) == Addr)
      return threadByTid(I);
  return nullptr;
}

bool isJoinWait(const char *Op) {
  return Op &&
         (!internalStrcmp(Op, "join") || !internalStrcmp(Op, "timedjoin"));
}

void objectName(uptr Addr, const __ravel_site *Site, char *Buf, size_t N) {
  for (uint32_t I = 0, Count = threadCount(); I < Count; ++I)
    if (reinterpret_cast<uptr>(threadByTid(I)) == Addr) { // a join
      internalSnprintf(Buf, N, "thread T%u", I);
      return;
    }
  SyncVar *V = G.Syncs.find(Addr);
  if (V)
    lockName(V, Site, Buf, N); // the lock expression of the site's text
  else if (Site && Site->text && *Site->text)
    syncObjectText(Site->text, /*MutexRole=*/false, Buf, N);
  else
    internalSnprintf(Buf, N, "object at %p", reinterpret_cast<void *>(Addr));
}

} // namespace

SpinLock &watchdogStartLock() { return StartLock; }

void reportBlockedThreads(ThreadState **Blocked, uint32_t N,
                          const char *DetailText) {
  Finding F{};
  F.Kind = FindingKind::Deadlock;
  F.Threads =
      static_cast<FindingThread *>(internalCalloc(N * sizeof(FindingThread)));
  F.NumThreads = N;
  auto *Names = static_cast<char(*)[96]>(internalCalloc(N * 96));
  for (uint32_t I = 0; I < N; ++I) {
    ThreadState *T = Blocked[I];
    FindingThread &FT = F.Threads[I];
    describeThread(T, &FT, /*WithLocks=*/true);
    FT.Op = T->BlockedOp;
    objectName(T->BlockedOn, T->BlockedSite, Names[I], 96);
    FT.Variable = Names[I];
    FT.Address = T->BlockedOn;
    captureStack(T, T->BlockedSite, &FT.Stack);
  }
  // Wait-for cycle through lock owners, starting from each blocked thread.
  uint32_t CycleLen = 0;
  ThreadState **Cycle =
      static_cast<ThreadState **>(internalCalloc((N + 1) * sizeof(void *)));
  for (uint32_t S = 0; S < N && !CycleLen; ++S) {
    uint32_t Len = 0;
    ThreadState *Cur = Blocked[S];
    while (Cur && Len <= N) {
      for (uint32_t K = 0; K < Len; ++K)
        if (Cycle[K] == Cur) { // closed: keep Cycle[K..Len)
          for (uint32_t M = K; M < Len; ++M)
            Cycle[M - K] = Cycle[M];
          CycleLen = Len - K;
          Cur = nullptr;
          break;
        }
      if (!Cur)
        break;
      Cycle[Len++] = Cur;
      const char *Op = Cur->BlockedOp;
      bool LockWait =
          Op && (!internalStrcmp(Op, "lock") || !internalStrcmp(Op, "wrlock") ||
                 !internalStrcmp(Op, "rdlock"));
      // A join waits for the joined thread itself: an edge of the wait-for
      // graph like a lock's owner.
      Cur = LockWait         ? ownerOf(Cur->BlockedOn)
            : isJoinWait(Op) ? threadAt(Cur->BlockedOn)
                             : nullptr;
    }
  }
  TextBuffer Who;
  if (CycleLen) {
    F.Cycle = static_cast<FindingCycleEdge *>(
        internalCalloc(CycleLen * sizeof(FindingCycleEdge)));
    F.CycleLen = CycleLen;
    for (uint32_t K = 0; K < CycleLen; ++K) {
      ThreadState *T = Cycle[K];
      // T waits for the lock held by the next thread; T holds the lock the
      // previous thread waits for.
      ThreadState *Prev = Cycle[(K + CycleLen - 1) % CycleLen];
      FindingCycleEdge &E = F.Cycle[K];
      E.Tid = T->Tid;
      objectName(T->BlockedOn, T->BlockedSite, E.Acquires, sizeof(E.Acquires));
      captureStack(T, T->BlockedSite, &E.AcquiresAt);
      SyncVar *PV = G.Syncs.find(Prev->BlockedOn);
      HeldLock *H = PV ? findHeld(T, PV) : nullptr;
      if (H) {
        heldLockName(*H, E.Holds, sizeof(E.Holds));
        E.HoldsAt = H->Stack;
      } else {
        objectName(Prev->BlockedOn, nullptr, E.Holds, sizeof(E.Holds));
      }
    }
    // One text may stand for two of the cycle's locks: number them, and
    // use the cycle's names for the blocked threads' locks too.
    auto *Keys = static_cast<uint64_t *>(internalCalloc(CycleLen * 8));
    auto **Ptrs =
        static_cast<char **>(internalCalloc(2 * CycleLen * sizeof(char *)));
    for (uint32_t K = 0; K < CycleLen; ++K) {
      Keys[K] = Cycle[(K + CycleLen - 1) % CycleLen]->BlockedOn;
      Ptrs[K] = F.Cycle[K].Holds;
      Ptrs[CycleLen + K] = F.Cycle[K].Acquires;
    }
    bool Numbered = numberCycleLocks(Keys, CycleLen, Ptrs, Ptrs + CycleLen,
                                     sizeof(F.Cycle[0].Holds));
    // The threads' earlier steps on those locks carry the numbers too.
    for (uint32_t I = 0; I < N && Numbered; ++I)
      for (uint32_t EI = 0; EI < F.Threads[I].NumEvents; ++EI) {
        FindingEvent &Ev = F.Threads[I].Events[EI];
        for (uint32_t K = 0; K < CycleLen; ++K)
          if (Ev.Obj && Ev.Obj == Keys[K]) {
            char Tmp[96];
            internalSnprintf(Tmp, sizeof(Tmp), "%s", Ev.What ? Ev.What : "");
            internalSnprintf(Ev.WhatStorage, sizeof(Ev.WhatStorage), "%.80s (lock #%u)",
                     Tmp, K + 1);
            Ev.What = Ev.WhatStorage;
            break;
          }
      }
    bool Joins = false;
    for (uint32_t K = 0; K < CycleLen; ++K) {
      const FindingCycleEdge &E = F.Cycle[K];
      ThreadState *Prev = Cycle[(K + CycleLen - 1) % CycleLen];
      if (isJoinWait(Prev->BlockedOp)) {
        Joins = true;
        Who.appendf("%sT%u is joined by T%u and waits for %s", K ? "; " : "",
                    E.Tid, Prev->Tid, E.Acquires);
      } else {
        Who.appendf("%sT%u holds %s and waits for %s", K ? "; " : "", E.Tid,
                    E.Holds, E.Acquires);
      }
      for (uint32_t I = 0; I < N; ++I) {
        if (Blocked[I] != Cycle[K])
          continue;
        internalSnprintf(Names[I], 96, "%s", E.Acquires);
        FindingThread &FT = F.Threads[I];
        for (uint32_t L = 0; L < FT.NumLocks && L < Cycle[K]->NumHeld; ++L)
          if (Cycle[K]->Held[L].Var->Addr == Keys[K])
            internalSnprintf(FT.Locks[L].Name, sizeof(FT.Locks[L].Name), "%s", E.Holds);
      }
    }
    internalFree(Keys);
    internalFree(Ptrs);
    internalSnprintf(F.Summary, sizeof(F.Summary),
             Joins ? "deadlock: %u threads wait for each other forever: %s"
                   : "deadlock: %u threads wait for each other's locks "
                     "forever: %s",
             CycleLen, Who.data());
  } else {
    for (uint32_t I = 0; I < N; ++I)
      Who.appendf("%sT%u %s on %s", I ? "; " : "", Blocked[I]->Tid,
                  Blocked[I]->BlockedOp, F.Threads[I].Variable);
    internalSnprintf(F.Summary, sizeof(F.Summary),
             "deadlock: every thread is blocked and none can wake another "
             "(lost wake-up or missing post/unlock): %s",
             Who.data());
  }
  // The blocked operations are the threads' final, highlighted steps.
  for (uint32_t I = 0; I < N; ++I)
    addFinalEvent(&F.Threads[I], F.Threads[I].Op, F.Threads[I].Variable,
                  Blocked[I]->BlockedSite);
  internalSnprintf(F.Details, sizeof(F.Details), "%s", DetailText);
  reportFinding(F);
  endRunWithFindings();
}

namespace {

/// True if the kernel says T sleeps or is stopped (or cannot tell), false
/// if it is runnable: woken from its wait, it waits for a core to return.
bool kernelSaysAsleep(const ThreadState *T) {
  return sched::threadRunState(T->KernelTid) != 'R';
}

/// The native deadlock watchdog. A thread counts as stuck for the time the
/// watchdog saw it blocked in the same untimed wait; a look long after the
/// previous one (the watchdog waited for a core, or the process was
/// stopped) counts for two periods at most, so time a loaded machine or
/// SIGSTOP takes away is not blocked time. Before it reports, the kernel
/// must say that every one of them sleeps: a thread already woken but not
/// yet run (runnable, 'R') is not stuck.
void *watchdogMain(void *) {
  uint64_t Timeout = G.Opts.DeadlockTimeoutMs;
  uint64_t Period = Timeout / 4 < 100 ? (Timeout / 4 ? Timeout / 4 : 1) : 100;
  uint32_t Cap = 0;
  uint64_t *Seq = nullptr, *Stuck = nullptr;
  ThreadState **Blocked = nullptr;
  uint64_t Last = monotonicMs();
  for (;;) {
    sleepMs(Period);
    uint32_t N = threadCount();
    if (N > Cap) {
      internalFree(Seq);
      internalFree(Stuck);
      internalFree(Blocked);
      Cap = N * 2;
      Seq = static_cast<uint64_t *>(internalCalloc(Cap * sizeof(uint64_t)));
      Stuck = static_cast<uint64_t *>(internalCalloc(Cap * sizeof(uint64_t)));
      Blocked = static_cast<ThreadState **>(
          internalCalloc(Cap * sizeof(ThreadState *)));
    }
    uint64_t Now = monotonicMs();
    uint64_t Delta = Now - Last < 2 * Period ? Now - Last : 2 * Period;
    Last = Now;
    uint32_t Live = 0, NumBlocked = 0;
    bool AllStuck = true;
    for (uint32_t I = 0; I < N; ++I) {
      ThreadState *T = threadByTid(I);
      if (!T || __atomic_load_n(&T->Finished, __ATOMIC_ACQUIRE))
        continue;
      ++Live;
      const char *Op = __atomic_load_n(&T->BlockedOp, __ATOMIC_ACQUIRE);
      uint64_t S = __atomic_load_n(&T->BlockSeq, __ATOMIC_RELAXED);
      if (!untimed(Op)) {
        AllStuck = false;
        Seq[I] = 0;
        continue;
      }
      if (Seq[I] != S) {
        Seq[I] = S;
        Stuck[I] = 0;
      } else {
        Stuck[I] += Delta;
      }
      if (Stuck[I] < Timeout)
        AllStuck = false;
      Blocked[NumBlocked++] = T;
    }
    if (Live && AllStuck && NumBlocked == Live) {
      for (uint32_t I = 0; I < NumBlocked; ++I)
        if (!kernelSaysAsleep(Blocked[I])) {
          Stuck[Blocked[I]->Tid] = 0;
          AllStuck = false;
        }
    }
    if (Live && AllStuck && NumBlocked == Live) {
      // Re-check that nobody moved while we looked.
      bool Moved = false;
      for (uint32_t I = 0; I < NumBlocked; ++I)
        Moved |= __atomic_load_n(&Blocked[I]->BlockSeq, __ATOMIC_RELAXED) !=
                     Seq[Blocked[I]->Tid] ||
                 !__atomic_load_n(&Blocked[I]->BlockedOp, __ATOMIC_ACQUIRE);
      if (!Moved) {
        char Details[160];
        internalSnprintf(Details, sizeof(Details),
                 "all %u live threads were blocked for more than %llu ms "
                 "(deadlock_timeout_ms); ravel ended the program",
                 NumBlocked, static_cast<unsigned long long>(Timeout));
        reportBlockedThreads(Blocked, NumBlocked, Details);
      }
    }
  }
  return nullptr;
}
} // namespace

void startWatchdog() {
  if (__atomic_load_n(&WatchdogStarted, __ATOMIC_ACQUIRE) || !G.Initialized ||
      !G.Opts.DeadlockTimeoutMs)
    return;
  SpinLockGuard Guard(StartLock);
  if (WatchdogStarted)
    return;
  __atomic_store_n(&WatchdogStarted, true, __ATOMIC_RELEASE);
  using CreateFn =
      int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
  auto Create = reinterpret_cast<CreateFn>(dlsym(RTLD_NEXT, "pthread_create"));
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setdetachstate(&Attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&Attr, 256 * 1024);
  // The watchdog blocks every signal: the program's handlers run on its
  // own threads only.
  sigset_t All, Old;
  sigfillset(&All);
  pthread_sigmask(SIG_SETMASK, &All, &Old);
  pthread_t Th;
  bool Failed = !Create || Create(&Th, &Attr, watchdogMain, nullptr) != 0;
  pthread_sigmask(SIG_SETMASK, &Old, nullptr);
  if (Failed)
    rawWrite(2,
             "ravel: cannot start the deadlock watchdog; deadlocks will "
             "hang\n",
             63);
  pthread_attr_destroy(&Attr);
}

} // namespace ravel::rt
