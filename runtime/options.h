//===- runtime/options.h - RAVEL_OPTIONS ------------------------*- C++ -*-===//
//
// RAVEL_OPTIONS is a space- or colon-separated list of key=value
// (docs/runtime.md, "Options"). Parsing is strict: an unknown
// key or a bad value is an error naming the key and listing the valid ones.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_OPTIONS_H
#define RAVEL_RUNTIME_OPTIONS_H

#include "base.h"

namespace ravel::rt {

enum class ScheduleMode : uint8_t { Native, Noise, Random, Pct, Replay };
const char *scheduleModeName(ScheduleMode M);

struct Options {
  ScheduleMode Schedule = ScheduleMode::Native;
  uint64_t Seed = 1;
  uint32_t Depth = 3;
  const char *Record = nullptr;       // record=PATH
  const char *Replay = nullptr;       // replay=PATH
  const char *Report = nullptr;       // report=PATH (JSON lines, appended)
  bool HaltOnError = false;           // halt_on_error=0|1
  bool FreeRaces = true;              // free_races=0|1: free writes the block
  int ExitCode = 66;                  // exitcode=N
  uint64_t DeadlockTimeoutMs = 3000;  // deadlock_timeout_ms=N (0: off)
  uint64_t MaxSteps = 0;              // max_steps=N (0: unlimited)
  uint64_t StepsHint = 0;             // steps_hint=N (PCT: expected steps)
  const char *Suppressions = nullptr; // suppressions=PATH
  int Verbosity = 0;                  // verbosity=N
  // fork_server=IN,OUT (internal, set by `ravel run`; fork_server.h): the
  // process serves forks on these inherited pipe fds; -1: it does not.
  int ForkServerIn = -1;
  int ForkServerOut = -1;
};

/// Parses Text (may be null: defaults) into *Out. Strings in *Out point into
/// Storage (StorageSize bytes, holds a copy of Text). On error returns false
/// with a message (no trailing newline) in *Err.
bool parseOptions(const char *Text, Options *Out, char *Storage,
                  size_t StorageSize, TextBuffer *Err);

} // namespace ravel::rt

#endif
