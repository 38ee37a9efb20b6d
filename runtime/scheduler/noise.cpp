//===- scheduler/noise.cpp - random yields and delays in free runs --------===//
//
// Noise mode keeps real parallelism and perturbs timing at scheduling points:
// with probability 1/16 the thread yields the CPU, with 1/128 it spins for a
// random 1-50 microseconds, enough to reorder threads that would otherwise
// always run in the same order. Each thread draws from its own generator
// (seed ^ thread id), so no state is shared.
//
//===----------------------------------------------------------------------===//
#include "futex.h"
#include "strategy.h"

#include <sys/syscall.h>
#include <unistd.h>

namespace ravel::rt::sched {
namespace {
uint64_t NoiseSeed;
__thread uint64_t ThreadState; // the thread's SplitMix64 state
__thread bool Seeded;
} // namespace

void noiseInit(uint64_t Seed) { NoiseSeed = Seed; }

void noisePoint(uint32_t Self) {
  if (!Seeded) {
    ThreadState = NoiseSeed ^ (0x9e3779b97f4a7c15ULL * (Self + 1));
    Seeded = true;
  }
  Rng ThreadRng(ThreadState);
  uint64_t Draw = ThreadRng.below(128);
  if (Draw < 8) {
    syscall(SYS_sched_yield);
  } else if (Draw == 8) {
    uint64_t Until = monotonicNs() + 1000 * (1 + ThreadRng.below(50));
    while (monotonicNs() < Until)
      __builtin_ia32_pause();
  }
  ThreadState = ThreadRng.state();
}

} // namespace ravel::rt::sched
