//===- tool/driver/process.h - running the program under test ---*- C++ -*-===//
//
// Runs of the program under test: each in its own process group (so a
// timeout kills the program and everything it started), stdout discarded,
// stderr kept in a file for crash details. RunPool runs up to Jobs at once
// from one thread: it waits on pidfds with poll(2), so a finished run is
// noticed at once and a timeout costs no polling.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_PROCESS_H
#define RAVEL_TOOL_DRIVER_PROCESS_H

#include "llvm/Support/Error.h"

#include <functional>
#include <spawn.h>
#include <string>
#include <vector>

namespace ravel::driver {

struct Launch {
  std::vector<std::string> Argv; // Argv[0] is a path (resolved already)
  std::string RavelOptions;      // the value of RAVEL_OPTIONS
  std::string StderrPath;        // where the run's stderr goes
  bool InheritStdout = false;    // else /dev/null
  double TimeoutSec = 30;
  // Files the run writes besides its stderr (report=, record=): removed
  // before the run is started again when its fork server died under it.
  std::vector<std::string> Outputs;
};

struct Outcome {
  bool TimedOut = false;
  bool Signaled = false;
  int Signal = 0;   // when Signaled
  int ExitCode = 0; // when neither TimedOut nor Signaled
  double Seconds = 0;
};

/// Resolves a program name like execvp would (PATH lookup when it has no
/// slash); errors say what is wrong with it.
llvm::Expected<std::string> resolveProgram(const std::string &Name);

/// What RunPool's Next says about run Index.
enum class NextRun {
  Start,   // the launch is filled in: start it
  Wait,    // not yet: ask again when a running run has ended
  Finished // no more runs
};

/// Runs launches with at most Jobs at once. Next(Index, Launch) decides on
/// run Index; Done(Index, Outcome) is called as each run ends and returns
/// false to stop early (running runs are then killed and not reported).
///
/// By default each run is spawned (posix_spawn). With useForkServer(), runs
/// are forked from a fork server instead (fork_client.h, one per job slot,
/// started at the first run of the slot): same Launch in, same Outcome out.
/// A server that does not start, or that dies, is replaced by spawning for
/// the remaining runs, with a note on stderr; a run whose server died under
/// it is started again by spawning, so no run is lost.
class RunPool {
public:
  explicit RunPool(unsigned Jobs) : Jobs(Jobs ? Jobs : 1) {}
  void useForkServer(bool On) { ForkServers = On; }
  llvm::Error run(const std::function<NextRun(size_t, Launch &)> &Next,
                  const std::function<bool(size_t, const Outcome &)> &Done);

private:
  unsigned Jobs;
  bool ForkServers = false;
};

/// Runs one launch to completion.
llvm::Expected<Outcome> runOnce(const Launch &L);

/// The environment of a run: ravel's, with RAVEL_OPTIONS set to Options.
std::vector<std::string> environmentWith(const std::string &Options);
/// How long a run past its time-out has between SIGTERM and SIGKILL.
constexpr int KillGraceMs = 500;

/// Initialises the spawn attributes of a run (or a fork server): its own
/// process group and default dispositions of the signals ravel handles.
void initRunSpawnAttr(posix_spawnattr_t &Attr);

/// "SIGSEGV" for 11, etc.
std::string signalName(int Sig);

/// True once SIGINT or SIGTERM reached ravel while runs were going on.
bool interrupted();

} // namespace ravel::driver

#endif
