//===- scheduler/schedule_file.h - the recorded decision log -----*- C++ -*-===//
//
// A schedule file is text, small and diffable (docs/schedule-format.md):
//
//   ravel-schedule 3
//   strategy pct
//   seed 17
//   depth 3
//   steps 1234
//   max_steps 123400
//   exact 1
//   argv ["./bank","--accounts","4"]
//   note thread 2 blocked outside ravel's view at bank.c:40
//   site 1 bank.c:40
//   decisions 3
//   17t2 40w1 533t0
//   fingerprints 3
//   t17@1:6 w23@1:6 ...
//
// Version 3 keeps only the decisions that are not "no preemption": a
// choice of the thread to run (t) or of a spurious wake-up (s) that kept
// the default is not written, so the log grows with the schedule's
// preemptions, not with the run's length. Every decision carries the step
// it was made at and its kind; a replay takes the recorded value at the
// choice point of that step and kind and the default everywhere else. The
// waiter a signal wakes (w) and other choices (c) are always written (a
// step may hold several of them). Versions 1 and 2 (still read) hold one
// value per choice point, in order: the chosen thread id or option index,
// `V*N` repeating V N times, `-` for "no preemption" (keep the current
// thread if it can run, else the lowest runnable one, else option 0).
// Each decision may have a fingerprint (struct Fingerprint) in the same
// order; version 1 files have none and replay unchecked. Lines of other
// header keys are ignored on reading (forward compatible).
//
// Buffers are mmap'd and grow by doubling; nothing here calls malloc or an
// intercepted function, so it can run inside a crash handler.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_SCHEDULE_FILE_H
#define RAVEL_RUNTIME_SCHEDULER_SCHEDULE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "ravel/contract/schedule_format.h"

namespace ravel::rt::sched {

/// The `-` decision (ravel/contract/schedule_format.h).
constexpr uint32_t kDefaultDecision =
    contract::schedule_file::NoPreemptionValue;
/// The version this runtime writes; it reads 1 (no fingerprints), 2 (one
/// decision per choice point) and 3 (the decisions that preempt, with
/// their steps).
constexpr uint32_t kScheduleVersion = contract::schedule_file::Version;

/// Append-only array in mmap'd memory, growing by doubling.
template <typename T> class MmapLog {
public:
  void append(const T &V);
  uint32_t size() const { return Size; }
  const T &at(uint32_t I) const { return Data[I]; }
  T &at(uint32_t I) { return Data[I]; }
  void clear() { Size = 0; }

private:
  T *Data = nullptr;
  uint32_t Size = 0;
  uint32_t Capacity = 0;
};

/// One recorded decision. Step and Kind are known in version 3 files (and
/// in what this runtime records); older files leave them 0.
struct Decision {
  uint64_t Step;  // the scheduling step the choice was made at
  uint32_t Value; // thread id or option index; kDefaultDecision for `-`
  char Kind;      // 't', 'w', 's' or 'c'
};
using DecisionLog = MmapLog<Decision>;

/// What the scheduler saw at one choice point, recorded beside its decision
/// and compared on replay (docs/schedule-format.md, "Fingerprints"): the
/// kind of choice, the options, the site of the point and how many steps
/// the run took since the previous choice. Cheap to compute and enough to
/// tell a run that follows the recording from one that took another path.
struct Fingerprint {
  char Kind;      // 't' thread, 'w' waiter to wake, 's' spurious, 'c' other
  bool Hashed;    // Set is a hash of the options (one of them >= 64)
  uint32_t Delta; // scheduling steps since the previous recorded choice
  uint32_t Site;  // index in the file's site table (0: no site)
  uint32_t Count; // number of options
  uint64_t Set;   // bit mask of the options (thread ids or indices), or hash
  bool HasPath;   // version 3: Path is set
  uint32_t Path;  // hash of the sites of the run's steps up to the choice
};
using FingerprintLog = MmapLog<Fingerprint>;

/// Site texts by index (the file's `site N TEXT` lines).
class SiteTexts {
public:
  void set(uint32_t Index, const char *Text, size_t Len);
  /// The text of Index, or null when the file has none.
  const char *get(uint32_t Index) const;

private:
  MmapLog<char> Arena;
  MmapLog<uint32_t> Offset; // Index -> offset + 1 into Arena (0: none)
};

struct ScheduleHeader {
  const char *Strategy = "";
  uint64_t Seed = 0;
  uint32_t Depth = 0;
  uint64_t Steps = 0;
  uint64_t MaxSteps = 0; // the step budget the run had (0: none)
  uint64_t Path = 0;     // hash of the steps' sites (0: not written)
  bool AllPoints = false; // every plain access was a scheduling point
  const uint64_t *RacySites = nullptr; // racySiteKey()s given as racy
  uint32_t NumRacySites = 0;
  bool Exact = true;
  const char *Notes = nullptr; // newline-separated lines, may be null
  /// Fingerprints of the decisions (same length as the log), or null; with
  /// them the site table: NumSites texts, written by SiteText(I) for I in
  /// [1, NumSites].
  const FingerprintLog *Fingerprints = nullptr;
  uint32_t NumSites = 0;
  void (*SiteText)(uint32_t Index, char *Buf, size_t Len) = nullptr;
};

/// Writes the file atomically (temp + rename). Returns false on I/O error.
bool writeScheduleFile(const char *Path, const ScheduleHeader &H,
                       const DecisionLog &Log);

/// What a reader may want besides the decisions.
struct ScheduleInfo {
  uint32_t Version = 0;
  uint64_t Steps = 0;          // `steps` (0 when absent)
  uint64_t MaxSteps = 0;       // `max_steps` (0 when absent)
  uint64_t Path = 0;           // `path` (0 when absent)
  bool AllPoints = false;      // `points all`
  MmapLog<uint64_t> RacySites; // `racy_site` lines, as racySiteKey()s
  FingerprintLog Fingerprints; // empty: the file has none (version 1)
  SiteTexts Sites;
};

/// Reads Path's decisions into Log. On error returns false and puts a message
/// naming the file, line and problem into Err. Info, when given, receives
/// the header values, fingerprints and site table.
bool readScheduleFile(const char *Path, DecisionLog &Log, char *Err,
                      size_t ErrLen, ScheduleInfo *Info = nullptr);

} // namespace ravel::rt::sched

#endif
