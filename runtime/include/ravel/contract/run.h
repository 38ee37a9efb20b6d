//===- ravel/contract/run.h - how `ravel run` drives one run ----*- C++ -*-===//
//
// Part of the runtime-tool contract (docs/architecture.md): header-only, no
// dependencies, included by libravel_rt and by the ravel command alike.
// What a run's exit code means to the driver, the step budget of a
// controlled run, and the fork server's wire protocol.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_CONTRACT_RUN_H
#define RAVEL_CONTRACT_RUN_H

#include <stdint.h>

namespace ravel::contract {

//===-- Exit codes ----------------------------------------------------------//

/// The runtime's exit code when a finding was reported (exitcode=, which
/// `ravel run` always sets to this value).
constexpr int FindingsExitCode = 66;
/// The runtime refused to start (a bad RAVEL_OPTIONS, a schedule it cannot
/// run): it printed a line starting with "ravel" on stderr and exited so.
constexpr int StartupErrorExitCode = 2;

//===-- Step budget (max_steps) ---------------------------------------------//

/// A controlled run without max_steps= gets 100 times the expected number
/// of scheduling steps (steps_hint=, `ravel run`: run 0's recorded steps),
/// at least 10000: far beyond any normal run (PCT turns fair after
/// 4 x steps_hint + 1000), and a livelock ends as a `hang` finding with its
/// recorded schedule long before a time-out would kill the run.
constexpr uint64_t StepBudgetFactor = 100;
constexpr uint64_t MinStepBudget = 10000;
/// PCT's expected run length when nothing is known (before run 0 ends).
constexpr uint64_t DefaultExpectedSteps = 2000;

constexpr uint64_t stepBudgetFor(uint64_t ExpectedSteps) {
  return ExpectedSteps * StepBudgetFactor > MinStepBudget
             ? ExpectedSteps * StepBudgetFactor
             : MinStepBudget;
}

//===-- Fork server (fork_server=IN,OUT) ------------------------------------//
//
// Native byte order (the driver is on the same machine):
//   server -> driver, once:    ForkServerHello
//   driver -> server, per run: ForkServerRequest, the options, the stderr
//                              path (no NULs, each < ForkServerMaxText)
//   server -> driver:          i32 pid (or -errno: the run did not start),
//                              later i32 wait status (as from wait4)
// EOF on IN ends the server; a malformed request ends it with exit code 2.

constexpr uint32_t ForkServerVersion = 1;
constexpr uint32_t ForkServerMaxText = 4096;
/// ForkServerRequest::Flags: keep the server's stdout (else /dev/null).
constexpr uint32_t ForkKeepStdout = 1;

struct ForkServerHello {
  char Magic[4]; // "RVFS"
  uint32_t Version;
};
constexpr ForkServerHello ForkServerHelloValue = {{'R', 'V', 'F', 'S'},
                                                  ForkServerVersion};

struct ForkServerRequest {
  uint32_t OptionsLen;
  uint32_t StderrPathLen; // > 0
  uint32_t Flags;         // ForkKeepStdout
};
static_assert(sizeof(ForkServerRequest) == 12, "the wire format");

/// The symbol a runtime with a fork server defines (the driver looks for it
/// before it asks for one).
constexpr const char ForkServerSymbol[] = "__ravel_fork_server";
/// The symbol every ravel runtime defines.
constexpr const char RuntimeMarkerSymbol[] = "__ravel_runtime_marker";

} // namespace ravel::contract

#endif
