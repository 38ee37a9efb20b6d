//===- tool/driver/ravel_options.h - a run's RAVEL_OPTIONS ------*- C++ -*-===//
//
// The driver's side of RAVEL_OPTIONS. Keys, their owners and the syntax come
// from the runtime-tool contract (ravel/contract/options.inc, options.h):
// the keys that define a run (Owner Run or Internal) are always ravel's, the
// user's own keys (suppressions=, verbosity=, ...) pass through.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_DRIVER_RAVEL_OPTIONS_H
#define RAVEL_TOOL_DRIVER_RAVEL_OPTIONS_H

#include "ravel/contract/run.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace ravel::driver {

/// The exit code ravel asks the runtime to use when it reported a finding.
constexpr int FindingExitCode = contract::FindingsExitCode;

/// The key=value items of the user's RAVEL_OPTIONS (the environment's), in
/// order, split as the runtime splits them.
std::vector<std::string> userOptionItems();

/// True when the user's RAVEL_OPTIONS sets Key.
bool userSetsOption(const std::string &Key);

/// Builds the RAVEL_OPTIONS of a run: the user's own RAVEL_OPTIONS (e.g.
/// suppressions=) with the keys ravel sets replaced and the keys that
/// define a run dropped.
std::string
ravelOptions(const std::vector<std::pair<std::string, std::string>> &Keys);

/// True for a schedule name that serialises the threads and records its
/// decisions (random, pct, replay; ravel/contract/schedule_mode.h).
bool isControlled(const std::string &Schedule);

/// The max_steps= value of a controlled run of `ravel run` (docs/driver.md),
/// "" to pass none: MaxStepsFlag (--max-steps) if positive; else none when
/// the user's RAVEL_OPTIONS sets max_steps (it passes through); else the
/// contract's budget (stepBudgetFor) for StepsHint, run 0's recorded steps
/// ("" before it is known: PCT's default length).
std::string stepBudget(int64_t MaxStepsFlag, const std::string &StepsHint);

} // namespace ravel::driver

#endif
