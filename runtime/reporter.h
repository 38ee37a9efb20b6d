//===- runtime/reporter.h - emitting findings -------------------*- C++ -*-===//
//
// reportFinding() gives a finding its id (docs/report-format.md: FNV-1a 64
// over the kind and the sorted `file:line:column:op` of its sites), drops
// duplicates of this run and suppressed ones, prints the text rendering to
// stderr and appends the JSON line to report= (one write(2), so a later
// crash keeps it). Serialised by one lock; rare by construction.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_REPORTER_H
#define RAVEL_RUNTIME_REPORTER_H

#include "finding.h"
#include "runtime.h"

namespace ravel::rt {

/// Returns true if the finding was new (and emitted). With halt_on_error=1
/// a new finding ends the run at once.
bool reportFinding(Finding &F);
/// Ends the process now with the findings exit code (stdio flushed); used
/// when the program cannot go on (a deadlock).
[[noreturn]] void endRunWithFindings();
/// atexit: exit with exitcode= if any finding was reported.
void finishRun();
uint64_t reportedFindings();

/// Fills F.Threads[Idx]'s common fields from T (tid, creation stack, locks
/// held, recent events). Allocates with the internal allocator.
void describeThread(ThreadState *T, FindingThread *Out, bool WithLocks);
/// Frees what describeThread and the builders allocated.
void releaseFinding(Finding &F);
/// Computes F.Id (exposed for tests).
void computeFindingId(Finding &F);

} // namespace ravel::rt

#endif
