//===- runtime/finding.h - the one Finding struct ---------------*- C++ -*-===//
//
// A finding is plain data; report/text.cpp and report/json.cpp render it
// (docs/report-format.md), reporter.cpp de-duplicates and emits it. No
// detection logic lives in renderers.
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_FINDING_H
#define RAVEL_RUNTIME_FINDING_H

#include "base.h"
#include "stack_trace.h"

#include "ravel/contract/finding_id.h"

namespace ravel::rt {

// The kinds, their names and id tags are the contract's (finding_id.h). The
// runtime reports DataRace, PotentialDeadlock, Deadlock, MutexMisuse and
// Hang (controlled schedules: max_steps exceeded); Crash and Failure are
// the driver's.
using contract::FindingKind;
using contract::findingKindName; // "data-race", ...
using contract::findingKindTag;  // "DR", ...

struct FindingLock {
  char Name[96];    // source text of the lock expression, or a description
  StackTrace Stack; // where it was acquired
};

struct FindingEvent {
  uint64_t Step;
  const char *Op;
  const char *What;
  const __ravel_site *Site;
  uptr Obj;             // the object's address, 0 if unknown
  char WhatStorage[96]; // backing for a What named at report time
};

struct FindingThread {
  uint32_t Tid = 0;
  const char *Op = ""; // read | write | atomic-load | lock | ...
  uint64_t Size = 0;   // access size, 0 if not an access
  bool Atomic = false;
  const char *Variable = ""; // source text of the accessed expression
  char VariableStorage[128]; // backing for a derived Variable
  uptr Address = 0;
  StackTrace Stack;
  FindingLock *Locks = nullptr;
  uint32_t NumLocks = 0;
  StackTrace CreatedAt;
  // The thread's recent events, oldest first (room for EventsCap).
  FindingEvent *Events = nullptr;
  uint32_t NumEvents = 0, EventsCap = 0;
};

/// A thread that spins without progress when a run stops at its step budget
/// (scheduler.h, the fairness rule): it re-reads memory no other thread
/// wrote, or yields with nothing else in between.
struct FindingSpin {
  uint32_t Tid;
  bool Yield;               // seen yielding (sched_yield, a sleep)
  const char *What;         // the location's source text, or the call's
  const __ravel_site *Site; // the spinning read or yield
  uint64_t Count;           // re-reads and yields since its last progress
};

struct FindingCycleEdge {
  uint32_t Tid;
  char Holds[96];
  StackTrace HoldsAt;
  char Acquires[96];
  StackTrace AcquiresAt;
};

struct Finding {
  FindingKind Kind;
  char Id[32]; // RV-XX-<16 hex>, filled by the reporter
  char Summary[1536];
  char Details[1024];
  FindingThread *Threads = nullptr;
  uint32_t NumThreads = 0;
  FindingCycleEdge *Cycle = nullptr;
  uint32_t CycleLen = 0;
  /// Hang: the step budget the run used up (0: not a budget hang), and
  /// the live threads that were spinning then.
  uint64_t StepBudget = 0;
  FindingSpin *Spins = nullptr;
  uint32_t NumSpins = 0;
  /// Extra sites that identify the finding beside the threads' top frames
  /// (e.g. every acquisition of a cycle), each with its op; used for the id.
  const __ravel_site *IdSites[32];
  const char *IdOps[32];
  uint32_t NumIdSites = 0;
};

/// Renderers (report/text.cpp, report/json.cpp). Schedule fields come from
/// the run's options.
void renderText(const Finding &F, TextBuffer &Out);
void renderJson(const Finding &F, TextBuffer &Out);

} // namespace ravel::rt

#endif
