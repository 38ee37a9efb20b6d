//===- tool/driver/process.cpp - running the program under test -----------===//
#include "process.h"

#include "fork_client.h"

#include "ravel/contract/options.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace ravel::driver {

namespace {

volatile sig_atomic_t Interrupted = 0;
void onInterrupt(int) { Interrupted = 1; }

using Clock = std::chrono::steady_clock;

struct Running {
  size_t Index;
  pid_t Pid;
  int PidFd; // a pidfd; for a forked run, its server's status pipe
  Clock::time_point Start;
  Clock::time_point Deadline;
  ForkServer *Server = nullptr; // the server a forked run came from
  Launch L;                     // forked runs: kept to start them again
};

/// A run started now, due to end within TimeoutSec.
Running running(size_t Index, pid_t Pid, int PidFd, double TimeoutSec) {
  Running R;
  R.Index = Index;
  R.Pid = Pid;
  R.PidFd = PidFd;
  R.Start = Clock::now();
  R.Deadline = R.Start + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(TimeoutSec));
  return R;
}

} // namespace

void initRunSpawnAttr(posix_spawnattr_t &Attr) {
  posix_spawnattr_init(&Attr);
  // Own process group (a timeout kills the whole group; Ctrl-C reaches ravel
  // only, which stops the runs itself) and default signal dispositions,
  // whatever ravel itself installed.
  sigset_t Default;
  sigemptyset(&Default);
  sigaddset(&Default, SIGINT);
  sigaddset(&Default, SIGTERM);
  sigaddset(&Default, SIGPIPE);
  posix_spawnattr_setsigdefault(&Attr, &Default);
  posix_spawnattr_setpgroup(&Attr, 0);
  posix_spawnattr_setflags(&Attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);
}

namespace {

llvm::Expected<Running> start(size_t Index, const Launch &L) {
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  if (!L.InheritStdout)
    posix_spawn_file_actions_addopen(&Actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 2, L.StderrPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t Attr;
  initRunSpawnAttr(Attr);

  std::vector<std::string> Env = environmentWith(L.RavelOptions);
  std::vector<char *> EnvP, ArgP;
  for (std::string &E : Env)
    EnvP.push_back(E.data());
  EnvP.push_back(nullptr);
  for (const std::string &A : L.Argv)
    ArgP.push_back(const_cast<char *>(A.c_str()));
  ArgP.push_back(nullptr);

  pid_t Pid = 0;
  int Err = posix_spawn(&Pid, L.Argv[0].c_str(), &Actions, &Attr, ArgP.data(),
                        EnvP.data());
  posix_spawn_file_actions_destroy(&Actions);
  posix_spawnattr_destroy(&Attr);
  if (Err != 0)
    return llvm::createStringError(L.Argv[0] +
                                   ": cannot start: " + std::strerror(Err));
  int PidFd = static_cast<int>(syscall(SYS_pidfd_open, Pid, 0));
  if (PidFd < 0) {
    kill(-Pid, SIGKILL);
    waitpid(Pid, nullptr, 0);
    return llvm::createStringError(std::string("pidfd_open failed: ") +
                                   std::strerror(errno) +
                                   " (ravel needs Linux 5.3 or later)");
  }
  return running(Index, Pid, PidFd, L.TimeoutSec);
}

/// Starts run Index as a fork of S; its pid comes later (ForkServer).
llvm::Expected<Running> startForked(size_t Index, const Launch &L,
                                    ForkServer &S) {
  Running R = running(Index, /*Pid=*/0, S.statusFd(), L.TimeoutSec);
  if (llvm::Error E = S.launch(L))
    return std::move(E);
  R.Server = &S;
  R.L = L;
  return R;
}

Outcome outcomeOf(const Running &R, bool TimedOut, int Status) {
  Outcome O;
  O.Seconds = std::chrono::duration<double>(Clock::now() - R.Start).count();
  if (TimedOut)
    O.TimedOut = true;
  else if (WIFSIGNALED(Status)) {
    O.Signaled = true;
    O.Signal = WTERMSIG(Status);
  } else
    O.ExitCode = WEXITSTATUS(Status);
  return O;
}

/// Ends a spawned run: at its time-out its group gets SIGTERM, and SIGKILL
/// if it is still there after KillGraceMs (the runtime writes the run's
/// recorded schedule on SIGTERM, so a `hang` keeps its replay); its process
/// group goes with it.
Outcome finish(Running &R, bool TimedOut) {
  if (TimedOut) {
    kill(-R.Pid, SIGTERM);
    pollfd P{R.PidFd, POLLIN, 0};
    while (poll(&P, 1, KillGraceMs) < 0 && errno == EINTR) {
    }
    kill(-R.Pid, SIGKILL);
  }
  int Status = 0;
  while (waitpid(R.Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  // Whatever the program left behind in its group goes with it.
  kill(-R.Pid, SIGKILL);
  close(R.PidFd);
  return outcomeOf(R, TimedOut, Status);
}

void note(const std::string &Text) {
  std::fprintf(stderr, "ravel: note: %s\n", Text.c_str());
}

/// The pool's fork servers: at most one per job slot, each serving one run
/// at a time. Once one fails, none is used again (Enabled goes false).
class ServerSet {
public:
  ServerSet(unsigned Max, bool Enabled) : Max(Max), Enabled(Enabled) {}

  /// An idle server for L's program, started if need be; null when runs
  /// are to be spawned.
  ForkServer *take(const Launch &L) {
    if (!Enabled || !ForkServer::accepts(L))
      return nullptr;
    for (size_t I = 0; I < Idle.size(); ++I)
      if (Idle[I]->argv() == L.Argv) {
        ForkServer *S = Idle[I];
        Idle.erase(Idle.begin() + static_cast<long>(I));
        return S;
      }
    if (All.size() >= Max && !Idle.empty())
      drop(Idle.front()); // serves another program
    if (All.size() >= Max)
      return nullptr;
    auto S = ForkServer::start(L.Argv, 10);
    if (!S) {
      disable(L.Argv[0] + " did not start as a fork server (" +
              llvm::toString(S.takeError()) + "); each run is spawned");
      return nullptr;
    }
    All.push_back(std::move(*S));
    return All.back().get();
  }
  /// S's run is over; S serves again unless fork servers were turned off.
  void giveBack(ForkServer *S) {
    if (Enabled)
      Idle.push_back(S);
    else
      drop(S);
  }
  /// S failed: it goes, and so does the fork server for the pool.
  void fail(ForkServer *S, const std::string &Why) {
    drop(S);
    disable(Why);
  }

private:
  void disable(const std::string &Why) {
    if (Enabled)
      note(Why);
    Enabled = false;
    while (!Idle.empty())
      drop(Idle.front());
  }
  void drop(ForkServer *S) {
    Idle.erase(std::remove(Idle.begin(), Idle.end(), S), Idle.end());
    for (size_t I = 0; I < All.size(); ++I)
      if (All[I].get() == S) {
        All.erase(All.begin() + static_cast<long>(I));
        break;
      }
  }

  unsigned Max;
  bool Enabled;
  std::vector<std::unique_ptr<ForkServer>> All;
  std::vector<ForkServer *> Idle;
};

/// Takes in the end of a forked run: its server said it ended (Kill false:
/// update() returned true), or it is killed now (at its time-out, or
/// because the pool stops). The server reaps the run and kills what is left
/// of its process group. Returns false when the run has no outcome: its
/// server refused it (Err is set) or died under it (the run is to be
/// started again, spawned, unless it was being killed anyway).
bool endForked(ServerSet &Servers, Running &R, bool Kill, Outcome &O,
               llvm::Error Failure, llvm::Error &Err) {
  ForkServer *S = R.Server;
  if (!Failure && Kill) {
    auto Status = S->killAndCollect(10000);
    if (!Status)
      Failure = Status.takeError();
  }
  if (!Failure) {
    Servers.giveBack(S);
    O = outcomeOf(R, Kill, S->status());
    return true;
  }
  if (Failure.isA<RunNotStarted>()) {
    Servers.giveBack(S);
    if (!Err)
      Err = std::move(Failure);
    else
      llvm::consumeError(std::move(Failure));
    return false;
  }
  // The run may still be going (its server, its parent, is gone): it must
  // not write into the files of its next attempt.
  if (S->runPid())
    kill(-S->runPid(), SIGKILL);
  Servers.fail(S, llvm::toString(std::move(Failure)) + " during run " +
                      std::to_string(R.Index) +
                      (Kill ? "" : ", which is started again") +
                      "; each run is spawned from now on");
  O = outcomeOf(R, true, 0);
  return Kill;
}

/// SIGINT and SIGTERM set Interrupted and SIGPIPE is ignored while the
/// pool runs; the dispositions before are restored after.
class PoolSignals {
public:
  PoolSignals() {
    struct sigaction SA = {};
    SA.sa_handler = onInterrupt;
    sigaction(SIGINT, &SA, &OldInt);
    sigaction(SIGTERM, &SA, &OldTerm);
    // A fork server that died must be an error of a write, not the end of
    // ravel (runs and servers get the default back:
    // POSIX_SPAWN_SETSIGDEF).
    struct sigaction Ignore = {};
    Ignore.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &Ignore, &OldPipe);
    Interrupted = 0;
  }
  ~PoolSignals() {
    sigaction(SIGINT, &OldInt, nullptr);
    sigaction(SIGTERM, &OldTerm, nullptr);
    sigaction(SIGPIPE, &OldPipe, nullptr);
  }

private:
  struct sigaction OldInt, OldTerm, OldPipe;
};

} // namespace

bool interrupted() { return Interrupted != 0; }

std::vector<std::string> environmentWith(const std::string &Options) {
  std::vector<std::string> Env;
  const std::string Prefix = std::string(contract::OptionsVariable) + "=";
  for (char **E = environ; *E; ++E)
    if (std::strncmp(*E, Prefix.c_str(), Prefix.size()) != 0)
      Env.emplace_back(*E);
  Env.push_back(Prefix + Options);
  return Env;
}

std::string signalName(int Sig) {
  const char *Abbrev = sigabbrev_np(Sig);
  return Abbrev ? std::string("SIG") + Abbrev : "signal " + std::to_string(Sig);
}

llvm::Expected<std::string> resolveProgram(const std::string &Name) {
  auto Check = [](const std::string &P) -> llvm::Expected<std::string> {
    struct stat St;
    if (stat(P.c_str(), &St) != 0)
      return llvm::createStringError(P + ": no such program (" +
                                     std::strerror(errno) +
                                     "); build it first");
    if (!S_ISREG(St.st_mode) || access(P.c_str(), X_OK) != 0)
      return llvm::createStringError(P + ": not an executable file");
    return P;
  };
  if (Name.empty())
    return llvm::createStringError("empty program name after --");
  if (Name.find('/') != std::string::npos)
    return Check(Name);
  const char *Path = std::getenv("PATH");
  std::string Dirs = Path ? Path : "/usr/bin:/bin";
  size_t Pos = 0;
  while (Pos <= Dirs.size()) {
    size_t End = Dirs.find(':', Pos);
    if (End == std::string::npos)
      End = Dirs.size();
    std::string Dir = Dirs.substr(Pos, End - Pos);
    std::string Candidate = (Dir.empty() ? "." : Dir) + "/" + Name;
    if (access(Candidate.c_str(), X_OK) == 0)
      return Candidate;
    Pos = End + 1;
  }
  return llvm::createStringError(Name +
                                 ": program not found in PATH (give "
                                 "its path, e.g. ./" +
                                 Name + ")");
}

namespace {

/// RunPool::run without the signal handling: runs are started while Next
/// says so, at most Jobs at once; the first error stops the pool (Err).
void runPool(ServerSet &Servers, unsigned Jobs,
             const std::function<NextRun(size_t, Launch &)> &Next,
             const std::function<bool(size_t, const Outcome &)> &Done,
             llvm::Error &Err) {
  // A forked run if a server can take it, else a spawned one.
  auto StartRun = [&](size_t Index,
                      const Launch &L) -> llvm::Expected<Running> {
    if (ForkServer *S = Servers.take(L)) {
      auto R = startForked(Index, L, *S);
      if (R)
        return R;
      Servers.fail(S, llvm::toString(R.takeError()) + "; each run is spawned");
    }
    return start(Index, L);
  };
  std::vector<Running> Active;
  bool MoreRuns = true, Stop = false;
  size_t NextIndex = 0;
  while (true) {
    while (MoreRuns && !Stop && !Interrupted && Active.size() < Jobs) {
      Launch L;
      NextRun What = Next(NextIndex, L);
      if (What == NextRun::Finished)
        MoreRuns = false;
      if (What != NextRun::Start)
        break;
      auto R = StartRun(NextIndex++, L);
      if (!R) {
        Err = R.takeError();
        Stop = true;
        break;
      }
      Active.push_back(std::move(*R));
    }
    if (Active.empty())
      break;
    if (Stop || Interrupted) {
      Outcome Ignored;
      for (Running &R : Active)
        if (R.Server)
          endForked(Servers, R, /*Kill=*/true, Ignored, llvm::Error::success(),
                    Err);
        else
          finish(R, /*TimedOut=*/true);
      Active.clear();
      break;
    }

    std::vector<pollfd> Fds;
    Clock::time_point Soonest = Active.front().Deadline;
    for (const Running &R : Active) {
      Fds.push_back({R.PidFd, POLLIN, 0});
      Soonest = std::min(Soonest, R.Deadline);
    }
    auto Wait = std::chrono::duration_cast<std::chrono::milliseconds>(
                    Soonest - Clock::now())
                    .count() +
                1;
    int N = poll(Fds.data(), Fds.size(),
                 static_cast<int>(std::max<long long>(0, Wait)));
    if (N < 0 && errno != EINTR) {
      Err = llvm::createStringError(std::string("poll failed: ") +
                                    std::strerror(errno));
      Stop = true;
      continue;
    }
    Clock::time_point Now = Clock::now();
    std::vector<Running> StillRunning;
    for (size_t I = 0; I < Active.size(); ++I) {
      Running &R = Active[I];
      // A pidfd is readable once the run exited; a server's status pipe
      // when the server sent the run's pid or its status, or at EOF
      // (POLLHUP) when the server is gone.
      bool Exited = N > 0 && (Fds[I].revents & (POLLIN | POLLHUP | POLLERR));
      bool Late = !Exited && Now >= R.Deadline;
      if (!Exited && !Late) {
        StillRunning.push_back(std::move(R));
        continue;
      }
      Outcome O;
      if (R.Server) {
        llvm::Error Failure = llvm::Error::success();
        if (Exited) {
          auto Ended = R.Server->update(0);
          if (!Ended) {
            Failure = Ended.takeError();
          } else if (!*Ended) { // only the pid so far
            StillRunning.push_back(std::move(R));
            continue;
          }
        }
        if (!endForked(Servers, R, Late, O, std::move(Failure), Err)) {
          if (Err) { // refused: the pool stops, as after a failed spawn
            Stop = true;
            continue;
          }
          // Its server died under it: the same run again, spawned, from a
          // clean slate.
          for (const std::string &F : R.L.Outputs)
            unlink(F.c_str());
          auto Again = start(R.Index, R.L);
          if (!Again) {
            Err = Again.takeError();
            Stop = true;
            continue;
          }
          StillRunning.push_back(std::move(*Again));
          continue;
        }
      } else {
        O = finish(R, Late);
      }
      if (!Stop && !Done(R.Index, O))
        Stop = true;
    }
    Active = std::move(StillRunning);
  }
}

} // namespace

llvm::Error
RunPool::run(const std::function<NextRun(size_t, Launch &)> &Next,
             const std::function<bool(size_t, const Outcome &)> &Done) {
  llvm::Error Err = llvm::Error::success();
  // The servers shut down (~ServerSet) after the dispositions are restored.
  ServerSet Servers(Jobs, ForkServers);
  {
    PoolSignals Signals;
    runPool(Servers, Jobs, Next, Done, Err);
  }
  if (!Err && Interrupted)
    return llvm::createStringError("interrupted");
  return Err;
}

llvm::Expected<Outcome> runOnce(const Launch &L) {
  Outcome Result;
  RunPool Pool(1);
  bool Given = false;
  if (llvm::Error E = Pool.run(
          [&](size_t, Launch &Out) {
            if (Given)
              return NextRun::Finished;
            Given = true;
            Out = L;
            return NextRun::Start;
          },
          [&](size_t, const Outcome &O) {
            Result = O;
            return true;
          }))
    return std::move(E);
  return Result;
}

} // namespace ravel::driver
