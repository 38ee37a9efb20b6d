//===- ravel/contract/schedule_mode.h - the schedule= values ----*- C++ -*-===//
//
// Part of the runtime-tool contract (docs/architecture.md): header-only, no
// dependencies, included by libravel_rt and by the ravel command alike.
//
// A schedule is *controlled* when the scheduler serialises the threads and
// records (or follows) its decisions: random, pct and replay. native runs
// the threads freely; noise perturbs a free run and records nothing.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_CONTRACT_SCHEDULE_MODE_H
#define RAVEL_CONTRACT_SCHEDULE_MODE_H

#include <stdint.h>

namespace ravel::contract {

enum class ScheduleMode : uint8_t { Native, Noise, Random, Pct, Replay };

constexpr ScheduleMode AllScheduleModes[] = {
    ScheduleMode::Native, ScheduleMode::Noise, ScheduleMode::Random,
    ScheduleMode::Pct, ScheduleMode::Replay};

/// The schedule= spelling: "native", "noise", "random", "pct", "replay".
constexpr const char *scheduleModeName(ScheduleMode M) {
  switch (M) {
  case ScheduleMode::Native:
    return "native";
  case ScheduleMode::Noise:
    return "noise";
  case ScheduleMode::Random:
    return "random";
  case ScheduleMode::Pct:
    return "pct";
  case ScheduleMode::Replay:
    return "replay";
  }
  return "native";
}

/// The threads are serialised and every decision is recorded or followed.
constexpr bool isControlled(ScheduleMode M) {
  return M == ScheduleMode::Random || M == ScheduleMode::Pct ||
         M == ScheduleMode::Replay;
}

/// Parses a schedule= value; false (and *Out unchanged) for any other text.
inline bool parseScheduleMode(const char *Name, ScheduleMode *Out) {
  for (ScheduleMode M : AllScheduleModes) {
    const char *A = scheduleModeName(M), *B = Name;
    while (*A && *A == *B)
      ++A, ++B;
    if (!*A && !*B) {
      *Out = M;
      return true;
    }
  }
  return false;
}

} // namespace ravel::contract

#endif
