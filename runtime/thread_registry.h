//===- runtime/thread_registry.h - dense thread ids -------------*- C++ -*-===//
//
// Threads get dense ids 0, 1, 2, ... in creation order (0 is the first
// thread the runtime sees, normally main) and are never reused, so a tid in
// a shadow cell names one thread for the whole run. At most MaxThreads
// (65536) threads per process; beyond that the runtime stops with a clear
// message. ThreadStates are never freed (their clocks are read by joiners
// and reports after the thread ended).
//
// Contract: create() and the lookups are serialised by one spin lock (slow
// path: thread start/join only); byTid() is lock-free for ids < count().
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_THREAD_REGISTRY_H
#define RAVEL_RUNTIME_THREAD_REGISTRY_H

#include "runtime.h"

namespace ravel::rt {

/// A new ThreadState with the next tid; its clock starts at epoch 1.
ThreadState *createThreadState(uint32_t ParentTid);
ThreadState *threadByTid(uint32_t Tid);
uint32_t threadCount();
/// The live (not joined) thread with pthread handle H, or null.
ThreadState *threadByHandle(pthread_t H);
/// Serialises handle lookups against updates.
void lockRegistry();
void unlockRegistry();

} // namespace ravel::rt

#endif
