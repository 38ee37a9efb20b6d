//===- runtime/watchdog.h - native-mode deadlock watchdog -------*- C++ -*-===//
//
// In native mode a background thread (created with the real pthread_create,
// invisible to detection) wakes every min(deadlock_timeout_ms / 4, 100) ms.
// When every live registered thread has been inside the same BlockingScope
// episode (schedule_point.h) of an untimed wait (lock, rdlock, wrlock, wait,
// join, sem-wait, barrier) for longer than deadlock_timeout_ms, nothing can
// wake them: it reports a `deadlock` finding (the wait-for cycle through
// lock owners when there is one, else a lost wake-up), and ends the process
// with the findings exit code. A thread in a timed wait or in code the
// runtime does not see counts as running, so the watchdog never fires on a
// program that can still make progress by itself.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_WATCHDOG_H
#define RAVEL_RUNTIME_WATCHDOG_H

#include "schedule_point.h"

namespace ravel::rt {

/// Reports the `deadlock` finding for the blocked threads Blocked[0..N)
/// (wait-for cycle through lock owners, else a lost wake-up), then ends
/// the process with the findings exit code. Details: the last line.
[[noreturn]] void reportBlockedThreads(ThreadState **Blocked, uint32_t N,
                                       const char *Details);

} // namespace ravel::rt

#endif
