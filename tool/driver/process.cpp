//===- tool/driver/process.cpp - running the program under test -----------===//
#include "process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
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
  int PidFd;
  Clock::time_point Start;
  Clock::time_point Deadline;
};

/// The environment of a run: ours, with RAVEL_OPTIONS replaced.
std::vector<std::string> environmentWith(const std::string &Options) {
  std::vector<std::string> Env;
  for (char **E = environ; *E; ++E)
    if (std::strncmp(*E, "RAVEL_OPTIONS=", 14) != 0)
      Env.emplace_back(*E);
  Env.push_back("RAVEL_OPTIONS=" + Options);
  return Env;
}

llvm::Expected<Running> start(size_t Index, const Launch &L) {
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  if (!L.InheritStdout)
    posix_spawn_file_actions_addopen(&Actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 2, L.StderrPath.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  // Own process group (a timeout kills the whole group) and default signal
  // dispositions, whatever ravel itself installed.
  sigset_t Default;
  sigemptyset(&Default);
  sigaddset(&Default, SIGINT);
  sigaddset(&Default, SIGTERM);
  sigaddset(&Default, SIGPIPE);
  posix_spawnattr_setsigdefault(&Attr, &Default);
  posix_spawnattr_setpgroup(&Attr, 0);
  posix_spawnattr_setflags(&Attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

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
  Clock::time_point Now = Clock::now();
  auto Limit = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(L.TimeoutSec));
  return Running{Index, Pid, PidFd, Now, Now + Limit};
}

Outcome finish(Running &R, bool TimedOut) {
  if (TimedOut)
    kill(-R.Pid, SIGKILL);
  int Status = 0;
  while (waitpid(R.Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  // Whatever the program left behind in its group goes with it.
  kill(-R.Pid, SIGKILL);
  close(R.PidFd);
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

} // namespace

bool interrupted() { return Interrupted != 0; }

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

llvm::Error
RunPool::run(const std::function<NextRun(size_t, Launch &)> &Next,
             const std::function<bool(size_t, const Outcome &)> &Done) {
  struct sigaction SA = {}, OldInt, OldTerm;
  SA.sa_handler = onInterrupt;
  sigaction(SIGINT, &SA, &OldInt);
  sigaction(SIGTERM, &SA, &OldTerm);
  Interrupted = 0;

  std::vector<Running> Active;
  llvm::Error Err = llvm::Error::success();
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
      auto R = start(NextIndex++, L);
      if (!R) {
        Err = R.takeError();
        Stop = true;
        break;
      }
      Active.push_back(*R);
    }
    if (Active.empty())
      break;
    if (Stop || Interrupted) {
      for (Running &R : Active)
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
      bool Exited = N > 0 && (Fds[I].revents & POLLIN);
      bool Late = !Exited && Now >= Active[I].Deadline;
      if (!Exited && !Late) {
        StillRunning.push_back(Active[I]);
        continue;
      }
      Outcome O = finish(Active[I], Late);
      if (!Stop && !Done(Active[I].Index, O))
        Stop = true;
    }
    Active = std::move(StillRunning);
  }
  sigaction(SIGINT, &OldInt, nullptr);
  sigaction(SIGTERM, &OldTerm, nullptr);
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
