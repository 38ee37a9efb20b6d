//===- tool/driver/fork_server.h - runs forked from one start-up -*- C++ -*-===//
//
// The driver's side of the runtime's fork server (runtime/fork_server.h has
// the protocol, docs/driver.md the design): the program is started once
// with RAVEL_OPTIONS=fork_server=IN,OUT, stops in its runtime's start-up
// before any constructor runs, and forks one run per request. RunPool
// (process.h) keeps one server per job slot and falls back to spawning when
// a server cannot be started or stops answering.
//
// Contract: one run at a time per server; launch() then, once statusFd()
// is readable (poll(2): POLLIN or POLLHUP), collect(). Every wait is
// bounded; an error means the server is unusable (the caller drops it).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_FORK_SERVER_H
#define RAVEL_TOOL_DRIVER_FORK_SERVER_H

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

  /// Starts one run of L (its RavelOptions, StderrPath, InheritStdout);
  /// returns the run's pid, which is also its process group. A run the
  /// server could not start (its stderr file cannot be created) is a
  /// RunNotStarted error; any other error means the server is broken.
  llvm::Expected<pid_t> launch(const Launch &L);
  /// Readable once the current run has ended (or the server died).
  int statusFd() const { return StatusFd; }
  /// The wait status of the current run, waiting at most TimeoutMs; an
  /// error when the server died or does not answer.
  llvm::Expected<int> collect(int TimeoutMs);

  const std::vector<std::string> &argv() const { return Argv; }
  /// Whether L fits the protocol (options and path shorter than 4 KiB).
  static bool accepts(const Launch &L);

private:
  ForkServer() = default;
  std::vector<std::string> Argv;
  pid_t Pid = -1;
  int RequestFd = -1, StatusFd = -1;
};

/// The error launch() returns for a run the server refused (like a failed
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
