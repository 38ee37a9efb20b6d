//===- scheduler/futex.h - raw futex parking ---------------------*- C++ -*-===//
//
// The scheduler parks and wakes threads with raw futex system calls on words
// it owns: the runtime never calls an intercepted function, and the program's
// own pthread objects are never used for the scheduler's hand-offs.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_FUTEX_H
#define RAVEL_RUNTIME_SCHEDULER_FUTEX_H

#include <linux/futex.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace ravel::rt::sched {

/// Sleeps while *Word == Expected (or until TimeoutNs passes, when >= 0).
inline void futexWait(const volatile uint32_t *Word, uint32_t Expected,
                      int64_t TimeoutNs = -1) {
  struct timespec Ts;
  struct timespec *TsP = nullptr;
  if (TimeoutNs >= 0) {
    Ts.tv_sec = TimeoutNs / 1000000000;
    Ts.tv_nsec = TimeoutNs % 1000000000;
    TsP = &Ts;
  }
  syscall(SYS_futex, Word, FUTEX_WAIT_PRIVATE, Expected, TsP, nullptr, 0);
}

inline void futexWake(const volatile uint32_t *Word, int Count = 1) {
  syscall(SYS_futex, Word, FUTEX_WAKE_PRIVATE, Count, nullptr, nullptr, 0);
}

inline uint64_t monotonicNs() {
  struct timespec Ts;
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &Ts);
  return (uint64_t)Ts.tv_sec * 1000000000ULL + (uint64_t)Ts.tv_nsec;
}

} // namespace ravel::rt::sched

#endif
