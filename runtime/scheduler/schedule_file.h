//===- scheduler/schedule_file.h - the recorded decision log -----*- C++ -*-===//
//
// A schedule file is text, small and diffable (docs/schedule-format.md):
//
//   ravel-schedule 2
//   strategy pct
//   seed 17
//   depth 3
//   steps 1234
//   max_steps 123400
//   exact 1
//   argv ["./bank","--accounts","4"]
//   note thread 2 blocked outside ravel's view at bank.c:40
//   site 1 bank.c:40
//   decisions 5
//   1 0*3 2 -
//   fingerprints 5
//   t3@1:6 t1@1:6 ...
//
// Decisions are the values of the run's choice points in order: at a choice
// between runnable threads the chosen thread id, at another choice (which
// waiter a signal wakes, a spurious wake-up) the option index. `V*N` repeats
// V N times. `-` means "no preemption": keep the current thread if it can
// run, else the lowest runnable one, else option 0 — shrinking writes it.
// Each decision has a fingerprint (struct Fingerprint) in the same order;
// version 1 files have none and replay unchecked. Lines of other header
// keys are ignored on reading (forward compatible).
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
/// The version this runtime writes; it reads 1 (no fingerprints) and 2.
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

using DecisionLog = MmapLog<uint32_t>;

/// What the scheduler saw at one choice point, recorded beside its decision
/// and compared on replay (docs/schedule-format.md, "Fingerprints"): the
/// kind of choice, the options, the site of the point and how many steps
/// the run took since the previous choice. Cheap to compute and enough to
/// tell a run that follows the recording from one that took another path.
struct Fingerprint {
  char Kind;      // 't' thread, 'w' waiter to wake, 's' spurious, 'c' other
  bool Hashed;    // Set is a hash of the options (one of them >= 64)
  uint32_t Delta; // scheduling steps since the previous choice
  uint32_t Site;  // index in the file's site table (0: no site)
  uint32_t Count; // number of options
  uint64_t Set;   // bit mask of the options (thread ids or indices), or hash
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
