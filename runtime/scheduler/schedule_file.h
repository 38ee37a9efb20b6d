//===- scheduler/schedule_file.h - the recorded decision log -----*- C++ -*-===//
//
// A schedule file is text, small and diffable (docs/schedule-format.md):
//
//   ravel-schedule 1
//   strategy pct
//   seed 17
//   depth 3
//   steps 1234
//   max_steps 123400
//   exact 1
//   argv ["./bank","--accounts","4"]
//   note thread 2 blocked outside ravel's view at bank.c:40
//   decisions 5
//   1 0*3 2 -
//
// Decisions are the values of the run's choice points in order: at a choice
// between runnable threads the chosen thread id, at another choice (which
// waiter a signal wakes, a spurious wake-up) the option index. `V*N` repeats
// V N times. `-` means "no preemption": keep the current thread if it can
// run, else the lowest runnable one, else option 0 — shrinking writes it.
// Lines of other keys are ignored on reading (forward compatible).
//
// Buffers are mmap'd and grow by doubling; nothing here calls malloc or an
// intercepted function, so it can run inside a crash handler.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_SCHEDULE_FILE_H
#define RAVEL_RUNTIME_SCHEDULER_SCHEDULE_FILE_H

#include <stddef.h>
#include <stdint.h>

namespace ravel::rt::sched {

constexpr uint32_t kDefaultDecision = 0xffffffffu;

/// Append-only list of decisions (mmap-backed).
class DecisionLog {
public:
  void append(uint32_t V);
  uint32_t size() const { return Size; }
  uint32_t at(uint32_t I) const { return Data[I]; }
  void clear() { Size = 0; }

private:
  uint32_t *Data = nullptr;
  uint32_t Size = 0;
  uint32_t Capacity = 0;
};

struct ScheduleHeader {
  const char *Strategy = "";
  uint64_t Seed = 0;
  uint32_t Depth = 0;
  uint64_t Steps = 0;
  uint64_t MaxSteps = 0; // the step budget the run had (0: none)
  bool Exact = true;
  const char *Notes = nullptr; // newline-separated lines, may be null
};

/// Writes the file atomically (temp + rename). Returns false on I/O error.
bool writeScheduleFile(const char *Path, const ScheduleHeader &H,
                       const DecisionLog &Log);

/// Reads Path's decisions into Log. On error returns false and puts a message
/// naming the file, line and problem into Err.
/// Steps and MaxSteps, when given, receive the `steps` and `max_steps`
/// headers (0 when absent).
bool readScheduleFile(const char *Path, DecisionLog &Log, char *Err,
                      size_t ErrLen, uint64_t *Steps = nullptr,
                      uint64_t *MaxSteps = nullptr);

} // namespace ravel::rt::sched

#endif
