//===- tool/report/report_model.h - findings and reports --------*- C++ -*-===//
//
// A finding is plain data (docs/report-format.md). The runtime writes one JSON
// object per line; `ravel run` gathers them into a Report document. Parsing is
// strict: a missing or ill-typed required field is an error that names the
// field, so a truncated or hand-edited report is never half-read. Renderers
// (render_text.cpp, render_json.cpp, render_sarif.cpp, render_html.cpp) only read these structs.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_TOOL_REPORT_REPORT_MODEL_H
#define RAVEL_TOOL_REPORT_REPORT_MODEL_H

#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ravel::report {

/// One source location of a stack; innermost frame first in a Stack. A frame
/// of code that was not instrumented (a library calling back into the
/// program) has Uninstrumented set, its module and the offset in it; File
/// is the module too, Line and Column are 0, Function its nearest symbol
/// (may be empty).
struct Frame {
  std::string Function;
  std::string File;
  int64_t Line = 0;
  int64_t Column = 0;
  bool Uninstrumented = false;
  std::string Module;
  std::string Offset; // "0x1f2a3"
};
using Stack = std::vector<Frame>;

struct HeldLock {
  std::string Name;
  Stack Acquired; // where it was acquired
};

/// One step of a thread's recent history, oldest first in Thread::Events.
struct Event {
  int64_t Step = 0; // global step number: orders events across threads
  std::string Op;
  std::string What;
  std::string File;
  int64_t Line = 0;
  int64_t Column = 0;
};

struct Thread {
  int64_t Tid = 0;
  std::string Name;
  std::string Op;
  int64_t Size = 0;
  bool Atomic = false;
  std::string Variable;
  std::string Address;
  Stack At;
  std::vector<HeldLock> LocksHeld;
  Stack CreatedAt; // empty for the main thread
  std::vector<Event> Events;
};

/// One edge of a deadlock cycle: thread Tid holds Holds and waits for Acquires.
struct CycleEdge {
  int64_t Tid = 0;
  std::string Holds;
  Stack HoldsAt;
  std::string Acquires;
  Stack AcquiresAt;
};

/// A thread that spun without progress when a run stopped at its step
/// budget (a `hang`): it re-read memory no other thread wrote, or yielded
/// with nothing else in between.
struct Spin {
  int64_t Tid = 0;
  std::string Op;   // read | yield
  std::string What; // the location re-read, or the call
  std::string File;
  int64_t Line = 0;
  int64_t Column = 0;
  int64_t Count = 0; // re-reads and yields since its last progress
};

/// What is needed to run the schedule that showed a finding again.
struct Schedule {
  std::string Strategy; // native | noise | random | pct | replay
  int64_t Seed = 0;
  int64_t Depth = 0;
  std::string ReplayFile; // empty when the strategy records nothing
  bool Exact = true;      // false when the runtime could not control every step
  // Why not (e.g. "thread T2 blocked in read(2) at pipe.c:31, ..."); empty
  // when Exact or unknown.
  std::string InexactReason;
};

/// One access of a racing site pair: where, and what the runtime said.
struct PairSite {
  std::string File;
  int64_t Line = 0;
  int64_t Column = 0;
  std::string Op;
  std::string Variable;
};

/// One pair of racing sites of a grouped data race (docs/report-format.md).
struct RacePair {
  std::string Id; // the runtime's id of the pair; replayable on its own
  PairSite A, B;  // the later access, then the earlier one, as reported
  int64_t Runs = 1;
  int64_t FirstRun = 0;
  Schedule Sched; // of FirstRun: what replays this pair
};

struct Finding {
  std::string Id;
  std::string Kind;
  std::string Summary;
  std::vector<Thread> Threads;
  std::vector<CycleEdge> Cycle;
  Schedule Sched;
  std::string Details;
  int64_t Runs = 1;     // in how many runs it appeared
  int64_t FirstRun = 0; // 0-based index of the first run that showed it
  // A data race grouped by variable: the key it is grouped by ("" when the
  // runtime named no variable) and every racing site pair, the
  // representative (shown in Threads) first. Empty in older reports and for
  // other kinds.
  std::string VariableKey;
  std::vector<RacePair> Pairs;
  // A `hang` at the runtime's step budget: the budget (0: another kind of
  // hang, or an older report) and the threads spinning then.
  int64_t StepBudget = 0;
  std::vector<Spin> Spinning;
};

/// The advice of a `hang` at the step budget, one sentence: whether it
/// looks like a livelock, and the --max-steps to try. Empty otherwise.
std::string stepBudgetAdvice(const Finding &F);

/// Options of the `ravel run` that produced a report.
struct RunSettings {
  std::string Strategy = "pct";
  int64_t Seed = 1;
  int64_t Depth = 3;
  int64_t Jobs = 1;
  double Timeout = 30; // seconds per run
};

/// A finding a suppression rule matched in one run (a `suppressed` line of
/// the runtime's report file, docs/report-format.md).
struct SuppressedFinding {
  std::string Id, Kind, Rule;
};

/// The findings one suppression rule matched over a whole `ravel run`.
struct SuppressedCount {
  std::string Rule, Kind;
  int64_t Findings = 0; // distinct finding ids
  int64_t Runs = 0;     // runs in which the rule matched one
};

struct Report {
  std::string Tool = "ravel";
  std::string Version;
  std::vector<std::string> Program;
  // Build identity of the program the runs ran (driver::fileIdentity);
  // empty in reports of older versions.
  std::string Build;
  int64_t Runs = 0;
  RunSettings Settings;
  std::vector<Finding> Findings;
  // What the user should know about the runs that is not a finding (e.g.
  // "every run exited with status 1"); one sentence each.
  std::vector<std::string> Notes;
  // Suppressed findings, by rule and kind: counted, never dropped silently.
  std::vector<SuppressedCount> Suppressed;
};

/// The finding kinds (docs/reports.md), in the order reports list rules.
const std::vector<std::string> &findingKinds();
/// `DR` for data-race etc.; empty for an unknown kind.
std::string kindTag(const std::string &Kind);

/// Parses one finding (a runtime JSON line or an element of "findings").
/// Errors name the field: `findings[2].threads[0].stack[1].line: expected an
/// integer`. Where is prepended to the field path.
llvm::Expected<Finding> parseFinding(const nlohmann::json &J,
                                     const std::string &Where = "");
llvm::Expected<Report> parseReport(const nlohmann::json &J);
/// Reads and parses a report document; errors name the file.
llvm::Expected<Report> readReport(const std::string &Path);
/// Parses the JSON lines a run appended to its report= file. Blank lines are
/// skipped; errors name the file and line.
/// Suppressed: when given, receives the file's `suppressed` lines (else
/// they are skipped).
llvm::Expected<std::vector<Finding>>
readFindingLines(const std::string &Path,
                 std::vector<SuppressedFinding> *Suppressed = nullptr);

nlohmann::ordered_json toJson(const Finding &F);
nlohmann::ordered_json toJson(const Report &R);

/// The finding id of docs/report-format.md: RV-<tag>-<16 hex digits of FNV-1a
/// over the kind and the sorted site strings>.
std::string makeFindingId(const std::string &Kind,
                          std::vector<std::string> Sites);

/// The variable a data race is grouped by, from the threads' `variable`
/// texts: subscripts dropped, the last member or qualified name kept
/// (`r->slots[at]` -> `slots[]`, `Stats.BytesIn` -> `BytesIn`). "" when no
/// thread names a variable (or only a call does).
std::string raceVariableKey(const Finding &F);
/// The id of the group of races with that key (docs/report-format.md).
std::string raceGroupId(const std::string &VariableKey);
/// The pair a runtime data-race finding reports.
RacePair racePairOf(const Finding &F);
/// The pair with that id, or null.
const RacePair *findPair(const Finding &F, const std::string &PairId);

} // namespace ravel::report

#endif
