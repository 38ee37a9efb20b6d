// The controlled scheduler against real threads. Threads here are plain
// pthreads that follow the runtime's protocol by hand (threadCreated by the
// parent, threadStarted first thing in the child, threadFinished last).
#include "scheduler.h"

#include <gtest/gtest.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vector>

using namespace ravel::rt::sched;

namespace {

// The interleaving a run took: which thread made each step. Written only by
// the thread holding the turn, so no locking.
char Trace[4096];
size_t TraceLen;

struct Worker {
  uint32_t Tid;
  int Steps;
};

Config config(Mode M, uint64_t Seed) {
  Config C;
  C.TheMode = M;
  C.Seed = Seed;
  C.Depth = 3;
  C.StepsHint = 40;
  C.StallMs = 0; // no watchdog unless a test wants it
  return C;
}

// Thread 0 joins by blocking on each worker's slot object until it finished:
// the same protocol the runtime uses for pthread_join.
uint32_t Finished[8];
void *finishingStepper(void *Arg) {
  Worker *W = static_cast<Worker *>(Arg);
  threadStarted(W->Tid);
  for (int I = 0; I < W->Steps; ++I) {
    Trace[TraceLen++] = (char)('0' + W->Tid);
    point(W->Tid, nullptr);
  }
  Finished[W->Tid] = 1;
  wake(&Finished[W->Tid], true);
  threadFinished(W->Tid);
  return nullptr;
}

void joinModelled(uint32_t Tid) {
  while (!Finished[Tid])
    blockOn(0, &Finished[Tid], WaitKind::Join, -1, nullptr);
}

/// Runs three workers of 10 steps under (Mode, Seed), records to Record if
/// given, and returns the trace.
std::string runTrace(Mode M, uint64_t Seed, const char *Record = nullptr,
                     const char *ReplayFile = nullptr) {
  Config C = config(M, Seed);
  C.RecordPath = Record;
  C.ReplayPath = ReplayFile;
  char Err[256];
  if (!init(C, Err, sizeof(Err))) {
    fprintf(stderr, "init: %s\n", Err);
    _exit(3);
  }
  Worker Ws[3] = {{1, 10}, {2, 10}, {3, 10}};
  pthread_t Ts[3];
  for (int I = 0; I < 3; ++I) {
    threadCreated(0, Ws[I].Tid);
    pthread_create(&Ts[I], nullptr, finishingStepper, &Ws[I]);
    point(0, nullptr);
  }
  for (int I = 0; I < 3; ++I)
    joinModelled(Ws[I].Tid);
  for (int I = 0; I < 3; ++I)
    pthread_join(Ts[I], nullptr);
  saveRecord();
  return std::string(Trace, TraceLen);
}

/// Runs Body in a child process; what it returns and prints on stdout comes
/// back as a string.
template <class F> std::string inChild(F Body) {
  int Fds[2];
  if (pipe(Fds) != 0)
    abort();
  pid_t Pid = fork();
  if (Pid == 0) {
    close(Fds[0]);
    // Hooks that end the process report on stdout: send it to the parent.
    fflush(stdout);
    dup2(Fds[1], 1);
    std::string Out = Body();
    fflush(stdout);
    if (write(1, Out.data(), Out.size()) < 0)
      _exit(4);
    _exit(0);
  }
  close(Fds[1]);
  std::string Out;
  char Buf[512];
  ssize_t N;
  while ((N = read(Fds[0], Buf, sizeof(Buf))) > 0)
    Out.append(Buf, (size_t)N);
  close(Fds[0]);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  EXPECT_TRUE(WIFEXITED(Status) && WEXITSTATUS(Status) == 0)
      << "child status " << Status;
  return Out;
}

std::string tempPath(const char *Name) {
  return std::string(::testing::TempDir()) + "ravel_sched_" + Name + "_" +
         std::to_string(getpid());
}

} // namespace

TEST(Scheduler, OneThreadAtATimeAndEveryStepRuns) {
  for (Mode M : {Mode::Random, Mode::Pct}) {
    std::string T = inChild([&] { return runTrace(M, 7); });
    ASSERT_EQ(T.size(), 30u) << modeName(M);
    for (char C : {'1', '2', '3'})
      EXPECT_EQ(std::count(T.begin(), T.end(), C), 10) << T;
  }
}

TEST(Scheduler, SameSeedSameInterleaving) {
  for (Mode M : {Mode::Random, Mode::Pct}) {
    for (uint64_t Seed : {1, 2, 3, 99}) {
      std::string A = inChild([&] { return runTrace(M, Seed); });
      std::string B = inChild([&] { return runTrace(M, Seed); });
      EXPECT_EQ(A, B) << modeName(M) << " seed " << Seed;
    }
  }
}

TEST(Scheduler, SeedsExploreDifferentInterleavings) {
  for (Mode M : {Mode::Random, Mode::Pct}) {
    std::vector<std::string> Seen;
    for (uint64_t Seed = 1; Seed <= 12; ++Seed) {
      std::string T = inChild([&] { return runTrace(M, Seed); });
      if (std::find(Seen.begin(), Seen.end(), T) == Seen.end())
        Seen.push_back(T);
    }
    // Random: essentially every seed differs; PCT: priorities differ by seed.
    EXPECT_GE(Seen.size(), 6u) << modeName(M);
  }
}

TEST(Scheduler, ReplayFollowsTheRecording) {
  for (Mode M : {Mode::Random, Mode::Pct}) {
    std::string File = tempPath("replay");
    std::string Recorded =
        inChild([&] { return runTrace(M, 5, File.c_str()); });
    // A different seed must not matter when replaying.
    std::string Replayed = inChild(
        [&] { return runTrace(Mode::Replay, 1234, nullptr, File.c_str()); });
    EXPECT_EQ(Recorded, Replayed) << modeName(M);
    unlink(File.c_str());
  }
}

TEST(Scheduler, PctPreemptsAtChangePoints) {
  // With a single change point (depth 2) PCT runs threads mostly to
  // completion: few context switches compared with random.
  auto Switches = [](const std::string &T) {
    int N = 0;
    for (size_t I = 1; I < T.size(); ++I)
      N += T[I] != T[I - 1];
    return N;
  };
  int PctSwitches = 0, RandomSwitches = 0;
  for (uint64_t Seed = 1; Seed <= 10; ++Seed) {
    PctSwitches += Switches(inChild([&] { return runTrace(Mode::Pct, Seed); }));
    RandomSwitches +=
        Switches(inChild([&] { return runTrace(Mode::Random, Seed); }));
  }
  EXPECT_LT(PctSwitches * 3, RandomSwitches)
      << "pct " << PctSwitches << " random " << RandomSwitches;
}

// An ordering bug: thread 2 reads `Ready` expecting thread 1 to have set it
// (use before initialisation). PCT must expose it within 20 seeds, and
// replaying the failing seed's recording must expose it again.
int Ready;
int SawUninitialised;
void *initialiser(void *) {
  threadStarted(1);
  point(1, nullptr);
  point(1, nullptr);
  Ready = 1;
  point(1, nullptr);
  threadFinished(1);
  return nullptr;
}
void *user(void *) {
  threadStarted(2);
  point(2, nullptr);
  if (!Ready)
    SawUninitialised = 1;
  point(2, nullptr);
  threadFinished(2);
  return nullptr;
}
std::string orderBug(Mode M, uint64_t Seed, const char *Record,
                     const char *ReplayFile) {
  Config C = config(M, Seed);
  C.StepsHint = 8;
  C.RecordPath = Record;
  C.ReplayPath = ReplayFile;
  char Err[256];
  if (!init(C, Err, sizeof(Err)))
    _exit(3);
  pthread_t A, B;
  threadCreated(0, 1);
  pthread_create(&A, nullptr, initialiser, nullptr);
  threadCreated(0, 2);
  pthread_create(&B, nullptr, user, nullptr);
  // Main waits (modelled) by yielding until both finished.
  for (int I = 0; I < 50; ++I)
    yield(0, nullptr);
  pthread_join(A, nullptr);
  pthread_join(B, nullptr);
  saveRecord();
  return SawUninitialised ? "bug" : "ok";
}

TEST(Scheduler, PctFindsOrderingBugAndReplayReproducesIt) {
  std::string File = tempPath("order");
  int Found = -1;
  for (uint64_t Seed = 1; Seed <= 20 && Found < 0; ++Seed)
    if (inChild([&] {
          return orderBug(Mode::Pct, Seed, File.c_str(), nullptr);
        }) == "bug")
      Found = (int)Seed;
  ASSERT_GE(Found, 1) << "PCT missed the ordering bug in 20 runs";
  for (int I = 0; I < 3; ++I)
    EXPECT_EQ("bug", inChild([&] {
                return orderBug(Mode::Replay, 1, nullptr, File.c_str());
              }));
  unlink(File.c_str());
}

// PCT change points count every step (Burckhardt et al.: the thread that
// executes step k_i is demoted), also steps where one thread alone can run.
// Main runs 20 steps alone (StepsHint 20, depth 2: the one change point falls
// on one of them), then starts a worker: demoted, main must let the worker
// run first, whatever the seed. A change point lost on a lone step would
// leave main above the worker in about half the seeds.
void *soloWorker(void *) {
  threadStarted(1);
  for (int I = 0; I < 3; ++I) {
    Trace[TraceLen++] = '1';
    point(1, nullptr);
  }
  Finished[1] = 1;
  wake(&Finished[1], true);
  threadFinished(1);
  return nullptr;
}
TEST(Scheduler, PctChangePointOnALoneStepIsNotLost) {
  for (uint64_t Seed = 1; Seed <= 12; ++Seed) {
    std::string T = inChild([&] {
      Config C = config(Mode::Pct, Seed);
      C.Depth = 2;
      C.StepsHint = 20;
      char Err[256];
      if (!init(C, Err, sizeof(Err)))
        _exit(3);
      for (int I = 0; I < 20; ++I)
        point(0, nullptr); // steps 1..20: main alone
      pthread_t W;
      threadCreated(0, 1);
      pthread_create(&W, nullptr, soloWorker, nullptr);
      for (int I = 0; I < 3; ++I) {
        Trace[TraceLen++] = '0';
        point(0, nullptr);
      }
      joinModelled(1);
      pthread_join(W, nullptr);
      return std::string(Trace, TraceLen);
    });
    EXPECT_EQ(T, "011100") << "seed " << Seed; // main's first point yields
  }
}

// Virtual time: a sleeper is blocked until virtual time reaches its wake-up
// (others keep running meanwhile), and when nobody else can run, time jumps
// to the wake-up at once. A 0.5 s deadline polled with 10 ms sleeps takes
// 50 rounds.
void *busyWorker(void *) {
  threadStarted(1);
  for (int I = 0; I < 200; ++I)
    point(1, nullptr);
  Finished[1] = 1;
  wake(&Finished[1], true);
  threadFinished(1);
  return nullptr;
}
TEST(Scheduler, SleepsRunInVirtualTime) {
  for (Mode M : {Mode::Random, Mode::Pct}) {
    std::string Out = inChild([&] {
      Config C = config(M, 4);
      char Err[256];
      if (!init(C, Err, sizeof(Err)))
        _exit(3);
      pthread_t W;
      threadCreated(0, 1);
      pthread_create(&W, nullptr, busyWorker, nullptr);
      uint64_t Start = virtualNowNs();
      int Rounds = 0;
      while (virtualNowNs() < Start + 500000000ULL) {
        sleepFor(0, 10000000, nullptr);
        ++Rounds;
      }
      uint64_t Elapsed = virtualNowNs() - Start;
      joinModelled(1);
      pthread_join(W, nullptr);
      return std::to_string(Rounds) + " " +
             (Elapsed >= 500000000ULL && Elapsed < 510000000ULL ? "ok" : "bad");
    });
    EXPECT_EQ(Out, "50 ok") << modeName(M);
  }
}

// Deadlock: two threads each block on an object nobody wakes.
void onDeadlockExit() {
  BlockedInfo Info[8];
  uint32_t N = blockedThreads(Info, 8);
  fprintf(stdout, "deadlock:%u", N);
  fflush(stdout);
  _exit(0);
}
int ObjA, ObjB;
void *blockA(void *) {
  threadStarted(1);
  blockOn(1, &ObjA, WaitKind::Mutex, -1, nullptr);
  return nullptr;
}
TEST(Scheduler, NoRunnableThreadIsADeadlock) {
  std::string Out = inChild([] {
    Config C = config(Mode::Random, 3);
    C.TheHooks.onDeadlock = onDeadlockExit;
    char Err[256];
    init(C, Err, sizeof(Err));
    pthread_t T;
    threadCreated(0, 1);
    pthread_create(&T, nullptr, blockA, nullptr);
    blockOn(0, &ObjB, WaitKind::Join, -1, nullptr);
    return std::string("no deadlock seen");
  });
  EXPECT_EQ(Out, "deadlock:2");
}

// A timed wait that nobody signals expires in virtual time instead of
// deadlocking; sleeping lets the other thread run first.
TEST(Scheduler, TimedWaitsExpireInVirtualTime) {
  std::string Out = inChild([] {
    Config C = config(Mode::Pct, 11);
    C.TheHooks.onDeadlock = onDeadlockExit;
    char Err[256];
    init(C, Err, sizeof(Err));
    WakeReason R = blockOn(0, &ObjA, WaitKind::Cond, 5000000, nullptr);
    return std::string(R == WakeReason::TimedOut ? "timedout" : "other");
  });
  EXPECT_EQ(Out, "timedout");
}

// The step budget turns a livelock into a hang report.
void onHangExit(uint64_t Steps) {
  fprintf(stdout, "hang:%llu", (unsigned long long)Steps);
  fflush(stdout);
  _exit(0);
}
TEST(Scheduler, StepBudgetReportsHang) {
  std::string Out = inChild([] {
    Config C = config(Mode::Random, 1);
    C.MaxSteps = 500;
    C.TheHooks.onHang = onHangExit;
    char Err[256];
    init(C, Err, sizeof(Err));
    for (;;)
      point(0, nullptr);
    return std::string("unreachable");
  });
  EXPECT_EQ(Out, "hang:501");
}

// Fairness: a thread that re-reads a flag nobody wrote gives up its turn
// (PCT and random) until the write it waits for, so the writer's 3000
// steps are not shared with it; every seed spins a few dozen reads at most
// per back-off, where an unfair schedule gives it about as many steps as
// the writer. While it spins, spinInfo names the flag.
int SpinFlag, SpinWork;
uint64_t SpinReads, SpinAddrSeen;
void *spinWriter(void *) {
  threadStarted(2);
  for (int I = 0; I < 3000; ++I) {
    point(2, nullptr, Effect::Write, (uintptr_t)&SpinWork, sizeof SpinWork);
    SpinWork = I;
  }
  SpinInfo Info;
  if (spinInfo(1, &Info))
    SpinAddrSeen = Info.Addr;
  point(2, nullptr, Effect::Write, (uintptr_t)&SpinFlag, sizeof SpinFlag);
  SpinFlag = 1;
  Finished[2] = 1;
  wake(&Finished[2], true);
  threadFinished(2);
  return nullptr;
}
void *spinReader(void *) {
  threadStarted(1);
  for (;;) {
    point(1, nullptr, Effect::Read, (uintptr_t)&SpinFlag, sizeof SpinFlag);
    ++SpinReads;
    if (SpinFlag)
      break;
  }
  Finished[1] = 1;
  wake(&Finished[1], true);
  threadFinished(1);
  return nullptr;
}

TEST(Scheduler, SpinnerGivesUpItsTurnUntilTheWrite) {
  for (Mode M : {Mode::Pct, Mode::Random})
    for (uint64_t Seed = 1; Seed <= 3; ++Seed) {
      std::string Out = inChild([M, Seed] {
        Config C = config(M, Seed);
        char Err[256];
        init(C, Err, sizeof(Err));
        pthread_t T1, T2;
        threadCreated(0, 1);
        pthread_create(&T1, nullptr, spinReader, nullptr);
        threadCreated(0, 2);
        pthread_create(&T2, nullptr, spinWriter, nullptr);
        joinModelled(1);
        joinModelled(2);
        pthread_join(T1, nullptr);
        pthread_join(T2, nullptr);
        return std::to_string(SpinReads < 400) + " " +
               std::to_string(SpinAddrSeen == (uintptr_t)&SpinFlag);
      });
      EXPECT_EQ(Out, "1 1") << modeName(M) << " seed " << Seed;
    }
}

// A thread blocked where the scheduler cannot see (a read on a pipe) must not
// hang the run: the watchdog lets the writer go on, and the run is marked
// not exactly replayable.
int Pipe[2];
void *writer(void *) {
  threadStarted(1);
  point(1, nullptr);
  if (write(Pipe[1], "x", 1) != 1)
    _exit(5);
  threadFinished(1);
  return nullptr;
}
TEST(Scheduler, InvisibleBlockingDoesNotHang) {
  std::string Out = inChild([] {
    Config C = config(Mode::Pct, 2);
    C.StallMs = 100;
    C.TheHooks.spawnHelper = [](void *(*Fn)(void *), void *Arg) {
      pthread_t T;
      int R = pthread_create(&T, nullptr, Fn, Arg);
      pthread_detach(T);
      return R;
    };
    char Err[256];
    init(C, Err, sizeof(Err));
    if (pipe(Pipe) != 0)
      _exit(6);
    pthread_t T;
    threadCreated(0, 1);
    pthread_create(&T, nullptr, writer, nullptr);
    char Ch;
    // Main keeps the turn (the writer has not been scheduled yet) and blocks
    // in read(), which the scheduler cannot see.
    if (read(Pipe[0], &Ch, 1) != 1)
      _exit(7);
    point(0, nullptr); // rejoins the schedule
    pthread_join(T, nullptr);
    const char *Why = inexactReason();
    return std::string(exact() ? "exact" : "not-exact") + ": " +
           (Why ? Why : "");
  });
  EXPECT_EQ(Out.rfind("not-exact: thread T0 blocked in read(2)", 0), 0u) << Out;
}

int spawnDetached(void *(*Fn)(void *), void *Arg) {
  pthread_t T;
  int R = pthread_create(&T, nullptr, Fn, Arg);
  pthread_detach(T);
  return R;
}

uint64_t ownCpuMs() {
  struct timespec Ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &Ts);
  return (uint64_t)Ts.tv_sec * 1000 + (uint64_t)Ts.tv_nsec / 1000000;
}

// A turn holder that is not running because the machine is busy is not
// stuck. The process is stopped (SIGSTOP from a child, then SIGCONT) for
// longer than the stall time, twice, while thread 0 holds the turn between
// two scheduling points: it used little CPU time and never slept in a
// system call, so
// the watchdog must keep waiting and the run stays exactly replayable. The
// stop stands for the worst case of a loaded machine (no core at all for
// longer than the stall time); it passes however long anything else takes.
TEST(Scheduler, StoppedProcessIsNotAStall) {
  std::string Out = inChild([] {
    Config C = config(Mode::Pct, 2);
    C.StallMs = 500;
    C.TheHooks.spawnHelper = spawnDetached;
    char Err[256];
    init(C, Err, sizeof(Err));
    point(0, nullptr);
    auto *Stage = static_cast<volatile uint32_t *>(
        mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
             -1, 0));
    pid_t Parent = getpid();
    pid_t Child = fork();
    if (Child == 0) {
      // Creates the "load": twice the whole process gets no core for 700
      // ms, with short stretches of running between (in which a watchdog
      // judging by the wall clock alone freed thread 0).
      for (int Round = 0; Round < 2; ++Round) {
        usleep(50 * 1000);
        kill(Parent, SIGSTOP);
        usleep(700 * 1000);
        kill(Parent, SIGCONT);
      }
      usleep(50 * 1000);
      __atomic_store_n(Stage, 1u, __ATOMIC_RELEASE);
      _exit(0);
    }
    // Thread 0 holds the turn and waits for the child without a scheduling
    // point (as code the scheduler cannot see would), yielding the core.
    while (!__atomic_load_n(Stage, __ATOMIC_ACQUIRE))
      sched_yield();
    point(0, nullptr);
    waitpid(Child, nullptr, 0);
    const char *Why = inexactReason();
    return std::string(exact() ? "exact" : "not-exact") + ": " +
           (Why ? Why : "");
  });
  EXPECT_EQ(Out, "exact: ") << Out;
}

// A turn holder busy in code the scheduler cannot see (it spins without a
// scheduling point) is freed once it used the stall time in CPU time.
TEST(Scheduler, BusyTurnHolderIsFreed) {
  std::string Out = inChild([] {
    Config C = config(Mode::Pct, 2);
    C.StallMs = 100;
    C.TheHooks.spawnHelper = spawnDetached;
    char Err[256];
    init(C, Err, sizeof(Err));
    point(0, nullptr);
    uint64_t Start = ownCpuMs();
    while (!inexactReason() && ownCpuMs() - Start < 20000) {
    }
    point(0, nullptr); // rejoins the schedule
    const char *Why = inexactReason();
    return std::string(exact() ? "exact" : "not-exact") + ": " +
           (Why ? Why : "");
  });
  EXPECT_EQ(Out.rfind("not-exact: thread T0 stopped reaching scheduling "
                      "points (busy",
                      0),
            0u)
      << Out;
}
