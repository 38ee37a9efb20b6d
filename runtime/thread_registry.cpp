//===- runtime/thread_registry.cpp ----------------------------------------===//
#include "thread_registry.h"
#include "fork_guard.h"

#include <new>

namespace ravel::rt {

namespace {
SpinLock RegistryLock;
ThreadState *Threads[MaxThreads];
uint32_t NumThreads;
} // namespace

SpinLock &threadRegistryLock() { return RegistryLock; }

void lockRegistry() { RegistryLock.lock(); }
void unlockRegistry() { RegistryLock.unlock(); }

ThreadState *createThreadState(uint32_t ParentTid) {
  auto *T = new (internalCalloc(sizeof(ThreadState))) ThreadState();
  SpinLockGuard Guard(RegistryLock);
  if (NumThreads >= MaxThreads)
    die("more than 65536 threads in one process: not supported");
  T->Tid = NumThreads;
  T->ParentTid = ParentTid;
  setEpoch(T, 1);
  updatePosSlot(T);
  __atomic_store_n(&Threads[NumThreads], T, __ATOMIC_RELEASE);
  __atomic_store_n(&NumThreads, NumThreads + 1, __ATOMIC_RELEASE);
  return T;
}

ThreadState *threadByTid(uint32_t Tid) {
  return Tid < threadCount() ? __atomic_load_n(&Threads[Tid], __ATOMIC_ACQUIRE)
                             : nullptr;
}

uint32_t threadCount() {
  return __atomic_load_n(&NumThreads, __ATOMIC_ACQUIRE);
}

ThreadState *threadByHandle(pthread_t H) {
  uint32_t N = threadCount();
  for (uint32_t I = N; I-- > 0;) {
    ThreadState *T = threadByTid(I);
    if (T && !T->Joined && T->Handle == H)
      return T;
  }
  return nullptr;
}

} // namespace ravel::rt
