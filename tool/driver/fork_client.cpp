//===- tool/driver/fork_client.cpp - runs forked from one start-up --------===//
#include "fork_client.h"

#include "ravel/contract/run.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ravel::driver {

char RunNotStarted::ID;

void RunNotStarted::log(llvm::raw_ostream &OS) const { OS << Msg; }

std::error_code RunNotStarted::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

namespace {

// The protocol and its limits, shared with the runtime.
using contract::ForkKeepStdout;
using contract::ForkServerMaxText;
using contract::ForkServerVersion;

/// Waits until Fd is readable (data, EOF or error) for at most TimeoutMs;
/// false on time-out.
bool waitReadable(int Fd, int TimeoutMs) {
  auto Until =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(TimeoutMs);
  for (;;) {
    pollfd P = {Fd, POLLIN, 0};
    auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    Until - std::chrono::steady_clock::now())
                    .count();
    int N = poll(&P, 1, static_cast<int>(std::max<long long>(0, Left)));
    if (N > 0)
      return true;
    if (N == 0 || errno != EINTR)
      return false;
  }
}

/// Reads exactly Len bytes; false on EOF or error.
bool readAll(int Fd, void *Buf, size_t Len) {
  char *P = static_cast<char *>(Buf);
  while (Len) {
    ssize_t R = read(Fd, P, Len);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    P += R;
    Len -= static_cast<size_t>(R);
  }
  return true;
}

bool writeAll(int Fd, const char *P, size_t Len) {
  while (Len) {
    ssize_t R = write(Fd, P, Len);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    P += R;
    Len -= static_cast<size_t>(R);
  }
  return true;
}

/// What a server that is gone said: its exit and the first line of its
/// stderr (ErrFd, non-blocking; -1: not kept), e.g. an older runtime's
/// "unknown option". The server is not reaped here.
std::string describeExit(pid_t Pid, int ErrFd) {
  std::string Text;
  if (ErrFd >= 0) {
    fcntl(ErrFd, F_SETFL, O_NONBLOCK);
    char Buf[2048];
    ssize_t N = read(ErrFd, Buf, sizeof(Buf));
    if (N > 0)
      Text.assign(Buf, static_cast<size_t>(N));
  }
  size_t Nl = Text.find('\n');
  if (Nl != std::string::npos)
    Text.resize(Nl);
  siginfo_t Info = {};
  std::string How = "it does not answer";
  if (waitid(P_PID, static_cast<id_t>(Pid), &Info,
             WEXITED | WNOHANG | WNOWAIT) == 0 &&
      Info.si_pid == Pid) {
    if (Info.si_code == CLD_EXITED)
      How = "it exited with code " + std::to_string(Info.si_status);
    else
      How = "it was killed by " + signalName(Info.si_status);
  }
  return Text.empty() ? How : How + ": " + Text;
}

/// Kills and reaps a server that did not come up.
void discard(pid_t Pid) {
  kill(Pid, SIGKILL);
  while (waitpid(Pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

} // namespace

bool forkServerAllowedByEnvironment() {
  const char *V = std::getenv("RAVEL_NO_FORK_SERVER");
  return !V || !*V || std::strcmp(V, "0") == 0;
}

llvm::Expected<std::unique_ptr<ForkServer>>
ForkServer::start(const std::vector<std::string> &Argv, double TimeoutSec) {
  int Req[2], Stat[2], Err[2];
  if (pipe2(Req, O_CLOEXEC) != 0)
    return llvm::createStringError(std::string("pipe failed: ") +
                                   std::strerror(errno));
  if (pipe2(Stat, O_CLOEXEC) != 0) {
    close(Req[0]);
    close(Req[1]);
    return llvm::createStringError(std::string("pipe failed: ") +
                                   std::strerror(errno));
  }
  if (pipe2(Err, O_CLOEXEC) != 0) {
    for (int Fd : {Req[0], Req[1], Stat[0], Stat[1]})
      close(Fd);
    return llvm::createStringError(std::string("pipe failed: ") +
                                   std::strerror(errno));
  }

  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&Actions, Err[1], 2);
  // dup2 onto itself clears close-on-exec (glibc 2.29 and later): only the
  // server inherits its two pipe ends, no other process ravel starts.
  posix_spawn_file_actions_adddup2(&Actions, Req[0], Req[0]);
  posix_spawn_file_actions_adddup2(&Actions, Stat[1], Stat[1]);
  posix_spawnattr_t Attr;
  initRunSpawnAttr(Attr);

  std::vector<std::string> Env = environmentWith(
      "fork_server=" + std::to_string(Req[0]) + "," + std::to_string(Stat[1]));
  std::vector<char *> EnvP, ArgP;
  for (std::string &E : Env)
    EnvP.push_back(E.data());
  EnvP.push_back(nullptr);
  for (const std::string &A : Argv)
    ArgP.push_back(const_cast<char *>(A.c_str()));
  ArgP.push_back(nullptr);
  pid_t Pid = 0;
  int SpawnErr = posix_spawn(&Pid, Argv[0].c_str(), &Actions, &Attr,
                             ArgP.data(), EnvP.data());
  posix_spawn_file_actions_destroy(&Actions);
  posix_spawnattr_destroy(&Attr);
  close(Req[0]);
  close(Stat[1]);
  close(Err[1]);
  if (SpawnErr != 0) {
    close(Req[1]);
    close(Stat[0]);
    close(Err[0]);
    return llvm::createStringError(
        Argv[0] + ": cannot start: " + std::strerror(SpawnErr));
  }

  contract::ForkServerHello Hello;
  int Ms = static_cast<int>(TimeoutSec * 1000);
  bool Ok =
      waitReadable(Stat[0], Ms) && readAll(Stat[0], &Hello, sizeof(Hello));
  if (!Ok ||
      std::memcmp(Hello.Magic, contract::ForkServerHelloValue.Magic,
                  sizeof(Hello.Magic)) != 0 ||
      Hello.Version != ForkServerVersion) {
    std::string Why = !Ok ? describeExit(Pid, Err[0])
                          : "it speaks fork server protocol " +
                                std::to_string(Hello.Version) + ", not " +
                                std::to_string(ForkServerVersion);
    discard(Pid);
    close(Req[1]);
    close(Stat[0]);
    close(Err[0]);
    return llvm::createStringError(Why);
  }
  // The server writes to stderr only when it ends (a broken request); the
  // runs have their own stderr files.
  close(Err[0]);
  std::unique_ptr<ForkServer> S(new ForkServer());
  S->Argv = Argv;
  S->Pid = Pid;
  S->RequestFd = Req[1];
  S->StatusFd = Stat[0];
  return std::move(S);
}

ForkServer::~ForkServer() {
  close(RequestFd);
  close(StatusFd);
  // EOF on its request pipe ends the server (and kills a run still going);
  // it is given a moment, then killed.
  int PidFd = static_cast<int>(syscall(SYS_pidfd_open, Pid, 0));
  if (PidFd >= 0) {
    waitReadable(PidFd, 2000);
    close(PidFd);
  }
  discard(Pid);
}

bool ForkServer::accepts(const Launch &L) {
  return L.RavelOptions.size() < ForkServerMaxText && !L.StderrPath.empty() &&
         L.StderrPath.size() < ForkServerMaxText &&
         L.RavelOptions.find('\0') == std::string::npos &&
         L.StderrPath.find('\0') == std::string::npos;
}

llvm::Error ForkServer::launch(const Launch &L) {
  contract::ForkServerRequest Head = {
      static_cast<uint32_t>(L.RavelOptions.size()),
      static_cast<uint32_t>(L.StderrPath.size()),
      L.InheritStdout ? ForkKeepStdout : 0};
  std::string Msg(reinterpret_cast<const char *>(&Head), sizeof(Head));
  Msg += L.RavelOptions;
  Msg += L.StderrPath;
  RunPid = 0;
  Status = 0;
  Ended = false;
  // The request is small (< 8 KiB): the empty pipe takes it at once.
  if (!writeAll(RequestFd, Msg.data(), Msg.size()))
    return lost();
  return llvm::Error::success();
}

llvm::Error ForkServer::lost() {
  return llvm::createStringError("the fork server stopped answering (" +
                                 describeExit(Pid, -1) + ")");
}

llvm::Expected<bool> ForkServer::takePid(int TimeoutMs) {
  if (RunPid)
    return true;
  int32_t Word = 0;
  if (!waitReadable(StatusFd, TimeoutMs))
    return false;
  if (!readAll(StatusFd, &Word, sizeof(Word)))
    return lost();
  if (Word <= 0) {
    Ended = true;
    return llvm::make_error<RunNotStarted>(
        Argv[0] + ": cannot start: " + std::strerror(Word ? -Word : EINVAL));
  }
  RunPid = static_cast<pid_t>(Word);
  return true;
}

llvm::Expected<bool> ForkServer::update(int TimeoutMs) {
  if (Ended)
    return true;
  auto Known = takePid(TimeoutMs);
  if (!Known || !*Known)
    return Known;
  int32_t Word = 0;
  if (!waitReadable(StatusFd, TimeoutMs))
    return false;
  if (!readAll(StatusFd, &Word, sizeof(Word)))
    return lost();
  Status = Word;
  Ended = true;
  return true;
}

llvm::Expected<int> ForkServer::killAndCollect(int TimeoutMs) {
  if (!Ended) {
    auto Known = takePid(TimeoutMs);
    if (!Known)
      return Known.takeError();
    if (!*Known)
      return lost();
    // As for a spawned run (process.h): SIGTERM, then SIGKILL after the
    // grace period, so the run can leave its recorded schedule.
    kill(-RunPid, SIGTERM);
    auto Gone = update(KillGraceMs);
    if (!Gone)
      return Gone.takeError();
    if (!*Gone)
      kill(-RunPid, SIGKILL);
  }
  auto Done = update(TimeoutMs);
  if (!Done)
    return Done.takeError();
  if (!*Done)
    return lost();
  return Status;
}

} // namespace ravel::driver
