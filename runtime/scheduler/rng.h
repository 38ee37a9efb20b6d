//===- scheduler/rng.h - seeded pseudo-random numbers ------------*- C++ -*-===//
//
// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): one 64-bit word of state, so
// a schedule is fully determined by its seed. Not thread-safe: each user owns
// its Rng (the controlled scheduler only draws on the running thread).
//
//===----------------------------------------------------------------------===//
#ifndef RAVEL_RUNTIME_SCHEDULER_RNG_H
#define RAVEL_RUNTIME_SCHEDULER_RNG_H

#include <stdint.h>

namespace ravel::rt::sched {

class Rng {
public:
  explicit Rng(uint64_t Seed = 0) : State(Seed) {}
  void reseed(uint64_t Seed) { State = Seed; }
  uint64_t state() const { return State; }

  uint64_t next() {
    uint64_t Z = (State += 0x9e3779b97f4a7c15ULL);
    Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
    return Z ^ (Z >> 31);
  }
  /// Uniform in [0, Bound); Bound > 0. Lemire's multiply-shift (bias < 2^-32
  /// for the bounds used here: thread counts and step counts).
  uint64_t below(uint64_t Bound) {
    return (uint64_t)(((unsigned __int128)next() * Bound) >> 64);
  }
  /// True with probability Num/Den.
  bool chance(uint64_t Num, uint64_t Den) { return below(Den) < Num; }

private:
  uint64_t State;
};

} // namespace ravel::rt::sched

#endif
