//===- runtime/scheduler/kernel_task.h - a thread, as the kernel sees it ===//
//
// The kernel's view of a thread of this process, by kernel thread id: its
// run state, the system call it sleeps in, the CPU time it used. The
// watchdogs judge a thread by these, never by wall time alone, so that a
// loaded machine or a stopped process does not make a waiting thread look
// stuck. Each call reads /proc/self/task/TID or the thread's CPU clock
// (raw system calls, no allocation): slow path only.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_KERNEL_TASK_H
#define RAVEL_RUNTIME_SCHEDULER_KERNEL_TASK_H

#include <stddef.h>
#include <stdint.h>

namespace ravel::rt::sched {

/// The system call thread Tid is blocked in, from
/// /proc/self/task/TID/syscall; -1 when it runs or it cannot be told.
long blockedSyscall(int32_t Tid);

/// The scheduler state of thread Tid from /proc/self/task/TID/stat: 'R'
/// (running, or runnable and waiting for a core), 'S'/'D' (sleeping in a
/// system call), 'T'/'t' (stopped), ...; 0 when it cannot be told.
char threadRunState(int32_t Tid);

/// CPU time thread Tid has used, in ns; -1 when it cannot be told.
int64_t threadCpuNs(int32_t Tid);

} // namespace ravel::rt::sched

#endif
