//===- tool/report/step_order.h - events of a finding in order --*- C++ -*-===//
//
// Presentation helpers shared by the renderers: the involved threads' recent
// events merged into one global order (by step), with the steps that make up
// the finding (each thread's reported access or blocked acquisition) marked.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_REPORT_STEP_ORDER_H
#define RAVEL_TOOL_REPORT_STEP_ORDER_H

#include "report_model.h"

#include <string>
#include <vector>

namespace ravel::report {

struct InterleavedStep {
  const Event *E = nullptr;
  size_t ThreadIndex = 0; // into Finding::Threads
  bool Key = false;       // one of the racing / deadlocking steps
};

/// All events of all threads, ordered by step (ties keep thread order).
std::vector<InterleavedStep> interleave(const Finding &F);

/// "file:line:column" (column and line left out when zero).
std::string siteText(const std::string &File, int64_t Line, int64_t Column);
std::string siteText(const Frame &F);
/// "Write", "Atomic load", ... for a thread's op, as a sentence start.
std::string opTitle(const std::string &Op);
/// A thread's part in a finding in words: "Write of counter by thread T2",
/// "Lock of a_mu by thread T1", "Assertion `x > 0` failed".
std::string threadTitle(const Thread &T);

} // namespace ravel::report

#endif
