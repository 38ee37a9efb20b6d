//===- runtime/fork_server.cpp - one start-up, many runs ------------------===//
#include "fork_server.h"
#include "ravel/contract/options.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// The driver looks for this symbol (tool/driver/instrumented.cpp) before it
// asks for a fork server: a program built with an older runtime gets
// spawned runs without a failed attempt first.
RAVEL_EXPORT const char __ravel_fork_server[] = "ravel-fork-server 1";

namespace ravel::rt {

namespace {

constexpr const char *EnvPrefix = contract::OptionsEnvPrefix;
constexpr size_t EnvPrefixLen = sizeof(contract::OptionsEnvPrefix) - 1;

// The run's options, as an environment entry: the child points its
// environment's RAVEL_OPTIONS entry here and parses RunEnv + EnvPrefixLen.
char RunEnv[EnvPrefixLen + ForkServerMaxText];
char ErrPath[ForkServerMaxText];

long sys(long R) { return R < 0 ? -errno : R; }

bool readAll(int Fd, void *Buf, size_t Len) {
  char *P = static_cast<char *>(Buf);
  while (Len) {
    long R = syscall(SYS_read, Fd, P, Len);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0)
      return false;
    P += R;
    Len -= static_cast<size_t>(R);
  }
  return true;
}

/// Ends the server: the driver is gone (EOF) or broke the protocol.
[[noreturn]] void quit(int Code, const char *Why) {
  if (Why) {
    rawWrite(2, "ravel: fork server: ", 20);
    rawWrite(2, Why, internalStrlen(Why));
    rawWrite(2, "\n", 1);
  }
  rawExit(Code);
}

/// 4 bytes to a pipe are written at once or not at all; false when the
/// driver is gone (without SIGPIPE, which would end the server anyway).
bool reply(int OutFd, int32_t Value) {
  return rawWrite(OutFd, &Value, sizeof(Value)) == sizeof(Value);
}

/// Kills the run's process group and reaps the run.
int killAndReap(pid_t Pid) {
  syscall(SYS_kill, -Pid, SIGKILL);
  syscall(SYS_kill, Pid, SIGKILL);
  int Status = 0;
  while (syscall(SYS_wait4, Pid, &Status, 0, nullptr) < 0 && errno == EINTR) {
  }
  return Status;
}

/// Waits until run Pid ends and returns its wait status. Meanwhile IN is
/// watched: EOF there (the driver is gone) kills the run and ends the
/// server, so nothing is left behind.
int awaitRun(pid_t Pid, int InFd) {
  int PidFd = static_cast<int>(syscall(SYS_pidfd_open, Pid, 0));
  if (PidFd >= 0) {
    for (;;) {
      struct pollfd Fds[2] = {{PidFd, POLLIN, 0}, {InFd, POLLIN, 0}};
      long N = syscall(SYS_ppoll, Fds, 2, nullptr, nullptr, 0);
      if (N < 0 && errno == EINTR)
        continue;
      if (N < 0 || Fds[0].revents)
        break;
      if (Fds[1].revents) {
        // Nothing may arrive while a run is going: this is EOF (or a
        // broken driver); either way the server is done.
        char Byte;
        long R = syscall(SYS_read, InFd, &Byte, 1);
        if (R < 0 && errno == EINTR)
          continue;
        killAndReap(Pid);
        quit(R == 0 ? 0 : 2,
             R == 0 ? nullptr : "request sent while a run was going");
      }
    }
    syscall(SYS_close, PidFd);
  }
  int Status = 0;
  while (syscall(SYS_wait4, Pid, &Status, 0, nullptr) < 0 && errno == EINTR) {
  }
  // Whatever the run left in its process group goes with it (as when the
  // driver spawns a run).
  syscall(SYS_kill, -Pid, SIGKILL);
  return Status;
}

/// In the child: the run's descriptors and environment. Returns the run's
/// options.
const char *becomeRun(int InFd, int OutFd, int NullFd, int ErrFd,
                      uint32_t Flags, char **Envp) {
  syscall(SYS_setpgid, 0, 0);
  syscall(SYS_dup2, NullFd, 0);
  if (!(Flags & ForkKeepStdout))
    syscall(SYS_dup2, NullFd, 1);
  syscall(SYS_dup2, ErrFd, 2);
  syscall(SYS_close, NullFd);
  syscall(SYS_close, ErrFd);
  syscall(SYS_close, InFd);
  syscall(SYS_close, OutFd);
  for (char **E = Envp; E && *E; ++E)
    if (!internalStrncmp(*E, EnvPrefix, EnvPrefixLen)) {
      *E = RunEnv;
      break;
    }
  return RunEnv + EnvPrefixLen;
}

} // namespace

const char *serveForks(int InFd, int OutFd, char **Envp) {
  internalMemcpy(RunEnv, EnvPrefix, EnvPrefixLen);
  contract::ForkServerHello Hello = contract::ForkServerHelloValue;
  if (rawWrite(OutFd, &Hello, sizeof(Hello)) != sizeof(Hello))
    quit(2, "cannot write to the driver (fork_server= names no pipe)");
  for (;;) {
    contract::ForkServerRequest Head;
    if (!readAll(InFd, &Head, sizeof(Head)))
      quit(0, nullptr); // EOF: the driver is done
    uint32_t OptLen = Head.OptionsLen, PathLen = Head.StderrPathLen,
             Flags = Head.Flags;
    if (OptLen >= ForkServerMaxText || PathLen >= ForkServerMaxText ||
        PathLen == 0)
      quit(2, "malformed request");
    if (!readAll(InFd, RunEnv + EnvPrefixLen, OptLen) ||
        !readAll(InFd, ErrPath, PathLen))
      quit(2, "truncated request");
    RunEnv[EnvPrefixLen + OptLen] = 0;
    ErrPath[PathLen] = 0;

    // Opened here, not in the child, so a failure is an answer the driver
    // can report (as posix_spawn would), not a strange exit of the run.
    int NullFd = static_cast<int>(
        sys(syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR | O_CLOEXEC, 0)));
    if (NullFd < 0) {
      if (!reply(OutFd, NullFd))
        quit(0, nullptr);
      continue;
    }
    int ErrFd = static_cast<int>(
        sys(syscall(SYS_openat, AT_FDCWD, ErrPath,
                    O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)));
    if (ErrFd < 0) {
      syscall(SYS_close, NullFd);
      if (!reply(OutFd, ErrFd))
        quit(0, nullptr);
      continue;
    }
    // libc's fork (not a raw clone): it keeps libc's own state right in the
    // child (thread id, locks, at-fork resets); no user handler can be
    // registered yet.
    pid_t Pid = fork();
    if (Pid == 0)
      return becomeRun(InFd, OutFd, NullFd, ErrFd, Flags, Envp);
    int ForkErr = errno;
    syscall(SYS_close, NullFd);
    syscall(SYS_close, ErrFd);
    if (Pid < 0) {
      if (!reply(OutFd, -ForkErr))
        quit(0, nullptr);
      continue;
    }
    // Both sides set the group, so it exists before the driver can kill
    // it, whichever runs first.
    syscall(SYS_setpgid, Pid, Pid);
    if (!reply(OutFd, Pid)) {
      killAndReap(Pid);
      quit(0, nullptr);
    }
    if (!reply(OutFd, awaitRun(Pid, InFd)))
      quit(0, nullptr);
  }
}

} // namespace ravel::rt
