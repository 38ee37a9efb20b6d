//===- ravel/contract/schedule_format.h - schedule file keys ----*- C++ -*-===//
//
// Part of the runtime-tool contract (docs/architecture.md): header-only, no
// dependencies. The schedule file (docs/schedule-format.md) is written and
// replayed by the runtime (runtime/scheduler/schedule_file.cpp) and kept,
// replayed and shrunk by the driver (tool/driver/schedule_file.cpp); both
// spell its magic line, keys and decision syntax from here.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_CONTRACT_SCHEDULE_FORMAT_H
#define RAVEL_CONTRACT_SCHEDULE_FORMAT_H

#include <stdint.h>

namespace ravel::contract::schedule_file {

/// The first line is Magic followed by the version.
constexpr const char Magic[] = "ravel-schedule ";
constexpr uint32_t MagicLen = sizeof(Magic) - 1;
/// The version written; versions 1 (no fingerprints) and 2 are read.
constexpr int Version = 2;
constexpr int OldestVersion = 1;

// Header keys, one `key value` line each (note and site may repeat).
constexpr const char KeyStrategy[] = "strategy";
constexpr const char KeySeed[] = "seed";
constexpr const char KeyDepth[] = "depth";
constexpr const char KeySteps[] = "steps";
constexpr const char KeyMaxSteps[] = "max_steps";
constexpr const char KeyExact[] = "exact";
constexpr const char KeyArgv[] = "argv";
constexpr const char KeyNote[] = "note";
constexpr const char KeySite[] = "site";
// Added by `ravel run` when it keeps a file.
constexpr const char KeyFinding[] = "finding";
constexpr const char KeyBuild[] = "build";
// The sections after the header: `decisions N`, then `fingerprints N`.
constexpr const char KeyDecisions[] = "decisions";
constexpr const char KeyFingerprints[] = "fingerprints";

/// The `-` decision: no preemption (keep the running thread if it can run).
constexpr char NoPreemptionToken = '-';
/// `V*N` repeats V N times.
constexpr char RepeatToken = '*';
/// The in-memory value of `-`; any other decision is below it.
constexpr uint32_t NoPreemptionValue = 0xffffffffu;
/// Decisions per line as written (run-length groups).
constexpr uint32_t DecisionsPerLine = 32;

} // namespace ravel::contract::schedule_file

#endif
