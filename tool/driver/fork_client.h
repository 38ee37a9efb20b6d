//===- tool/driver/fork_client.h - runs forked from a server ----*- C++ -*-===//
//
// The driver's side of the runtime's fork server (ravel/contract/run.h has
// the protocol, docs/driver.md the design): the program is started once
// with RAVEL_OPTIONS=fork_server=IN,OUT, stops in its runtime's start-up
// before any constructor runs, and forks one run per request. RunPool
// (process.h) keeps one server per job slot and falls back to spawning when
// a server cannot be started or stops answering.
//
// Contract: one run at a time per server: launch(), then update() each time
// statusFd() is readable (poll(2): POLLIN or POLLHUP) until it says the run
// ended, or killAndCollect() at a time-out. Every wait is bounded; an error
// other than RunNotStarted means the server is unusable (drop it).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_FORK_CLIENT_H
#define RAVEL_TOOL_DRIVER_FORK_CLIENT_H

#include "process.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ravel::driver {

class ForkServer {
public:
  /// Starts Argv as a fork server (own process group, stdin and stdout on
  /// /dev/null) and waits at most TimeoutSec for it to announce itself. The
  /// error carries what the program said on stderr, if anything.
  static llvm::Expected<std::unique_ptr<ForkServer>>
  start(const std::vector<std::string> &Argv, double TimeoutSec);
  /// Closes the request pipe (the server exits at EOF) and reaps the
  /// server; kills it if it does not exit at once.
  ~ForkServer();
  ForkServer(const ForkServer &) = delete;
  ForkServer &operator=(const ForkServer &) = delete;

  /// Asks for one run of L (its RavelOptions, StderrPath, InheritStdout).
  /// Does not wait for the fork: the pid comes later (update()). An error
  /// means the server is broken.
  llvm::Error launch(const Launch &L);
  /// Takes in what the server sent about the current run, waiting at most
  /// TimeoutMs: first the run's pid (runPid(); also its process group),
  /// then its wait status. True once the run has ended (status()), false
  /// while it goes on. Errors: RunNotStarted when the server could not
  /// start the run (as a failed posix_spawn); any other error means the
  /// server died or does not answer.
  llvm::Expected<bool> update(int TimeoutMs);
  /// Kills the current run's process group (SIGKILL) once its pid is known
  /// (waiting at most TimeoutMs for it), then waits as long for its status.
  llvm::Expected<int> killAndCollect(int TimeoutMs);
  /// 0 until the server has said it.
  pid_t runPid() const { return RunPid; }
  int status() const { return Status; }
  /// Readable when the server has sent something (or died: POLLHUP).
  int statusFd() const { return StatusFd; }

  const std::vector<std::string> &argv() const { return Argv; }
  /// Whether L fits the protocol (options and path shorter than 4 KiB).
  static bool accepts(const Launch &L);

private:
  ForkServer() = default;
  llvm::Error lost();
  /// Reads the run's pid unless known; true once known.
  llvm::Expected<bool> takePid(int TimeoutMs);
  std::vector<std::string> Argv;
  pid_t Pid = -1;
  int RequestFd = -1, StatusFd = -1;
  pid_t RunPid = 0;
  int Status = 0;
  bool Ended = true; // no run going
};

/// The error update() returns for a run the server refused (like a failed
/// posix_spawn): the server itself is fine.
class RunNotStarted : public llvm::ErrorInfo<RunNotStarted> {
public:
  static char ID;
  explicit RunNotStarted(std::string Msg) : Msg(std::move(Msg)) {}
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;
  std::string Msg;
};

/// False when the user asked for spawned runs: RAVEL_NO_FORK_SERVER set to
/// anything but "" or "0".
bool forkServerAllowedByEnvironment();

} // namespace ravel::driver

#endif
