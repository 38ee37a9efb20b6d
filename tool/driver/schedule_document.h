//===- tool/driver/schedule_document.h - recorded schedules -----*- C++ -*-===//
//
// The driver's view of a schedule file (docs/schedule-format.md, written and
// read by runtime/scheduler/schedule_file.cpp; the magic, keys and grammar
// are ravel/contract/schedule_format.h, and both readers accept the same
// files, tests/tool/schedule_contract_test.cpp):
//
//   ravel-schedule 3
//   strategy pct
//   seed 17
//   depth 3
//   steps 1234
//   exact 1
//   argv ["./bank","--accounts","4"]
//   note ...                         (zero or more)
//   finding RV-DR-3f9a1c0d2b4e5f60   (added by ravel run when it keeps a file)
//   site 1 bank.c:40                 (zero or more: the fingerprints' sites)
//   decisions 3
//   17t2 40w1 533t0                  (version 3; 1 and 2: `1 0*3 2 -`)
//   fingerprints 3                   (versions 2 and 3; optional)
//   t17@1:6 w23@1:6 ...
//
// Header lines are `key value` and may repeat (`note`, `site`); unknown keys
// are kept in order. Decisions are choice values (a thread id or an option
// index), or `-` for "no preemption"; version 3 writes each as STEP KIND
// VALUE (the step and kind of its choice point, then the value), versions
// 1 and 2 as values in order, `V*N` repeating V. Fingerprints are
// tokens, one per decision, that the runtime checks on replay. The driver
// reads the header (replay), rewrites decisions as `-` and drops the
// fingerprints (shrink: the shrunk schedule takes another path on purpose);
// it checks the syntax of what the runtime reads (fingerprints, `steps`,
// `max_steps`, `site`) but never interprets a fingerprint.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_SCHEDULE_DOCUMENT_H
#define RAVEL_TOOL_DRIVER_SCHEDULE_DOCUMENT_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ravel::driver {

/// The `-` decision: keep the running thread if it can run.
constexpr int64_t NoPreemption = -1;

struct ScheduleFile {
  // invariant: holds neither the magic line nor the `decisions` line.
  std::vector<std::pair<std::string, std::string>> Header;
  // invariant: each value is NoPreemption or in [0, 2^32 - 1).
  std::vector<int64_t> Decisions;
  // Version 3: the STEP KIND part of each decision's token (`17t`), as
  // many as Decisions; empty in older versions.
  std::vector<std::string> DecisionAt;
  // invariant: empty or as many as Decisions; no token contains a space.
  std::vector<std::string> Fingerprints;
  int Version = 1; // of the magic line: 1, 2 or 3

  /// The first value of Key ("" if absent).
  std::string get(const std::string &Key) const;
  /// Replaces the first line of Key, or appends one.
  void set(const std::string &Key, const std::string &Value);
  /// All values of a repeatable key (e.g. `note`).
  std::vector<std::string> all(const std::string &Key) const;
  /// The `argv` header as a list (empty if absent or malformed).
  std::vector<std::string> program() const;
  /// Decisions that force a choice (not `-`): each may be a preemption.
  size_t forcedDecisions() const;
};

llvm::Expected<ScheduleFile> parseScheduleFile(const std::string &Text,
                                               const std::string &Name);
llvm::Expected<ScheduleFile> readScheduleFile(const std::string &Path);
/// The file text; decisions run-length encoded, 32 per line, as the runtime
/// writes them.
std::string printScheduleFile(const ScheduleFile &S);

} // namespace ravel::driver

#endif
