//===- tool/driver/schedule_file.h - recorded schedules ---------*- C++ -*-===//
//
// A schedule file (record=PATH of RAVEL_OPTIONS, docs/driver.md) is text:
//
//   ravel-schedule 1
//   program ["./counter","-n","4"]     (JSON array: the argv of the run)
//   strategy pct
//   seed 7
//   depth 3
//   finding RV-DR-3f9a1c0d2b4e5f60      (added by ravel run when it keeps it)
//   decisions
//   <step> <tid> <p|->                  (one scheduling decision per line)
//
// Header lines are `key value`; unknown keys are kept as they are. A decision
// line names the step, the thread chosen to run and whether the choice was a
// preemption (`p`: the running thread could have gone on) or not (`-`). The
// driver reads the header (replay) and removes preemptions (shrink); it never
// interprets the rest of a decision line, and keeps it verbatim.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_SCHEDULE_FILE_H
#define RAVEL_TOOL_DRIVER_SCHEDULE_FILE_H

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ravel::driver {

struct Decision {
  std::string Line; // verbatim
  bool Preemption = false;
};

struct ScheduleFile {
  // invariant: Header[0] is not the magic line; keys unique, in file order.
  std::vector<std::pair<std::string, std::string>> Header;
  std::vector<Decision> Decisions;

  std::string get(const std::string &Key) const;
  void set(const std::string &Key, const std::string &Value);
  /// The program argv of the header (empty if absent or malformed).
  std::vector<std::string> program() const;
  size_t preemptions() const;
};

llvm::Expected<ScheduleFile> parseScheduleFile(const std::string &Text,
                                               const std::string &Name);
llvm::Expected<ScheduleFile> readScheduleFile(const std::string &Path);
std::string printScheduleFile(const ScheduleFile &S);

} // namespace ravel::driver

#endif
